// Issue 13 item 8, through the BUILT add-on and gateway: find-a-time says exactly whose calendars were
// checked and whose could not be, never offers a time outside anyone's working hours in a zone that is
// known (a London 10:00 is 05:00 for a New York coach), and nothing sooner than the next working day.
import { cardText, type CardJson } from '../../src/local/cards';
import { Workspace, type AddonPanel } from '../../src/local/host/workspace';
import { zonedParts } from '../../src/core/time';

const ANA = 'ana@acme.test';
const MO = 'mo@acme.test';
const ELI = 'eli@brightpath.test';
const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';

function workspace(now: string): Workspace {
  const ws = new Workspace();
  ws.world.addUser({ email: ANA, name: 'Ana', timeZone: LONDON, domain: 'acme.test' });
  ws.world.addUser({ email: MO, name: 'Mo', timeZone: LONDON, domain: 'acme.test' });
  // An outside coach in New York: their calendar is not shared with the company.
  ws.world.addUser({ email: ELI, name: 'Eli', timeZone: NEW_YORK });
  ws.world.advanceTo(Date.parse(now));
  ws.seedCompany({
    settings: { domain: 'acme.test', timeZone: LONDON, quarters: 'calendar', admins: ['hr@acme.test'] },
    engagements: [
      { coachee: ANA, manager: MO, coach: ELI, program: 'quarterly', start: '2026-01-01', end: '2027-01-01' },
    ],
  });
  return ws;
}

/** The start instant of every suggestion's "Schedule" button, in card order. */
function slotStarts(card: CardJson): number[] {
  const out: number[] = [];
  for (const s of card.sections ?? [])
    for (const w of s.widgets ?? []) {
      const a = w.decoratedText?.button?.onClick.action;
      const start = a?.parameters?.find((p) => p.key === 'start')?.value;
      if (start) out.push(Number(start));
    }
  return out;
}

async function findTimes(ws: Workspace): Promise<AddonPanel> {
  const panel = ws.homepage(ANA);
  expect((await panel.open()).ok).toBe(true);
  const found = await panel.press('Find times', {
    from: Date.parse('2026-03-02T00:00:00Z'),
    to: Date.parse('2026-03-13T00:00:00Z'),
  });
  expect(found.ok).toBe(true);
  expect(panel.card?.name).toBe('suggestions');
  return panel;
}

describe('find-a-time respects people', () => {
  let ws: Workspace;
  afterEach(() => ws?.close());

  test('says whose calendars were checked and whose not; nothing today; a New York coach is kept to New York hours', async () => {
    ws = workspace('2026-03-02T10:00:00Z'); // Monday 10:00 in London
    const panel = await findTimes(ws);
    const t = cardText(panel.card!);
    expect(t.title).toBe('Times when you and mo@acme.test are free');
    expect(t.text.join('\n')).toMatch(/We could not see eli@brightpath\.test’s calendar/);
    const first = slotStarts(panel.card!);
    expect(first.length).toBeGreaterThan(0);
    // Nothing sooner than the next working day: not Monday 2 March at all.
    for (const s of first) expect(s).toBeGreaterThanOrEqual(Date.parse('2026-03-03T00:00:00Z'));
    // Eli's zone is unknown so far: London mornings are offered (said on the card).
    expect(first.some((s) => zonedParts(s, NEW_YORK).hour < 9)).toBe(true);

    // Ana says where Eli works: no time before 09:00 (or after 17:00) in New York any more.
    const again = await panel.press('Find times again', { coachZone: NEW_YORK });
    expect(again.ok).toBe(true);
    expect(panel.card?.name).toBe('suggestions');
    const starts = slotStarts(panel.card!);
    expect(starts.length).toBeGreaterThan(0);
    for (const s of starts) {
      const ny = zonedParts(s, NEW_YORK);
      expect(ny.hour).toBeGreaterThanOrEqual(9);
      const end = zonedParts(s + 3_600_000, LONDON);
      expect(end.hour * 60 + end.minute).toBeLessThanOrEqual(17 * 60);
      expect(zonedParts(s, LONDON).hour).not.toBe(10);
    }
    // Eli's clock is shown beside each time, and the choice is kept on the card.
    expect(cardText(panel.card!).text.join('\n')).toMatch(
      /eli@brightpath\.test: \d\d:\d\d–\d\d:\d\d \(America\/New_York\)/,
    );
    expect(cardText(panel.card!).inputs.find((i) => i.name === 'coachZone')?.value).toEqual([NEW_YORK]);
  });

  test('Friday morning: the first suggestion is on Monday, not later that day', async () => {
    ws = workspace('2026-03-06T09:00:00Z'); // Friday 09:00 in London
    const panel = await findTimes(ws);
    const starts = slotStarts(panel.card!);
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(Date.parse('2026-03-09T00:00:00Z'));
  });
});
