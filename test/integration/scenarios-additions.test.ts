// The scenario format's additions (docs/scenarios.md, "Additions") played through the BUILT bundles:
// people with their own time zones and calendars, an admin editing the usage Sheet by hand, faults on
// Calendar and the gateway (with lost answers), and the mail output. The example files in
// test/scenarios/ are checked against their expected outcomes in scenarios.test.ts; here, the details.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../src/local/scenario/format';
import { runScenario, type ScenarioOutput, type StepResult } from '../../src/local/scenario/runner';
import { ERRORS } from '../../src/core/errors';
import { MAIL_TEXT_LIMIT } from '../../src/local/scenario/additions';

const play = (s: unknown): Promise<ScenarioOutput> => runScenario(parseScenario(s));
const example = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', 'scenarios', name), 'utf8'));
const said = (r: StepResult) =>
  [r.notification, r.error, r.card?.title, ...(r.card?.text ?? [])].filter(Boolean).join(' ');

const BEN = {
  coachee: 'ben@acme.test',
  manager: 'lea@acme.test',
  coach: 'cora@coaches.test',
  program: 'quarterly',
  start: '2026-01-01',
  end: '2027-01-01',
};
const FORM = { goal: 'Grow as a people manager', agenda: ['Goal'], coachRole: 'observe' };
const scenario = (steps: unknown[], extra: Record<string, unknown> = {}) => ({
  name: 'additions',
  now: '2026-04-06T08:00:00Z',
  company: { domain: 'acme.test', timeZone: 'Europe/Berlin', quarters: 'calendar', admins: ['hr@acme.test'] },
  engagements: [BEN],
  steps,
  ...extra,
});
const create = (event: string, start: string, more: Record<string, unknown> = {}) => ({
  as: 'ben@acme.test',
  do: 'createEvent',
  event,
  title: 'CCM',
  start,
  minutes: 60,
  ...more,
});
const confirm = (event: string) => ({ as: 'ben@acme.test', do: 'confirm', event, form: FORM });

describe('people', () => {
  test("each person's own time zone: suggestions and invitations on their clock", async () => {
    const o = await play(example('people-across-time-zones.json'));
    const text = o.steps[0]!.card!.text;
    const thu = text.indexOf('Thu 5 Mar 2026');
    expect(text.slice(thu, thu + 3)).toEqual([
      'Thu 5 Mar 2026',
      '09:00–10:00 (America/New_York)',
      'mo@acme.test: 14:00–15:00 (Europe/London) · cora@coaches.test: 15:00–16:00 (Europe/Berlin)',
    ]);
  });

  test('without `people`, the same story has everyone on the company clock and the outside coach unseen', async () => {
    const s = example('people-across-time-zones.json');
    delete s.people;
    const o = await play(s);
    expect(said(o.steps[0]!)).toMatch(/We could not see cora@coaches\.test’s calendar/);
    // Nobody's clock is shown in London (the zone choices for Cora list it, which is no clock).
    expect(said(o.steps[0]!)).not.toMatch(/\d\d:\d\d–\d\d:\d\d \(Europe\/London\)/);
  });

  test('a hidden calendar is not seen by the coachee, and the card says whose', async () => {
    const o = await play(example('people-hidden-calendar.json'));
    expect(o.steps[0]!.card!.title).toBe('Times when you and cora@coaches.test are free');
    expect(said(o.steps[0]!)).toMatch(/We could not see mo@acme\.test’s calendar/);
  });

  test('`managerZone`: the coachee says where the unseen manager works, and her hours hold too', async () => {
    const s = example('people-hidden-calendar.json');
    // Tokyo's working day never meets New York's: with Mo's zone known, nothing fits.
    (s.steps as Record<string, unknown>[])[0]!.managerZone = 'Asia/Tokyo';
    const o = await play(s);
    expect(o.steps[0]!.ok).toBe(true);
    expect(o.steps[0]!.card!.text).toContain('Times below keep to mo@acme.test’s working hours in Asia/Tokyo.');
    expect(said(o.steps[0]!)).toMatch(/No time in these dates fits everyone’s working hours/);
  });
});

describe('an admin edits the Sheet by hand', () => {
  test('editSettings: a new allowance counts at once; a non-editor cannot edit the Sheet', async () => {
    const o = await play(example('admin-edits-settings.json'));
    expect(o.steps[4]!.error).toMatch(/ben@acme\.test cannot edit the usage Sheet/);
    expect(said(o.steps[6]!)).toMatch(/2 of 2/);
  });

  test('editEngagement: a shortened engagement refuses a later meeting; a coachee with no row is named', async () => {
    const o = await play(example('admin-edits-engagement.json'));
    expect(said(o.steps[2]!)).toMatch(/outside your coaching engagement.*30 April 2026/);
    expect(o.steps[3]!.error).toBe('The Engagements tab has no row for nobody@acme.test');
  });

  test('editEngagement: a typo is stored as typed; the coachee is told to ask the admin', async () => {
    const o = await play(
      scenario([
        { as: 'hr@acme.test', do: 'editEngagement', coachee: 'ben@acme.test', set: { program: 'yearly' } },
        create('a', '2026-04-14T10:00:00+02:00'),
        confirm('a'),
      ]),
    );
    expect(o.steps[0]!.ok).toBe(true);
    expect(o.steps[2]!.ok).toBe(false);
    expect(said(o.steps[2]!)).toMatch(/program admin/i);
    expect(o.ledger).toEqual([]);
  });
});

describe('faults', () => {
  test('gateway: a failure books nothing; a lost answer books once; the retry counts nothing', async () => {
    const o = await play(example('faults-gateway.json'));
    expect(o.ledger.filter((r) => r.event === 'q2')).toHaveLength(1);
    // The booking landed though its answer was lost: the coachee is told it could not be confirmed.
    expect(o.steps[8]!.notification).toBe(ERRORS.GATEWAY_OUTCOME_UNKNOWN.message);
    expect(o.ledger.filter((r) => r.event === 'q3')).toHaveLength(1);
    expect(said(o.steps[9]!)).toMatch(/nothing was counted again/);
  });

  test('gateway: a fault for one operation spares the others (the panel opens, the booking fails)', async () => {
    const o = await play(
      scenario([
        create('a', '2026-04-14T10:00:00+02:00'),
        { do: 'fault', service: 'gateway', method: 'book', status: 504 },
        confirm('a'),
        confirm('a'),
      ]),
    );
    expect(o.steps[2]!.ok).toBe(false);
    expect(o.steps[2]!.card!.title).toBe('Alignment meeting');
    expect(o.steps[3]!.ok).toBe(true);
  });

  test('calendar: an insert whose answer is lost still made the event; a 503 on its read-back can follow', async () => {
    const o = await play(
      scenario([
        { do: 'fault', service: 'calendar', method: 'insert', status: 503, lostAnswer: true },
        { do: 'fault', service: 'calendar', method: 'get', status: 503 },
        {
          as: 'ben@acme.test',
          do: 'schedule',
          event: 's',
          start: '2026-05-12T10:00:00+02:00',
          minutes: 60,
          form: FORM,
        },
      ]),
    );
    expect(o.steps[2]!.error ?? '').not.toMatch(/Local runtime|TypeError/);
    expect(o.events.s!.id).not.toBeNull();
    expect(o.events.s!.exists).toBe(true);
  });

  test('calendar: `times` failures, then Calendar answers again', async () => {
    const o = await play(
      scenario([
        create('a', '2026-04-14T10:00:00+02:00'),
        { do: 'fault', service: 'calendar', method: 'get', status: 503, times: 2 },
        confirm('a'),
        confirm('a'),
        confirm('a'),
      ]),
    );
    expect(o.steps.slice(2).map((s) => s.ok)).toEqual([false, false, true]);
  });
});

describe('mail', () => {
  test('every message delivered during the story: to, from, subject, at, and the first 2,000 characters', async () => {
    const long = `Notes before the meeting. ${'x'.repeat(3000)}`;
    const o = await play(
      scenario([create('a', '2026-04-14T10:00:00+02:00', { attendees: ['lea@acme.test'], description: long })]),
    );
    expect(o.mail).toHaveLength(1);
    const m = o.mail[0]!;
    expect(m).toMatchObject({ to: 'lea@acme.test', from: 'ben@acme.test', at: '2026-04-06T08:00:00.000Z' });
    expect(m.subject).toMatch(/^Invitation: CCM @ Tue Apr 14, 2026/);
    expect(m.text).toHaveLength(MAIL_TEXT_LIMIT);
    expect(m.text).toContain('Notes before the meeting.');
  });

  test('a confirm invites manager and coach: one message per mailbox, nothing from before the story', async () => {
    const o = await play(scenario([create('a', '2026-04-14T10:00:00+02:00'), confirm('a')]));
    expect(o.mail.map((m) => m.to)).toEqual(['lea@acme.test', 'cora@coaches.test']);
    expect(o.mail.every((m) => m.from === 'ben@acme.test' && m.text.length > 0)).toBe(true);
  });
});
