/**
 * Usage rules, pure: what one coachee's bookings contribute to the Usage figures of each company and
 * reporting quarter (contributions, contributionDelta), and the figures derived from Engagements and
 * the clock (deriveFigures). The gateway keeps the Usage tab current with them inside its booking
 * lock (gateway/usage.ts has the tab's rows); the admin CLI, the scenario runner and the Node-side
 * seeding compute the very same figures from the same rules.
 *
 * The reporting quarter is company-wide: calendar quarters, or fiscal quarters when the company
 * counts in fiscal quarters. Engagement quarters (the default allowance basis) differ per coachee, so
 * they cannot be a company-wide period; each meeting is reported in the calendar quarter of its start,
 * computed from its start under the current settings (never from the key stored with the booking).
 */
import type { CompanySettings, Engagement } from './engagement';
import type { BookingRecord } from './ledger';
import { type Quarter, type QuarterOptions, quarterOf, quarterOfDate } from './quarters';
import {
  addDays,
  addMonthsClamped,
  civilDateOf,
  formatCivilDate,
  parseCivilDate,
  parseIsoInstant,
  startOfCivilDay,
} from './time';

export type UsageSettings = Pick<CompanySettings, 'quarters' | 'fiscalStartMonth' | 'timeZone'>;

/** The company-wide reporting period: fiscal quarters for a fiscal company, calendar quarters otherwise. */
export function reportingOptions(settings: UsageSettings): QuarterOptions {
  return {
    basis: settings.quarters === 'fiscal' ? 'fiscal' : 'calendar',
    fiscalStartMonth: settings.fiscalStartMonth,
    timeZone: settings.timeZone,
  };
}

/**
 * How often the gateway's overview job rebuilds what the admin card shows from the whole Engagements
 * tab and Index (who is due, records to fix): the card's freshness bound for a large program.
 */
export const OVERVIEW_JOB_MINUTES = 15;

export function usageKey(company: string, quarterKey: string): string {
  return `${company}|${quarterKey}`;
}

/** Counters one coachee contributes to one Usage row (and, summed, what the row holds). */
export interface UsageCounts {
  confirmed: number;
  pending: number;
  cancelled: number;
  expired: number;
  sessions: number;
  /** Coachees with at least one pending or confirmed meeting starting in the quarter. */
  met: number;
  /** Six-month engagements whose initial meeting was confirmed before the month-2 deadline, by deadline (YYYY-MM-DD, exclusive). */
  held: Record<string, number>;
}

export interface Contribution extends UsageCounts {
  company: string;
  quarterKey: string;
}

export const zeroCounts = (): UsageCounts => ({
  confirmed: 0,
  pending: 0,
  cancelled: 0,
  expired: 0,
  sessions: 0,
  met: 0,
  held: {},
});

const COUNTER_FIELDS = ['confirmed', 'pending', 'cancelled', 'expired', 'sessions', 'met'] as const;

/** The last day of month 2 is the day before this (end of month 2, as addMonthsClamped counts months). */
export function initialDeadline(engagement: Pick<Engagement, 'start'>): string | null {
  const start = parseCivilDate(engagement.start);
  return start ? formatCivilDate(addMonthsClamped(start, 2)) : null;
}

/** Quarter in which a six-month engagement's month 2 ends (where a missed initial meeting is reported). */
function deadlineQuarter(deadline: string, settings: UsageSettings): Quarter {
  return quarterOfDate(addDays(parseCivilDate(deadline)!, -1), reportingOptions(settings));
}

/**
 * The company a booking is reported under: the one it was booked in, else (a booking made before
 * bookings carried one) the coachee's engagement running on the meeting's day. `startMs` is its start.
 */
export function bookingCompany(
  b: Pick<BookingRecord, 'company'>,
  startMs: number,
  engagements: readonly Engagement[],
  timeZone: string,
): string {
  if (b.company) return b.company;
  const day = formatCivilDate(civilDateOf(startMs, timeZone));
  const mine = engagements.filter((e) => e.start <= day && day < e.end);
  return (mine.find((e) => e.status === 'active') ?? mine[0] ?? engagements[0])?.company ?? 'unknown';
}

/**
 * What one coachee's bookings contribute to each Usage row, keyed by usageKey. `engagements` are the
 * coachee's own valid engagements (for the company of a booking made before bookings carried one, and
 * for the six-month deadlines).
 */
export function contributions(
  bookings: readonly BookingRecord[],
  engagements: readonly Engagement[],
  settings: UsageSettings,
): Map<string, Contribution> {
  const out = new Map<string, Contribution>();
  const opts = reportingOptions(settings);
  const at = (company: string, quarterKey: string): Contribution => {
    const key = usageKey(company, quarterKey);
    let c = out.get(key);
    if (!c) {
      c = { company, quarterKey, ...zeroCounts() };
      out.set(key, c);
    }
    return c;
  };
  const companyOf = (b: BookingRecord, ms: number): string => bookingCompany(b, ms, engagements, settings.timeZone);
  const metKeys = new Set<string>();
  for (const b of bookings) {
    const ms = parseIsoInstant(b.start);
    if (ms === null) continue;
    const q = quarterOf(ms, opts);
    const c = at(companyOf(b, ms), q.key);
    c[b.status]++;
    if (b.status === 'confirmed' && b.countsAsSession) c.sessions++;
    if (b.status === 'confirmed' || b.status === 'pending') metKeys.add(usageKey(c.company, c.quarterKey));
  }
  for (const k of metKeys) out.get(k)!.met = 1;
  for (const e of engagements) {
    if (e.program !== 'six-month') continue;
    const deadline = initialDeadline(e);
    const first = parseCivilDate(e.start);
    if (!deadline || !first) continue;
    const from = startOfCivilDay(first, settings.timeZone);
    const to = startOfCivilDay(parseCivilDate(deadline)!, settings.timeZone);
    const held = bookings.some((b) => {
      const ms = parseIsoInstant(b.start);
      return b.status === 'confirmed' && ms !== null && ms >= from && ms < to;
    });
    if (!held) continue;
    const c = at(e.company, deadlineQuarter(deadline, settings).key);
    c.held[deadline] = (c.held[deadline] ?? 0) + 1;
  }
  return out;
}

/** new − old, per key; keys whose difference is zero are left out. */
export function contributionDelta(
  before: Map<string, Contribution>,
  after: Map<string, Contribution>,
): Map<string, Contribution> {
  const out = new Map<string, Contribution>();
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = after.get(key);
    const b = before.get(key);
    const base = (a ?? b)!;
    const d: Contribution = { company: base.company, quarterKey: base.quarterKey, ...zeroCounts() };
    let nonZero = false;
    for (const f of COUNTER_FIELDS) {
      d[f] = (a?.[f] ?? 0) - (b?.[f] ?? 0);
      if (d[f] !== 0) nonZero = true;
    }
    for (const day of new Set([...Object.keys(a?.held ?? {}), ...Object.keys(b?.held ?? {})])) {
      const v = (a?.held[day] ?? 0) - (b?.held[day] ?? 0);
      if (v !== 0) {
        d.held[day] = v;
        nonZero = true;
      }
    }
    if (nonZero) out.set(key, d);
  }
  return out;
}

export function addCounts(into: UsageCounts, d: UsageCounts): void {
  for (const f of COUNTER_FIELDS) into[f] += d[f];
  for (const [day, v] of Object.entries(d.held)) {
    const n = (into.held[day] ?? 0) + v;
    if (n === 0) delete into.held[day];
    else into.held[day] = n;
  }
}

// ---------------------------------------------------------------------------------------------
// Derived figures (Engagements + clock)

export interface DerivedFigures {
  engaged: number;
  noMeeting: number;
  initialMissed: number;
}

/**
 * What the Engagements tab says about one (company, quarter), before the clock and the counters:
 * the engaged coachees, and the six-month engagements whose month-2 deadline falls in the quarter,
 * by deadline (whether it has passed is decided at derive time). Small, so it can be cached.
 */
export interface EngagementTally {
  engaged: number;
  due: Record<string, number>;
}

/** The tally of one (company, quarter), from a list of engagements or from a cached source. */
export type TallySource = readonly Engagement[] | ((company: string, quarter: Quarter) => EngagementTally);

export function tallyEngagements(
  engagements: readonly Engagement[],
  company: string,
  quarter: Quarter,
  settings: UsageSettings,
): EngagementTally {
  return tallyAll(engagements, [quarter], settings, [company]).get(usageKey(company, quarter.key))!;
}

/**
 * The tallies of every (company, quarter) pair at once, keyed by usageKey: one pass over the
 * engagements, each deadline's quarter worked out once (a whole tab of 50,000 rows in one go).
 */
export function tallyAll(
  engagements: readonly Engagement[],
  quarters: readonly Quarter[],
  settings: UsageSettings,
  companies: readonly string[] = [],
): Map<string, EngagementTally> {
  const out = new Map<string, EngagementTally>();
  const sets = new Map<string, Set<string>>();
  const at = (company: string, qKey: string) => {
    const key = usageKey(company, qKey);
    let t = out.get(key);
    if (!t) {
      t = { engaged: 0, due: {} };
      out.set(key, t);
      sets.set(key, new Set());
    }
    return { t, engaged: sets.get(key)! };
  };
  const spans = quarters.map((q) => ({ key: q.key, start: formatCivilDate(q.start), end: formatCivilDate(q.end) }));
  const wanted = new Set(spans.map((q) => q.key));
  for (const c of companies) for (const q of spans) at(c, q.key);
  const deadlineKeys = new Map<string, string>();
  for (const e of engagements) {
    for (const q of spans) at(e.company, q.key);
    if (e.status !== 'active') continue;
    for (const q of spans) if (e.start < q.end && q.start < e.end) at(e.company, q.key).engaged.add(e.coachee);
    if (e.program !== 'six-month') continue;
    const deadline = initialDeadline(e);
    if (!deadline || deadline > e.end) continue;
    let qKey = deadlineKeys.get(deadline);
    if (qKey === undefined) deadlineKeys.set(deadline, (qKey = deadlineQuarter(deadline, settings).key));
    if (!wanted.has(qKey)) continue;
    const { t } = at(e.company, qKey);
    t.due[deadline] = (t.due[deadline] ?? 0) + 1;
  }
  for (const [key, t] of out) t.engaged = sets.get(key)!.size;
  return out;
}

/**
 * Engaged coachees (active engagements overlapping the quarter), coachees among them with no meeting,
 * and six-month engagements whose month-2 deadline (in this quarter) has passed without a confirmed
 * initial meeting. `engagements` are the valid, usable ones (rows with problems excluded), or a
 * source of their tallies.
 */
export function deriveFigures(
  counts: UsageCounts,
  company: string,
  quarter: Quarter,
  engagements: TallySource,
  settings: UsageSettings,
  nowMs: number,
): DerivedFigures {
  const today = formatCivilDate(civilDateOf(nowMs, settings.timeZone));
  const tally =
    typeof engagements === 'function'
      ? engagements(company, quarter)
      : tallyEngagements(engagements, company, quarter, settings);
  let initialMissed = 0;
  for (const [deadline, due] of Object.entries(tally.due))
    if (deadline <= today) initialMissed += Math.max(0, due - Math.max(0, counts.held[deadline] ?? 0));
  return { engaged: tally.engaged, noMeeting: Math.max(0, tally.engaged - counts.met), initialMissed };
}

/** The quarter a key names, for the settings in force (null when it is not a quarter of this basis). */
export function quarterOfKey(quarterKey: string, settings: UsageSettings): Quarter | null {
  const opts = reportingOptions(settings);
  let start: { year: number; month: number; day: number } | null = null;
  const cal = /^(\d{4})-Q([1-4])$/.exec(quarterKey);
  const fy = /^FY(\d{4})-Q([1-4])$/.exec(quarterKey);
  if (cal && opts.basis === 'calendar') start = { year: Number(cal[1]), month: (Number(cal[2]) - 1) * 3 + 1, day: 1 };
  if (fy && opts.basis === 'fiscal') {
    const fsm = opts.fiscalStartMonth ?? 1;
    // A fiscal year is named after the calendar year it ends in (quarters.ts).
    const firstYear = fsm === 1 ? Number(fy[1]) : Number(fy[1]) - 1;
    start = addMonthsClamped({ year: firstYear, month: fsm, day: 1 }, (Number(fy[2]) - 1) * 3);
  }
  const q = start ? quarterOfDate(start, opts) : null;
  return q && q.key === quarterKey ? q : null;
}

export function periodLabel(q: Quarter): string {
  return `${q.label} (${q.rangeLabel})`;
}

/** The reporting quarter containing an instant. */
export function reportingQuarter(nowMs: number, settings: UsageSettings): Quarter {
  return quarterOf(nowMs, reportingOptions(settings));
}
