/**
 * The demo company the workbench starts with: Lumen Labs (lumen.test, Europe/London), four coachees
 * in quarterly and six-month programs, their managers and coaches (two of the coaches from outside
 * the company), a program admin, a colleague outside the program, an ordinary working week in
 * everyone's calendar, a few ordinary emails, and past alignment meetings.
 *
 * The past meetings are booked THROUGH THE REAL ADD-ON (editor draft, side panel, "add manager, coach
 * and toolkit", save, confirm with a plan) with the World clock set back to when they were booked, so
 * the Ledger, the Index, the Audit tab, the events' description blocks and markers and the invitation
 * emails are exactly what the add-on and the gateway produce, not hand-written look-alikes.
 *
 * Story at the demo's "now" (Monday 13 April 2026, 09:00 in London):
 * - Ana (quarterly): met in her first quarter; her second quarter has just opened: free to book.
 * - Ben (six-month): started in March; his initial meeting is recommended now (month 2).
 * - Chloe (quarterly): already booked this quarter (Thursday): a second one is refused.
 * - Dan (six-month): had his initial meeting in December; the wrap-up is due before 3 May.
 */
import {
  createEvent,
  getCopy,
  getSharedEvent,
  newDraft,
  respondToEvent,
  saveDraft,
} from '../runtime/backends/calendar';
import { deliverMessage } from '../runtime/backends/gmail';
import { World } from '../runtime/world';
import { readLedger, type EngagementSeed } from '../host/company';
import type { PanelOutcome, Workspace } from '../host/workspace';
import { zonedToInstant, type CivilDateTime } from '../../core/time';
import { scenarioFormValues, type ScenarioForm } from '../../addon/form';

/** Bump when the seed changes, so a developer can tell an old data file from a new one. */
export const DEMO_VERSION = 1;

export const DEMO_ZONE = 'Europe/London';
export const DEMO_DOMAIN = 'lumen.test';
export const DEMO_COMPANY = 'Lumen Labs';
export const DEMO_OWNER = 'ccm-service@lumen.test';
export const DEMO_TOOLKIT = 'https://docs.google.com/document/d/lumen-ccm-toolkit/edit';
/** The World clock when seeding starts (before the oldest booking) and the demo's "now". */
export const SEED_START = '2025-11-24T09:00:00Z';
export const DEMO_NOW = '2026-04-13T08:00:00Z';

export interface DemoPerson {
  email: string;
  name: string;
  timeZone?: string;
  /** Company people get the company's Workspace domain; outside coaches have none. */
  external?: boolean;
}

export const PEOPLE: DemoPerson[] = [
  { email: 'ana@lumen.test', name: 'Ana Ruiz' },
  { email: 'ben@lumen.test', name: 'Ben Okafor' },
  { email: 'chloe@lumen.test', name: 'Chloe Martin' },
  { email: 'dan@lumen.test', name: 'Dan Evans' },
  { email: 'mo@lumen.test', name: 'Mo Chen' },
  { email: 'sam@lumen.test', name: 'Sam Rivera' },
  { email: 'dev@lumen.test', name: 'Dev Patel' },
  { email: 'cora@northstar-coaching.test', name: 'Cora Lind', external: true },
  { email: 'eli@brightpath.test', name: 'Eli Brooks', timeZone: 'America/New_York', external: true },
  { email: 'hana@lumen.test', name: 'Hana Sato' },
  { email: 'priya@lumen.test', name: 'Priya Shah' },
  { email: DEMO_OWNER, name: 'CCM service account' },
];

export const ADMINS = ['hana@lumen.test'];

export const ENGAGEMENTS: EngagementSeed[] = [
  {
    coachee: 'ana@lumen.test',
    coacheeName: 'Ana Ruiz',
    manager: 'mo@lumen.test',
    coach: 'cora@northstar-coaching.test',
    program: 'quarterly',
    start: '2026-01-05',
    end: '2026-12-31',
    sessionsInProgram: 12,
    videoLink: 'https://meet.google.com/cor-lind-ana',
  },
  {
    coachee: 'ben@lumen.test',
    coacheeName: 'Ben Okafor',
    manager: 'mo@lumen.test',
    coach: 'dev@lumen.test',
    program: 'six-month',
    start: '2026-03-02',
    end: '2026-09-01',
    sessionsInProgram: 8,
    videoLink: 'https://meet.google.com/dev-patel-ben',
  },
  {
    coachee: 'chloe@lumen.test',
    coacheeName: 'Chloe Martin',
    manager: 'sam@lumen.test',
    coach: 'cora@northstar-coaching.test',
    program: 'quarterly',
    start: '2025-10-06',
    end: '2026-10-05',
    sessionsInProgram: 12,
    videoLink: 'https://meet.google.com/cor-lind-chloe',
  },
  {
    coachee: 'dan@lumen.test',
    coacheeName: 'Dan Evans',
    manager: 'sam@lumen.test',
    coach: 'eli@brightpath.test',
    program: 'six-month',
    start: '2025-11-03',
    end: '2026-05-03',
    sessionsInProgram: 8,
    videoLink: 'https://brightpath.zoom.us/j/4455667788',
  },
];

/** A wall time in the demo zone as an instant: `at('2026-04-13 09:00')`. */
export function at(local: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(local);
  if (!m) throw new Error(`demo: bad local time ${local}`);
  const t: CivilDateTime = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]! };
  return zonedToInstant(t, DEMO_ZONE);
}

const HOUR = 3_600_000;

interface PastMeeting {
  coachee: string;
  /** When the coachee set it up (the World clock for the booking). */
  bookedAt: string;
  /** Guests who answered Yes (the others have not answered). */
  accepted: string[];
  start: string;
  title: string;
  /** As a scenario writes it (the action plan in the "step | owner | due" shorthand); typed into the card's rows. */
  form: ScenarioForm;
}

const MEETINGS: PastMeeting[] = [
  {
    coachee: 'dan@lumen.test',
    bookedAt: '2025-11-28 10:00',
    accepted: ['sam@lumen.test', 'eli@brightpath.test'],
    start: '2025-12-09 10:00',
    title: 'Alignment: Dan / Sam / Eli',
    form: {
      goal: 'Take over planning for the support rota',
      agenda: 'What I want to get better at\nHow Sam can support me\nHow we will see progress',
      actionPlan:
        'Shadow the rota planning for two weeks | me | 2025-12-23\nIntroduce Dan to the ops leads | manager | 2025-12-19',
      coachRole: 'facilitate',
    },
  },
  {
    coachee: 'chloe@lumen.test',
    bookedAt: '2026-01-20 15:00',
    accepted: ['sam@lumen.test', 'cora@northstar-coaching.test'],
    start: '2026-02-12 14:00',
    title: 'Chloe, Sam and Cora: alignment',
    form: {
      goal: 'Present design decisions with more confidence',
      agenda: 'The goal and why it matters now\nWhere Sam sees me today\nSupport for the next design review',
      actionPlan: 'Lead the March design review | me | 2026-03-18',
      coachRole: 'observe',
    },
  },
  {
    coachee: 'ana@lumen.test',
    bookedAt: '2026-02-02 09:30',
    accepted: ['mo@lumen.test', 'cora@northstar-coaching.test'],
    start: '2026-02-10 10:00',
    title: 'CCM alignment: Ana, Mo and Cora',
    form: {
      goal: 'Grow into leading the onboarding squad',
      agenda: 'My development goal\nWhat good looks like to Mo\nSupport I need',
      actionPlan: 'Run two squad retros | me | 2026-03-13\nShare the squad roadmap with Ana | manager | 2026-02-20',
      coachRole: 'clarify',
    },
  },
  {
    coachee: 'chloe@lumen.test',
    bookedAt: '2026-04-08 11:00',
    accepted: ['sam@lumen.test'],
    start: '2026-04-16 14:00',
    title: 'Chloe, Sam and Cora: Q3 alignment',
    form: {
      goal: 'Present design decisions with more confidence',
      agenda: 'Progress since February\nWhat to focus on next quarter',
      actionPlan: 'Write up the review playbook | me | 2026-05-01',
      coachRole: 'observe',
    },
  },
];

/** The add-on's action functions (labels are for people; function names are stable). */
const ADD_PARTICIPANTS = 'onAddParticipants';
const CONFIRM = 'onConfirmMeeting';

function check(what: string, o: PanelOutcome): void {
  if (o.crash) throw new Error(`demo seed: ${what} crashed: ${o.crash}`);
  if (!o.ok) throw new Error(`demo seed: ${what} did not work`);
}

/** A coachee books a meeting the way the product intends: editor, panel, add people, save, confirm. */
async function bookThroughAddon(ws: Workspace, m: PastMeeting): Promise<string> {
  const world = ws.world;
  world.advanceTo(at(m.bookedAt));
  const start = at(m.start);
  const draft = newDraft(world, m.coachee, { summary: m.title, start, end: start + HOUR });
  const panel = ws.calendarPanel(m.coachee, { draftId: draft.draftId });
  check('opening the panel on a new event', await panel.open());
  check('adding the manager, coach and toolkit', await panel.press({ fn: ADD_PARTICIPANTS }));
  await panel.update();
  const saved = saveDraft(world, draft.draftId);
  const editorId = ws.openEditor(m.coachee, saved.id);
  try {
    const confirmPanel = ws.calendarPanel(m.coachee, { draftId: editorId });
    check('opening the saved event', await confirmPanel.open());
    const outcome = await confirmPanel.press({ fn: CONFIRM }, scenarioFormValues(m.form));
    check('confirming', outcome);
    const row = readLedger(world, ws.company!.sheetId).find((r) => r.eventId === saved.id);
    if (row?.status !== 'confirmed')
      throw new Error(
        `demo seed: ${m.coachee}'s meeting on ${m.start} was not booked (${outcome.notification ?? 'no message'})`,
      );
  } finally {
    ws.closeEditor(editorId);
  }
  for (const guest of m.accepted) respondToEvent(world, guest, saved.id, 'accepted', { notify: false });
  return saved.id;
}

/** Ordinary calendar life: stand-ups, 1:1s, coaching sessions, reviews (no invitation mail, to keep inboxes readable). */
function seedOrdinaryEvents(ws: Workspace): void {
  const world = ws.world;
  // Everyone has answered Yes to their ordinary meetings (unanswered ones look different in Calendar).
  const accept = (ev: { id: string }) => {
    for (const a of getSharedEvent(world, ev.id)?.attendees ?? []) {
      if (a.responseStatus === 'needsAction') respondToEvent(world, a.email, ev.id, 'accepted', { notify: false });
    }
  };
  const weekly = (
    organizer: string,
    summary: string,
    first: string,
    minutes: number,
    attendees: string[],
    interval = 1,
    description?: string,
  ) =>
    accept(
      createEvent(world, organizer, {
        summary,
        start: at(first),
        end: at(first) + minutes * 60_000,
        attendees,
        recurrence: [`RRULE:FREQ=WEEKLY${interval > 1 ? `;INTERVAL=${interval}` : ''}`],
        sendInvitations: false,
        ...(description ? { description } : {}),
      }),
    );
  const once = (
    organizer: string,
    summary: string,
    start: string,
    minutes: number,
    attendees: string[],
    description?: string,
  ) =>
    accept(
      createEvent(world, organizer, {
        summary,
        start: at(start),
        end: at(start) + minutes * 60_000,
        attendees,
        sendInvitations: false,
        ...(description ? { description } : {}),
      }),
    );

  weekly('mo@lumen.test', 'Onboarding squad stand-up', '2025-12-01 09:30', 15, [
    'ana@lumen.test',
    'ben@lumen.test',
    'priya@lumen.test',
  ]);
  weekly('mo@lumen.test', '1:1 Ana / Mo', '2025-12-04 11:00', 30, ['ana@lumen.test']);
  weekly('mo@lumen.test', '1:1 Ben / Mo', '2025-12-03 15:00', 30, ['ben@lumen.test']);
  weekly('mo@lumen.test', 'Onboarding squad planning', '2025-12-02 10:00', 60, [
    'ana@lumen.test',
    'ben@lumen.test',
    'priya@lumen.test',
  ]);
  weekly('ana@lumen.test', 'Focus time', '2026-01-07 09:00', 120, []);
  weekly('ben@lumen.test', 'Focus time', '2026-01-08 14:00', 120, []);
  weekly('chloe@lumen.test', 'Design system office hours', '2026-01-08 15:30', 60, ['priya@lumen.test']);
  weekly('sam@lumen.test', 'Design crit', '2025-12-02 14:00', 60, [
    'chloe@lumen.test',
    'dan@lumen.test',
    'priya@lumen.test',
  ]);
  weekly('sam@lumen.test', '1:1 Chloe / Sam', '2025-12-05 10:00', 30, ['chloe@lumen.test']);
  weekly(
    'ana@lumen.test',
    'Coaching session with Cora',
    '2026-01-14 16:00',
    60,
    ['cora@northstar-coaching.test'],
    2,
    'Regular coaching session (confidential).',
  );
  weekly(
    'chloe@lumen.test',
    'Coaching session with Cora',
    '2025-12-10 13:00',
    60,
    ['cora@northstar-coaching.test'],
    2,
    'Regular coaching session (confidential).',
  );
  weekly('ben@lumen.test', 'Coaching with Dev', '2026-03-11 12:00', 45, ['dev@lumen.test'], 2);
  weekly('dan@lumen.test', 'Coaching with Eli', '2025-11-26 17:00', 60, ['eli@brightpath.test'], 2);
  weekly('hana@lumen.test', 'People team weekly', '2025-12-01 13:00', 45, ['priya@lumen.test']);
  once(
    'hana@lumen.test',
    'Coaching program: quarterly review',
    '2026-04-15 11:00',
    60,
    ['mo@lumen.test', 'sam@lumen.test'],
    'Usage, feedback from coachees, renewals.',
  );
  once('ana@lumen.test', 'Onboarding journey review', '2026-04-14 15:00', 45, ['ben@lumen.test', 'priya@lumen.test']);
  once('sam@lumen.test', 'Quarterly design review', '2026-04-14 11:00', 90, [
    'chloe@lumen.test',
    'dan@lumen.test',
    'mo@lumen.test',
  ]);
  once('priya@lumen.test', 'Lunch & learn: accessible forms', '2026-04-17 12:30', 60, [
    'ana@lumen.test',
    'ben@lumen.test',
    'chloe@lumen.test',
    'dan@lumen.test',
    'mo@lumen.test',
    'sam@lumen.test',
  ]);
}

function seedMail(ws: Workspace): void {
  const world = ws.world;
  const hana = 'Hana Sato <hana@lumen.test>';
  deliverMessage(world, {
    from: hana,
    to: ENGAGEMENTS.map((e) => e.coachee),
    subject: 'Welcome to the Lumen coaching program',
    body: 'Hi all,\n\nWelcome to the coaching program. Alongside your regular sessions, you will set up alignment meetings with your manager and your coach: open the CCM Alignment side panel on a Calendar event and it walks you through it.\n\nWhat you discuss with your coach stays between the two of you.\n\nHana, People team',
  });
  deliverMessage(world, {
    from: hana,
    to: ['mo@lumen.test', 'sam@lumen.test'],
    subject: 'Your part in alignment meetings',
    body: 'Hi Mo, hi Sam,\n\nSome of your reports are in the coaching program. When an alignment meeting invitation arrives, open it in Gmail or Calendar: the CCM Alignment panel shows what your report wants to work on and how to prepare.\n\nThanks,\nHana',
  });
}

function seedLateMail(ws: Workspace): void {
  deliverMessage(ws.world, {
    from: 'Lumen Weekly <news@lumen.test>',
    to: PEOPLE.filter((p) => !p.external && p.email !== DEMO_OWNER).map((p) => p.email),
    subject: 'Lumen Weekly: spring offsite, new coffee machine',
    body: 'This week: the spring offsite agenda is out, the third-floor coffee machine finally works, and the lunch & learn on Friday is about accessible forms.',
  });
}

/** A fresh World with its clock at the start of the demo's history (the clock only moves forward). */
export function demoWorld(): World {
  const world = new World();
  world.state.clockMs = Date.parse(SEED_START);
  return world;
}

/**
 * Seeds the demo company into a Workspace built on `demoWorld()` and leaves the clock at DEMO_NOW.
 * Runs the real add-on and gateway for the past meetings (a second or two).
 */
export async function seedDemo(ws: Workspace): Promise<void> {
  const world = ws.world;
  if (world.now() > Date.parse(SEED_START))
    throw new Error('demo seed: the World must start at SEED_START (use demoWorld())');
  for (const p of PEOPLE) {
    world.addUser({
      email: p.email,
      name: p.name,
      timeZone: p.timeZone ?? DEMO_ZONE,
      ...(p.external ? {} : { domain: DEMO_DOMAIN }),
    });
  }
  ws.seedCompany({
    serviceOwner: DEMO_OWNER,
    settings: {
      domain: DEMO_DOMAIN,
      timeZone: DEMO_ZONE,
      quarters: 'engagement',
      perQuarter: 1,
      admins: ADMINS,
      toolkitUrl: DEMO_TOOLKIT,
    },
    engagements: ENGAGEMENTS,
  });
  seedOrdinaryEvents(ws);
  seedMail(ws);
  for (const m of MEETINGS) {
    const id = await bookThroughAddon(ws, m);
    if (!getCopy(world, m.coachee, id))
      throw new Error(`demo seed: ${m.coachee}'s meeting is missing from their calendar`);
  }
  world.advanceTo(Date.parse(DEMO_NOW) - 2 * HOUR);
  seedLateMail(ws);
  world.advanceTo(Date.parse(DEMO_NOW));
}
