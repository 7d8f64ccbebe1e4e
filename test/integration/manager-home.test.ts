// Manager and coach homepages (issue 14 item 5) through the BUILT add-on and gateway: a manager sees
// their reports' upcoming and recent meetings (only engagements where they are the manager) with their
// own prepared and support marks; a coach sees their coachees' meetings and their role in each; a
// person who is also a coachee sees both. The gateway's cost per open is bounded (50 reports, a big tab).
import { Workspace, type AddonPanel } from '../../src/local/host/workspace';
import { seedBookings } from '../../src/local/host/company';
import { seedEngagementRows } from '../../src/local/bench/seed';
import * as cal from '../../src/local/runtime/backends/calendar';
import { ACTIONS } from '../../src/addon/views/names';
import { scenarioFormValues } from '../../src/addon/form';
import { coachRoleLine, managerMarks, moreText, TEAM_TITLES } from '../../src/addon/views/team-home';
import { TEAM_PEOPLE_CAP } from '../../src/gateway/ops/team';
import { FORM } from './addon-helpers';
import { gatewayHarness } from './gateway-harness';

const ANA = 'ana@acme.test';
const BEN = 'ben@acme.test';
const MO = 'mo@acme.test';
const LEA = 'lea@acme.test';
const KIT = 'kit@acme.test';
const BOSS = 'boss@acme.test';

const joined = (p: AddonPanel) => p.text()!.text.join('\n');

function company(): Workspace {
  const ws = new Workspace();
  ws.world.advanceTo(Date.parse('2026-02-20T14:00:00Z'));
  ws.seedCompany({
    settings: { domain: 'acme.test', timeZone: 'America/New_York', admins: ['hr@acme.test'], quarters: 'calendar' },
    engagements: [
      { coachee: ANA, manager: MO, coach: KIT, program: 'quarterly', start: '2026-01-01', end: '2027-01-01' },
      { coachee: BEN, manager: LEA, coach: KIT, program: 'quarterly', start: '2026-01-01', end: '2027-01-01' },
      // Mo is a coachee too (of his own manager).
      { coachee: MO, manager: BOSS, coach: KIT, program: 'quarterly', start: '2026-01-01', end: '2027-01-01' },
    ],
  });
  return ws;
}

/** `who` books a meeting through the side panel (the plan names the coach's role: facilitate). */
async function book(ws: Workspace, who: string, start: string, title: string) {
  const ev = cal.createEvent(ws.world, who, {
    summary: title,
    start,
    end: new Date(Date.parse(start) + 3_600_000).toISOString(),
  });
  const panel = ws.calendarPanel(who, { eventId: ev.id });
  await panel.open();
  const done = await panel.press({ fn: ACTIONS.confirm }, scenarioFormValues(FORM));
  expect(done.notification).toMatch(/^Confirmed/);
  ws.world.advanceTo(ws.world.now() + 60_000);
  return ev;
}

describe('manager and coach homepages, through the built bundles', () => {
  let ws: Workspace;
  afterEach(async () => ws?.close());

  test("a manager's homepage lists their reports' meetings only, with their own prepared and support marks", async () => {
    ws = company();
    const ana = await book(ws, ANA, '2026-03-03T11:00:00-05:00', 'Ana / Mo / Kit');
    await book(ws, BEN, '2026-03-04T11:00:00-05:00', 'Ben / Lea / Kit');

    const home = ws.homepage(MO, 'CALENDAR');
    await home.open();
    expect(home.last!.crash).toBeNull();
    let text = joined(home);
    // Mo is a coachee too: his own card, with his reports' section under it.
    expect(home.text()!.title).toBe('Your alignment meetings');
    expect(text).toContain(TEAM_TITLES.manager);
    expect(text).toContain(ANA);
    expect(text).toContain('Ana / Mo / Kit');
    expect(text).not.toContain(BEN);
    expect(text).toContain(managerMarks(false, null));
    expect(home.last!.execution.counters.serviceCalls['UrlFetchApp.fetch']).toBe(1);

    // Mo prepares and supports; the homepage shows his marks.
    const panel = ws.calendarPanel(MO, { eventId: ana.id });
    await panel.open();
    await panel.press({ fn: ACTIONS.savePrep }, { prepNote: 'Q2 targets', prepared: ['yes'] });
    await panel.press({ fn: ACTIONS.supportGoal }, { commitment: '' });
    await home.open();
    text = joined(home);
    expect(text).toContain(managerMarks(true, '20 February 2026'));
    expect(text).not.toContain('Q2 targets');

    // Lea (a manager only) gets a card of her report's meetings: Ben's, not Ana's.
    const lea = ws.homepage(LEA, 'CALENDAR');
    await lea.open();
    expect(lea.last!.crash).toBeNull();
    expect(joined(lea)).toContain(TEAM_TITLES.manager);
    expect(joined(lea)).toContain(BEN);
    expect(joined(lea)).not.toContain(ANA);
  });

  test("a coach's homepage lists their coachees' meetings and the coach's role in each", async () => {
    ws = company();
    await book(ws, ANA, '2026-03-03T11:00:00-05:00', 'Ana / Mo / Kit');
    await book(ws, BEN, '2026-03-04T11:00:00-05:00', 'Ben / Lea / Kit');
    const home = ws.homepage(KIT, 'CALENDAR');
    await home.open();
    expect(home.last!.crash).toBeNull();
    const text = joined(home);
    expect(text).toContain(TEAM_TITLES.coach);
    expect(text).not.toContain(TEAM_TITLES.manager);
    expect(text).toContain(ANA);
    expect(text).toContain(BEN);
    expect(text.split(coachRoleLine('Facilitate')).length - 1).toBe(2);
    // Both events read in one batch (the time of one Calendar call), none one by one.
    const calls = home.last!.execution.counters.serviceCalls;
    expect(calls['UrlFetchApp.fetchAll']).toBe(1);
    expect(calls['Calendar.Events.get'] ?? 0).toBe(0);
  });
});

describe("the manager's homepage costs a bounded number of cells", () => {
  test('50 reports among 3,000 engagements: 20 people looked at, the rest counted, under 800 cells', async () => {
    const reports = Array.from({ length: 50 }, (_, i) => ({
      coachee: `r${i}@acme.test`,
      manager: BOSS,
      coach: `k${i % 3}@acme.test`,
      program: 'quarterly' as const,
      start: '2026-01-01',
      end: '2027-01-01',
    }));
    const h = gatewayHarness({ engagements: reports, allTabs: true });
    try {
      seedEngagementRows(h.world, h.company.sheetId, 3000, { company: 'acme.test' });
      seedBookings(
        h.world,
        h.company.sheetId,
        reports.map((r, i) => ({
          coachee: r.coachee,
          manager: BOSS,
          coach: r.coach,
          company: 'acme.test',
          eventId: `ev-${i}`,
          quarterKey: '2026-Q1',
          start: '2026-03-10T09:00:00.000Z',
          end: '2026-03-10T10:00:00.000Z',
          status: 'confirmed' as const,
        })),
      );
      const { res, exec } = await h.call(BOSS, 'panel', {});
      if (!res.ok) throw new Error(res.error.code);
      expect(res.data.me.roles).toEqual(['manager']);
      expect(res.data.team.people).toBe(TEAM_PEOPLE_CAP);
      expect(res.data.team.more).toBe(50 - TEAM_PEOPLE_CAP);
      expect(res.data.team.meetings).toHaveLength(TEAM_PEOPLE_CAP);
      // Each listed meeting is one of the boss's reports'.
      for (const m of res.data.team.meetings) expect(m.coachee).toMatch(/^r\d+@acme\.test$/);
      // The Engagements tab alone is 3,050 rows x 11 cells; the open reads a small, fixed share.
      // (Reading the Ledger's 50 rows alone would be 950 cells.)
      expect(exec.counters.cellsRead).toBeLessThan(800);
      expect(moreText(30)).toMatch(/30 more/);
    } finally {
      await h.close();
    }
  });
});
