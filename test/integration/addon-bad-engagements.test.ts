// Bad data in the Engagements tab, through the BUILT add-on and gateway: each affected coachee is
// told their program admin must fix their engagement record (never a crash, never the details);
// everyone else books as usual and is counted in Usage; the admin card lists each problem with its
// Engagements row, and the Audit tab names the rows behind every refusal.
import { Workspace } from '../../src/local/host/workspace';
import { readAudit, readLedger, readUsage } from '../../src/local/host/company';
import * as cal from '../../src/local/runtime/backends/calendar';
import { ACTIONS } from '../../src/addon/views/names';
import { scenarioFormValues } from '../../src/addon/form';
import { CORA, FORM, MO, TOOLKIT } from './addon-helpers';

const FIX = /program admin needs to fix your engagement record/i;

describe('bad Engagements rows never break anyone else', () => {
  let ws: Workspace;
  let sheetId: string;
  beforeAll(() => {
    ws = new Workspace();
    ws.world.advanceTo(Date.parse('2026-02-20T14:00:00Z'));
    sheetId = ws.seedCompany({
      settings: {
        domain: 'acme.test',
        timeZone: 'America/New_York',
        admins: ['hr@acme.test'],
        toolkitUrl: TOOLKIT,
        quarters: 'calendar',
      },
      engagements: [
        {
          coachee: 'ana@acme.test',
          manager: MO,
          coach: CORA,
          program: 'six-month',
          start: '2026-01-12',
          end: '2026-07-12',
        }, // row 2
        {
          coachee: 'tom@acme.test',
          manager: 'lea@acme',
          coach: CORA,
          program: 'quarterly',
          start: '2026-01-01',
          end: '2027-01-01',
        }, // row 3: typo'd email
        {
          coachee: 'ida@acme.test',
          manager: MO,
          coach: CORA,
          program: 'quarterly',
          start: '2026-06-01',
          end: '2026-01-01',
        }, // row 4: end before start
        {
          coachee: 'max@acme.test',
          manager: MO,
          coach: CORA,
          program: 'weekly',
          start: '2026-01-01',
          end: '2027-01-01',
        }, // row 5: unknown program
        {
          coachee: 'dup@acme.test',
          manager: MO,
          coach: CORA,
          program: 'quarterly',
          start: '2026-01-01',
          end: '2027-01-01',
        }, // row 6
        {
          coachee: 'dup@acme.test',
          manager: MO,
          coach: CORA,
          program: 'quarterly',
          start: '2026-03-01',
          end: '2026-12-01',
        }, // row 7: overlapping duplicate
      ],
    }).sheetId;
    // The broken rows' people exist in the directory like everyone else.
    for (const e of ['tom@acme.test', 'ida@acme.test', 'max@acme.test', 'dup@acme.test'])
      if (!ws.world.user(e))
        ws.world.addUser({ email: e, name: e.split('@')[0]!, timeZone: 'America/New_York', domain: 'acme.test' });
  });
  afterAll(() => ws.close());

  test.each([['tom@acme.test'], ['ida@acme.test'], ['max@acme.test'], ['dup@acme.test']])(
    '%s: the homepage and the event panel say the admin must fix the record',
    async (email) => {
      const home = ws.homepage(email);
      await home.open();
      expect(home.last!.crash).toBeNull();
      expect(home.text()!.text.join('\n')).toMatch(FIX);
      expect(home.text()!.text.join('\n')).not.toMatch(/lea@acme\b|weekly|Row \d/);

      const ev = cal.createEvent(ws.world, email, {
        summary: 'Alignment',
        start: '2026-03-10T15:00:00Z',
        end: '2026-03-10T16:00:00Z',
        attendees: [{ email: MO }, { email: CORA }],
      });
      const panel = ws.calendarPanel(email, { eventId: ev.id });
      await panel.open();
      expect(panel.last!.crash).toBeNull();
      const text = panel.text()!.text.join('\n');
      expect(text).toMatch(FIX);
      expect(panel.hasButtonFor(ACTIONS.confirm)).toBe(false);
    },
  );

  test('a valid coachee books as usual, and only they are counted', async () => {
    const ev = cal.createEvent(ws.world, 'ana@acme.test', {
      summary: 'Alignment',
      start: '2026-03-03T16:00:00Z',
      end: '2026-03-03T17:00:00Z',
    });
    const panel = ws.calendarPanel('ana@acme.test', { eventId: ev.id });
    await panel.open();
    expect(panel.last!.crash).toBeNull();
    const out = await panel.press({ fn: ACTIONS.confirm }, scenarioFormValues(FORM));
    expect(out.crash).toBeNull();
    expect(readLedger(ws.world, sheetId).map((r) => [r.coachee, r.status])).toEqual([['ana@acme.test', 'confirmed']]);
    // Engaged coachees: ana only (the broken rows' coachees cannot book, so they are problems, not counts).
    expect(readUsage(ws.world, sheetId)).toEqual([
      expect.objectContaining({ key: 'acme.test|2026-Q1', engaged: 1, met: 1, confirmed: 1 }),
    ]);
  });

  test('the admin card lists every problem with its Engagements row; the Audit tab names the rows behind refusals', async () => {
    const home = ws.homepage('hr@acme.test');
    await home.open();
    expect(home.last!.crash).toBeNull();
    const text = home.text()!.text.join('\n');
    expect(home.text()!.title).toBe('Program usage');
    expect(text).toMatch(/Engagement records to fix/);
    expect(text).toMatch(/Row 3: Manager email "lea@acme"/);
    expect(text).toMatch(/Row 4: End date 2026-01-01 is not after the start date 2026-06-01/);
    expect(text).toMatch(/Row 5: Program "weekly" is not one we know/);
    expect(text).toMatch(/Row 7: dup@acme.test already has an engagement on row 6/);
    const audit = readAudit(ws.world, sheetId).filter((a) => a.outcome.startsWith('ENGAGEMENT_RECORD_INVALID'));
    expect(audit.map((a) => [a.actor, a.outcome])).toEqual(
      expect.arrayContaining([
        ['tom@acme.test', 'ENGAGEMENT_RECORD_INVALID (Engagements row 3)'],
        ['ida@acme.test', 'ENGAGEMENT_RECORD_INVALID (Engagements row 4)'],
        ['max@acme.test', 'ENGAGEMENT_RECORD_INVALID (Engagements row 5)'],
        ['dup@acme.test', 'ENGAGEMENT_RECORD_INVALID (Engagements row 7)'],
      ]),
    );
  });
});
