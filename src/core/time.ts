/**
 * Civil dates and time-zone arithmetic with nothing but `Intl` (available on Apps Script V8 and Node).
 *
 * A CivilDate is a calendar day with no time zone ("2026-03-03"); an instant is epoch milliseconds.
 * Converting between them always names the time zone. DST rules, decided once here:
 * - a wall time that does not exist (spring-forward gap) resolves to the same wall time shifted forward
 *   by the gap length (02:30 in a 02:00→03:00 gap becomes 03:30), like Temporal's "compatible";
 * - a wall time that happens twice (fall-back overlap) resolves to the EARLIER instant.
 */

export interface CivilDate {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
}

export interface CivilDateTime extends CivilDate {
  hour: number;
  minute: number;
  second?: number;
}

export interface ZonedParts extends CivilDate {
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday ... 6 = Saturday */
  weekday: number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The one table of month and weekday names (English, as Google shows them in an en-US account). */
export const MONTH_NAMES: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const WEEKDAY_NAMES: readonly string[] = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];
export const MONTH_SHORT_NAMES: readonly string[] = MONTH_NAMES.map((m) => m.slice(0, 3));
export const WEEKDAY_SHORT_NAMES: readonly string[] = WEEKDAY_NAMES.map((d) => d.slice(0, 3));

// Building an Intl.DateTimeFormat is the slow part (~0.1 ms); reuse one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for an IANA zone name Intl knows ("Europe/Berlin", "UTC"); false for "CET+1", "", "Mars/Base". */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone.trim() === '' || timeZone !== timeZone.trim()) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** UTC milliseconds of a proleptic-Gregorian wall time, correct for years 0-99 too. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

// formatToParts is the slowest step of quarter and usage arithmetic (a recount of a large Ledger spent
// most of its time here), and the same instants recur (quarter starts, a booking's start and end):
// readings are remembered per zone and whole second, a bounded number of them.
const partsSeen = new Map<string, ZonedParts>();
const PARTS_SEEN_MAX = 10_000;

/** The wall-clock reading of an instant in a time zone. Milliseconds are dropped. */
export function zonedParts(instantMs: number, timeZone: string): ZonedParts {
  if (!Number.isFinite(instantMs)) throw new RangeError(`zonedParts: not a finite instant: ${instantMs}`);
  const key = `${timeZone} ${Math.floor(instantMs / 1000)}`;
  const seen = partsSeen.get(key);
  if (seen) return { ...seen };
  const reading = readZonedParts(instantMs, timeZone);
  if (partsSeen.size >= PARTS_SEEN_MAX) partsSeen.clear();
  partsSeen.set(key, reading);
  return { ...reading };
}

function readZonedParts(instantMs: number, timeZone: string): ZonedParts {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const get = (type: string): number => {
    const p = parts.find((x) => x.type === type);
    return p ? parseInt(p.value, 10) : 0;
  };
  const year = get('year');
  const month = get('month');
  const day = get('day');
  // Some ICU versions print midnight as "24" even with h23; treat it as 0.
  const hour = get('hour') % 24;
  const minute = get('minute');
  const second = get('second');
  const weekday = new Date(utcMs(year, month, day)).getUTCDay();
  return { year, month, day, hour, minute, second, weekday };
}

/** Offset of the zone from UTC at an instant, in ms (New York in winter: -5 h = -18,000,000). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const p = zonedParts(instantMs, timeZone);
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second) - wholeSecond;
}

export type Disambiguation = 'compatible' | 'earlier' | 'later';

/**
 * The instant at which the wall clock in `timeZone` reads `local`. See the file header for gaps and
 * overlaps; `disambiguation` can pick the other instant of an overlap ('later') or the instant before
 * a gap ('earlier'). Assumes at most one offset change within a day either side, true of every zone.
 */
export function zonedToInstant(
  local: CivilDateTime,
  timeZone: string,
  disambiguation: Disambiguation = 'compatible',
): number {
  assertCivilDate(local);
  const second = local.second ?? 0;
  if (!isIntIn(local.hour, 0, 23) || !isIntIn(local.minute, 0, 59) || !isIntIn(second, 0, 59)) {
    throw new RangeError(`zonedToInstant: invalid time ${local.hour}:${local.minute}:${second}`);
  }
  const wall = utcMs(local.year, local.month, local.day, local.hour, local.minute, second);
  const offsetBefore = zoneOffsetMs(wall - DAY_MS, timeZone);
  const offsetAfter = zoneOffsetMs(wall + DAY_MS, timeZone);
  const candidates = [wall - offsetBefore, wall - offsetAfter]
    .filter((c, i, all) => all.indexOf(c) === i)
    .filter((c) => zoneOffsetMs(c, timeZone) === wall - c)
    .sort((a, b) => a - b);
  if (candidates.length > 0) {
    return disambiguation === 'later' ? candidates[candidates.length - 1]! : candidates[0]!;
  }
  // A gap: no instant shows this wall time. Using the offset from before the change moves the
  // wall time forward by the gap length; 'earlier' uses the offset after it and lands before the gap.
  return disambiguation === 'earlier' ? wall - offsetAfter : wall - offsetBefore;
}

/** The calendar day an instant falls on in a time zone. */
export function civilDateOf(instantMs: number, timeZone: string): CivilDate {
  const p = zonedParts(instantMs, timeZone);
  return { year: p.year, month: p.month, day: p.day };
}

/** The first instant of a civil day in a time zone (01:00 where midnight falls in a DST gap). */
export function startOfCivilDay(date: CivilDate, timeZone: string): number {
  return zonedToInstant({ year: date.year, month: date.month, day: date.day, hour: 0, minute: 0 }, timeZone);
}

function isIntIn(n: unknown, min: number, max: number): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidCivilDate(d: unknown): d is CivilDate {
  if (typeof d !== 'object' || d === null) return false;
  const { year, month, day } = d as CivilDate;
  return isIntIn(year, 1, 9999) && isIntIn(month, 1, 12) && isIntIn(day, 1, daysInMonth(year, month));
}

function assertCivilDate(d: CivilDate): void {
  if (!isValidCivilDate(d)) throw new RangeError(`Not a valid civil date: ${JSON.stringify(d)}`);
}

/**
 * Adds calendar months, clamping the day to the target month's length:
 * Jan 31 + 1 month = Feb 28 (Feb 29 in a leap year); Mar 31 - 1 month = Feb 28/29.
 */
export function addMonthsClamped(date: CivilDate, months: number): CivilDate {
  assertCivilDate(date);
  if (!Number.isInteger(months)) throw new RangeError(`addMonthsClamped: months must be an integer, got ${months}`);
  const total = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** Day number since 1970-01-01 (negative before); handy for ordering and differences. */
export function dayNumber(date: CivilDate): number {
  return Math.round(utcMs(date.year, date.month, date.day) / DAY_MS);
}

export function fromDayNumber(n: number): CivilDate {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function addDays(date: CivilDate, days: number): CivilDate {
  assertCivilDate(date);
  return fromDayNumber(dayNumber(date) + days);
}

/** Negative when a is before b, 0 when equal, positive after. */
export function compareCivilDates(a: CivilDate, b: CivilDate): number {
  return a.year !== b.year ? a.year - b.year : a.month !== b.month ? a.month - b.month : a.day - b.day;
}

export function sameCivilDate(a: CivilDate, b: CivilDate): boolean {
  return compareCivilDates(a, b) === 0;
}

/**
 * Whole months from `anchor` to `date` with clamped month arithmetic: the largest k with
 * addMonthsClamped(anchor, k) <= date (negative when date is before anchor).
 */
export function wholeMonthsBetween(anchor: CivilDate, date: CivilDate): number {
  let k = (date.year - anchor.year) * 12 + (date.month - anchor.month);
  while (compareCivilDates(addMonthsClamped(anchor, k), date) > 0) k--;
  while (compareCivilDates(addMonthsClamped(anchor, k + 1), date) <= 0) k++;
  return k;
}

const CIVIL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why a `YYYY-MM-DD` string is not a real date, in words; null when it is fine. */
export function civilDateProblem(text: unknown): string | null {
  if (typeof text !== 'string' || text.trim() === '') return 'is empty; write a date as YYYY-MM-DD';
  const m = CIVIL_DATE_RE.exec(text.trim());
  if (!m) return `"${text}" is not a date in the form YYYY-MM-DD (for example 2026-03-17)`;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1) return `"${text}" has year 0000, which doesn't exist`;
  if (month < 1 || month > 12) return `"${text}" has month ${m[2]}; months go from 01 to 12`;
  const max = daysInMonth(year, month);
  if (day < 1 || day > max) return `"${text}" doesn't exist: ${MONTH_NAMES[month - 1]} ${year} has ${max} days`;
  return null;
}

/** Parses a strict `YYYY-MM-DD` (surrounding spaces allowed); null for anything else or an impossible date. */
export function parseCivilDate(text: unknown): CivilDate | null {
  if (civilDateProblem(text) !== null) return null;
  const m = CIVIL_DATE_RE.exec((text as string).trim())!;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function formatCivilDate(date: CivilDate): string {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** "12 July 2026" (or "Sunday 12 July 2026" with weekday). English by design: the product's language. */
export function formatDateLong(date: CivilDate, options: { weekday?: boolean } = {}): string {
  const text = `${date.day} ${MONTH_NAMES[date.month - 1]} ${date.year}`;
  if (!options.weekday) return text;
  const weekday = WEEKDAY_NAMES[new Date(dayNumber(date) * DAY_MS).getUTCDay()];
  return `${weekday} ${text}`;
}

/** "12 Jul 2026" */
export function formatDateShort(date: CivilDate): string {
  return `${date.day} ${MONTH_NAMES[date.month - 1]!.slice(0, 3)} ${date.year}`;
}

/** "Tue 3 Mar 2026, 11:00" as read on the wall clock of `timeZone`. */
export function formatZonedDateTime(instantMs: number, timeZone: string): string {
  const p = zonedParts(instantMs, timeZone);
  const hh = String(p.hour).padStart(2, '0');
  const mm = String(p.minute).padStart(2, '0');
  return `${WEEKDAY_NAMES[p.weekday]!.slice(0, 3)} ${formatDateShort(p)}, ${hh}:${mm}`;
}

/**
 * Parses an ISO 8601 instant WITH an offset or Z ("2026-03-03T11:00:00-05:00"); null otherwise.
 * A bare local time is refused on purpose: its meaning would depend on the runtime's zone.
 */
export function parseIsoInstant(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/.exec(
    text.trim(),
  );
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] ? Number(m[6]) : 0;
  if (!isValidCivilDate(date) || hour > 23 || minute > 59 || second > 59) return null;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  let offsetMin = 0;
  if (m[8] !== 'Z') {
    const sign = m[8]![0] === '-' ? -1 : 1;
    const oh = Number(m[8]!.slice(1, 3));
    const om = Number(m[8]!.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  return utcMs(date.year, date.month, date.day, hour, minute, second) + ms - offsetMin * MINUTE_MS;
}

/** Two ISO date-times name the same instant (Calendar writes them in the calendar's zone); absent is never the same. */
export function sameInstant(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && Date.parse(a) === Date.parse(b);
}
