// Issue 14 item 3 through the BUILT bundles: the next meeting's form (the panel's plan form and the
// homepage's schedule form) brings back the open steps of the coachee's previous meeting, read from
// their own event; "done" marks the step done in the old event's notes, "keep" carries it into the
// new plan; the wrap-up shows every step of the program; a previous event that is gone or unreadable
// means no pre-fill and no error; and no gateway request ever carries a step's text (DESIGN rule 8).
import * as cal from '../../src/local/runtime/backends/calendar';
import { readLedger } from '../../src/local/host/company';
import { parseBlock } from '../../src/core/description';
import type { LocalRuntime } from '../../src/local/runtime/runtime';
import type { HandlerMap } from '../../src/local/runtime/service';
import { ACTIONS } from '../../src/addon/views/names';
import { CARRY_TITLE, CARRY_WRAP_TITLE } from '../../src/addon/views/carry';
import { ANA, FORM, calls, confirm, savedEventPanel, setup, tick, type Setup } from './addon-helpers';

type Input = { name: string; kind: string; label?: string; value?: unknown };

const STEPS = [
  { step: 'Draft the launch plan and share it', owner: 'coachee', due: '2026-03-17' },
  { step: 'Introduce Ana to the sales leads', owner: 'manager', due: '2026-03-24' },
  { step: 'Practise the steering committee pitch', owner: 'together' },
];
const FIRST = { ...FORM, actionPlan: STEPS };
const OWN_TEXT = 'My own words about this meeting, <b>kept</b>';

/** Every request body the add-on sends through UrlFetchApp (the gateway's calls), as text. */
function tapGatewayBodies(runtime: LocalRuntime): string[] {
  const bodies: string[] = [];
  // The runtime's handler table (private): the tap sees exactly what the built add-on sends.
  const handlers = (runtime as unknown as { handlers: HandlerMap }).handlers;
  const fetch = handlers['UrlFetchApp.fetch']!;
  handlers['UrlFetchApp.fetch'] = (ctx, req: { payloadBase64?: string }) => {
    if (req.payloadBase64) bodies.push(Buffer.from(req.payloadBase64, 'base64').toString('utf8'));
    return fetch(ctx, req);
  };
  return bodies;
}

function carryInputs(panel: { text(): { inputs: Input[] } | null }): Input[] {
  return panel.text()!.inputs.filter((i) => /^carryStep\d+$/.test(i.name));
}

const planOf = (ws: Setup['ws'], eventId: string) =>
  parseBlock(String(cal.getCopy(ws.world, ANA, eventId)!.description ?? '')).meeting!.actionPlan;

/** The coachee's first meeting, confirmed in the panel with three steps and her own text kept. */
async function firstMeeting(s: Setup, start = '2026-03-03T11:00:00-05:00') {
  const { ev, panel } = await savedEventPanel(s.ws, start, { description: OWN_TEXT });
  const out = await confirm(panel, FIRST);
  expect(out.crash).toBeNull();
  expect(out.notification).toMatch(/^Confirmed/);
  tick(s.ws, 60);
  return ev;
}

describe('the action plan carried forward (issue 14 item 3)', () => {
  let s: Setup;
  afterEach(async () => {
    await s?.ws.close();
  });

  test('the next meeting\u2019s panel brings back the open steps; "done" marks the old notes, "keep" carries into the new plan; no step text reaches the gateway', async () => {
    s = setup({ program: 'quarterly', end: '2027-01-12' });
    const bodies = tapGatewayBodies(s.ws.runtime);
    const first = await firstMeeting(s);

    const { ev: second, panel } = await savedEventPanel(s.ws, '2026-04-21T11:00:00-04:00');
    expect(panel.text()!.text).toContain(CARRY_TITLE);
    const carried = carryInputs(panel);
    expect(carried.map((i) => i.label)).toEqual([
      expect.stringContaining(STEPS[0]!.step),
      expect.stringContaining(STEPS[1]!.step),
      expect.stringContaining(STEPS[2]!.step),
    ]);
    expect(carried.map((i) => i.value)).toEqual([['keep'], ['keep'], ['keep']]);

    // "Add a step" keeps the carried steps and the choices made so far.
    expect((await panel.press({ fn: ACTIONS.addStep }, { carryStep1: 'done' })).crash).toBeNull();
    expect(carryInputs(panel).map((i) => i.value)).toEqual([['keep'], ['done'], ['keep']]);

    const out = await panel.press(
      { fn: ACTIONS.confirm },
      { goal: 'Grow into the launch lead', agenda: 'Progress\nNext', actionStep0: 'Run the launch retro' },
    );
    expect(out.crash).toBeNull();
    expect(out.notification).toMatch(/^Confirmed/);

    // The old event: only that step marked done; the coachee's own text untouched.
    const old = String(cal.getCopy(s.ws.world, ANA, first.id)!.description);
    expect(old.startsWith(OWN_TEXT)).toBe(true);
    expect(planOf(s.ws, first.id).map((a) => [a.step, !!a.done])).toEqual([
      [STEPS[0]!.step, false],
      [STEPS[1]!.step, true],
      [STEPS[2]!.step, false],
    ]);
    // The new meeting: the kept steps, then the new one; none of them done.
    expect(planOf(s.ws, second.id).map((a) => [a.step, !!a.done])).toEqual([
      [STEPS[0]!.step, false],
      [STEPS[2]!.step, false],
      ['Run the launch retro', false],
    ]);
    // Both bookings stand, each counted once.
    expect(readLedger(s.ws.world, s.sheetId).map((r) => r.status)).toEqual(['confirmed', 'confirmed']);

    // The gateway heard ids, times and digests only.
    expect(bodies.length).toBeGreaterThan(2);
    for (const text of [...STEPS.map((x) => x.step), 'Run the launch retro', 'Grow into the launch lead'])
      for (const body of bodies) expect(body).not.toContain(text);

    // The next meeting after that one brings back ITS open steps (the first meeting's are not read).
    tick(s.ws, 60);
    const { panel: third } = await savedEventPanel(s.ws, '2026-07-21T11:00:00-04:00');
    expect(carryInputs(third).map((i) => i.label)).toEqual([
      expect.stringContaining(STEPS[0]!.step),
      expect.stringContaining(STEPS[2]!.step),
      expect.stringContaining('Run the launch retro'),
    ]);
  });

  test('the wrap-up shows every step of the program with its done state', async () => {
    s = setup({ program: 'six-month' });
    const first = await firstMeeting(s);
    // One step already marked done in the initial meeting's notes (as an earlier form would have).
    const desc = String(cal.getCopy(s.ws.world, ANA, first.id)!.description);
    cal.changeEvent(s.ws.world, ANA, first.id, {
      description: desc.replace('(owner: coachee, due 2026-03-17)', '(owner: coachee, due 2026-03-17, done)'),
    });

    const { ev: wrap, panel } = await savedEventPanel(s.ws, '2026-06-23T11:00:00-04:00');
    expect(panel.text()!.text).toContain(CARRY_WRAP_TITLE);
    expect(carryInputs(panel).map((i) => i.value)).toEqual([['done'], ['keep'], ['keep']]);

    const out = await panel.press(
      { fn: ACTIONS.confirm },
      { goal: FORM.goal, agenda: FORM.agenda.join('\n'), carryStep2: 'done' },
    );
    expect(out.crash).toBeNull();
    expect(out.notification).toMatch(/^Confirmed/);
    expect(planOf(s.ws, first.id).map((a) => !!a.done)).toEqual([true, false, true]);
    expect(planOf(s.ws, wrap.id).map((a) => a.step)).toEqual([STEPS[1]!.step]);
  });

  test('a deleted or unreadable previous event: no pre-fill, no error', async () => {
    s = setup({ program: 'quarterly', end: '2027-01-12' });
    const first = await firstMeeting(s);

    // Calendar failing on that event: the panel shows, without carried steps.
    cal.setCalendarFault(s.ws.runtime, 'Calendar.Events.get', { code: 503, eventId: first.id });
    const { panel } = await savedEventPanel(s.ws, '2026-04-21T11:00:00-04:00');
    expect(carryInputs(panel)).toEqual([]);
    expect(panel.hasButtonFor(ACTIONS.confirm)).toBe(true);
    cal.setCalendarFault(s.ws.runtime, 'Calendar.Events.get', { code: 503, times: 0 });

    // Calendar answering again: the steps are back (so it was the failure that left them out).
    tick(s.ws, 30);
    const readable = await savedEventPanel(s.ws, '2026-04-22T11:00:00-04:00');
    expect(carryInputs(readable.panel)).toHaveLength(STEPS.length);

    // Deleted: none again.
    cal.deleteEvent(s.ws.world, ANA, first.id);
    tick(s.ws, 30);
    const again = await savedEventPanel(s.ws, '2026-04-23T11:00:00-04:00');
    expect(carryInputs(again.panel)).toEqual([]);
    expect(again.panel.hasButtonFor(ACTIONS.confirm)).toBe(true);
  });

  test('a concurrent edit of the old event (412 on If-Match): read again, marked, the coachee\u2019s edit kept', async () => {
    s = setup({ program: 'quarterly', end: '2027-01-12' });
    const first = await firstMeeting(s);
    const { panel } = await savedEventPanel(s.ws, '2026-04-21T11:00:00-04:00');
    // The coachee adds a line to the old event after the form was drawn; Calendar refuses one write.
    const desc = String(cal.getCopy(s.ws.world, ANA, first.id)!.description);
    cal.changeEvent(s.ws.world, ANA, first.id, { description: desc + '\nAdded later by Ana' });
    cal.setCalendarFault(s.ws.runtime, 'Calendar.Events.patch', { code: 412, times: 1, eventId: first.id });
    const out = await panel.press(
      { fn: ACTIONS.confirm },
      { goal: FORM.goal, agenda: FORM.agenda.join('\n'), carryStep0: 'done' },
    );
    expect(out.notification).toMatch(/^Confirmed/);
    expect(out.notification).not.toContain(STEPS[0]!.step);
    const after = String(cal.getCopy(s.ws.world, ANA, first.id)!.description);
    expect(after.startsWith(OWN_TEXT)).toBe(true);
    expect(after.endsWith('Added later by Ana')).toBe(true);
    expect(planOf(s.ws, first.id).map((a) => !!a.done)).toEqual([true, false, false]);
  });

  test('marking done fails in Calendar: the new meeting is booked and written all the same, and the coachee is told', async () => {
    s = setup({ program: 'quarterly', end: '2027-01-12' });
    const first = await firstMeeting(s);
    const { ev: second, panel } = await savedEventPanel(s.ws, '2026-04-21T11:00:00-04:00');
    cal.setCalendarFault(s.ws.runtime, 'Calendar.Events.patch', { code: 503, eventId: first.id });
    const out = await panel.press(
      { fn: ACTIONS.confirm },
      { goal: FORM.goal, agenda: FORM.agenda.join('\n'), carryStep0: 'done' },
    );
    expect(out.crash).toBeNull();
    expect(out.notification).toMatch(/^Confirmed/);
    expect(out.notification).toContain(STEPS[0]!.step);
    expect(planOf(s.ws, first.id).every((a) => !a.done)).toBe(true);
    expect(planOf(s.ws, second.id).map((a) => a.step)).toEqual([STEPS[1]!.step, STEPS[2]!.step]);
    expect(readLedger(s.ws.world, s.sheetId).map((r) => r.status)).toEqual(['confirmed', 'confirmed']);
  });

  test('the homepage schedule form brings back the open steps too; one Calendar read', async () => {
    s = setup({ program: 'quarterly', end: '2027-01-12' });
    const bodies = tapGatewayBodies(s.ws.runtime);
    const first = await firstMeeting(s);

    const home = s.ws.homepage(ANA, 'CALENDAR');
    expect((await home.open()).crash).toBeNull();
    expect((await home.press({ fn: ACTIONS.openSchedule })).crash).toBeNull();
    expect(calls(home, 'Calendar.Events.get')).toBe(1);
    expect(calls(home, 'UrlFetchApp.fetch')).toBe(0);
    expect(carryInputs(home).map((i) => i.label)).toEqual(STEPS.map((x) => expect.stringContaining(x.step)));

    const out = await home.press(
      { fn: ACTIONS.schedule },
      { goal: FORM.goal, agenda: FORM.agenda.join('\n'), carryStep0: 'done', carryStep2: 'done' },
    );
    expect(out.crash).toBeNull();
    expect(out.notification).toMatch(/^Scheduled/);
    expect(planOf(s.ws, first.id).map((a) => !!a.done)).toEqual([true, false, true]);
    const created = readLedger(s.ws.world, s.sheetId).find((r) => r.eventId !== first.id)!;
    expect(created.status).toBe('confirmed');
    expect(planOf(s.ws, created.eventId).map((a) => a.step)).toEqual([STEPS[1]!.step]);
    for (const x of STEPS) for (const body of bodies) expect(body).not.toContain(x.step);
  });

  test('through the review before booking: "Edit the plan" and "Book anyway" keep the steps and choices', async () => {
    s = setup({ program: 'quarterly', end: '2027-01-12' });
    const first = await firstMeeting(s);
    // 20 minutes: the review names the length before anything is booked.
    const { ev: second, panel } = await savedEventPanel(s.ws, '2026-04-21T11:00:00-04:00', { minutes: 20 });
    const typed = { goal: FORM.goal, agenda: FORM.agenda.join('\n'), carryStep1: 'done' };
    const review = await panel.press({ fn: ACTIONS.confirm }, typed);
    expect(review.crash).toBeNull();
    expect(panel.hasButtonFor(ACTIONS.bookAnyway)).toBe(true);
    expect(planOf(s.ws, first.id).some((a) => a.done)).toBe(false);

    expect((await panel.press({ fn: ACTIONS.editPlan })).crash).toBeNull();
    expect(carryInputs(panel).map((i) => i.value)).toEqual([['keep'], ['done'], ['keep']]);
    expect((await panel.press({ fn: ACTIONS.confirm }, typed)).crash).toBeNull();

    const booked = await panel.press({ fn: ACTIONS.bookAnyway });
    expect(booked.crash).toBeNull();
    expect(booked.notification).toMatch(/^Confirmed/);
    expect(planOf(s.ws, first.id).map((a) => !!a.done)).toEqual([false, true, false]);
    expect(planOf(s.ws, second.id).map((a) => a.step)).toEqual([STEPS[0]!.step, STEPS[2]!.step]);

    // Updating the first meeting later keeps the step marked done there.
    tick(s.ws, 30);
    const firstPanel = s.ws.calendarPanel(ANA, { eventId: first.id });
    expect((await firstPanel.open()).crash).toBeNull();
    expect(carryInputs(firstPanel)).toEqual([]);
    const updated = await firstPanel.press({ fn: ACTIONS.confirm }, { goal: 'A sharper goal' });
    expect(updated.notification).toMatch(/^Updated/);
    expect(planOf(s.ws, first.id).map((a) => !!a.done)).toEqual([false, true, false]);
  });

  test('kept steps and new ones beyond what a plan holds: refused with a message, nothing booked or marked', async () => {
    s = setup({ program: 'quarterly', end: '2027-01-12' });
    const first = await firstMeeting(s);
    const { panel } = await savedEventPanel(s.ws, '2026-04-21T11:00:00-04:00');
    for (let i = 0; i < 7; i++) await panel.press({ fn: ACTIONS.addStep });
    const rows = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`actionStep${i}`, `New step ${i}`]));
    const out = await panel.press(
      { fn: ACTIONS.confirm },
      { goal: FORM.goal, agenda: FORM.agenda.join('\n'), carryStep0: 'done', ...rows },
    );
    expect(out.crash).toBeNull();
    expect(out.notification).toMatch(/10 or fewer/);
    expect(readLedger(s.ws.world, s.sheetId)).toHaveLength(1);
    expect(planOf(s.ws, first.id).some((a) => a.done)).toBe(false);
  });
});
