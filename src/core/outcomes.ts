/**
 * Outcome figures for program admins (issue 14 item 7), pure: per company and reporting quarter,
 * counts and rates only, never names. Worked out from every coachee's bookings and the usable
 * engagements by the overview build (gateway/ops/overview.ts), which writes them into the Usage tab.
 *
 * Why a build and not counters kept inside the booking lock: a meeting becomes held by time passing
 * ('presumed' 7 days after its end, set by the daily job, with no booking change), and support is
 * confirmed by the manager; a counter moved only when a booking changes would miss both. The overview
 * build runs each morning after the daily job (and live on a small program's admin card), reads the
 * whole Index once, and recomputes every figure here from scratch: never drifting, linear in bookings
 * and engagements.
 *
 * Each figure's period:
 * - Meetings held, and manager support: the reporting quarter of the meeting's start (as Usage counts
 *   meetings, usage.ts). A meeting is held when the coachee said yes or it was presumed held; a
 *   cancelled or expired booking never is.
 * - Median days to the first meeting: the engagements that STARTED in the quarter (a cohort), so the
 *   ones without a meeting yet have a quarter to be counted in (shown beside the median, left out of it).
 * - Wrap-ups missed: six-month engagements whose last day fell in the quarter and has passed.
 * - Six-month initial meetings missed after month 2 are the Usage figure (usage.ts deriveFigures, the
 *   same row's "initial meeting not held by end of month 2"): one rule, not repeated here.
 */
import { emailKey } from './email';
import type { Engagement } from './engagement';
import type { BookingRecord } from './ledger';
import { quarterOf, quarterOfDate } from './quarters';
import {
  addDays,
  type CivilDate,
  civilDateOf,
  dayNumber,
  formatCivilDate,
  parseCivilDate,
  parseIsoInstant,
} from './time';
import { bookingCompany, reportingOptions, usageKey, type UsageSettings } from './usage';

export interface OutcomeFigures {
  /** Meetings that took place (held yes, or presumed), by the quarter of their start. */
  held: number;
  /** Of those, meetings whose manager confirmed "I support this goal". */
  supported: number;
  /** Median days from an engagement's start to its first confirmed meeting (null: none to measure). */
  medianDaysToFirst: number | null;
  /** Engagements started in the quarter that have a first meeting (the median's base). */
  withFirst: number;
  /** Engagements started in the quarter without a confirmed meeting yet (left out of the median). */
  withoutFirst: number;
  /** Six-month engagements ended in the quarter without a wrap-up meeting. */
  wrapUpMissed: number;
}

export interface CompanyOutcomes extends OutcomeFigures {
  company: string;
  quarterKey: string;
}

export const zeroOutcomes = (): OutcomeFigures => ({
  held: 0,
  supported: 0,
  medianDaysToFirst: null,
  withFirst: 0,
  withoutFirst: 0,
  wrapUpMissed: 0,
});

/** A meeting that took place: confirmed, and the coachee said yes or it was presumed held. */
export function wasHeld(b: Pick<BookingRecord, 'status' | 'held'>): boolean {
  return b.status === 'confirmed' && (b.held === 'yes' || b.held === 'presumed');
}

/**
 * Manager support rate, as a share of HELD meetings (0..1; null when none was held). Held rather than
 * confirmed: a confirmed meeting still ahead may not have had the manager's answer yet (it would pull
 * the rate down for a reason nobody can act on), and a meeting that did not take place has nothing to
 * support. Support given for a meeting not held yet shows up once it is held.
 */
export function supportRate(o: Pick<OutcomeFigures, 'held' | 'supported'>): number | null {
  return o.held > 0 ? o.supported / o.held : null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The outcome figures of every (company, reporting quarter) the data touches, keyed by usageKey.
 * `bookingsOf` holds each coachee's bookings by emailKey (the overview's map); `engagements` are the
 * usable ones (rows with problems left out). Days and quarters are read on the company's clock.
 */
export function outcomeFigures(
  bookingsOf: ReadonlyMap<string, readonly BookingRecord[]>,
  engagements: readonly Engagement[],
  settings: UsageSettings,
  nowMs: number,
): Map<string, CompanyOutcomes> {
  const tz = settings.timeZone;
  const opts = reportingOptions(settings);
  const today = formatCivilDate(civilDateOf(nowMs, tz));
  const out = new Map<string, CompanyOutcomes>();
  // Days to the first meeting, by the cohort's figures (their median is worked out last).
  const days = new Map<CompanyOutcomes, number[]>();
  const at = (company: string, quarterKey: string): CompanyOutcomes => {
    const key = usageKey(company, quarterKey);
    let o = out.get(key);
    if (!o) out.set(key, (o = { company, quarterKey, ...zeroOutcomes() }));
    return o;
  };
  // Each day's quarter worked out once (50,000 engagements share a few hundred start and end days).
  const quarterKeys = new Map<number, string>();
  const quarterOfDay = (d: CivilDate): string => {
    let k = quarterKeys.get(dayNumber(d));
    if (k === undefined) quarterKeys.set(dayNumber(d), (k = quarterOfDate(d, opts).key));
    return k;
  };
  const engagementsOf = new Map<string, Engagement[]>();
  for (const e of engagements) {
    const list = engagementsOf.get(emailKey(e.coachee));
    if (list) list.push(e);
    else engagementsOf.set(emailKey(e.coachee), [e]);
  }

  for (const [coachee, bookings] of bookingsOf) {
    const mine = engagementsOf.get(coachee) ?? [];
    for (const b of bookings) {
      const ms = parseIsoInstant(b.start);
      if (ms === null || !wasHeld(b)) continue;
      const o = at(bookingCompany(b, ms, mine, tz), quarterOf(ms, opts).key);
      o.held++;
      if (b.supportedAt) o.supported++;
    }
  }

  for (const e of engagements) {
    const start = parseCivilDate(e.start);
    const end = parseCivilDate(e.end);
    if (!start || !end) continue;
    const bookings = bookingsOf.get(emailKey(e.coachee)) ?? [];
    // The engagement's confirmed meetings, by their day on the company's clock (end is the first day after).
    const meetings = bookings.flatMap((b) => {
      const ms = b.status === 'confirmed' && b.held !== 'no' ? parseIsoInstant(b.start) : null;
      if (ms === null) return [];
      const day = civilDateOf(ms, tz);
      const text = formatCivilDate(day);
      return e.start <= text && text < e.end ? [{ b, day }] : [];
    });
    const cohort = at(e.company, quarterOfDay(start));
    if (meetings.length > 0) {
      const first = meetings.reduce((n, m) => Math.min(n, dayNumber(m.day)), Infinity);
      cohort.withFirst++;
      const list = days.get(cohort);
      if (list) list.push(first - dayNumber(start));
      else days.set(cohort, [first - dayNumber(start)]);
    } else cohort.withoutFirst++;

    // A six-month engagement's wrap-up is missed once its last day has passed without one.
    if (e.program !== 'six-month' || e.status === 'paused' || e.end > today) continue;
    if (meetings.some((m) => m.b.milestone === 'wrap-up')) continue;
    at(e.company, quarterOfDay(addDays(end, -1))).wrapUpMissed++;
  }
  for (const [cohort, list] of days) cohort.medianDaysToFirst = median(list);
  return out;
}
