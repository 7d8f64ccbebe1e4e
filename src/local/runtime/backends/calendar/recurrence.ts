// Recurring series: the RRULE subset the runtime expands, and instance ids.
import { ServiceError } from '../../service';
import { DAY_MS, zonedParts, zonedToInstant } from '../../../../core/time';
import { icsUtc } from '../../ics';
import type { World } from '../../world';
import type { SharedEvent } from './model';
import { calendarZone } from './access';

// ---------------------------------------------------------------------------------------------
// Recurrence: just enough for a weekly or daily series.

interface Rule {
  freq: 'DAILY' | 'WEEKLY';
  interval: number;
  count?: number;
  untilMs?: number;
}

const MAX_INSTANCES = 1000;

export function parseRule(recurrence: string[]): Rule {
  const rrules = recurrence.filter((r) => /^RRULE:/i.test(r));
  const others = recurrence.filter((r) => !/^RRULE:/i.test(r));
  if (rrules.length !== 1 || others.length) {
    throw new ServiceError(
      `The local runtime expands only a single RRULE (got: ${recurrence.join(' | ')})`,
      'Exception',
    );
  }
  const parts = Object.fromEntries(
    rrules[0]!
      .slice(6)
      .split(';')
      .map((kv) => kv.split('=') as [string, string])
      .map(([k, v]) => [k.toUpperCase(), v]),
  );
  const freq = parts.FREQ?.toUpperCase();
  const known = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'WKST']);
  if ((freq !== 'DAILY' && freq !== 'WEEKLY') || Object.keys(parts).some((k) => !known.has(k))) {
    throw new ServiceError(
      `The local runtime expands only RRULE FREQ=DAILY/WEEKLY with INTERVAL, COUNT or UNTIL (got: ${rrules[0]})`,
      'Exception',
    );
  }
  const rule: Rule = { freq, interval: Math.max(1, Number(parts.INTERVAL ?? 1) || 1) };
  if (parts.COUNT) rule.count = Math.max(0, Number(parts.COUNT) || 0);
  if (parts.UNTIL) {
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(parts.UNTIL);
    if (!m) throw new ServiceError(`The local runtime cannot read UNTIL=${parts.UNTIL}`, 'Exception');
    rule.untilMs = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 23), +(m[5] ?? 59), +(m[6] ?? 59));
  }
  return rule;
}

/** Start instants of a series' occurrences up to `horizonMs`, stepping in the series' wall time. */
export function occurrenceStarts(ev: SharedEvent, zone: string, horizonMs: number): number[] {
  if (!ev.recurrence?.length) return [ev.start.ms];
  const rule = parseRule(ev.recurrence);
  const stepDays = rule.interval * (rule.freq === 'WEEKLY' ? 7 : 1);
  const out: number[] = [];
  const first = zonedParts(ev.start.ms, ev.start.allDay ? 'UTC' : zone);
  for (let k = 0; out.length < MAX_INSTANCES; k++) {
    if (rule.count !== undefined && k >= rule.count) break;
    const day = new Date(Date.UTC(first.year, first.month - 1, first.day) + k * stepDays * DAY_MS);
    const ms = ev.start.allDay
      ? day.getTime()
      : zonedToInstant(
          {
            year: day.getUTCFullYear(),
            month: day.getUTCMonth() + 1,
            day: day.getUTCDate(),
            hour: first.hour,
            minute: first.minute,
            second: first.second,
          },
          zone,
        );
    if (rule.untilMs !== undefined && ms > rule.untilMs) break;
    if (ms > horizonMs) break;
    out.push(ms);
  }
  return out;
}

export function instanceStamp(ms: number, allDay: boolean): string {
  return allDay ? icsUtc(ms).slice(0, 8) : icsUtc(ms);
}

export function parseInstanceId(id: string): { seriesId: string; stamp: string } | undefined {
  const m = /^([a-v0-9]+)_(\d{8}(?:T\d{6}Z)?)$/.exec(id);
  return m ? { seriesId: m[1]!, stamp: m[2]! } : undefined;
}

export function seriesZone(world: World, ev: SharedEvent): string {
  return ev.start.timeZone ?? calendarZone(world, ev.organizer);
}
