/**
 * The allowance decision: may this coachee book this meeting? Pure; the gateway calls it inside its
 * lock with the coachee's own ledger rows, the add-on calls it to explain before asking.
 *
 * DESIGN rules decided here (and only here):
 * 1. at most `perQuarter` active bookings per coachee per quarter (quarters.ts picks the quarter);
 * 2. the meeting's start must fall inside the engagement [start, end) on the company's wall clock;
 * 3. program shapes and milestones: quarterly → one "Quarter N alignment" per quarter;
 *    six-month → "initial" (recommended in month 2) and "wrap-up" (recommended in the last month),
 *    two meetings in all; timing that is off gives a WARNING, never a refusal;
 * 6. about 60 minutes: warn outside [MIN_RECOMMENDED_MINUTES, MAX_RECOMMENDED_MINUTES];
 * 7. agenda that reads like a not-for topic: warn (guardrails.ts);
 * 9. re-booking the same event in the same quarter is the same booking (never counted twice);
 *    a moved event is simply decided again for its new quarter.
 *
 * The quarter a booking counts in is a function of its start instant, the engagement and the
 * CURRENT settings (bookingQuarter), computed at decision time: the key stored with a booking is a
 * report column and never decides, so an admin moving an engagement's start or switching the quarter
 * basis neither frees a used quarter nor double counts one. When such an edit leaves a quarter with
 * more bookings than the allowance, nothing is cancelled: overAllowance() lists it for the admin card,
 * the Audit tab and the coachee's panel.
 */
import { Engagement, CompanySettings, quarterOptionsFor } from './engagement';
import { type BookingStatus, isActive } from './ledger';
import { detectNotForTopics, NotForTopic } from './guardrails';
import { Quarter, quarterOf, quarterOfDate, quarterOptionsOfKey, type QuarterOptions } from './quarters';
import { earliestSlotStart } from './slots';
import {
  addMonthsClamped,
  addDays,
  CivilDate,
  civilDateOf,
  formatCivilDate,
  formatDateLong,
  formatDateShort,
  formatZonedDateTime,
  MINUTE_MS,
  parseCivilDate,
  parseIsoInstant,
  startOfCivilDay,
} from './time';

/** Meetings shorter than this get a warning (rule 6: about 60 minutes). */
export const MIN_RECOMMENDED_MINUTES = 45;
/** Meetings longer than this get a warning. */
export const MAX_RECOMMENDED_MINUTES = 90;
export const RECOMMENDED_MINUTES = 60;
/** A six-month program has two alignment meetings: initial and wrap-up. */
export const SIX_MONTH_MEETINGS = 2;

export type MilestoneId = 'initial' | 'wrap-up' | 'quarterly';

export const MILESTONE_LABELS: Record<'initial' | 'wrap-up', string> = {
  initial: 'Initial meeting',
  'wrap-up': 'Program wrap-up',
};

export interface MilestoneInfo {
  id: MilestoneId;
  /** "Initial meeting", "Program wrap-up", "Quarter 2 alignment", "Q3 2026 alignment" */
  label: string;
  /** Recommended days [start, end), YYYY-MM-DD; end exclusive. */
  window: { start: string; end: string };
  /** "12 Feb – 11 Mar 2026" style, end inclusive. */
  windowLabel: string;
  /** One sentence on why the window is recommended. */
  why: string;
}

/**
 * What the allowance needs of a booking (a BookingRecord fits). No quarter key on purpose: the
 * quarter a booking counts in is decided from its start (bookingQuarter), never from a stored key.
 */
export interface BookingRef {
  eventId: string;
  status: BookingStatus;
  milestone?: string;
  /** ISO instant of the meeting start. */
  start: string;
}

export type AllowanceRefusal =
  'ENGAGEMENT_NOT_ACTIVE' | 'OUTSIDE_ENGAGEMENT' | 'PROGRAM_LIMIT_REACHED' | 'ALLOWANCE_USED';

export type WarningCode =
  'TOO_EARLY' | 'INITIAL_LATE' | 'WRAP_UP_EARLY' | 'TOO_SHORT' | 'TOO_LONG' | 'IN_THE_PAST' | 'NOT_FOR_TOPIC';

export interface AllowanceWarning {
  code: WarningCode;
  message: string;
  /** For NOT_FOR_TOPIC. */
  topic?: NotForTopic;
}

export type AllowanceSettings = Pick<CompanySettings, 'timeZone' | 'quarters' | 'fiscalStartMonth' | 'perQuarter'>;

export interface AllowanceRequest {
  engagement: Engagement;
  settings: AllowanceSettings;
  /** The meeting's start instant. */
  startMs: number;
  /** The meeting's length; or give endMs. */
  minutes?: number;
  endMs?: number;
  /** The Calendar event id: the idempotency key. */
  eventId?: string;
  /** The coachee's ledger rows (any status; inactive ones are ignored). */
  bookings: readonly BookingRef[];
  /** Goal, agenda items and action steps, for the not-for-topic warning. */
  texts?: readonly string[];
  /** When given, a meeting in the past gets a warning. */
  nowMs?: number;
}

export interface AllowanceDecision {
  allowed: boolean;
  reason?: AllowanceRefusal;
  /** One person-readable sentence or two: why refused, or what is being booked. */
  message: string;
  quarter: Quarter;
  /** Active bookings in this quarter, this event's own included if it already has one. */
  usedThisQuarter: number;
  /** Active bookings in this quarter for OTHER events: what the limit is checked against. */
  usedByOthers: number;
  limit: number;
  /** First day of the next quarter (YYYY-MM-DD), or null when the engagement ends before it. */
  nextQuarterOpens: string | null;
  milestone: MilestoneInfo | null;
  warnings: AllowanceWarning[];
  /** This event already holds an active booking in this quarter: confirming again changes nothing. */
  rebooking: boolean;
}

function inclusiveEndLabel(end: CivilDate): string {
  return formatDateLong(addDays(end, -1));
}

function engagementDates(e: Pick<Engagement, 'start' | 'end'>): { start: CivilDate; end: CivilDate } {
  const start = parseCivilDate(e.start);
  const end = parseCivilDate(e.end);
  if (!start || !end)
    throw new RangeError('allowance: the engagement has invalid dates; validate it with validateEngagementRow first');
  return { start, end };
}

/**
 * THE quarter a booking counts in: the quarter of its start instant under the settings in force now
 * (quarterOptionsFor(settings, engagement)). Null when the start cannot be read.
 */
export function bookingQuarter(b: Pick<BookingRef, 'start'>, options: QuarterOptions): Quarter | null {
  const ms = parseIsoInstant(b.start);
  return ms === null ? null : quarterOf(ms, options);
}

/** Active bookings of this engagement: those starting inside it (an unreadable start cannot be placed). */
function bookingsOfEngagement(bookings: readonly BookingRef[], e: Engagement, timeZone: string): BookingRef[] {
  const { start, end } = engagementDates(e);
  const from = startOfCivilDay(start, timeZone);
  const to = startOfCivilDay(end, timeZone);
  return bookings.filter((b) => {
    if (!isActive(b)) return false;
    const ms = parseIsoInstant(b.start);
    return ms !== null && ms >= from && ms < to;
  });
}

function windowInfo(start: CivilDate, end: CivilDate): { window: { start: string; end: string }; windowLabel: string } {
  return {
    window: { start: formatCivilDate(start), end: formatCivilDate(end) },
    windowLabel: `${formatDateShort(start)} – ${formatDateShort(addDays(end, -1))}`,
  };
}

/** The recommended window of a six-month milestone: month 2, or the last month. */
export function sixMonthMilestone(
  engagement: Pick<Engagement, 'start' | 'end'>,
  id: 'initial' | 'wrap-up',
): MilestoneInfo {
  const { start, end } = engagementDates(engagement);
  if (id === 'initial') {
    return {
      id,
      label: MILESTONE_LABELS.initial,
      ...windowInfo(addMonthsClamped(start, 1), addMonthsClamped(start, 2)),
      why: 'Month 2: once the coachee and coach have built a working relationship, ideally after the 360 feedback debrief (but it need not wait for it), to refine the first goals and action plan.',
    };
  }
  const lastMonth = addMonthsClamped(end, -1);
  return {
    id,
    label: MILESTONE_LABELS['wrap-up'],
    ...windowInfo(lastMonth < start ? start : lastMonth, end),
    why: 'The last month of the engagement: to make sure development continues after the program ends.',
  };
}

/** The "Quarter N alignment" milestone of a quarterly program, windowed to the engagement. */
export function quarterlyMilestone(engagement: Engagement, quarter: Quarter): MilestoneInfo {
  const { start, end } = engagementDates(engagement);
  const from = formatCivilDate(quarter.start) < engagement.start ? start : quarter.start;
  const to = formatCivilDate(quarter.end) > engagement.end ? end : quarter.end;
  return {
    id: 'quarterly',
    label: `${quarter.label} alignment`,
    ...windowInfo(from, to),
    why: 'Once per quarter, or less often if that suits the coachee and manager.',
  };
}

/**
 * Which six-month milestone a meeting on `date` serves, given the engagement's other active
 * bookings: the one not yet booked; with neither booked, a meeting in the last month is the
 * wrap-up and any earlier one the initial meeting. Null when both are already booked.
 */
export function sixMonthMilestoneFor(
  engagement: Engagement,
  date: CivilDate,
  others: readonly BookingRef[],
): 'initial' | 'wrap-up' | null {
  const hasInitial = others.some((b) => b.milestone === 'initial');
  const hasWrapUp = others.some((b) => b.milestone === 'wrap-up');
  if (hasInitial && hasWrapUp) return null;
  if (hasInitial) return 'wrap-up';
  if (hasWrapUp) return 'initial';
  const { end } = engagementDates(engagement);
  return formatCivilDate(date) >= formatCivilDate(addMonthsClamped(end, -1)) ? 'wrap-up' : 'initial';
}

function timingWarnings(engagement: Engagement, milestone: MilestoneInfo | null, date: CivilDate): AllowanceWarning[] {
  if (engagement.program !== 'six-month' || !milestone) return [];
  const d = formatCivilDate(date);
  const { start } = engagementDates(engagement);
  const monthTwo = formatCivilDate(addMonthsClamped(start, 1));
  const warnings: AllowanceWarning[] = [];
  if (d < monthTwo) {
    warnings.push({
      code: 'TOO_EARLY',
      message: `This is month 1 of the engagement. An alignment meeting works best from month 2 (from ${formatDateLong(parseCivilDate(monthTwo)!)}), once the coachee and coach have built a working relationship and ideally after the 360 feedback debrief (it doesn't have to wait for it).`,
    });
  } else if (milestone.id === 'initial' && d >= milestone.window.end) {
    warnings.push({
      code: 'INITIAL_LATE',
      message: `The initial meeting is recommended in month 2 of the engagement (${milestone.windowLabel}); this date is later. That's fine if it suits everyone: the sooner the goals are aligned, the more the coaching can build on them.`,
    });
  }
  if (milestone.id === 'wrap-up' && d < milestone.window.start) {
    warnings.push({
      code: 'WRAP_UP_EARLY',
      message: `The wrap-up meeting is recommended in the last month of the engagement (${milestone.windowLabel}), so it can look at how development continues after the program.`,
    });
  }
  return warnings;
}

/** Warnings that never block: length, timing in the past, and not-for topics. */
export function meetingWarnings(input: {
  minutes?: number;
  startMs?: number;
  nowMs?: number;
  texts?: readonly string[];
}): AllowanceWarning[] {
  const warnings: AllowanceWarning[] = [];
  const m = input.minutes;
  if (m !== undefined && Number.isFinite(m)) {
    if (m < MIN_RECOMMENDED_MINUTES) {
      warnings.push({
        code: 'TOO_SHORT',
        message: `This event is ${Math.round(m)} minutes long. Alignment meetings take about ${RECOMMENDED_MINUTES} minutes: there may not be time for the whole agenda.`,
      });
    } else if (m > MAX_RECOMMENDED_MINUTES) {
      warnings.push({
        code: 'TOO_LONG',
        message: `This event is ${Math.round(m)} minutes long. Alignment meetings take about ${RECOMMENDED_MINUTES} minutes; consider a shorter slot.`,
      });
    }
  }
  if (input.nowMs !== undefined && input.startMs !== undefined && input.startMs < input.nowMs) {
    warnings.push({ code: 'IN_THE_PAST', message: 'This meeting starts in the past.' });
  }
  if (input.texts && input.texts.length > 0) {
    for (const hit of detectNotForTopics(input.texts)) {
      warnings.push({
        code: 'NOT_FOR_TOPIC',
        topic: hit.topic,
        message: `The agenda mentions "${hit.matched}", which sounds like ${hit.label}. ${hit.explanation}`,
      });
    }
  }
  return warnings;
}

function lengthMinutes(req: AllowanceRequest): number | undefined {
  if (req.minutes !== undefined) return req.minutes;
  if (req.endMs !== undefined) return (req.endMs - req.startMs) / MINUTE_MS;
  return undefined;
}

/** Decides whether the meeting may be booked. Never throws for a valid engagement. */
export function decideAllowance(req: AllowanceRequest): AllowanceDecision {
  const { engagement, settings } = req;
  const tz = settings.timeZone;
  const { start, end } = engagementDates(engagement);
  const options = quarterOptionsFor(settings, engagement);
  const quarter = quarterOf(req.startMs, options);
  const date = civilDateOf(req.startMs, tz);
  const limit = settings.perQuarter;

  const mine = bookingsOfEngagement(req.bookings, engagement, tz);
  const inQuarter = mine.filter((b) => bookingQuarter(b, options)?.key === quarter.key);
  const own = req.eventId !== undefined ? inQuarter.filter((b) => b.eventId === req.eventId) : [];
  const othersInQuarter = inQuarter.filter((b) => b.eventId !== req.eventId || req.eventId === undefined);
  const othersInEngagement = mine.filter((b) => req.eventId === undefined || b.eventId !== req.eventId);

  const nextStart = quarter.end;
  const nextQuarterOpens = formatCivilDate(nextStart) < engagement.end ? formatCivilDate(nextStart) : null;

  let milestone: MilestoneInfo | null;
  if (engagement.program === 'six-month') {
    const id = sixMonthMilestoneFor(engagement, date, othersInEngagement);
    milestone = id ? sixMonthMilestone(engagement, id) : null;
  } else {
    milestone = quarterlyMilestone(engagement, quarter);
  }

  const warnings = [
    ...timingWarnings(engagement, milestone, date),
    ...meetingWarnings({ minutes: lengthMinutes(req), startMs: req.startMs, nowMs: req.nowMs, texts: req.texts }),
  ];

  const base = {
    quarter,
    usedThisQuarter: inQuarter.length,
    usedByOthers: othersInQuarter.length,
    limit,
    nextQuarterOpens,
    milestone,
    warnings,
    rebooking: own.length > 0,
  };
  const when = formatZonedDateTime(req.startMs, tz);
  const engagementRange = `${formatDateLong(start)} to ${inclusiveEndLabel(end)}`;

  if (engagement.status !== 'active') {
    return {
      ...base,
      allowed: false,
      reason: 'ENGAGEMENT_NOT_ACTIVE',
      message: `This coaching engagement is ${engagement.status}, so alignment meetings can't be booked for it. If that's unexpected, ask your coaching program admin.`,
    };
  }
  const startMs = startOfCivilDay(start, tz);
  const endMs = startOfCivilDay(end, tz);
  if (req.startMs < startMs || req.startMs >= endMs) {
    const hint =
      req.startMs < startMs ? `It starts on ${formatDateLong(start)}.` : `It ended on ${inclusiveEndLabel(end)}.`;
    return {
      ...base,
      allowed: false,
      reason: 'OUTSIDE_ENGAGEMENT',
      message: `This meeting (${when}) is outside your coaching engagement, which runs from ${engagementRange}. ${hint} Pick a date inside the engagement.`,
    };
  }
  if (engagement.program === 'six-month' && milestone === null) {
    return {
      ...base,
      allowed: false,
      reason: 'PROGRAM_LIMIT_REACHED',
      message: `Your six-month program has ${SIX_MONTH_MEETINGS} alignment meetings, the initial meeting and the wrap-up, and both are already booked. Cancel one of them if you want to move it here.`,
    };
  }
  if (othersInQuarter.length >= limit) {
    const next = nextQuarterOpens
      ? `The next quarter opens on ${formatDateLong(parseCivilDate(nextQuarterOpens)!)}: you can book your next alignment meeting from then.`
      : `This is the last quarter of your engagement, which ends on ${inclusiveEndLabel(end)}.`;
    const used =
      limit === 1
        ? "You've already booked this quarter's alignment meeting"
        : `You've already booked ${othersInQuarter.length} of ${limit} alignment meetings this quarter`;
    return {
      ...base,
      allowed: false,
      reason: 'ALLOWANCE_USED',
      message: `${used} (${quarter.label}: ${quarter.rangeLabel}). ${next}`,
    };
  }
  const what = milestone ? `${milestone.label}` : 'Alignment meeting';
  return {
    ...base,
    allowed: true,
    message:
      own.length > 0
        ? `${what} on ${when} is already booked; saving again updates it without using another meeting.`
        : `${what} on ${when}: this uses ${othersInQuarter.length + 1} of ${limit} for ${quarter.label} (${quarter.rangeLabel}).`,
  };
}

// ---------------------------------------------------------------------------------------------
// Over the allowance after an admin's edit

/** A quarter holding more of a coachee's active bookings than the allowance (ERRORS.OVER_ALLOWANCE). */
export interface OverAllowance<E extends Engagement = Engagement> {
  engagement: E;
  quarter: Quarter;
  used: number;
  limit: number;
  /** The events of the bookings counted in that quarter, earliest first. */
  eventIds: string[];
}

/**
 * Quarters of the coachee's engagements that hold more active bookings than `perQuarter`, each
 * booking placed by bookingQuarter under the settings in force now. The allowance never lets this
 * happen by booking; it happens when an admin moves an engagement's dates, switches the quarter basis
 * or lowers perQuarter. Nothing is cancelled for it (the meetings are real and were allowed when
 * booked): the caller shows it to the coachee and lists it for admins.
 */
export function overAllowance<E extends Engagement>(
  engagements: readonly E[],
  settings: AllowanceSettings,
  bookings: readonly BookingRef[],
): OverAllowance<E>[] {
  const out: OverAllowance<E>[] = [];
  for (const engagement of engagements) {
    const options = quarterOptionsFor(settings, engagement);
    const byQuarter = new Map<string, { quarter: Quarter; refs: { ms: number; eventId: string }[] }>();
    for (const b of bookingsOfEngagement(bookings, engagement, settings.timeZone)) {
      const quarter = bookingQuarter(b, options);
      if (!quarter) continue;
      const entry = byQuarter.get(quarter.key) ?? { quarter, refs: [] };
      entry.refs.push({ ms: parseIsoInstant(b.start) ?? 0, eventId: b.eventId });
      byQuarter.set(quarter.key, entry);
    }
    for (const { quarter, refs } of byQuarter.values()) {
      if (refs.length <= settings.perQuarter) continue;
      refs.sort((x, y) => x.ms - y.ms);
      out.push({
        engagement,
        quarter,
        used: refs.length,
        limit: settings.perQuarter,
        eventIds: refs.map((r) => r.eventId),
      });
    }
  }
  return out.sort((x, y) => x.quarter.startMs - y.quarter.startMs);
}

/** What the coachee's panel says about a quarter over the allowance. */
export function overAllowanceMessage(o: Pick<OverAllowance, 'quarter' | 'used' | 'limit'>): string {
  return `${o.quarter.label} (${o.quarter.rangeLabel}) now holds ${o.used} of your alignment meetings, more than the ${o.limit} allowed, after a change to your program's dates or settings. Nothing was cancelled and your program admin can see it; cancel one if it is no longer needed.`;
}

// ---------------------------------------------------------------------------------------------
// Status for the panel and homepage

/**
 * THE next milestone with room: what the homepage proposes, find-a-time searches and the schedule form
 * starts in. Quarterly: the first quarter from today (the first one before the engagement starts)
 * whose active bookings are under the allowance, its window starting today at the earliest; with
 * Quarters 2 and 3 booked in Quarter 2, that is Quarter 4. Six-month: the milestone not booked yet
 * (with neither booked, the wrap-up once its month has come, else the initial meeting), its window
 * from the first day (today on) in a quarter with room. Null when nothing is left: the engagement
 * ended, both milestones are booked, or no quarter to the end of the window has room.
 */
export function nextMilestoneWithRoom(
  engagement: Engagement,
  settings: AllowanceSettings,
  nowMs: number,
  bookings: readonly BookingRef[],
): MilestoneInfo | null {
  const tz = settings.timeZone;
  const { start } = engagementDates(engagement);
  const today = civilDateOf(nowMs, tz);
  const d = formatCivilDate(today);
  if (d >= engagement.end) return null;
  const mine = bookingsOfEngagement(bookings, engagement, tz);
  const options = quarterOptionsFor(settings, engagement);
  const used = new Map<string, number>();
  for (const b of mine) {
    const key = bookingQuarter(b, options)?.key;
    if (key) used.set(key, (used.get(key) ?? 0) + 1);
  }
  const hasRoom = (q: Quarter) => (used.get(q.key) ?? 0) < settings.perQuarter;
  if (engagement.program === 'six-month') {
    const booked = new Set(mine.map((b) => b.milestone));
    if (mine.length >= SIX_MONTH_MEETINGS || (booked.has('initial') && booked.has('wrap-up'))) return null;
    const wrapUp = sixMonthMilestone(engagement, 'wrap-up');
    const milestone = booked.has('initial')
      ? wrapUp
      : booked.has('wrap-up') || d < wrapUp.window.start
        ? sixMonthMilestone(engagement, 'initial')
        : wrapUp;
    // Its window, from the first quarter with room (today on): a used quarter would refuse it.
    const first = d > milestone.window.start ? d : milestone.window.start;
    if (first >= milestone.window.end) return milestone; // passed: the caller proposes other dates
    let q = quarterOfDate(parseCivilDate(first)!, options);
    if (hasRoom(q)) return milestone;
    for (q = quarterOfDate(q.end, options); formatCivilDate(q.start) < milestone.window.end;) {
      if (hasRoom(q)) return { ...milestone, ...windowInfo(q.start, parseCivilDate(milestone.window.end)!) };
      q = quarterOfDate(q.end, options);
    }
    return null;
  }
  const running = d >= engagement.start;
  for (let q = quarterOfDate(running ? today : start, options); formatCivilDate(q.start) < engagement.end;) {
    if (hasRoom(q)) {
      const milestone = quarterlyMilestone(engagement, q);
      // The current quarter's window starts today: its earlier days are gone.
      return running && d > milestone.window.start
        ? { ...milestone, ...windowInfo(today, parseCivilDate(milestone.window.end)!) }
        : milestone;
    }
    q = quarterOfDate(q.end, options);
  }
  return null;
}

export interface AllowanceStatus {
  /** Where today sits relative to the engagement dates. */
  phase: 'upcoming' | 'running' | 'finished';
  active: boolean;
  /** The quarter in effect (the first one before the engagement starts); null once it has ended. */
  quarter: Quarter | null;
  used: number;
  limit: number;
  remaining: number;
  /** The active bookings counted in `quarter`. */
  bookingsThisQuarter: BookingRef[];
  /** YYYY-MM-DD, or null when no further quarter falls inside the engagement. */
  nextQuarterOpens: string | null;
  /**
   * The quarter after `quarter` with the active bookings counted in it; null when the engagement
   * ends first. A new event's panel shows both (it cannot see the event's date before the save).
   */
  nextQuarter: { quarter: Quarter; bookings: BookingRef[] } | null;
  /** The next milestone worth booking, with its recommended window; null when nothing is left. */
  nextMilestone: MilestoneInfo | null;
  /** One or two sentences for the homepage. */
  message: string;
}

/** This quarter's used/limit, when the next opens, and the next milestone to book. */
export function allowanceStatus(
  engagement: Engagement,
  settings: AllowanceSettings,
  nowMs: number,
  bookings: readonly BookingRef[],
): AllowanceStatus {
  const tz = settings.timeZone;
  const { start, end } = engagementDates(engagement);
  const today = civilDateOf(nowMs, tz);
  const d = formatCivilDate(today);
  const phase = d < engagement.start ? 'upcoming' : d < engagement.end ? 'running' : 'finished';
  const active = engagement.status === 'active';
  const limit = settings.perQuarter;
  const mine = bookingsOfEngagement(bookings, engagement, tz);
  const options = quarterOptionsFor(settings, engagement);

  if (phase === 'finished') {
    return {
      phase,
      active,
      quarter: null,
      used: 0,
      limit,
      remaining: 0,
      bookingsThisQuarter: [],
      nextQuarterOpens: null,
      nextQuarter: null,
      nextMilestone: null,
      message: `Your coaching engagement ended on ${inclusiveEndLabel(end)}.`,
    };
  }
  const quarter = quarterOfDate(phase === 'upcoming' ? start : today, options);
  const bookingsThisQuarter = mine.filter((b) => bookingQuarter(b, options)?.key === quarter.key);
  const used = bookingsThisQuarter.length;
  const remaining = Math.max(0, limit - used);
  const nextQuarterOpens = formatCivilDate(quarter.end) < engagement.end ? formatCivilDate(quarter.end) : null;
  const following = nextQuarterOpens ? quarterOfDate(quarter.end, options) : null;
  const nextQuarter = following
    ? { quarter: following, bookings: mine.filter((b) => bookingQuarter(b, options)?.key === following.key) }
    : null;

  const nextMilestone = nextMilestoneWithRoom(engagement, settings, nowMs, bookings);

  let message: string;
  if (!active)
    message = `Your coaching engagement is ${engagement.status}; alignment meetings can't be booked for now.`;
  else if (phase === 'upcoming') message = `Your coaching engagement starts on ${formatDateLong(start)}.`;
  else if (remaining > 0)
    message = `You have ${remaining} alignment meeting${remaining === 1 ? '' : 's'} left in ${quarter.label} (until ${formatDateLong(addDays(quarter.end, -1))}).`;
  else if (nextQuarterOpens)
    message = `You've used this quarter's alignment meeting. The next quarter opens on ${formatDateLong(parseCivilDate(nextQuarterOpens)!)}.`;
  else message = `You've used this quarter's alignment meeting, the last quarter of your engagement.`;
  if (active && nextMilestone) message += ` Next: ${nextMilestone.label}, recommended ${nextMilestone.windowLabel}.`;

  return {
    phase,
    active,
    quarter,
    used,
    limit,
    remaining,
    bookingsThisQuarter,
    nextQuarterOpens,
    nextQuarter,
    nextMilestone,
    message,
  };
}

export interface MoveWindow {
  /** The quarter the meeting counts in (it keeps counting there once moved inside the window). */
  quarter: Quarter;
  /** The instants to search [fromMs, toMs); no time left when fromMs >= toMs. */
  fromMs: number;
  toMs: number;
}

/**
 * Where a meeting the manager declined is searched for a new time (issue 13 item 10): the days on
 * which, moved, it counts exactly as it does now. Its own quarter (the quarter of its start on the
 * company's clock), inside the engagement; for a six-month milestone meeting that lies inside its
 * recommended window (month 2, the last month), that window too; and from the next working day on
 * the coachee's clock (earliestSlotStart), never today. `shown` is any quarter the gateway showed
 * (its key names the basis: quarterOptionsOfKey); null when its key is of no known form.
 */
export function declinedMoveWindow(i: {
  meetingStartMs: number;
  engagement: Pick<Engagement, 'start' | 'end' | 'program'>;
  /** The booking's milestone id ('initial', 'wrap-up', 'quarterly'). */
  milestone?: string;
  shown: { key: string; start: string };
  companyTimeZone: string;
  nowMs: number;
  /** The coachee's zone: their next working day. */
  dayZone: string;
}): MoveWindow | null {
  const options = quarterOptionsOfKey(i.shown.key, i.shown.start, i.companyTimeZone);
  if (!options) return null;
  const quarter = quarterOf(i.meetingStartMs, options);
  const { start, end } = engagementDates(i.engagement);
  const day = (d: CivilDate) => startOfCivilDay(d, i.companyTimeZone);
  let fromMs = Math.max(quarter.startMs, day(start));
  let toMs = Math.min(quarter.endMs, day(end));
  if (i.engagement.program === 'six-month' && (i.milestone === 'initial' || i.milestone === 'wrap-up')) {
    const w = sixMonthMilestone(i.engagement, i.milestone).window;
    const [wFrom, wTo] = [day(parseCivilDate(w.start)!), day(parseCivilDate(w.end)!)];
    if (i.meetingStartMs >= wFrom && i.meetingStartMs < wTo) {
      fromMs = Math.max(fromMs, wFrom);
      toMs = Math.min(toMs, wTo);
    }
  }
  fromMs = Math.max(fromMs, earliestSlotStart(i.nowMs, i.dayZone));
  return { quarter, fromMs, toMs };
}
