// Free/busy and Calendars.get: what others may see of a calendar.
import type { UserRecord, World } from '../../world';
import { apiError, type CallContext, requireScope } from '../../service';
import { isValidTimeZone } from '../../../../core/time';
import { cal, CALENDARS_READ_SCOPES, etagOf, FREEBUSY_SCOPES } from './model';
import { occurrenceStarts, seriesZone } from './recurrence';
import { isPlainObject } from './resource';
import { instant } from './events-api';
import { badRequest, formatDateTime } from './time';
import { calendarRole } from './access';

// ---------------------------------------------------------------------------------------------
// Free/busy.

/** Who may see a person's free/busy: themselves always; others per their setting. */
export function freeBusyVisibleTo(world: World, caller: UserRecord, target: UserRecord): boolean {
  if (caller.email === target.email) return true;
  const setting = cal(world).settings[target.email]?.freeBusyVisibleTo ?? (target.domain ? 'domain' : 'none');
  if (setting === 'public') return true;
  if (setting === 'domain') return !!caller.domain && caller.domain === target.domain;
  return false;
}

/** Merged busy intervals of a calendar between two instants. */
export function busyBlocks(world: World, calendarEmail: string, fromMs: number, toMs: number): [number, number][] {
  const s = cal(world);
  const raw: [number, number][] = [];
  for (const [eventId, copy] of Object.entries(s.copies[calendarEmail] ?? {})) {
    const ev = s.events[eventId];
    if (!ev || ev.status === 'cancelled' || copy.removed || copy.transparency === 'transparent') continue;
    const me = ev.attendees.find((a) => a.email === calendarEmail);
    if (me?.responseStatus === 'declined') continue;
    const duration = ev.end.ms - ev.start.ms;
    for (const ms of occurrenceStarts(ev, seriesZone(world, ev), toMs)) {
      const a = Math.max(ms, fromMs);
      const b = Math.min(ms + duration, toMs);
      if (b > a) raw.push([a, b]);
    }
  }
  raw.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of raw) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

export function freebusyHandler(ctx: CallContext, a: { resource?: unknown }): Record<string, unknown> {
  const method = 'freebusy.query';
  requireScope(ctx, 'Calendar.Freebusy.query', FREEBUSY_SCOPES);
  const r = isPlainObject(a.resource) ? a.resource : {};
  const timeMin = instant(r.timeMin, method, 'timeMin');
  const timeMax = instant(r.timeMax, method, 'timeMax');
  if (timeMin === undefined || timeMax === undefined)
    throw badRequest(method, 'Missing timeMin or timeMax.', 'required');
  if (timeMax < timeMin) throw badRequest(method, 'The specified time range is empty.', 'timeRangeEmpty');
  const zone = r.timeZone === undefined ? 'UTC' : String(r.timeZone);
  if (!isValidTimeZone(zone)) throw badRequest(method, 'Invalid time zone definition.');
  const items = Array.isArray(r.items) ? r.items : [];
  if (items.length > 50) throw badRequest(method, 'Too many calendars requested.', 'tooManyCalendarsRequested');
  const caller = ctx.user();
  const calendars: Record<string, unknown> = {};
  for (const item of items) {
    const id = isPlainObject(item) && typeof item.id === 'string' ? item.id : '';
    const email = id.trim().toLowerCase() === 'primary' ? caller.email : id.trim().toLowerCase();
    const target = ctx.world.user(email);
    if (!target || !freeBusyVisibleTo(ctx.world, caller, target)) {
      calendars[id] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
      continue;
    }
    calendars[id] = {
      busy: busyBlocks(ctx.world, target.email, timeMin, timeMax).map(([s, e]) => ({
        start: formatDateTime(s, zone),
        end: formatDateTime(e, zone),
      })),
    };
  }
  return {
    kind: 'calendar#freeBusy',
    timeMin: formatDateTime(timeMin, zone),
    timeMax: formatDateTime(timeMax, zone),
    calendars,
  };
}

/**
 * Calendars.get (metadata only: id, summary, timeZone). A person's primary calendar id is their email.
 * Visible when it is the caller's own or the caller may see its free/busy; 404 otherwise.
 */
export function calendarsGetHandler(ctx: CallContext, a: { calendarId?: unknown }): Record<string, unknown> {
  const method = 'calendars.get';
  requireScope(ctx, 'Calendar.Calendars.get', CALENDARS_READ_SCOPES);
  if (typeof a.calendarId !== 'string' || !a.calendarId.trim())
    throw badRequest(method, 'Missing calendarId.', 'required');
  const caller = ctx.user();
  const id = a.calendarId.trim().toLowerCase();
  const secondary = cal(ctx.world).calendars[id];
  if (secondary) {
    if (!calendarRole(ctx.world, caller.email, id)) throw apiError('calendar', method, 404, 'Not Found', 'notFound');
    const meta = { kind: 'calendar#calendar', id, summary: secondary.summary, timeZone: secondary.timeZone };
    return { ...meta, etag: etagOf(meta) };
  }
  const target = ctx.world.user(id === 'primary' ? caller.email : id);
  if (!target || !freeBusyVisibleTo(ctx.world, caller, target))
    throw apiError('calendar', method, 404, 'Not Found', 'notFound');
  const body = { kind: 'calendar#calendar', id: target.email, summary: target.email, timeZone: target.timeZone };
  return { ...body, etag: etagOf(body) };
}
