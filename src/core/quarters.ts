/**
 * DESIGN rule 1 (quarter part): which quarter a meeting belongs to.
 *
 * Three bases (a company setting):
 * - `engagement` (default): 3-month windows from the engagement start. Window k starts at
 *   start + 3k months (clamped to month ends), always computed from the start date, never chained,
 *   so a Jan 31 start gives Apr 30, Jul 31, Oct 31 (not Apr 30, Jul 30, Oct 30).
 *   Key: `E<start>#Q<n>`, e.g. `E2026-01-12#Q2` (n is 1-based; the key names its engagement, so two
 *   engagements of one coachee never share a quarter key).
 * - `calendar`: Jan-Mar, Apr-Jun, ... Key `2026-Q2`.
 * - `fiscal`: quarters of a fiscal year starting in `fiscalStartMonth`. The fiscal year is named
 *   after the calendar year in which it ENDS (start month 10: Oct 2025 - Sep 2026 is FY2026).
 *   With start month 1 it coincides with the calendar year. Key `FY2026-Q1`.
 *
 * The quarter of a meeting is decided by its start instant, read on the company's wall clock.
 * Quarter ends are exclusive (`end` is the first day of the next quarter).
 */
import {
  addDays,
  addMonthsClamped,
  civilDateOf,
  CivilDate,
  formatCivilDate,
  formatDateShort,
  parseCivilDate,
  startOfCivilDay,
  wholeMonthsBetween,
} from './time';

export type QuarterBasis = 'engagement' | 'calendar' | 'fiscal';
export const QUARTER_BASES: readonly QuarterBasis[] = ['engagement', 'calendar', 'fiscal'];

export interface QuarterOptions {
  basis: QuarterBasis;
  /** 1-12; used by `fiscal` only. Defaults to 1. */
  fiscalStartMonth?: number;
  /** IANA zone of the company: decides which day an instant falls on. */
  timeZone: string;
  /** Required for `engagement`: the engagement's first day (CivilDate or `YYYY-MM-DD`). */
  engagementStart?: CivilDate | string;
}

export interface Quarter {
  /** Stable id for the ledger: `2026-Q2`, `FY2026-Q1`, `E2026-01-12#Q2`. */
  key: string;
  /** Short, person-readable: `Q2 2026`, `FY2026 Q1`, `Quarter 2`. */
  label: string;
  /** Its days, end inclusive, person-readable: `1 Apr 2026 – 30 Jun 2026`. */
  rangeLabel: string;
  basis: QuarterBasis;
  /** First day (inclusive). */
  start: CivilDate;
  /** First day of the next quarter (exclusive). */
  end: CivilDate;
  /** Instants of start/end midnight in the company zone. */
  startMs: number;
  endMs: number;
  /** Quarter number: 1-4 for calendar and fiscal; 1-based from the start for engagement (0 or less before it). */
  index: number;
}

function engagementStartOf(options: QuarterOptions): CivilDate {
  const s = options.engagementStart;
  const date = typeof s === 'string' ? parseCivilDate(s) : s;
  if (!date) throw new RangeError("quarters: basis 'engagement' needs a valid engagementStart");
  return date;
}

function fiscalStart(options: QuarterOptions): number {
  const m = options.fiscalStartMonth ?? 1;
  if (!Number.isInteger(m) || m < 1 || m > 12)
    throw new RangeError(`quarters: fiscalStartMonth must be 1-12, got ${m}`);
  return m;
}

function build(
  basis: QuarterBasis,
  key: string,
  label: string,
  start: CivilDate,
  end: CivilDate,
  index: number,
  timeZone: string,
): Quarter {
  return {
    key,
    label,
    rangeLabel: `${formatDateShort(start)} – ${formatDateShort(addDays(end, -1))}`,
    basis,
    start,
    end,
    startMs: startOfCivilDay(start, timeZone),
    endMs: startOfCivilDay(end, timeZone),
    index,
  };
}

/** The quarter containing a civil date (no time zone needed to pick it; the zone gives startMs/endMs). */
export function quarterOfDate(date: CivilDate, options: QuarterOptions): Quarter {
  const { timeZone } = options;
  switch (options.basis) {
    case 'engagement': {
      const anchor = engagementStartOf(options);
      const k = Math.floor(wholeMonthsBetween(anchor, date) / 3);
      return engagementQuarter(anchor, k + 1, timeZone);
    }
    case 'calendar': {
      const q = Math.floor((date.month - 1) / 3);
      const start = { year: date.year, month: q * 3 + 1, day: 1 };
      return build(
        'calendar',
        `${date.year}-Q${q + 1}`,
        `Q${q + 1} ${date.year}`,
        start,
        addMonthsClamped(start, 3),
        q + 1,
        timeZone,
      );
    }
    case 'fiscal': {
      const fsm = fiscalStart(options);
      // Months since the start of the fiscal year containing `date`.
      const offset = (date.month - fsm + 12) % 12;
      const fyStartYear = date.month >= fsm ? date.year : date.year - 1;
      const q = Math.floor(offset / 3);
      const fyName = fsm === 1 ? fyStartYear : fyStartYear + 1;
      const start = addMonthsClamped({ year: fyStartYear, month: fsm, day: 1 }, q * 3);
      return build(
        'fiscal',
        `FY${fyName}-Q${q + 1}`,
        `FY${fyName} Q${q + 1}`,
        start,
        addMonthsClamped(start, 3),
        q + 1,
        timeZone,
      );
    }
    default:
      throw new RangeError(`quarters: unknown basis ${String((options as { basis: unknown }).basis)}`);
  }
}

/** Engagement quarter number n (1-based) of an engagement starting on `anchor`. */
export function engagementQuarter(anchor: CivilDate, n: number, timeZone: string): Quarter {
  const start = addMonthsClamped(anchor, (n - 1) * 3);
  const end = addMonthsClamped(anchor, n * 3);
  return build('engagement', `E${formatCivilDate(anchor)}#Q${n}`, `Quarter ${n}`, start, end, n, timeZone);
}

/** The quarter of an instant (a meeting's start), read in the company's time zone. */
export function quarterOf(instantMs: number, options: QuarterOptions): Quarter {
  return quarterOfDate(civilDateOf(instantMs, options.timeZone), options);
}

/** The quarter right after the one containing `instantMs`. */
export function nextQuarter(instantMs: number, options: QuarterOptions): Quarter {
  return quarterOfDate(quarterOf(instantMs, options).end, options);
}

/** The first day (and its first instant) of the quarter after the one containing `instantMs`. */
export function nextQuarterStart(instantMs: number, options: QuarterOptions): { date: CivilDate; ms: number } {
  const q = quarterOf(instantMs, options);
  return { date: q.end, ms: q.endMs };
}

/**
 * Every quarter overlapping the days [from, to) in order, e.g. the quarters of an engagement.
 * Empty when to <= from.
 */
export function quartersBetween(from: CivilDate, to: CivilDate, options: QuarterOptions): Quarter[] {
  const out: Quarter[] = [];
  let day = from;
  // 400 quarters = 100 years: a guard against a typo'd year, not a real limit.
  while (out.length < 400 && formatCivilDate(day) < formatCivilDate(to)) {
    const q = quarterOfDate(day, options);
    out.push(q);
    day = q.end;
  }
  return out;
}

/**
 * The quarter options a quarter's key names (any quarter the gateway showed, with its first day):
 * `E<start>#Q<n>` the engagement basis from that start, `2026-Q2` calendar, `FY2026-Q2` fiscal (its
 * start month found from the quarter's own first day). Lets the add-on place a meeting in its quarter
 * without the company settings. Null for a key of no known form.
 */
export function quarterOptionsOfKey(key: string, start: string, timeZone: string): QuarterOptions | null {
  const e = /^E(\d{4}-\d{2}-\d{2})#Q\d+$/.exec(key);
  if (e && parseCivilDate(e[1]!)) return { basis: 'engagement', engagementStart: e[1]!, timeZone };
  if (/^\d{4}-Q[1-4]$/.test(key)) return { basis: 'calendar', timeZone };
  const f = /^FY\d{4}-Q([1-4])$/.exec(key);
  const first = parseCivilDate(start);
  if (!f || !first) return null;
  const fiscalStartMonth = ((((first.month - 1 - 3 * (Number(f[1]) - 1)) % 12) + 12) % 12) + 1;
  return { basis: 'fiscal', fiscalStartMonth, timeZone };
}
