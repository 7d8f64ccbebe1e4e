// Scenarios (the `npm run scenario` runner over the BUILT bundles) for the program admin: the usage
// output follows the Usage tab as people confirm, move, delete and cancel; the admin's homepage shows
// the same figures; a broken Engagements row never stops another coachee; concurrent confirms count once.
import { parseScenario } from '../../src/local/scenario/format';
import { runScenario, type ScenarioOutput, type StepResult } from '../../src/local/scenario/runner';

const play = (s: unknown): Promise<ScenarioOutput> => runScenario(parseScenario(s));
const said = (r: StepResult) =>
  [r.notification, r.error, r.card?.title, ...(r.card?.text ?? [])].filter(Boolean).join('\n');

const ACME = {
  domain: 'acme.test',
  timeZone: 'Europe/Berlin',
  quarters: 'calendar' as const,
  admins: ['hr@acme.test'],
};
const person = (name: string, extra: Record<string, unknown> = {}) => ({
  coachee: `${name}@acme.test`,
  manager: 'lea@acme.test',
  coach: 'cora@coaches.test',
  program: 'quarterly',
  start: '2026-01-01',
  end: '2027-01-01',
  ...extra,
});
const FORM = { goal: 'Grow as a people manager', agenda: ['Goal', 'Support I need'], coachRole: 'observe' };
const create = (as: string, event: string, start: string) => ({
  as,
  do: 'createEvent',
  event,
  title: 'CCM',
  start,
  minutes: 60,
});
const confirm = (as: string, event: string) => ({ as, do: 'confirm', event, form: FORM });

describe('scenarios: the admin watches usage', () => {
  test('confirm, move to the next quarter, delete, cancel: usage follows; the admin card says the same', async () => {
    const o = await play({
      name: 'usage follows bookings',
      now: '2026-03-02T08:00:00Z',
      company: ACME,
      engagements: [person('ben'), person('eva'), person('kai')],
      steps: [
        create('ben@acme.test', 'b', '2026-03-10T10:00:00+01:00'),
        confirm('ben@acme.test', 'b'),
        create('eva@acme.test', 'e', '2026-03-11T10:00:00+01:00'),
        confirm('eva@acme.test', 'e'),
        create('kai@acme.test', 'k', '2026-03-12T10:00:00+01:00'),
        confirm('kai@acme.test', 'k'),
        { as: 'kai@acme.test', do: 'cancel', event: 'k' },
        { as: 'eva@acme.test', do: 'moveEvent', event: 'e', start: '2026-04-14T10:00:00+02:00' },
        { as: 'eva@acme.test', do: 'openPanel', event: 'e' },
        { as: 'hr@acme.test', do: 'openHomepage' },
      ],
    });
    expect(o.steps.every((s) => s.ok)).toBe(true);
    expect(o.usage).toEqual([
      { company: 'acme.test', quarter: '2026-Q1', coachees: 3, confirmed: 1, cancelled: 1 },
      { company: 'acme.test', quarter: '2026-Q2', coachees: 3, confirmed: 1, cancelled: 0 },
    ]);
    const card = said(o.steps[9]!);
    expect(card).toMatch(/Program usage/);
    expect(card).toMatch(/acme.test: 3 engaged coachees/);
    expect(card).toMatch(/1 with a meeting · 2 with none/);
    expect(card).toMatch(/Confirmed 1 · pending 0 · cancelled 1 · expired 0/);
    expect(card).toMatch(/kai@acme.test \(acme.test\): No alignment meeting booked in Q1 2026/);
  });

  test('a broken Engagements row: its coachee is told to ask the admin; the others book; the admin sees the row', async () => {
    const o = await play({
      name: 'bad row',
      now: '2026-03-02T08:00:00Z',
      company: ACME,
      // The scenario format checks emails and dates, so the broken row is an overlapping duplicate.
      engagements: [
        person('ben'),
        person('tom'),
        person('tom', { manager: 'mo@acme.test', start: '2026-03-01', end: '2026-09-01' }),
      ],
      steps: [
        create('tom@acme.test', 't', '2026-03-10T10:00:00+01:00'),
        { as: 'tom@acme.test', do: 'openPanel', event: 't' },
        create('ben@acme.test', 'b', '2026-03-10T11:00:00+01:00'),
        confirm('ben@acme.test', 'b'),
        { as: 'hr@acme.test', do: 'openHomepage' },
      ],
    });
    expect(said(o.steps[1]!)).toMatch(/program admin needs to fix your engagement record/i);
    expect(o.steps[3]!.ok).toBe(true);
    expect(o.ledger.map((r) => [r.coachee, r.status])).toEqual([['ben@acme.test', 'confirmed']]);
    expect(o.usage).toEqual([{ company: 'acme.test', quarter: '2026-Q1', coachees: 1, confirmed: 1, cancelled: 0 }]);
    expect(said(o.steps[4]!)).toMatch(/Row 4: tom@acme.test already has an engagement on row 3/);
  });

  test('concurrent confirms of two events by one coachee in one quarter: one counts, usage says 1', async () => {
    const o = await play({
      name: 'concurrent',
      now: '2026-03-02T08:00:00Z',
      company: ACME,
      engagements: [person('ben')],
      steps: [
        create('ben@acme.test', 'a', '2026-03-10T10:00:00+01:00'),
        create('ben@acme.test', 'b', '2026-03-11T10:00:00+01:00'),
        { do: 'concurrent', steps: [confirm('ben@acme.test', 'a'), confirm('ben@acme.test', 'b')] },
      ],
    });
    expect(o.ledger.filter((r) => r.status === 'confirmed')).toHaveLength(1);
    expect(o.usage).toEqual([{ company: 'acme.test', quarter: '2026-Q1', coachees: 1, confirmed: 1, cancelled: 0 }]);
  });
});
