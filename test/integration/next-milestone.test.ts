// Issue 13 item 3, through the BUILT add-on and gateway: the homepage's "Next" is the first quarter
// that still has room (core/allowance.ts nextMilestoneWithRoom), and find-a-time and the schedule form
// follow it, so the filled-in form is not refused at the end.
import { scenarioFormValues } from '../../src/addon/form';
import { readLedger } from '../../src/local/host/company';
import { cardText } from '../../src/local/cards';
import { Workspace, type AddonPanel } from '../../src/local/host/workspace';

const ANA = 'ana@acme.test';
const MO = 'mo@acme.test';
const CORA = 'cora@coaches.test';
const FORM = {
  goal: 'Lead the autumn launch',
  agenda: ['The goal', 'Support I need'],
  coachRole: 'facilitate' as const,
};

function workspace(now: string): Workspace {
  const ws = new Workspace();
  for (const [email, domain] of [
    [ANA, 'acme.test'],
    [MO, 'acme.test'],
  ] as const)
    ws.world.addUser({ email, name: email.split('@')[0]!, timeZone: 'America/New_York', domain });
  ws.world.addUser({ email: CORA, name: 'cora', timeZone: 'America/New_York' });
  ws.world.advanceTo(Date.parse(now));
  ws.seedCompany({
    settings: { domain: 'acme.test', timeZone: 'America/New_York', quarters: 'calendar', admins: ['hr@acme.test'] },
    engagements: [
      { coachee: ANA, manager: MO, coach: CORA, program: 'quarterly', start: '2026-01-01', end: '2027-01-01' },
    ],
  });
  return ws;
}

async function home(ws: Workspace): Promise<AddonPanel> {
  const panel = ws.homepage(ANA);
  expect((await panel.open()).ok).toBe(true);
  return panel;
}

async function scheduleAt(ws: Workspace, startIso: string): Promise<void> {
  const panel = await home(ws);
  await panel.press('Schedule a meeting');
  const outcome = await panel.press('Schedule and invite', {
    ...scenarioFormValues(FORM),
    start: Date.parse(startIso),
  });
  expect(outcome.ok).toBe(true);
  expect(panel.card?.name).toBe('scheduled');
}

const pickerValue = (panel: AddonPanel, name: string) =>
  cardText(panel.card!).inputs.find((i) => i.name === name)?.value;

describe('the next milestone is the first quarter with room', () => {
  let ws: Workspace;
  afterEach(() => ws?.close());

  test('Quarters 2 and 3 booked: the homepage says Quarter 4, find-a-time searches it, and the form books it', async () => {
    ws = workspace('2026-04-06T13:00:00Z');
    await scheduleAt(ws, '2026-05-12T14:00:00Z');
    await scheduleAt(ws, '2026-08-11T14:00:00Z');

    const panel = await home(ws);
    const text = cardText(panel.card!).text;
    expect(text).toContain('Q4 2026 alignment');
    expect(text).not.toContain('Q3 2026 alignment');
    // The search dates start on Quarter 4's first day.
    expect(pickerValue(panel, 'from')).toBe(Date.parse('2026-10-01T00:00:00Z'));

    const stack = [...panel.stack];
    await panel.press('Find times');
    expect(panel.card?.name).toBe('suggestions');
    expect(cardText(panel.card!).text[1]).toMatch(/^1 Oct – .* 2026 · 60 minutes$/);
    const days = cardText(panel.card!).text.filter((t) => /^(Mon|Tue|Wed|Thu|Fri) \d{1,2} \w{3} 2026$/.test(t));
    expect(days.length).toBeGreaterThan(0);
    for (const d of days) expect(d).toMatch(/ (Oct|Nov|Dec) 2026$/);

    // "Pick a time myself": the form starts in Quarter 4 and is booked as it is, not refused.
    panel.stack = stack;
    await panel.press('Schedule a meeting');
    const start = Number(pickerValue(panel, 'start'));
    expect(start).toBeGreaterThanOrEqual(Date.parse('2026-10-01T04:00:00Z'));
    expect(start).toBeLessThan(Date.parse('2027-01-01T05:00:00Z'));
    const outcome = await panel.press('Schedule and invite', scenarioFormValues(FORM));
    expect(outcome.ok).toBe(true);
    expect(panel.card?.name).toBe('scheduled');
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => [r.status, r.quarterKey])).toEqual([
      ['confirmed', '2026-Q2'],
      ['confirmed', '2026-Q3'],
      ['confirmed', '2026-Q4'],
    ]);

    // Every quarter to the end is used: nothing left to find.
    const last = await home(ws);
    expect(cardText(last.card!).buttons).not.toContain('Find times');
  });
});
