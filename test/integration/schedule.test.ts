// Scheduling from the homepage, through the BUILT add-on and gateway in the local runtime: scenarios
// (the runner's `suggestTimes` and `schedule` steps press the homepage card's own buttons) and a few
// finer checks through the host layer (one click from a suggestion, round trips, double presses,
// a Calendar failure after the booking).
import { runScenario, type ScenarioOutput, type StepResult } from '../../src/local/scenario/runner';
import { parseScenario } from '../../src/local/scenario/format';
import { World } from '../../src/local/runtime/world';
import * as cal from '../../src/local/runtime/backends/calendar';
import { mailbox } from '../../src/local/runtime/backends/gmail';
import { expectedUsage, readAudit, readLedger, readUsage } from '../../src/local/host/company';
import { GATEWAY, GATEWAY_URL, Workspace, type AddonPanel } from '../../src/local/host/workspace';
import { UNCONFIRMED_EXPIRY_HOURS } from '../../src/core/ledger';
import { setUrlFetchFault } from '../../src/local/runtime/backends/urlfetch';
import { cardText, findButton, type CardJson } from '../../src/local/cards';
import { scenarioFormValues } from '../../src/addon/form';
import { ACTIONS } from '../../src/addon/views/names';
import { ERRORS } from '../../src/core/errors';
import { checkedTitle } from '../../src/addon/views/schedule';
import * as SCHEDULE_TEXT from '../../src/addon/views/messages/schedule';

const ANA = 'ana@acme.test';
const MO = 'mo@acme.test';
const CORA = 'cora@coaches.test';
const TOOLKIT = 'https://docs.google.com/document/d/acme-toolkit/edit';
const COMPANY = {
  domain: 'acme.test',
  timeZone: 'America/New_York',
  quarters: 'calendar' as const,
  admins: ['hr@acme.test'],
  toolkitUrl: TOOLKIT,
};
const QUARTERLY = {
  coachee: ANA,
  manager: MO,
  coach: CORA,
  program: 'quarterly' as const,
  start: '2026-01-01',
  end: '2027-01-01',
  videoLink: 'https://meet.google.com/cora-room',
};
const FORM = {
  goal: 'Lead the spring launch',
  agenda: ['The goal', 'Support I need'],
  coachRole: 'facilitate' as const,
};

const said = (r: StepResult) =>
  [r.notification, r.error, r.card?.title, ...(r.card?.text ?? [])].filter(Boolean).join(' ');

interface Person {
  email: string;
  timeZone: string;
  domain?: string;
  /** Who may see their free/busy (default: their domain; outsiders nobody). */
  visible?: 'public' | 'none';
}

/** A World whose directory already knows where everyone works, with their busy hours in their calendars. */
function worldWith(people: Person[], busy: Array<[string, string, string]> = []): World {
  const world = new World();
  for (const p of people) {
    world.addUser({
      email: p.email,
      name: p.email.split('@')[0]!,
      timeZone: p.timeZone,
      ...(p.domain ? { domain: p.domain } : {}),
    });
    if (p.visible) cal.setFreeBusyVisibility(world, p.email, p.visible);
  }
  for (const [who, start, end] of busy) cal.createEvent(world, who, { summary: 'Busy (private)', start, end });
  return world;
}

async function play(
  steps: unknown[],
  opts: { world?: World; now?: string; engagement?: Record<string, unknown>; company?: Record<string, unknown> } = {},
): Promise<ScenarioOutput> {
  const s = parseScenario({
    name: 'schedule',
    now: opts.now ?? '2026-02-27T15:00:00Z',
    company: { ...COMPANY, ...opts.company },
    engagements: [{ ...QUARTERLY, ...opts.engagement }],
    steps,
  });
  return runScenario(s, opts.world ? { world: opts.world } : {});
}

/** The suggestions on a card's text: [day, time, others...] per suggestion. */
function suggestions(text: string[]): Array<{ day: string; time: string; others: string }> {
  const out: Array<{ day: string; time: string; others: string }> = [];
  text.forEach((t, i) => {
    if (
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} \w{3} \d{4}$/.test(t) &&
      /^\d\d:\d\d–\d\d:\d\d \(/.test(text[i + 1] ?? '')
    ) {
      const next = text[i + 2] ?? '';
      out.push({ day: t, time: text[i + 1]!, others: /: \d\d:\d\d–/.test(next) ? next : '' });
    }
  });
  return out;
}

const BUSY_WEEK: Array<[string, string, string]> = [
  // Monday 2 March (New York, UTC-5): Ana 09-12, Mo 12-17: nothing left.
  [ANA, '2026-03-02T09:00:00-05:00', '2026-03-02T12:00:00-05:00'],
  [MO, '2026-03-02T12:00:00-05:00', '2026-03-02T17:00:00-05:00'],
  // Tuesday: Cora 09-14, Ana 15-17: only 14:00-15:00.
  [CORA, '2026-03-03T09:00:00-05:00', '2026-03-03T14:00:00-05:00'],
  [ANA, '2026-03-03T15:00:00-05:00', '2026-03-03T17:00:00-05:00'],
  // Thursday: Mo 10-11.
  [MO, '2026-03-05T10:00:00-05:00', '2026-03-05T11:00:00-05:00'],
];

describe('scenarios: suggestTimes and schedule', () => {
  test('a schedule in a full quarter is refused before any event is created', async () => {
    const world = worldWith([]);
    const o = await play(
      [
        { as: ANA, do: 'schedule', event: 'first', start: '2026-04-14T10:00:00-04:00', minutes: 60, form: FORM },
        {
          as: ANA,
          do: 'schedule',
          event: 'second',
          start: '2026-05-12T10:00:00-04:00',
          minutes: 60,
          title: 'Second try',
          form: FORM,
        },
        { as: ANA, do: 'schedule', event: 'third', start: '2026-07-14T10:00:00-04:00', minutes: 60, form: FORM },
      ],
      { world, now: '2026-04-06T13:00:00Z' },
    );
    expect(o.steps.map((s) => s.ok)).toEqual([true, false, true]);
    expect(said(o.steps[1]!)).toMatch(/already booked this quarter.*1 July 2026/);
    expect(o.events.second).toMatchObject({ id: null, exists: false });
    // Nothing of the refused meeting anywhere: no event in Ana's calendar, no invitation, no row.
    expect(cal.listCalendar(world, ANA, { includeCancelled: true }).map((e) => e.summary)).toEqual([
      'CCM alignment meeting',
      'CCM alignment meeting',
    ]);
    expect(mailbox(world, MO).filter((m) => /Second try/.test(m.subject))).toEqual([]);
    // Each schedule confirms its booking right after creating the event: nothing is left pending.
    expect(o.ledger.map((r) => [r.event, r.status, r.quarter])).toEqual([
      ['first', 'confirmed', '2026-Q2'],
      ['third', 'confirmed', '2026-Q3'],
    ]);
  });

  test('the complete meeting in one step: attendees, notes, toolkit, marker, invitations; confirmed at once', async () => {
    const world = worldWith([]);
    const o = await play(
      [
        {
          as: ANA,
          do: 'schedule',
          event: 'm',
          start: '2026-03-10T10:00:00-04:00',
          minutes: 60,
          title: 'Ana · Mo · Cora',
          form: { ...FORM, actionPlan: [{ step: 'Share the launch plan', owner: 'coachee', due: '2026-03-20' }] },
        },
        { as: MO, do: 'openInvite', event: 'm', via: 'gmail' },
        { as: CORA, do: 'openInvite', event: 'm', via: 'gmail' },
        { as: ANA, do: 'openHomepage' },
      ],
      { world },
    );
    expect(o.steps.every((s) => s.ok)).toBe(true);
    expect(said(o.steps[0]!)).toMatch(/Booked and in your calendar/);
    expect(said(o.steps[0]!)).not.toMatch(/will be confirmed/);
    const ev = o.events.m!;
    expect(ev).toMatchObject({
      exists: true,
      start: '2026-03-10T10:00:00-04:00',
      end: '2026-03-10T11:00:00-04:00',
      organizer: ANA,
    });
    expect(ev.attendees.sort()).toEqual([ANA, CORA, MO].sort());
    expect(ev.attachments).toEqual([{ title: expect.stringMatching(/toolkit/i), url: TOOLKIT }]);
    expect(ev.description).toContain('Lead the spring launch');
    expect(ev.description).toContain('Share the launch plan');
    expect(ev.shared.ccmAlignment).toBe('1');
    expect(cal.getCopy(world, ANA, ev.id!)!.summary).toBe('Ana · Mo · Cora');
    // Invited by Calendar itself (sendUpdates all): the manager reads the plan from the Gmail invitation.
    expect(said(o.steps[1]!)).toContain('Lead the spring launch');
    expect(said(o.steps[2]!)).toMatch(/facilitat/i);
    // Confirmed by the schedule itself: the next homepage has nothing to reconcile.
    expect(said(o.steps[3]!)).not.toMatch(/the booking is confirmed/);
    expect(said(o.steps[3]!)).toMatch(
      /Tue 10 Mar 2026, 10:00 \(America\/New_York\) · Quarterly alignment\s[\s\S]{1,120}?\sconfirmed/,
    );
    expect(o.ledger).toEqual([
      expect.objectContaining({ event: 'm', status: 'confirmed', quarter: '2026-Q1', countsAsSession: true }),
    ]);
  });

  test("suggestions avoid the busy blocks of all three (busy times only: nobody's event details)", async () => {
    const world = worldWith(
      [
        { email: ANA, timeZone: 'America/New_York', domain: 'acme.test' },
        { email: MO, timeZone: 'America/New_York', domain: 'acme.test' },
        { email: CORA, timeZone: 'America/New_York', visible: 'public' },
      ],
      BUSY_WEEK,
    );
    const o = await play([{ as: ANA, do: 'suggestTimes', from: '2026-03-02', to: '2026-03-06' }], { world });
    const step = o.steps[0]!;
    expect(step.ok).toBe(true);
    expect(step.card!.title).toBe(checkedTitle([MO, CORA]));
    expect(said(step)).not.toMatch(/share/); // every calendar could be seen
    expect(said(step)).not.toContain('Busy (private)');
    const got = suggestions(step.card!.text);
    expect(got.map((s) => `${s.day} ${s.time.slice(0, 11)}`)).toEqual([
      'Tue 3 Mar 2026 14:00–15:00',
      'Wed 4 Mar 2026 10:00–11:00',
      'Wed 4 Mar 2026 11:00–12:00',
      'Thu 5 Mar 2026 11:00–12:00',
      'Fri 6 Mar 2026 10:00–11:00',
    ]);
    // And, generally: no suggestion overlaps anyone's busy block.
    for (const s of got) {
      const day = s.day.replace(/^\w+ /, '');
      const startMs = Date.parse(`${day} ${s.time.slice(0, 5)} GMT-0500`);
      for (const [, a, b] of BUSY_WEEK)
        expect(startMs < Date.parse(b) && startMs + 3_600_000 > Date.parse(a)).toBe(false);
    }
  });

  test('without dates, the search covers the recommended window: month 2 for the initial meeting of a six-month program', async () => {
    const o = await play(
      [
        { as: ANA, do: 'openHomepage' },
        { as: ANA, do: 'suggestTimes' },
      ],
      {
        now: '2026-02-02T15:00:00Z',
        engagement: { program: 'six-month', start: '2026-01-12', end: '2026-07-12' },
        company: { quarters: 'engagement' },
      },
    );
    expect(said(o.steps[0]!)).toContain(SCHEDULE_TEXT.findLead('Initial meeting', '12 Feb – 11 Mar 2026', false));
    const step = o.steps[1]!;
    expect(step.ok).toBe(true);
    expect(step.card!.text[1]).toBe('12 Feb – 11 Mar 2026 · 60 minutes');
    const got = suggestions(step.card!.text);
    expect(got.length).toBe(5);
    expect(got[0]!.day).toBe('Thu 12 Feb 2026');
    expect(new Set(got.map((s) => s.day)).size).toBe(5); // spread over different days
  });

  test('time zones of people in different countries: their working days overlap, shown on each clock, across a DST change', async () => {
    const world = worldWith([
      { email: ANA, timeZone: 'America/New_York', domain: 'acme.test' },
      { email: MO, timeZone: 'Europe/London', domain: 'acme.test' },
      { email: CORA, timeZone: 'Europe/Berlin', visible: 'public' },
    ]);
    const o = await play(
      [
        { as: ANA, do: 'suggestTimes', from: '2026-03-05', to: '2026-03-10' },
        { as: ANA, do: 'schedule', event: 'm', start: '2026-03-09T10:00:00-04:00', minutes: 60, form: FORM },
      ],
      { world },
    );
    const got = suggestions(o.steps[0]!.card!.text);
    const thu = got.find((s) => s.day === 'Thu 5 Mar 2026')!;
    // New York is UTC-5 until 8 March: 09:00 there is 14:00 in London, 15:00 in Berlin (their 17:00 is the limit).
    expect(thu.time).toBe('09:00–10:00 (America/New_York)');
    expect(thu.others).toBe(
      'mo@acme.test: 14:00–15:00 (Europe/London) · cora@coaches.test: 15:00–16:00 (Europe/Berlin)',
    );
    // From 8 March New York is UTC-4 (Europe changes on 29 March): the same London hours are an hour earlier in New York.
    const mon = got.find((s) => s.day === 'Mon 9 Mar 2026')!;
    expect(mon.time).toBe('10:00–11:00 (America/New_York)');
    expect(mon.others).toBe(
      'mo@acme.test: 14:00–15:00 (Europe/London) · cora@coaches.test: 15:00–16:00 (Europe/Berlin)',
    );
    for (const s of got) expect(s.others).not.toBe('');
    // Scheduled at that time: the event is at 10:00 New York time.
    expect(o.steps[1]!.ok).toBe(true);
    expect(o.events.m!.start).toBe('2026-03-09T10:00:00-04:00');
    expect(cal.getCopy(world, MO, o.events.m!.id!)!.start).toMatchObject({ dateTime: '2026-03-09T14:00:00Z' });
  });

  test('when the working days never overlap (New York and Tokyo) nothing is suggested, and the card says why', async () => {
    const world = worldWith([
      { email: ANA, timeZone: 'America/New_York', domain: 'acme.test' },
      { email: MO, timeZone: 'America/New_York', domain: 'acme.test' },
      { email: CORA, timeZone: 'Asia/Tokyo', visible: 'public' },
    ]);
    const o = await play([{ as: ANA, do: 'suggestTimes', from: '2026-03-02', to: '2026-03-13' }], { world });
    expect(o.steps[0]!.ok).toBe(true);
    expect(suggestions(o.steps[0]!.card!.text)).toEqual([]);
    expect(said(o.steps[0]!)).toMatch(/No time in these dates fits everyone’s working hours/);
    expect(o.steps[0]!.card!.buttons).toContain('Pick a time myself');
  });

  test("a calendar that cannot be seen (an outside coach's) is reported, and the others still get suggestions", async () => {
    const world = worldWith(
      [
        { email: ANA, timeZone: 'America/New_York', domain: 'acme.test' },
        { email: MO, timeZone: 'America/New_York', domain: 'acme.test' },
        { email: CORA, timeZone: 'America/New_York' }, // outside the company: free/busy not shared
      ],
      BUSY_WEEK,
    );
    const o = await play([{ as: ANA, do: 'suggestTimes', from: '2026-03-02', to: '2026-03-06' }], { world });
    const step = o.steps[0]!;
    expect(step.ok).toBe(true);
    // Exactly whose calendars were checked, and whose could not be.
    expect(step.card!.title).toBe(checkedTitle([MO]));
    expect(said(step)).toMatch(/We could not see cora@coaches\.test’s calendar/);
    const got = suggestions(step.card!.text);
    // Cora's Tuesday morning is unknown, so Tuesday's first free time for Ana and Mo is offered.
    expect(got.map((s) => `${s.day} ${s.time.slice(0, 5)}`)).toContain('Tue 3 Mar 2026 10:00');
    expect(got.some((s) => s.day === 'Mon 2 Mar 2026')).toBe(false);
  });

  test('dates outside the engagement and an end before the start are refused with a message', async () => {
    const o = await play([
      { as: ANA, do: 'suggestTimes', from: '2027-02-01', to: '2027-02-05' },
      { as: ANA, do: 'suggestTimes', from: '2026-03-10', to: '2026-03-02' },
    ]);
    expect(o.steps.map((s) => s.ok)).toEqual([false, false]);
    expect(o.steps[0]!.notification).toMatch(/outside your engagement/);
    expect(o.steps[1]!.notification).toMatch(/before the “From” date/);
  });

  test('the homepage lists upcoming and past meetings with their status', async () => {
    const o = await play(
      [
        { as: ANA, do: 'schedule', event: 'q1', start: '2026-03-03T10:00:00-05:00', minutes: 60, form: FORM },
        { as: ANA, do: 'cancel', event: 'q1' },
        { as: ANA, do: 'schedule', event: 'again', start: '2026-03-04T10:00:00-05:00', minutes: 60, form: FORM },
        { at: '2026-03-05T15:00:00Z', as: ANA, do: 'openHomepage' },
        {
          as: ANA,
          do: 'schedule',
          event: 'q2',
          start: '2026-04-14T10:00:00-04:00',
          minutes: 30,
          form: FORM,
          acknowledge: true,
        },
        { as: ANA, do: 'openHomepage' },
      ],
      {},
    );
    expect(o.steps.map((s) => s.ok)).toEqual([true, true, true, true, true, true]);
    const home = o.steps[5]!.card!.text;
    // Each meeting: when and milestone, its title (opening the event), its status.
    const after = (header: string, n: number) => home.slice(home.indexOf(header) + 1, home.indexOf(header) + 1 + n);
    expect(after('Upcoming', 3)).toEqual([
      'Tue 14 Apr 2026, 10:00 (America/New_York) · Quarterly alignment',
      expect.any(String),
      'confirmed',
    ]);
    expect(after('Past', 6)).toEqual([
      'Wed 4 Mar 2026, 10:00 (America/New_York) · Quarterly alignment',
      expect.any(String),
      'confirmed',
      'Tue 3 Mar 2026, 10:00 (America/New_York) · Quarterly alignment',
      expect.any(String),
      'cancelled',
    ]);
    // A 30-minute meeting is allowed with a note (about 60 works best), never blocked.
    expect(o.steps[4]!.card!.warnings.join(' ')).toMatch(/30 minutes long/);
  });
});

// ---------------------------------------------------------------------------------------------
// Through the host layer: the card's own buttons one by one, with the execution counters.

function setupWorkspace(people: Person[] = [], now = '2026-02-27T15:00:00Z'): Workspace {
  const ws = new Workspace({ world: worldWith(people) });
  ws.world.advanceTo(Date.parse(now));
  ws.seedCompany({ settings: COMPANY, engagements: [QUARTERLY] });
  return ws;
}

const calls = (p: AddonPanel, name: string) => p.last!.execution.counters.serviceCalls[name] ?? 0;

/** The action of the n-th "Schedule" button next to a suggestion. */
function slotAction(card: CardJson, n: number): { function: string; parameters: Record<string, string> } {
  const actions: Array<{ function: string; parameters: Record<string, string> }> = [];
  for (const s of card.sections ?? []) {
    for (const w of s.widgets ?? []) {
      const a = w.decoratedText?.button?.onClick.action;
      if (a)
        actions.push({
          function: a.function,
          parameters: Object.fromEntries((a.parameters ?? []).map((p) => [p.key, p.value])),
        });
    }
  }
  return actions[n]!;
}

async function scheduleForm(ws: Workspace): Promise<AddonPanel> {
  const home = ws.homepage(ANA);
  expect((await home.open()).ok).toBe(true);
  await home.press('Schedule a meeting');
  expect(home.card?.name).toBe('schedule');
  return home;
}

describe('homepage scheduling through the host layer', () => {
  let ws: Workspace;
  afterEach(() => ws?.close());

  test('one click from a suggestion to a form with that time; find times costs no gateway call, scheduling one', async () => {
    ws = setupWorkspace([
      { email: ANA, timeZone: 'America/New_York', domain: 'acme.test' },
      { email: MO, timeZone: 'Europe/London', domain: 'acme.test' },
    ]);
    const panel = ws.homepage(ANA);
    await panel.open();
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(1); // the homepage's one `panel` call
    await panel.press('Find times', {
      from: Date.parse('2026-03-02T00:00:00Z'),
      to: Date.parse('2026-03-06T00:00:00Z'),
    });
    expect(panel.card?.name).toBe('suggestions');
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
    expect(calls(panel, 'Calendar.Freebusy.query')).toBe(1);
    expect(calls(panel, 'Calendar.Calendars.get')).toBe(1); // Mo's zone; Cora's calendar cannot be seen
    const slot = slotAction(panel.card!, 1);
    const slotText = suggestions(cardText(panel.card!).text)[1]!;
    expect(slotText.others).toMatch(/^mo@acme\.test: \d\d:\d\d–\d\d:\d\d \(Europe\/London\)$/);

    await panel.runAction(slot);
    expect(panel.card?.name).toBe('schedule');
    expect(panel.last!.execution.counters.totalServiceCalls).toBeLessThanOrEqual(1); // at most Utilities.getUuid
    const start = cardText(panel.card!).inputs.find((i) => i.name === 'start')!;
    expect(start.value).toBe(Number(slot.parameters.start));
    expect(cardText(panel.card!).text.join(' ')).toContain(`At the suggested time: ${slotText.others}`);
    // No fixed offset: the host shows the picker on the person's own clock (DST included).
    const picker = (panel.card!.sections ?? [])
      .flatMap((s) => s.widgets ?? [])
      .find((w) => w.dateTimePicker)!.dateTimePicker!;
    expect(picker).toMatchObject({ name: 'start', type: 'DATE_AND_TIME', label: 'Start' });
    expect(picker.timezoneOffsetDate).toBeUndefined();
    const video = cardText(panel.card!).inputs.find((i) => i.name === 'videoLink')!;
    expect(video.value).toBe('https://meet.google.com/cora-room'); // the coach's link by default

    const outcome = await panel.press({ fn: ACTIONS.schedule }, scenarioFormValues(FORM));
    expect(outcome.notification).toBe(SCHEDULE_TEXT.scheduled);
    // The one action with two round trips: book pending, create the event, book confirmed.
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(2);
    expect(calls(panel, 'Calendar.Events.insert')).toBe(1);
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => r.status)).toEqual(['confirmed']);
    expect(panel.stack.length).toBe(1);
    expect(panel.card?.name).toBe('scheduled');
    const ev = cal.listCalendar(ws.world, ANA)[0]!;
    expect(Date.parse(String((ev.start as { dateTime: string }).dateTime))).toBe(Number(slot.parameters.start));
    expect(mailbox(ws.world, MO).filter((m) => m.calendarEventId === ev.id)).toHaveLength(1);
  });

  test('a refused schedule never calls Events.insert and leaves the form as it was', async () => {
    ws = setupWorkspace();
    const first = await scheduleForm(ws);
    await first.press('Schedule and invite', {
      ...scenarioFormValues(FORM),
      start: Date.parse('2026-03-10T14:00:00Z'),
    });
    expect(first.card?.name).toBe('scheduled');
    const second = await scheduleForm(ws);
    const outcome = await second.press('Schedule and invite', {
      ...scenarioFormValues(FORM),
      start: Date.parse('2026-03-12T14:00:00Z'),
    });
    expect(outcome.notification).toMatch(/already booked this quarter/);
    expect(calls(second, 'Calendar.Events.insert')).toBe(0);
    expect(second.card?.name).toBe('schedule');
    expect(cal.listCalendar(ws.world, ANA)).toHaveLength(1);
  });

  test('pressing Schedule twice (a double click, or again after a timeout) is one meeting, one booking, one invitation', async () => {
    ws = setupWorkspace();
    const panel = await scheduleForm(ws);
    const stack = [...panel.stack];
    const values = { ...scenarioFormValues(FORM), start: Date.parse('2026-03-10T14:00:00Z') };
    await panel.press('Schedule and invite', values);
    panel.stack = stack; // the same form, pressed again
    const again = await panel.press('Schedule and invite', values);
    expect(again.notification).toBe(SCHEDULE_TEXT.alreadyScheduled);
    expect(cal.listCalendar(ws.world, ANA)).toHaveLength(1);
    expect(readLedger(ws.world, ws.company!.sheetId)).toHaveLength(1);
    expect(mailbox(ws.world, MO)).toHaveLength(1);
  });

  test('the form is checked before anything is booked: a start in the past, a silly length, a missing goal', async () => {
    ws = setupWorkspace();
    const panel = await scheduleForm(ws);
    const past = await panel.press('Schedule and invite', {
      ...scenarioFormValues(FORM),
      start: Date.parse('2026-02-20T14:00:00Z'),
    });
    expect(past.notification).toBe('Pick a start time in the future.');
    const long = await panel.press('Schedule and invite', { ...scenarioFormValues(FORM), minutes: '600' });
    expect(long.notification).toMatch(/length must be a number of minutes/);
    const empty = await panel.press('Schedule and invite', { goal: '' });
    expect(empty.notification).toMatch(/^Please fix/);
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
    expect(readLedger(ws.world, ws.company!.sheetId)).toHaveLength(0);
  });

  test('notes that would not fit in the description once written out are refused before the booking', async () => {
    ws = setupWorkspace();
    const panel = await scheduleForm(ws);
    // Within the form limits, but every character is escaped in the event (& → &amp;): ~9,000 characters.
    const heavy = { ...FORM, goal: '&'.repeat(300), agenda: Array.from({ length: 10 }, () => '&'.repeat(150)) };
    const refused = await panel.press('Schedule and invite', {
      ...scenarioFormValues(heavy),
      start: Date.parse('2026-03-10T14:00:00Z'),
    });
    expect(refused.crash).toBeNull();
    expect(refused.notification).toMatch(
      /^Google Calendar keeps about 8,192 characters.*Nothing was booked or written\.$/,
    );
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(0);
    expect(calls(panel, 'Calendar.Events.insert')).toBe(0);
    expect(readLedger(ws.world, ws.company!.sheetId)).toEqual([]);
  });

  test('Events.insert fails after the booking: the booking is rolled back, the coachee is told, and the quarter is free again', async () => {
    ws = setupWorkspace();
    const panel = await scheduleForm(ws);
    // Calendar refuses the id the add-on chose for this meeting (another calendar already holds it: 409).
    const id = findButton(panel.card!, 'Schedule and invite')!.action!.parameters.eventId!;
    expect(id).toMatch(/^[a-v0-9]{5,1024}$/);
    cal.createEvent(ws.world, 'zed@elsewhere.test', {
      id,
      summary: 'Someone else',
      start: '2026-03-01T10:00:00Z',
      end: '2026-03-01T11:00:00Z',
    });
    const outcome = await panel.press('Schedule and invite', {
      ...scenarioFormValues(FORM),
      start: Date.parse('2026-03-10T14:00:00Z'),
    });
    expect(outcome.notification).toMatch(
      /^Google Calendar could not create the meeting, so nothing was booked: your allowance is as it was/,
    );
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(2); // book, then cancel: only on this failure path
    expect(cal.listCalendar(ws.world, ANA)).toHaveLength(0);
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => r.status)).toEqual(['cancelled']);
    expect(mailbox(ws.world, MO)).toHaveLength(0);
    // The allowance is back: the next try in the same quarter goes through.
    const next = await scheduleForm(ws);
    const ok = await next.press('Schedule and invite', {
      ...scenarioFormValues(FORM),
      start: Date.parse('2026-03-11T14:00:00Z'),
    });
    expect(ok.notification).toBe(SCHEDULE_TEXT.scheduled);
  });

  test('Calendar is down (503) when the event is created: rolled back, told, and a second press goes through', async () => {
    ws = setupWorkspace();
    cal.setCalendarFault(ws.runtime, 'Calendar.Events.insert', { code: 503, times: 1 });
    const panel = await scheduleForm(ws);
    const values = { ...scenarioFormValues(FORM), start: Date.parse('2026-03-10T14:00:00Z') };
    const failed = await panel.press('Schedule and invite', values);
    expect(failed.notification).toBe(
      'Google Calendar could not create the meeting, so nothing was booked: your allowance is as it was. Please try again in a minute.',
    );
    expect(panel.card?.name).toBe('schedule'); // the form stays filled in
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => r.status)).toEqual(['cancelled']);
    const again = await panel.press('Schedule and invite', values);
    expect(again.notification).toBe(SCHEDULE_TEXT.scheduled);
    // The same meeting id booked again: one row, active again (and confirmed); one event.
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => r.status)).toEqual(['confirmed']);
    expect(cal.listCalendar(ws.world, ANA)).toHaveLength(1);
  });

  test("the insert's answer is lost and the read-back gets a 503: the booking stays pending, the coachee is told, the quarter stays used", async () => {
    ws = setupWorkspace();
    cal.setCalendarFault(ws.runtime, 'Calendar.Events.insert', { code: 503, times: 1, lostAnswer: true });
    cal.setCalendarFault(ws.runtime, 'Calendar.Events.get', { code: 503, times: 1 });
    const panel = await scheduleForm(ws);
    const outcome = await panel.press('Schedule and invite', {
      ...scenarioFormValues(FORM),
      start: Date.parse('2026-03-10T14:00:00Z'),
    });
    expect(outcome.crash).toBeNull();
    expect(outcome.notification).toBe(ERRORS.CALENDAR_UNCHECKED.message);
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(1); // book only: no `cancel`
    // The event exists, with the manager invited; its booking still holds the allowance.
    const events = cal.listCalendar(ws.world, ANA);
    expect(events).toHaveLength(1);
    expect(mailbox(ws.world, MO).filter((m) => m.calendarEventId === events[0]!.id)).toHaveLength(1);
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => r.status)).toEqual(['pending']);
    // A second meeting in the same quarter is refused before any event is created.
    const second = await scheduleForm(ws);
    const refused = await second.press('Schedule and invite', {
      ...scenarioFormValues(FORM),
      start: Date.parse('2026-03-12T14:00:00Z'),
    });
    expect(refused.notification).toMatch(/already booked this quarter/);
    expect(calls(second, 'Calendar.Events.insert')).toBe(0);
    // The next open sees the event: the booking is confirmed.
    tick(ws);
    const home = ws.homepage(ANA);
    await home.open();
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => r.status)).toEqual(['confirmed']);
    expect(cal.listCalendar(ws.world, ANA)).toHaveLength(1);
  });

  test('Calendar fails and the gateway cannot be reached to roll back: told the booking is held, then it lapses on its own', async () => {
    ws = setupWorkspace();
    // At the moment Calendar refuses the insert, the network to the gateway goes down as well (the
    // fault's message is read when the fault fires), so the add-on's `cancel` cannot get through.
    cal.setCalendarFault(ws.runtime, 'Calendar.Events.insert', {
      code: 503,
      times: 1,
      get message() {
        setUrlFetchFault(ws.runtime, GATEWAY_URL, { kind: 'unreachable', times: 1 });
        return 'Service Unavailable';
      },
    });
    const panel = await scheduleForm(ws);
    const failed = await panel.press('Schedule and invite', {
      ...scenarioFormValues(FORM),
      start: Date.parse('2026-03-10T14:00:00Z'),
    });
    expect(failed.notification).toMatch(
      /could not create the meeting, and the booking could not be released just now\. It is held as pending and released by itself within 2 hours if no event appears\. Pressing Schedule again is safe/,
    );
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => r.status)).toEqual(['pending']);
    expect(cal.listCalendar(ws.world, ANA)).toHaveLength(0);
    // Within the two hours the homepage shows it as booked but not in the calendar yet...
    ws.world.advanceTo(ws.world.now() + 30 * 60_000);
    const soon = ws.homepage(ANA);
    await soon.open();
    expect(cardText(soon.card!).text.join('\n')).toMatch(
      /Tue 10 Mar 2026, 10:00 \(America\/New_York\) · Quarterly alignment\s[\s\S]{1,120}?\sbooked; not in your calendar yet/,
    );
    // ...and after them, the next open releases it and says so.
    ws.world.advanceTo(ws.world.now() + 2 * 3_600_000);
    const later = ws.homepage(ANA);
    await later.open();
    expect(cardText(later.card!).text.join(' ')).toMatch(
      /was never saved in your calendar, so the booking was released/,
    );
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => r.status)).toEqual(['expired']);
    expect(cardText(later.card!).text.join(' ')).toMatch(/0 of 1 used/);
  });

  test('a booking held after a failed rollback: pressing Schedule again creates the meeting on the same booking', async () => {
    ws = setupWorkspace();
    cal.setCalendarFault(ws.runtime, 'Calendar.Events.insert', {
      code: 500,
      times: 1,
      get message() {
        setUrlFetchFault(ws.runtime, GATEWAY_URL, { kind: 'status', code: 502, times: 1 });
        return 'Backend Error';
      },
    });
    const panel = await scheduleForm(ws);
    const values = { ...scenarioFormValues(FORM), start: Date.parse('2026-03-10T14:00:00Z') };
    expect((await panel.press('Schedule and invite', values)).notification).toMatch(/held as pending/);
    const again = await panel.press('Schedule and invite', values);
    expect(again.notification).toBe(SCHEDULE_TEXT.scheduled);
    expect(cardText(panel.card!).text.join(' ')).toMatch(/Booked and in your calendar/);
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => r.status)).toEqual(['confirmed']);
    expect(cal.listCalendar(ws.world, ANA)).toHaveLength(1);
    expect(mailbox(ws.world, MO)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// No booking stays pending: the schedule's own confirm, and what happens when it cannot be made.

const tick = (ws: Workspace, minutes = 1) => ws.world.advanceTo(ws.world.now() + minutes * 60_000);

/** From the next gateway execution's end on, the add-on cannot reach the gateway (once). */
function gatewayDownAfterNextCall(ws: Workspace): void {
  let armed = true;
  ws.runtime.onExecutionEnd((exec) => {
    if (!armed || exec.project.name !== GATEWAY) return;
    armed = false;
    setUrlFetchFault(ws.runtime, GATEWAY_URL, { kind: 'unreachable', times: 1 });
  });
}

describe('homepage scheduling: the booking is confirmed, or the coachee is told when it will be', () => {
  let ws: Workspace;
  afterEach(() => ws?.close());

  test('the confirm after the event is created cannot reach the gateway: told, held as pending, confirmed at the next open', async () => {
    ws = setupWorkspace();
    const panel = await scheduleForm(ws);
    gatewayDownAfterNextCall(ws); // `book` pending goes through; the confirm that follows does not
    const outcome = await panel.press('Schedule and invite', {
      ...scenarioFormValues(FORM),
      start: Date.parse('2026-03-10T14:00:00Z'),
    });
    expect(outcome.crash).toBeNull();
    expect(outcome.notification).toBe(
      'Scheduled: your manager and coach are invited. The booking will be confirmed the next time you open the add-on.',
    );
    expect(calls(panel, 'UrlFetchApp.fetch')).toBe(2);
    expect(cardText(panel.card!).text.join(' ')).toMatch(
      /The meeting is created, but its booking could not be confirmed just now: it is held for you, and it will be confirmed the next time you open the add-on\./,
    );
    expect(cal.listCalendar(ws.world, ANA)).toHaveLength(1);
    expect(mailbox(ws.world, MO)).toHaveLength(1);
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => r.status)).toEqual(['pending']);
    // The next open sees the event in the calendar: confirmed, and said.
    tick(ws);
    const home = ws.homepage(ANA);
    await home.open();
    expect(cardText(home.card!).text.join(' ')).toMatch(/in your calendar: the booking is confirmed/);
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => r.status)).toEqual(['confirmed']);
  });

  test(`nobody opens the add-on for ${UNCONFIRMED_EXPIRY_HOURS} hours: the gateway's daily job expires it; the coachee's next open books it again`, async () => {
    ws = setupWorkspace();
    const panel = await scheduleForm(ws);
    gatewayDownAfterNextCall(ws);
    await panel.press('Schedule and invite', {
      ...scenarioFormValues(FORM),
      start: Date.parse('2026-03-10T14:00:00Z'),
    });
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => r.status)).toEqual(['pending']);

    // The clock passes two of the daily job's runs (06:00): the second finds it pending for over a day.
    await ws.runtime.advanceClock(ws.world.now() + (UNCONFIRMED_EXPIRY_HOURS + 24) * 3_600_000);
    const admin = ws.homepage('hr@acme.test');
    await admin.open();
    expect(admin.card?.name).toBe('admin');
    expect(cardText(admin.card!).text.join(' ')).toMatch(/Confirmed 0 · pending 0 · cancelled 0 · expired 1/);
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => [r.status, r.reason])).toEqual([
      ['expired', 'unconfirmed'],
    ]);
    expect(
      readAudit(ws.world, ws.company!.sheetId)
        .filter((a) => a.op === 'expire')
        .map((a) => a.outcome),
    ).toEqual(['expired:unconfirmed']);

    // The event is in Ana's calendar after all: her homepage books it again and tells her.
    tick(ws);
    const home = ws.homepage(ANA);
    await home.open();
    const text = cardText(home.card!).text.join(' ');
    expect(text).toMatch(
      /had not been confirmed for a day, so its booking was released; it is in your calendar, so it is booked again\./,
    );
    expect(text).toMatch(
      /Tue 10 Mar 2026, 10:00 \(America\/New_York\) · Quarterly alignment\s[\s\S]{1,120}?\sconfirmed/,
    );
    expect(readLedger(ws.world, ws.company!.sheetId).map((r) => [r.status, r.reason])).toEqual([['confirmed', '']]);
    const pick = (rows: { key: string; confirmed: number; pending: number; expired: number }[]) =>
      rows.map((r) => [r.key, r.confirmed, r.pending, r.expired]);
    expect(pick(readUsage(ws.world, ws.company!.sheetId))).toEqual(pick(expectedUsage(ws.world, ws.company!.sheetId)));
    expect(pick(readUsage(ws.world, ws.company!.sheetId))).toEqual([['acme.test|2026-Q1', 1, 0, 0]]);
  });
});
