// The scenario file format (docs/scenarios.md), validated strictly: unknown keys, bad
// dates and unknown step kinds are rejected with a message that names the place (`steps[3].start`).
import { z } from 'zod';

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

const company = z.strictObject({
  domain: z.string().min(1),
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone like Europe/Berlin'),
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
});

const onEvent = <K extends string>(kind: K) => z.strictObject({ ...base, do: z.literal(kind), event: eventName });

const confirm = z.strictObject({ ...base, do: z.literal('confirm'), event: eventName, form: formSchema.optional() });
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
});

const simpleStep = z.discriminatedUnion('do', [
  createEvent,
  onEvent('openPanel'),
  onEvent('addParticipants'),
  onEvent('saveEvent'),
  confirm,
  openInvite,
  moveEvent,
  onEvent('deleteEvent'),
  onEvent('cancel'),
  openHomepage,
  suggestTimes,
  schedule,
]);

const concurrent = z.strictObject({
  at: isoInstant.optional(),
  do: z.literal('concurrent'),
  steps: z.array(simpleStep).min(1),
});

export const stepSchema = z.union([simpleStep, concurrent]);

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  now: isoInstant,
  company,
  engagements: z.array(engagement),
  steps: z.array(stepSchema),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioStep = z.infer<typeof simpleStep>;
export type ScenarioConcurrent = z.infer<typeof concurrent>;
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
  if (issue.code === 'invalid_union' && issue.path.length >= 2 && issue.path[0] === 'steps') {
    const step = (input as { steps?: { do?: unknown }[] }).steps?.[issue.path[1] as number];
    if (step && typeof step === 'object' && 'do' in step) return `is not a valid "${String(step.do)}" step`;
    return 'is not a valid step (missing "do")';
  }
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    return `unknown "do" (expected one of createEvent, openPanel, addParticipants, saveEvent, confirm, openInvite, moveEvent, deleteEvent, cancel, openHomepage, suggestTimes, schedule, concurrent)`;
  }
  return issue.message;
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
