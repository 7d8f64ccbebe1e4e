// The same proof under load at the scenario level: people pressing the add-on's buttons at the same
// moment (the runner's `concurrent` step), so every confirm is a panel open plus a confirm through
// the BUILT add-on, each calling the BUILT gateway in a nested execution. 2 and 30 confirms by one
// coachee at once (10 is in scenarios.test.ts), 30 coachees at once, one confirm pressed 5 times at
// once; and, with the runtime's lock switched off, the check that catches the double booking.
import { parseScenario } from '../../src/local/scenario/format';
import { runScenario, type ScenarioOutput, type StepResult } from '../../src/local/scenario/runner';
import { BLOCK_START } from '../../src/core/description';
import * as COACHEE_TEXT from '../../src/addon/views/messages/coachee';
import { templatePattern } from './addon-helpers';

const ACME = {
  domain: 'acme.test',
  timeZone: 'Europe/Berlin',
  quarters: 'calendar' as const,
  admins: ['hr@acme.test'],
};
const BEN = {
  coachee: 'ben@acme.test',
  manager: 'lea@acme.test',
  coach: 'cora@coaches.test',
  program: 'quarterly',
  start: '2026-01-01',
  end: '2028-01-01',
};
const FORM = { goal: 'Grow as a people manager', agenda: ['Goal', 'Support I need'], coachRole: 'observe' };
const SHEETS = /^(SpreadsheetApp|Spreadsheet|Sheet|Range|TextFinder)\./;
// Generous deadlines (many executions share 2 cores); Sheets calls take a few ms, as on Google.
const OPTIONS = { deadlineMs: 120_000, callLatencyMs: (m: string) => (SHEETS.test(m) ? 5 : 0) };

const create = (as: string, event: string, start: string) => ({
  as,
  do: 'createEvent',
  event,
  title: 'CCM',
  start,
  minutes: 60,
});
const confirm = (as: string, event: string) => ({ as, do: 'confirm', event, form: FORM });
const at = (month: string, i: number) => `${month}-${String(3 + (i % 24)).padStart(2, '0')}T10:00:00+02:00`;
const said = (r: StepResult) => [r.notification, r.error, ...(r.card?.text ?? [])].filter(Boolean).join(' ');
const active = (o: ScenarioOutput, coachee?: string) =>
  o.ledger.filter((r) => (r.status === 'confirmed' || r.status === 'pending') && (!coachee || r.coachee === coachee));

function play(steps: unknown[], engagements: unknown[] = [BEN], opts: Record<string, unknown> = {}) {
  return runScenario(parseScenario({ name: 'load', now: '2026-04-06T08:00:00Z', company: ACME, engagements, steps }), {
    ...OPTIONS,
    ...opts,
  });
}

/** `n` events of ben in the month's quarter, then `n` confirms at once. */
function sameQuarter(n: number, month: string, tag = month) {
  const names = Array.from({ length: n }, (_, i) => `${tag}-${i}`);
  return [
    ...names.map((e, i) => create(BEN.coachee, e, at(month, i))),
    { do: 'concurrent', steps: names.map((e) => confirm(BEN.coachee, e)) },
  ];
}

describe('scenario level, with the lock', () => {
  test.each([2, 30])(
    '%i simultaneous confirms by one coachee: exactly one active booking; the others are told why',
    async (n) => {
      const o = await play(sameQuarter(n, '2026-05'));
      const conc = o.steps[n]!.steps!;
      expect(conc.filter((s) => s.ok)).toHaveLength(1);
      expect(active(o)).toHaveLength(1);
      for (const s of conc.filter((x) => !x.ok))
        expect(said(s)).toMatch(/already booked this quarter's alignment meeting|already used this quarter's/i);
    },
    180_000,
  );

  test('30 coachees at once: 30 bookings, none lost', async () => {
    const people = Array.from({ length: 30 }, (_, i) => ({
      ...BEN,
      coachee: `c${String(i).padStart(2, '0')}@acme.test`,
    }));
    const o = await play(
      [
        ...people.map((p, i) => create(p.coachee, `m${i}`, at('2026-05', i))),
        { do: 'concurrent', steps: people.map((p, i) => confirm(p.coachee, `m${i}`)) },
      ],
      people,
    );
    expect(o.steps[30]!.steps!.map((s) => s.ok)).toEqual(Array(30).fill(true));
    expect(
      active(o)
        .map((r) => r.coachee)
        .sort(),
    ).toEqual(people.map((p) => p.coachee).sort());
    expect(o.ledger.every((r) => r.status === 'confirmed')).toBe(true);
    // Every event got its notes and marker (the write after the booking), once.
    for (let i = 0; i < 30; i++) expect(o.events[`m${i}`]!.description.split(BLOCK_START)).toHaveLength(2);
  }, 180_000);

  test('one confirm pressed 5 times at once: one booking, the notes written once, every press answered', async () => {
    const o = await play([
      create(BEN.coachee, 'a', at('2026-05', 0)),
      { do: 'concurrent', steps: Array(5).fill(confirm(BEN.coachee, 'a')) },
    ]);
    const presses = o.steps[1]!.steps!;
    // Each press ends booked; some may be told the notes still need writing (Calendar 412 between them).
    expect(presses.every((s) => s.ok)).toBe(true);
    for (const s of presses)
      expect(said(s)).toMatch(
        new RegExp(
          [templatePattern(COACHEE_TEXT.confirmed), templatePattern(() => COACHEE_TEXT.updated)]
            .concat(templatePattern(COACHEE_TEXT.notesNotWritten))
            .map((r) => r.source)
            .join('|'),
        ),
      );
    expect(o.ledger).toEqual([expect.objectContaining({ event: 'a', status: 'confirmed' })]);
    expect(o.events.a!.description.split(BLOCK_START)).toHaveLength(2);
  }, 180_000);
});

describe('scenario level, WITHOUT the lock: the same check catches the double booking', () => {
  test('10 simultaneous confirms a quarter, quarter after quarter: some quarter ends with two active bookings', async () => {
    const months = ['2026-05', '2026-08', '2026-11'];
    const o = await play(
      months.flatMap((m) => sameQuarter(10, m)),
      [BEN],
      { locksDisabled: true },
    );
    const perQuarter = new Map<string, number>();
    for (const r of active(o)) perQuarter.set(r.quarter, (perQuarter.get(r.quarter) ?? 0) + 1);
    expect(Math.max(...perQuarter.values())).toBeGreaterThan(1);
  }, 240_000);
});
