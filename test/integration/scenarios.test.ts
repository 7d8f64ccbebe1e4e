// Scenarios played through the BUILT add-on and gateway in the local runtime (the same runner as
// `npm run scenario`): every example in test/scenarios/ against its expected outcome, and one scenario
// per product rule, refusal and edge. The format is docs/scenarios.md.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../src/local/scenario/format';
import { runScenario, type ScenarioOutput, type StepResult } from '../../src/local/scenario/runner';
import { MEETING_LIMITS } from '../../src/core/meeting';

const examples = join(__dirname, '..', 'scenarios');
const exampleFiles = readdirSync(examples).filter((n) => n.endsWith('.json'));

async function play(s: unknown): Promise<ScenarioOutput> {
  return runScenario(parseScenario(s));
}

function example(name: string): unknown {
  return JSON.parse(readFileSync(join(examples, name), 'utf8'));
}

const said = (r: StepResult) =>
  [r.notification, r.error, r.card?.title, ...(r.card?.text ?? [])].filter(Boolean).join(' ');

const ACME = {
  domain: 'acme.test',
  timeZone: 'Europe/Berlin',
  quarters: 'calendar' as const,
  admins: ['hr@acme.test'],
  toolkitUrl: 'https://docs.google.com/document/d/acme-toolkit/edit',
};
const BEN = {
  coachee: 'ben@acme.test',
  manager: 'lea@acme.test',
  coach: 'cora@coaches.test',
  program: 'quarterly',
  start: '2026-01-01',
  end: '2027-01-01',
  videoLink: 'https://meet.google.com/cora-room',
};
const FORM = { goal: 'Grow as a people manager', agenda: ['Goal', 'Support I need'], coachRole: 'observe' };

function scenario(steps: unknown[], extra: Record<string, unknown> = {}) {
  return { name: 'test', now: '2026-04-06T08:00:00Z', company: ACME, engagements: [BEN], steps, ...extra };
}
const create = (event: string, start: string, more: Record<string, unknown> = {}) => ({
  as: 'ben@acme.test',
  do: 'createEvent',
  event,
  title: 'CCM',
  start,
  minutes: 60,
  ...more,
});
const confirm = (event: string, form: Record<string, unknown> = FORM, as = 'ben@acme.test') => ({
  as,
  do: 'confirm',
  event,
  form,
});
const active = (o: ScenarioOutput) => o.ledger.filter((r) => r.status === 'confirmed' || r.status === 'pending');

describe('the example scenarios in test/scenarios/', () => {
  test('there are examples, and each has its expected outcome', () => {
    expect(exampleFiles.length).toBeGreaterThanOrEqual(2);
    for (const f of exampleFiles) expect(readdirSync(join(examples, 'expected'))).toContain(f);
  });

  test.each(exampleFiles)('%s plays to its expected outcome', async (file) => {
    const o = await play(example(file));
    const expected = JSON.parse(readFileSync(join(examples, 'expected', file), 'utf8'));
    expect(o).toMatchObject(expected);
  });

  test('second meeting in the same quarter is refused with the date the next quarter opens', async () => {
    const o = await play(example('quarterly-second-meeting.json'));
    expect(o.steps[3]!.ok).toBe(false);
    expect(said(o.steps[3]!)).toMatch(/1 July 2026/);
    expect(o.ledger.map((r) => r.event)).toEqual(['may', 'july']);
  });

  test('six-month program: the manager prepares from Gmail, the coach sees their role, month 2', async () => {
    const o = await play(example('six-month-initial-meeting.json'));
    const ev = o.events.kickoff!;
    expect(ev.attendees).toEqual(
      expect.arrayContaining(['omar@harbor.test', 'priya@harbor.test', 'lou@coachworks.test']),
    );
    expect(ev.description).toContain('Hand over the night shift rota to the team leads');
    expect(Object.keys(ev.shared).length).toBeGreaterThan(0);
    const manager = said(o.steps[6]!);
    expect(manager).toContain('Hand over the night shift rota to the team leads');
    expect(manager).toContain('What I need from Priya');
    expect(manager).toContain('Book the team leads for a training afternoon');
    expect(manager).toMatch(/confidential/i);
    const coach = said(o.steps[7]!);
    expect(coach).toMatch(/facilitat/i);
    expect(coach).toMatch(/confidential|nothing from .*sessions/i);
    expect(said(o.steps[5]!)).toMatch(/Initial meeting/);
  });
});

describe('the coachee flow, rule by rule', () => {
  test('rule 2: a meeting outside the engagement is refused clearly', async () => {
    const o = await play(scenario([create('late', '2027-01-12T10:00:00+01:00'), confirm('late')]));
    expect(o.steps[1]!.ok).toBe(false);
    expect(said(o.steps[1]!)).toMatch(/outside your coaching engagement|engagement/i);
    expect(o.ledger).toEqual([]);
  });

  test('rule 10: a recurring series is refused', async () => {
    const o = await play(
      scenario([create('weekly', '2026-04-14T10:00:00+02:00', { recurring: true }), confirm('weekly')]),
    );
    expect(o.steps[1]!.ok).toBe(false);
    expect(said(o.steps[1]!)).toMatch(/recurring/i);
    expect(o.ledger).toEqual([]);
  });

  test('rule 9: cancelling gives the allowance back and keeps the row as cancelled', async () => {
    const o = await play(
      scenario([
        create('a', '2026-04-14T10:00:00+02:00'),
        confirm('a'),
        { as: 'ben@acme.test', do: 'cancel', event: 'a' },
        create('b', '2026-05-12T10:00:00+02:00'),
        confirm('b'),
      ]),
    );
    expect(o.steps.map((s) => s.ok)).toEqual([true, true, true, true, true]);
    expect(o.ledger.map((r) => [r.event, r.status])).toEqual([
      ['a', 'cancelled'],
      ['b', 'confirmed'],
    ]);
    expect(o.usage).toEqual([{ company: 'acme.test', quarter: '2026-Q2', coachees: 1, confirmed: 1, cancelled: 1 }]);
  });

  test('rule 9: deleting the event outside the add-on gives the allowance back at the next panel open', async () => {
    const o = await play(
      scenario([
        create('a', '2026-04-14T10:00:00+02:00'),
        confirm('a'),
        { as: 'ben@acme.test', do: 'deleteEvent', event: 'a' },
        create('b', '2026-05-12T10:00:00+02:00'),
        confirm('b'),
      ]),
    );
    expect(o.steps[4]!.ok).toBe(true);
    expect(o.ledger.map((r) => [r.event, r.status])).toEqual([
      ['a', 'cancelled'],
      ['b', 'confirmed'],
    ]);
    expect(o.events.a!.exists).toBe(false);
  });

  test('rule 9: moving the meeting into another quarter moves the count', async () => {
    const o = await play(
      scenario([
        create('a', '2026-04-14T10:00:00+02:00'),
        confirm('a'),
        { as: 'ben@acme.test', do: 'moveEvent', event: 'a', start: '2026-07-14T10:00:00+02:00' },
        create('b', '2026-05-12T10:00:00+02:00'),
        confirm('b'),
      ]),
    );
    expect(o.steps[4]!.ok).toBe(true);
    const rows = Object.fromEntries(o.ledger.map((r) => [r.event, r]));
    expect(rows.a).toEqual(expect.objectContaining({ status: 'confirmed', quarter: '2026-Q3' }));
    expect(rows.b).toEqual(expect.objectContaining({ status: 'confirmed', quarter: '2026-Q2' }));
  });

  test('rule 5: only the coachee sets it up; the manager opening the event gets a read-only panel', async () => {
    const o = await play(
      scenario([
        create('a', '2026-04-14T10:00:00+02:00', { attendees: ['lea@acme.test'] }),
        confirm('a', FORM, 'lea@acme.test'),
      ]),
    );
    expect(o.steps[1]!.ok).toBe(false);
    expect(o.ledger).toEqual([]);
  });

  test('an unsaved event cannot be confirmed: save first, and nothing is booked', async () => {
    const o = await play(
      scenario([
        create('a', '2026-04-14T10:00:00+02:00', { save: false }),
        { as: 'ben@acme.test', do: 'openPanel', event: 'a' },
        confirm('a'),
      ]),
    );
    expect(o.steps[1]!.ok).toBe(true);
    expect(o.steps[2]!.ok).toBe(false);
    expect(said(o.steps[2]!)).toMatch(/save/i);
    expect(o.ledger).toEqual([]);
  });

  test("the organizer's own description survives; confirming again updates, never duplicates, never counts twice", async () => {
    const mine = 'My own notes: bring the Q2 roadmap.\nSecond line stays too.';
    const o = await play(
      scenario([
        create('a', '2026-04-14T10:00:00+02:00', { description: mine }),
        confirm('a'),
        confirm('a', { goal: 'Grow as a people manager, v2', agenda: ['Goal', 'Next steps'], coachRole: 'clarify' }),
      ]),
    );
    expect(o.steps[1]!.ok && o.steps[2]!.ok).toBe(true);
    const d = o.events.a!.description;
    expect(d).toContain('My own notes: bring the Q2 roadmap.');
    expect(d).toContain('Second line stays too.');
    expect(d).toContain('Grow as a people manager, v2');
    expect(d).not.toContain('Grow as a people manager\n');
    expect(d.split('── CCM alignment meeting ──').length - 1).toBe(1);
    expect(o.ledger).toHaveLength(1);
  });

  test('rules 3, 6 and 7 warn but never block: month 1 of a six-month program, a short meeting, a PIP agenda', async () => {
    const o = await play({
      name: 'warnings',
      now: '2026-01-10T08:00:00Z',
      company: ACME,
      engagements: [{ ...BEN, program: 'six-month', start: '2026-01-05', end: '2026-07-05' }],
      steps: [
        create('a', '2026-01-20T10:00:00+01:00', { minutes: 20 }),
        {
          ...confirm('a', {
            goal: 'Turn around my results',
            agenda: ['Discuss my performance improvement plan'],
            coachRole: 'observe',
          }),
          acknowledge: true,
        },
      ],
    });
    expect(o.steps[1]!.ok).toBe(true);
    const warnings = o.steps[1]!.card!.warnings.join(' ');
    expect(warnings).toMatch(/month 2|too early|first month/i);
    expect(warnings).toMatch(/minutes|short/i);
    expect(warnings).toMatch(/performance/i);
  });

  test('ten simultaneous confirms by one coachee in one quarter leave exactly one active booking', async () => {
    const events = Array.from({ length: 10 }, (_, i) => `e${i}`);
    const o = await play(
      scenario([
        ...events.map((e, i) => create(e, `2026-05-${String(4 + i).padStart(2, '0')}T10:00:00+02:00`)),
        { do: 'concurrent', steps: events.map((e) => confirm(e)) },
      ]),
    );
    const conc = o.steps[10]!;
    expect(conc.steps!.filter((s) => s.ok)).toHaveLength(1);
    expect(active(o)).toHaveLength(1);
  });
});

describe('time zones and month ends', () => {
  test('engagement quarters clamp to month ends: a Jan 31 start has its second quarter from Apr 30', async () => {
    const o = await play({
      name: 'month end',
      now: '2026-04-01T08:00:00Z',
      company: { ...ACME, quarters: 'engagement' },
      engagements: [{ ...BEN, start: '2026-01-31', end: '2027-01-31' }],
      steps: [
        create('q1', '2026-04-29T10:00:00+02:00'),
        confirm('q1'),
        create('q2', '2026-04-30T10:00:00+02:00'),
        confirm('q2'),
      ],
    });
    expect(o.steps.map((s) => s.ok)).toEqual([true, true, true, true]);
    expect(o.ledger.map((r) => r.quarter)).toEqual(['E2026-01-31#Q1', 'E2026-01-31#Q2']);
  });

  test("the quarter is decided by the start instant on the company's clock, not UTC", async () => {
    // 23:30 on 31 March in New York is already 1 April in UTC: it is still Q1 for the company.
    const o = await play({
      name: 'tz',
      now: '2026-03-20T12:00:00Z',
      company: { ...ACME, timeZone: 'America/New_York' },
      engagements: [BEN],
      steps: [
        { ...create('late-q1', '2026-03-31T23:00:00-04:00'), minutes: 30 },
        { ...confirm('late-q1'), acknowledge: true },
        create('early-q2', '2026-04-01T09:00:00-04:00'),
        confirm('early-q2'),
      ],
    });
    expect(o.steps.map((s) => s.ok)).toEqual([true, true, true, true]);
    expect(o.ledger.map((r) => r.quarter)).toEqual(['2026-Q1', '2026-Q2']);
  });

  test('fiscal quarters follow the fiscal start month', async () => {
    const o = await play({
      name: 'fiscal',
      now: '2026-04-06T08:00:00Z',
      company: { ...ACME, quarters: 'fiscal', fiscalStartMonth: 4 },
      engagements: [BEN],
      steps: [
        create('a', '2026-04-14T10:00:00+02:00'),
        confirm('a'),
        create('b', '2026-06-30T10:00:00+02:00'),
        confirm('b'),
      ],
    });
    expect(o.steps[1]!.ok).toBe(true);
    expect(o.steps[3]!.ok).toBe(false);
    expect(o.ledger.map((r) => r.quarter)).toEqual(['FY2027-Q1']);
  });
});

describe('odd input', () => {
  test('markup, formula-like, very long and non-Latin text is shown literally and never stored in the Sheet', async () => {
    const goal = '<script>alert(1)</script> =HYPERLINK("http://x.test") 成长为管理者 — Müller';
    const agenda = ['+SUM(A1:A9)', '@mention <b>bold</b>', 'مرحبا بالعالم', 'x'.repeat(MEETING_LIMITS.agendaItem)];
    const o = await play(
      scenario([
        { ...create('a', '2026-04-14T10:00:00+02:00') },
        confirm('a', { goal, agenda, coachRole: 'facilitate' }),
        { as: 'lea@acme.test', do: 'openInvite', event: 'a', via: 'gmail' },
      ]),
    );
    expect(o.steps[1]!.ok).toBe(true);
    const d = o.events.a!.description;
    expect(d).not.toContain('<script>');
    expect(d).not.toContain('<b>bold</b>');
    const manager = said(o.steps[2]!);
    expect(manager).toContain(goal);
    for (const item of agenda) expect(manager).toContain(item);
    expect(JSON.stringify(o.ledger)).not.toMatch(/HYPERLINK|script|成长/);
  });

  test('a goal that is too long is refused with a message naming the field, and nothing is booked', async () => {
    const o = await play(
      scenario([
        create('a', '2026-04-14T10:00:00+02:00'),
        confirm('a', { goal: 'g'.repeat(2000), agenda: ['Goal'], coachRole: 'observe' }),
      ]),
    );
    expect(o.steps[1]!.ok).toBe(false);
    expect(said(o.steps[1]!)).toMatch(/goal/i);
    expect(o.ledger).toEqual([]);
  });
});
