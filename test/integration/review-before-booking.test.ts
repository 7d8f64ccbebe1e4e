// Issue 13 item 1: anything that can warn (core/review.ts) is shown BEFORE the allowance is booked or
// the plan is written; the coachee chooses "Book anyway" or "Edit the plan". Through the BUILT bundles.
import { readLedger } from '../../src/local/host/company';
import * as cal from '../../src/local/runtime/backends/calendar';
import { mailbox } from '../../src/local/runtime/backends/gmail';
import { scenarioFormValues } from '../../src/addon/form';
import { ACTIONS } from '../../src/addon/views/names';
import { parseScenario } from '../../src/local/scenario/format';
import { runScenario } from '../../src/local/scenario/runner';
import { ANA, FORM, MO, confirm, savedEventPanel, setup, type Setup } from './addon-helpers';

const PIP = {
  ...FORM,
  goal: 'Get through the performance improvement plan',
  agenda: ['Go through the performance improvement plan', 'Sign the PIP'],
};
const OWN = 'My own notes: bring the Q1 numbers.';

/** The action rows as the card holds them (a dropdown's value is a list). */
const rowsTyped = (typed: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(typed)
      .filter(([k]) => k.startsWith('action'))
      .map(([k, v]) => [k, k.startsWith('actionOwner') ? [v] : v]),
  );
const inputValues = (s: { panel: { text(): { inputs: { name: string; value?: unknown }[] } | null } }) =>
  Object.fromEntries(s.panel.text()!.inputs.map((i) => [i.name, i.value]));

describe('review before booking, in the event panel', () => {
  let s: Setup;
  afterEach(async () => s?.ws.close());

  async function pressConfirmOnPip() {
    s = setup({ program: 'quarterly', quarters: 'calendar' });
    const opened = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00', { description: OWN });
    const mailBefore = mailbox(s.ws.world, MO).length;
    const outcome = await confirm(opened.panel, PIP);
    return { ...opened, outcome, mailBefore };
  }

  test('a PIP plan shows the review card: nothing booked, nothing written, no update mail', async () => {
    const { ev, panel, outcome, mailBefore } = await pressConfirmOnPip();
    expect(outcome.crash).toBeNull();
    expect(panel.hasButtonFor(ACTIONS.bookAnyway)).toBe(true);
    expect(panel.hasButtonFor(ACTIONS.editPlan)).toBe(true);
    expect(panel.text()!.text.join('\n')).toMatch(/PIP|performance improvement plan/);
    expect(readLedger(s.ws.world, s.sheetId)).toEqual([]);
    expect(cal.getCopy(s.ws.world, ANA, ev.id)!.description).toBe(OWN);
    expect(mailbox(s.ws.world, MO).length).toBe(mailBefore);
  });

  test('"Book anyway" books and writes exactly the typed plan', async () => {
    const { ev, panel } = await pressConfirmOnPip();
    const booked = await panel.press({ fn: ACTIONS.bookAnyway });
    expect(booked.crash).toBeNull();
    const rows = readLedger(s.ws.world, s.sheetId);
    expect(rows.map((r) => [r.eventId, r.status])).toEqual([[ev.id, 'confirmed']]);
    const d = cal.getCopy(s.ws.world, ANA, ev.id)!.description!;
    expect(d).toContain(OWN);
    expect(d).toContain('Sign the PIP');
    expect(d).toContain('Draft launch plan and share with Mo');
  });

  test('"Edit the plan" shows the form again with what was typed, and still books nothing', async () => {
    const { panel } = await pressConfirmOnPip();
    const edited = await panel.press({ fn: ACTIONS.editPlan });
    expect(edited.crash).toBeNull();
    expect(panel.hasButtonFor(ACTIONS.confirm)).toBe(true);
    const typed = scenarioFormValues(PIP);
    expect(inputValues({ panel })).toMatchObject({
      goal: typed.goal,
      agenda: typed.agenda,
      ...rowsTyped(typed),
      coachRole: [typed.coachRole],
    });
    expect(readLedger(s.ws.world, s.sheetId)).toEqual([]);
  });

  test('a clean plan of about 60 minutes books in one press, as before', async () => {
    s = setup({ program: 'quarterly', quarters: 'calendar' });
    const { ev, panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
    const outcome = await confirm(panel, FORM);
    expect(outcome.crash).toBeNull();
    expect(panel.hasButtonFor(ACTIONS.bookAnyway)).toBe(false);
    expect(readLedger(s.ws.world, s.sheetId).map((r) => [r.eventId, r.status])).toEqual([[ev.id, 'confirmed']]);
  });
});

describe('review before booking, on the homepage schedule form', () => {
  let s: Setup;
  afterEach(async () => s?.ws.close());

  test('"Edit the plan" brings back the schedule form with start, length, title and plan as typed', async () => {
    s = setup();
    const panel = s.ws.homepage(ANA, 'CALENDAR');
    expect((await panel.open()).crash).toBeNull();
    expect((await panel.press({ fn: ACTIONS.openSchedule })).crash).toBeNull();
    const start = Date.parse('2026-03-03T16:00:00Z');
    const typed = scenarioFormValues(PIP);
    const pressed = await panel.press(
      { fn: ACTIONS.schedule },
      { ...typed, start, minutes: '20', title: 'Ana and Mo' },
    );
    expect(pressed.crash).toBeNull();
    expect(panel.hasButtonFor(ACTIONS.bookAnyway)).toBe(true);
    expect(readLedger(s.ws.world, s.sheetId)).toEqual([]);
    expect(cal.listCalendar(s.ws.world, ANA, { includeCancelled: true })).toEqual([]);

    expect((await panel.press({ fn: ACTIONS.editPlan })).crash).toBeNull();
    expect(panel.hasButtonFor(ACTIONS.schedule)).toBe(true);
    expect(inputValues({ panel })).toMatchObject({
      goal: typed.goal,
      agenda: typed.agenda,
      ...rowsTyped(typed),
      start,
      minutes: '20',
      title: 'Ana and Mo',
    });
    expect(readLedger(s.ws.world, s.sheetId)).toEqual([]);
  });
});

describe('review before booking, in scenarios (confirm and homepage schedule)', () => {
  const base = {
    name: 'review',
    now: '2026-04-06T08:00:00Z',
    company: { domain: 'acme.test', timeZone: 'Europe/Berlin', quarters: 'calendar', admins: ['hr@acme.test'] },
    engagements: [
      {
        coachee: 'ben@acme.test',
        manager: 'lea@acme.test',
        coach: 'cora@coaches.test',
        program: 'quarterly',
        start: '2026-01-01',
        end: '2027-01-01',
      },
    ],
  };
  const form = { goal: 'Grow as a leader', agenda: ['Sign the PIP'], coachRole: 'observe' };
  const as = 'ben@acme.test';

  test('confirm without acknowledge stops at the review card; with it, books', async () => {
    const create = { as, do: 'createEvent', event: 'a', title: 'CCM', start: '2026-05-04T10:00:00+02:00' };
    const o = await runScenario(
      parseScenario({
        ...base,
        steps: [
          { ...create, minutes: 60 },
          { as, do: 'confirm', event: 'a', form },
          { as, do: 'confirm', event: 'a', form, acknowledge: true },
        ],
      }),
    );
    expect(o.steps[1]!.ok).toBe(false);
    expect(o.steps[1]!.error).toMatch(/PIP/);
    expect(o.steps[2]!.ok).toBe(true);
    expect(o.ledger.map((r) => [r.event, r.status])).toEqual([['a', 'confirmed']]);
  });

  test('schedule: a 20-minute meeting stops at the review card (no event, no booking); acknowledged, it books', async () => {
    const step = {
      as,
      do: 'schedule',
      start: '2026-05-05T10:00:00+02:00',
      minutes: 20,
      form: { ...form, agenda: ['Goal'] },
    };
    const o = await runScenario(
      parseScenario({
        ...base,
        steps: [
          { ...step, event: 'short' },
          { ...step, event: 'short-again', acknowledge: true },
        ],
      }),
    );
    expect(o.steps[0]!.ok).toBe(false);
    expect(o.steps[0]!.error).toMatch(/20 minutes/);
    expect(o.events.short!.exists).toBe(false);
    expect(o.steps[1]!.ok).toBe(true);
    expect(o.ledger.map((r) => [r.event, r.status])).toEqual([['short-again', 'confirmed']]);
  });
});
