// Event times as the API reads and writes them (RFC 3339 in a zone, all-day dates) and as the UI shows them.
import {
  DAY_MS,
  isValidTimeZone,
  MONTH_SHORT_NAMES,
  parseIsoInstant,
  WEEKDAY_SHORT_NAMES,
  zonedParts,
  zonedToInstant,
  zoneOffsetMs,
} from '../../../../core/time';
import { apiError, ServiceError } from '../../service';
import type { EventTime } from './model';

// ---------------------------------------------------------------------------------------------
// Time.

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** RFC 3339 in a zone: "2026-03-02T10:00:00+01:00" ("Z" when the offset is zero). */
export function formatDateTime(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  const off = Math.round(zoneOffsetMs(ms, timeZone) / 60000);
  const sign = off < 0 ? '-' : '+';
  const offText = off === 0 ? 'Z' : `${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${offText}`;
}

export function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function badRequest(method: string, message: string, reason = 'invalid'): ServiceError {
  return apiError('calendar', method, 400, message, reason);
}

/** Reads an API EventDateTime ({dateTime, timeZone} or {date}). */
export function parseEventTime(v: unknown, which: 'start' | 'end', method: string): EventTime {
  if (!v || typeof v !== 'object') throw badRequest(method, `Missing ${which} time.`, 'required');
  const o = v as { dateTime?: unknown; date?: unknown; timeZone?: unknown };
  const tz = o.timeZone === undefined || o.timeZone === null ? undefined : String(o.timeZone);
  if (tz !== undefined && !isValidTimeZone(tz))
    throw badRequest(method, `Invalid time zone definition for ${which} time.`);
  if (typeof o.dateTime === 'string' && o.dateTime) {
    const withOffset = parseIsoInstant(o.dateTime);
    if (withOffset !== null) return { ms: withOffset, allDay: false, ...(tz ? { timeZone: tz } : {}) };
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(o.dateTime.trim());
    if (!m) throw badRequest(method, `Invalid ${which} time.`);
    if (!tz) throw badRequest(method, `Missing time zone definition for ${which} time.`);
    const ms = zonedToInstant(
      { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +(m[6] ?? 0) },
      tz,
    );
    return { ms, allDay: false, timeZone: tz };
  }
  if (typeof o.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(o.date)) {
    const [y, mo, d] = o.date.split('-').map(Number) as [number, number, number];
    return { ms: Date.UTC(y, mo - 1, d), allDay: true };
  }
  throw badRequest(method, `Missing ${which} time.`, 'required');
}

export function timeJson(t: EventTime, zone: string, withZone: boolean): Record<string, string> {
  if (t.allDay) return { date: formatDate(t.ms) };
  const out: Record<string, string> = { dateTime: formatDateTime(t.ms, zone) };
  if (withZone && t.timeZone) out.timeZone = t.timeZone;
  return out;
}

export function sameTime(a: EventTime, b: EventTime): boolean {
  return a.ms === b.ms && a.allDay === b.allDay && (a.timeZone ?? '') === (b.timeZone ?? '');
}

/** "Mon Mar 2, 2026 10am - 11am (GMT+1)" in the reader's zone, like Google's mail subjects. */
export function formatWhen(start: EventTime, end: EventTime, timeZone: string): string {
  const dayText = (ms: number, zone: string) => {
    const p = zonedParts(ms, zone);
    return `${WEEKDAYS[p.weekday]} ${MONTHS[p.month - 1]} ${p.day}, ${p.year}`;
  };
  if (start.allDay) {
    const lastDay = end.ms - DAY_MS;
    return lastDay > start.ms ? `${dayText(start.ms, 'UTC')} - ${dayText(lastDay, 'UTC')}` : dayText(start.ms, 'UTC');
  }
  const clock = (ms: number) => {
    const p = zonedParts(ms, timeZone);
    const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
    return `${h12}${p.minute ? `:${pad(p.minute)}` : ''}${p.hour < 12 ? 'am' : 'pm'}`;
  };
  const sameDay = dayText(start.ms, timeZone) === dayText(end.ms, timeZone);
  const tzName = zoneAbbreviation(start.ms, timeZone);
  return sameDay
    ? `${dayText(start.ms, timeZone)} ${clock(start.ms)} - ${clock(end.ms)} (${tzName})`
    : `${dayText(start.ms, timeZone)} ${clock(start.ms)} - ${dayText(end.ms, timeZone)} ${clock(end.ms)} (${tzName})`;
}

const WEEKDAYS = WEEKDAY_SHORT_NAMES;
const MONTHS = MONTH_SHORT_NAMES;

function zoneAbbreviation(ms: number, timeZone: string): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName');
  const name = part?.value ?? timeZone;
  return name === 'UTC' ? 'GMT' : name;
}
