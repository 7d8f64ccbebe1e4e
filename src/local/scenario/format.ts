// The scenario file format (docs/scenarios.md), validated strictly: unknown keys, bad
// dates and unknown step kinds are rejected with a message that names the place (`steps[3].start`).
import { z } from 'zod';
import { OPS } from '../../core/contract';

const isoInstant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/,
    'must be an ISO instant with a zone, like 2026-03-02T09:00:00Z',
  )
  .refine((s) => !Number.isNaN(Date.parse(s)) && sameCalendarFields(s), 'is not a real date and time');

const civilDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-05')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'is not a real calendar date');

/** Date.parse accepts 2026-02-30 by rolling over; a scenario with that date is a mistake. */
function sameCalendarFields(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return (
    probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d && h < 24 && mi < 60
  );
}

const email = z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address');
const eventName = z.string().min(1, 'must name the event');
/** A calendar of the person: 'primary' (the default), or a secondary calendar's id. */
const calendarId = z
  .string()
  .regex(
    /^(primary|[a-z0-9._%+-]+@group\.calendar\.google\.com)$/,
    'must be "primary" or a secondary calendar id like team@group.calendar.google.com',
  );

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone like Europe/Berlin');

const company = z.strictObject({
  domain: z.string().min(1),
  timeZone,
  quarters: z.enum(['engagement', 'calendar', 'fiscal']).optional(),
  fiscalStartMonth: z.number().int().min(1).max(12).optional(),
  perQuarter: z.number().int().min(1).max(12).optional(),
  admins: z.array(email).optional(),
  toolkitUrl: z
    .string()
    .regex(/^https:\/\/\S+$/, 'must be an https URL')
    .optional(),
});

const engagement = z.strictObject({
  coachee: email,
  manager: email,
  coach: email,
  program: z.enum(['quarterly', 'six-month']),
  start: civilDate,
  end: civilDate,
  videoLink: z.string().optional(),
  company: z.string().optional(),
  sessions: z.number().int().positive().optional(),
});

const actionPlanItem = z.strictObject({
  step: z.string(),
  owner: z.string(),
  due: z.string().optional(),
});

export const formSchema = z.strictObject({
  goal: z.string().nullable().optional(),
  agenda: z.array(z.string()).nullable().optional(),
  actionPlan: z.array(actionPlanItem).nullable().optional(),
  coachRole: z.enum(['observe', 'facilitate', 'clarify']).nullable().optional(),
  videoLink: z.string().nullable().optional(),
});

const base = { at: isoInstant.optional(), as: email };

const createEvent = z.strictObject({
  ...base,
  do: z.literal('createEvent'),
  event: eventName,
  start: isoInstant,
  minutes: z
    .number()
    .int()
    .positive()
    .max(24 * 60),
  title: z.string(),
  attendees: z.array(email).optional(),
  description: z.string().optional(),
  recurring: z.boolean().optional(),
  save: z.boolean().optional(),
  calendar: calendarId.optional(),
});

const editEvent = z
  .strictObject({
    ...base,
    do: z.literal('editEvent'),
    event: eventName,
    title: z.string().optional(),
    description: z.string().optional(),
    attendees: z.array(email).optional(),
    clearShared: z.literal(true, 'must be true (or left out)').optional(),
  })
  .refine(
    (s) => s.title !== undefined || s.description !== undefined || s.attendees !== undefined || s.clearShared,
    'must change something: title, description, attendees or clearShared',
  );

const onEvent = <K extends string>(kind: K) => z.strictObject({ ...base, do: z.literal(kind), event: eventName });

/** `acknowledge`: press "Book anyway" when the review card (warnings before booking) appears. */
const confirm = z.strictObject({
  ...base,
  do: z.literal('confirm'),
  event: eventName,
  form: formSchema.optional(),
  acknowledge: z.boolean().optional(),
});
/** `how`: "meeting" cancels the event for everyone; "counting" (the default) keeps it and stops it counting. */
const cancel = z.strictObject({
  ...base,
  do: z.literal('cancel'),
  event: eventName,
  how: z.enum(['meeting', 'counting']).optional(),
});
/** `held`: the coachee's answer to "Did it take place?" on the event's panel (asked after its end). */
const markHeld = z.strictObject({ ...base, do: z.literal('markHeld'), event: eventName, held: z.boolean() });
const openInvite = z.strictObject({
  ...base,
  do: z.literal('openInvite'),
  event: eventName,
  via: z.enum(['calendar', 'gmail']),
});
const moveEvent = z.strictObject({ ...base, do: z.literal('moveEvent'), event: eventName, start: isoInstant });
const openHomepage = z.strictObject({ ...base, do: z.literal('openHomepage') });
const suggestTimes = z.strictObject({
  ...base,
  do: z.literal('suggestTimes'),
  from: civilDate.optional(),
  to: civilDate.optional(),
  /** Where the manager / coach works when their calendar cannot be seen: picked, then "Find times again". */
  managerZone: z.string().optional(),
  coachZone: z.string().optional(),
});
const schedule = z.strictObject({
  ...base,
  do: z.literal('schedule'),
  event: eventName,
  start: isoInstant,
  minutes: z
    .number()
    .int()
    .positive()
    .max(24 * 60),
  title: z.string().optional(),
  form: formSchema.optional(),
  acknowledge: z.boolean().optional(),
});

// ---- After the invitation (issue 14 item 4): the manager's support, anyone's RSVP ----

/** The manager presses "I support this goal" on their panel, with `commitment` typed first (optional). */
const support = z.strictObject({
  ...base,
  do: z.literal('support'),
  event: eventName,
  commitment: z.string().optional(),
});
/** A guest answers the invitation in Calendar (Yes / No / Maybe). */
const respond = z.strictObject({
  ...base,
  do: z.literal('respond'),
  event: eventName,
  response: z.enum(['accepted', 'declined', 'tentative']),
});

// ---- Additions (docs/scenarios.md, "Additions"): people, Sheet edits by hand, faults ----

/** Someone in the story: their own time zone, and whether the coachee can see their free/busy. */
const person = z.strictObject({
  email,
  timeZone: timeZone.optional(),
  calendar: z.enum(['visible', 'hidden']).optional(),
});

/** What an admin can type into a cell: text, a number, TRUE/FALSE, or null to clear it. */
const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Engagements columns by the names `engagements[]` uses (plus the Sheet's Status column). */
export const ENGAGEMENT_EDIT_FIELDS = [
  'coachee',
  'manager',
  'coach',
  'program',
  'start',
  'end',
  'videoLink',
  'company',
  'sessions',
  'status',
] as const;
/** Settings keys by the names `company` uses. */
export const SETTINGS_EDIT_KEYS = [
  'domain',
  'timeZone',
  'quarters',
  'fiscalStartMonth',
  'perQuarter',
  'admins',
  'toolkitUrl',
] as const;

const edits = <K extends string>(names: readonly [K, ...K[]]) =>
  z.partialRecord(z.enum(names), cellValue).refine((o) => Object.keys(o).length > 0, {
    message: 'must set at least one field',
    when: (payload) => payload.issues.length === 0,
  });

const editEngagement = z.strictObject({
  ...base,
  do: z.literal('editEngagement'),
  coachee: email,
  set: edits(ENGAGEMENT_EDIT_FIELDS),
});
const editSettings = z.strictObject({
  ...base,
  do: z.literal('editSettings'),
  set: edits(SETTINGS_EDIT_KEYS),
});

/**
 * The gateway's operations the add-on asks for (core/contract.ts; not dailyJob, the gateway's own
 * trigger), which a gateway fault may single out.
 */
export const GATEWAY_OPS = OPS.filter((op) => op !== 'dailyJob');

/** Calendar's HTTP errors the runtime can answer (backends/calendar/faults.ts CalendarFault). */
export const CALENDAR_FAULT_STATUSES = [403, 404, 409, 410, 412, 429, 500, 503] as const;

const fault = z
  .strictObject({
    at: isoInstant.optional(),
    do: z.literal('fault'),
    service: z.enum(['calendar', 'gateway']),
    method: z.enum(['insert', 'get', 'patch', 'list', 'any', ...GATEWAY_OPS]).optional(),
    status: z.number().int().min(400).max(599).optional(),
    times: z.number().int().min(1).max(100).optional(),
    lostAnswer: z.boolean().optional(),
  })
  .superRefine((f, ctx) => {
    const method = f.method ?? 'any';
    if (f.service === 'gateway' && method !== 'any' && !(GATEWAY_OPS as readonly string[]).includes(method))
      ctx.addIssue({
        code: 'custom',
        path: ['method'],
        message: `the gateway's methods are its operations: any, ${GATEWAY_OPS.join(', ')}`,
      });
    if (f.service === 'calendar' && (GATEWAY_OPS as readonly string[]).includes(method))
      ctx.addIssue({
        code: 'custom',
        path: ['method'],
        message: 'Calendar methods are insert, get, patch, list or any',
      });
    const status = f.status ?? 503;
    if (f.service === 'calendar' && !(CALENDAR_FAULT_STATUSES as readonly number[]).includes(status))
      ctx.addIssue({
        code: 'custom',
        path: ['status'],
        message: `Calendar answers one of ${CALENDAR_FAULT_STATUSES.join(', ')}`,
      });
  });

const simpleStep = z.discriminatedUnion('do', [
  editEngagement,
  editSettings,
  createEvent,
  onEvent('openPanel'),
  onEvent('addParticipants'),
  onEvent('saveEvent'),
  confirm,
  openInvite,
  moveEvent,
  onEvent('deleteEvent'),
  cancel,
  markHeld,
  editEvent,
  openHomepage,
  suggestTimes,
  schedule,
  support,
  respond,
]);

const concurrent = z.strictObject({
  at: isoInstant.optional(),
  do: z.literal('concurrent'),
  steps: z.array(simpleStep).min(1),
});

export const stepSchema = z.discriminatedUnion('do', [simpleStep, concurrent, fault]);

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  now: isoInstant,
  company,
  engagements: z.array(engagement),
  people: z
    .array(person)
    .refine(
      (ps) => new Set(ps.map((p) => p.email.toLowerCase())).size === ps.length,
      'lists someone twice (each person once)',
    )
    .optional(),
  steps: z.array(stepSchema),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioStep = z.infer<typeof simpleStep>;
export type ScenarioConcurrent = z.infer<typeof concurrent>;
export type ScenarioFault = z.infer<typeof fault>;
export type ScenarioPerson = z.infer<typeof person>;
export type ScenarioForm = z.infer<typeof formSchema>;

export class ScenarioFormatError extends Error {}

/** Parses and validates a scenario; throws ScenarioFormatError naming every bad place. */
export function parseScenario(input: unknown): Scenario {
  const r = scenarioSchema.safeParse(input);
  if (r.success) {
    checkClock(r.data);
    return r.data;
  }
  const problems = r.error.issues.map((i) => `${placeOf(i.path)}: ${describeIssue(i, input)}`);
  throw new ScenarioFormatError(`Malformed scenario:\n  ${problems.join('\n  ')}`);
}

const SIMPLE_STEP_KINDS: string[] = simpleStep.options.map((o) => o.shape.do.value);
const STEP_KINDS = [...SIMPLE_STEP_KINDS, 'concurrent', 'fault'];

function placeOf(path: PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union' && issue.path[0] === 'steps') {
    // The step (or inner step of a concurrent one) whose "do" matched nothing.
    const path = issue.path[issue.path.length - 1] === 'do' ? issue.path.slice(0, -1) : issue.path;
    const step = valueAt(input, path) as { do?: unknown } | undefined;
    if (!step || typeof step !== 'object' || !('do' in step)) return 'is not a valid step (missing "do")';
    const kinds = path.length > 2 ? SIMPLE_STEP_KINDS : STEP_KINDS;
    const kind = JSON.stringify(step.do);
    if (STEP_KINDS.includes(String(step.do)))
      return `a ${kind} step cannot be used here (expected one of ${kinds.join(', ')})`;
    return `unknown "do" ${kind} (expected one of ${kinds.join(', ')})`;
  }
  return issue.message;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** `at` moves the clock forward only; `now` and every `at` must be in order. */
function checkClock(s: Scenario): void {
  let t = Date.parse(s.now);
  s.steps.forEach((step, i) => {
    if (step.at) {
      const at = Date.parse(step.at);
      if (at < t)
        throw new ScenarioFormatError(
          `Malformed scenario:\n  steps[${i}].at: ${step.at} is before the scenario's clock (${new Date(t).toISOString()}); the clock never moves back`,
        );
      t = at;
    }
  });
  s.engagements.forEach((e, i) => {
    if (e.end <= e.start)
      throw new ScenarioFormatError(`Malformed scenario:\n  engagements[${i}].end: must be after start (${e.start})`);
  });
}
