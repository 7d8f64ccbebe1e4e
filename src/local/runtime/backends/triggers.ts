// Installable time-driven triggers (ScriptApp.newTrigger(...).timeBased()...create()) over the World.
//
// Platform facts modelled (PLATFORM.md "Time-driven triggers"; Google's pages cited where they are used):
// - Creating, listing or deleting triggers needs the scope script.scriptapp
//   (https://developers.google.com/apps-script/reference/script/script-app#newTrigger(String)).
// - A trigger belongs to the project AND the user who created it: getProjectTriggers() lists only the
//   current user's triggers of the current project; the handler runs as that user.
// - A user may hold at most 20 triggers per script ("Triggers: 20 / user / script",
//   https://developers.google.com/apps-script/guides/services/quotas#current_limitations).
// - everyDays(n).atHour(h) runs once every n days in the hour h of the trigger's time zone (the
//   script's unless inTimezone); Google picks the minute (nearMinute: +/- 15 minutes). Locally it runs
//   at the minute asked for (default :00), so tests are deterministic.
// - The handler gets the time-driven event object: authMode, day-of-month, day-of-week, hour, minute,
//   month, second, timezone, triggerUid, week-of-year, year
//   (https://developers.google.com/apps-script/guides/triggers/events#time-driven_events).
// - A trigger run may last 6 minutes (https://developers.google.com/apps-script/guides/services/quotas).
import { randomBytes } from 'node:crypto';
import type { World } from '../world';
import { ServiceError, requireScope, type CallContext, type HandlerMap } from '../service';
import { DAY_MS, civilDateOf, addDays, zonedToInstant, zonedParts, isValidTimeZone } from '../../../core/time';

export const SCRIPTAPP_SCOPE = 'https://www.googleapis.com/auth/script.scriptapp';
/** Google's limit on installable triggers per user per script. */
export const MAX_TRIGGERS_PER_USER = 20;
/** A time-driven trigger's execution may run this long (6 minutes). */
export const TRIGGER_RUN_MS = 6 * 60_000;

export interface StoredTrigger {
  uid: string;
  project: string;
  /** The user who created it: the handler runs as them. */
  owner: string;
  handler: string;
  /** Only CLOCK triggers exist locally. */
  eventType: 'CLOCK';
  everyDays: number;
  hour: number;
  minute: number;
  timeZone: string;
  createdMs: number;
  /** The last occurrence that ran (World clock); 0 = none yet. */
  lastRunMs: number;
}

export interface TriggerState {
  triggers: Record<string, StoredTrigger>;
}

export const initialTriggerState = (): TriggerState => ({ triggers: {} });

/** Worlds saved before triggers existed get an empty slice. */
export function triggerState(world: World): TriggerState {
  const s = (world.state.triggers ??= initialTriggerState());
  s.triggers ??= {};
  return s;
}

/** What a trigger looks like to the script (the facade wraps it in a Trigger object). */
export interface TriggerView {
  uid: string;
  handler: string;
  eventType: 'CLOCK';
}

const view = (t: StoredTrigger): TriggerView => ({ uid: t.uid, handler: t.handler, eventType: t.eventType });

function mine(ctx: CallContext): StoredTrigger[] {
  const me = ctx.exec.effectiveUser.email;
  return Object.values(triggerState(ctx.world).triggers)
    .filter((t) => t.project === ctx.exec.project.name && t.owner === me)
    .sort((a, b) => a.createdMs - b.createdMs || a.uid.localeCompare(b.uid));
}

export interface ClockSpec {
  handler: string;
  everyDays?: number;
  atHour?: number;
  nearMinute?: number;
  timeZone?: string;
}

export const triggerHandlers: HandlerMap = {
  'ScriptApp.newTrigger.create': (ctx, spec: ClockSpec) => {
    requireScope(ctx, 'ScriptApp.newTrigger', [SCRIPTAPP_SCOPE]);
    if (spec.everyDays === undefined || spec.atHour === undefined) {
      // Only the daily form is modelled; anything else must fail loudly rather than never run.
      throw new ServiceError('The local runtime only provides time-based triggers of the form everyDays(n).atHour(h)');
    }
    if (mine(ctx).length >= MAX_TRIGGERS_PER_USER) {
      throw new ServiceError(
        'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
      );
    }
    const timeZone = spec.timeZone ?? ctx.exec.project.manifest.timeZone ?? 'America/New_York';
    const t: StoredTrigger = {
      uid: String(BigInt(`0x${randomBytes(7).toString('hex')}`)),
      project: ctx.exec.project.name,
      owner: ctx.exec.effectiveUser.email,
      handler: spec.handler,
      eventType: 'CLOCK',
      everyDays: spec.everyDays,
      hour: spec.atHour,
      minute: spec.nearMinute ?? 0,
      timeZone,
      createdMs: ctx.nowMs(),
      lastRunMs: 0,
    };
    triggerState(ctx.world).triggers[t.uid] = t;
    return view(t);
  },
  'ScriptApp.getProjectTriggers': (ctx) => {
    requireScope(ctx, 'ScriptApp.getProjectTriggers', [SCRIPTAPP_SCOPE]);
    return mine(ctx).map(view);
  },
  'ScriptApp.deleteTrigger': (ctx, args: { uid: string }) => {
    requireScope(ctx, 'ScriptApp.deleteTrigger', [SCRIPTAPP_SCOPE]);
    const t = mine(ctx).find((x) => x.uid === args.uid);
    // Deleting a trigger that is already gone is not an error on Google either (UNVERIFIED): a no-op.
    if (t) delete triggerState(ctx.world).triggers[t.uid];
  },
};

/**
 * Node side (seeding a workspace): installs a daily trigger as `owner` would by running the project's
 * install function, unless that user already has one for the handler. Returns it.
 */
export function installDailyTrigger(
  world: World,
  opts: { project: string; owner: string; handler: string; hour: number; timeZone: string },
): StoredTrigger {
  const s = triggerState(world);
  const owner = opts.owner.trim().toLowerCase();
  const known = Object.values(s.triggers).find(
    (t) => t.project === opts.project && t.owner === owner && t.handler === opts.handler,
  );
  if (known) return known;
  const t: StoredTrigger = {
    uid: String(BigInt(`0x${randomBytes(7).toString('hex')}`)),
    project: opts.project,
    owner,
    handler: opts.handler,
    eventType: 'CLOCK',
    everyDays: 1,
    hour: opts.hour,
    minute: 0,
    timeZone: opts.timeZone,
    createdMs: world.now(),
    lastRunMs: 0,
  };
  s.triggers[t.uid] = t;
  return t;
}

/** Argument checks the builder makes before anything reaches the World (Google's wording where known). */
export function checkClockSpec(spec: ClockSpec): string | null {
  if (spec.everyDays !== undefined && !(Number.isInteger(spec.everyDays) && spec.everyDays >= 1))
    return 'Invalid argument: everyDays';
  if (spec.atHour !== undefined && !(Number.isInteger(spec.atHour) && spec.atHour >= 0 && spec.atHour <= 23))
    return 'Invalid argument: atHour';
  if (
    spec.nearMinute !== undefined &&
    !(Number.isInteger(spec.nearMinute) && spec.nearMinute >= 0 && spec.nearMinute <= 59)
  )
    return 'Invalid argument: nearMinute';
  if (spec.timeZone !== undefined && !isValidTimeZone(spec.timeZone)) return 'Invalid argument: timezone';
  return null;
}

/** The first occurrence of a trigger strictly after `afterMs` (its days counted from its creation day). */
export function nextOccurrence(t: StoredTrigger, afterMs: number): number {
  const firstDay = civilDateOf(t.createdMs, t.timeZone);
  const at = (day: ReturnType<typeof civilDateOf>) =>
    zonedToInstant({ ...day, hour: t.hour, minute: t.minute, second: 0 }, t.timeZone);
  // Start near afterMs rather than walking from creation day by day.
  const from = Math.max(t.createdMs, afterMs);
  const skipDays = Math.max(0, Math.floor((from - t.createdMs) / DAY_MS) - 1);
  let k = Math.floor(skipDays / t.everyDays);
  for (;;) {
    const ms = at(addDays(firstDay, k * t.everyDays));
    if (ms > afterMs && ms >= t.createdMs) return ms;
    k++;
  }
}

/**
 * The trigger run due next in (afterMs, untilMs] (the earliest one), or null. Times the clock jumped
 * over without the runtime (seeding moves the World clock directly) are before `afterMs`: not run.
 */
export function nextDueRun(
  world: World,
  afterMs: number,
  untilMs: number,
): { trigger: StoredTrigger; atMs: number } | null {
  let best: { trigger: StoredTrigger; atMs: number } | null = null;
  for (const t of Object.values(triggerState(world).triggers)) {
    const atMs = nextOccurrence(t, Math.max(t.lastRunMs, t.createdMs - 1, afterMs));
    if (atMs <= untilMs && (!best || atMs < best.atMs)) best = { trigger: t, atMs };
  }
  return best;
}

/** ISO week number (1-53) of a UTC date. */
function isoWeek(ms: number): number {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const firstThursday = new Date(Date.UTC(new Date(thursday).getUTCFullYear(), 0, 4));
  const ft = Date.UTC(firstThursday.getUTCFullYear(), 0, 4 - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  return 1 + Math.round((thursday - ft) / (7 * DAY_MS));
}

/**
 * The event object Google passes a time-driven trigger's handler: the run's instant in UTC (Google's
 * example shows "timezone": "UTC"), day-of-week 1 = Monday .. 7 = Sunday.
 * https://developers.google.com/apps-script/guides/triggers/events#time-driven_events
 */
export function clockEvent(t: StoredTrigger, atMs: number): Record<string, unknown> {
  const p = zonedParts(atMs, 'UTC');
  return {
    authMode: 'FULL',
    'day-of-month': p.day,
    'day-of-week': p.weekday === 0 ? 7 : p.weekday,
    hour: p.hour,
    minute: p.minute,
    month: p.month,
    second: p.second,
    timezone: 'UTC',
    triggerUid: t.uid,
    'week-of-year': isoWeek(atMs),
    year: p.year,
  };
}
