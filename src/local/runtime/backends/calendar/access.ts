// Who may read or write a calendar, a calendar's time zone, and finding an event's copy on a calendar.
import type { World } from '../../world';
import { cal, type CalendarRole, type EventCopy, key, type SharedEvent } from './model';
import { instanceStamp, occurrenceStarts, parseInstanceId, seriesZone } from './recurrence';

/** A calendar's time zone: a secondary calendar's own, else its person's. */
export function calendarZone(world: World, calendarId: string): string {
  return cal(world).calendars[calendarId]?.timeZone ?? world.userOrGuest(calendarId).timeZone;
}

/** What `user` may do with `calendarId`: their primary and own secondary calendars are theirs. */
export function calendarRole(world: World, user: string, calendarId: string): CalendarRole | null {
  const u = key(user);
  const id = key(calendarId);
  if (id === u || id === 'primary') return 'owner';
  const c = cal(world).calendars[id];
  if (!c) return null;
  if (c.owner === u) return 'owner';
  return c.acl[u] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Looking events up.

export function copiesOf(world: World, calendarEmail: string): Record<string, EventCopy> {
  const s = cal(world);
  return (s.copies[calendarEmail] ??= {});
}

export interface Found {
  ev: SharedEvent;
  copy: EventCopy;
  /** Set when the id named one occurrence of a series. */
  instanceStartMs?: number;
}

export function find(world: World, calendarEmail: string, eventId: string): Found | undefined {
  const s = cal(world);
  const copy = s.copies[calendarEmail]?.[eventId];
  const ev = s.events[eventId];
  if (copy && ev) return { ev, copy };
  const inst = parseInstanceId(eventId);
  if (!inst) return undefined;
  const series = s.events[inst.seriesId];
  const seriesCopy = s.copies[calendarEmail]?.[inst.seriesId];
  if (!series || !seriesCopy || !series.recurrence?.length) return undefined;
  const starts = occurrenceStarts(series, seriesZone(world, series), Number.MAX_SAFE_INTEGER);
  const hit = starts.find((ms) => instanceStamp(ms, series.start.allDay) === inst.stamp);
  return hit === undefined ? undefined : { ev: series, copy: seriesCopy, instanceStartMs: hit };
}
