// The Events API handlers: get, insert, patch, update, remove, list and instances.
import { apiError, type CallContext, requireScope, ServiceError } from '../../service';
import { isValidTimeZone, parseIsoInstant } from '../../../../core/time';
import type { World } from '../../world';
import { badRequest } from './time';
import { calendarRole, calendarZone, find } from './access';
import { isPlainObject } from './resource';
import { cal, etagOf, READ_SCOPES, type SendUpdates, WRITE_SCOPES } from './model';
import { type EventResource, render } from './render';
import { removeEvent, writeEvent } from './write';
import { occurrenceStarts, seriesZone } from './recurrence';

// ---------------------------------------------------------------------------------------------
// API handlers.

/**
 * The calendar a call is about, checked against the caller's access: 'read' needs reader, writer or
 * owner; 'write' needs writer or owner (403 requiredAccessLevel with reader access). A calendar the
 * caller cannot see at all is 404, as Google answers.
 */
function own(ctx: CallContext, calendarId: unknown, method: string, need: 'read' | 'write' = 'write'): string {
  const me = ctx.user().email;
  if (typeof calendarId !== 'string' || !calendarId.trim()) throw badRequest(method, 'Missing calendarId.', 'required');
  const id = calendarId.trim().toLowerCase();
  if (id === 'primary' || id === me) return me;
  const role = calendarRole(ctx.world, me, id);
  if (role === 'owner' || role === 'writer') return id;
  if (role === 'reader') {
    if (need === 'read') return id;
    throw apiError('calendar', method, 403, 'You need to have writer access to this calendar.', 'requiredAccessLevel');
  }
  throw apiError('calendar', method, 404, 'Not Found', 'notFound');
}

function checkOptions(method: string, opts: unknown, allowed: string[]): Record<string, unknown> {
  if (opts === undefined || opts === null) return {};
  if (!isPlainObject(opts)) throw new ServiceError(`Invalid optional arguments for Calendar.${method}`, 'Exception');
  for (const k of Object.keys(opts)) {
    if (!allowed.includes(k))
      throw new ServiceError(
        `The local runtime does not support optional argument "${k}" of Calendar.${method}`,
        'Exception',
      );
  }
  return opts;
}

const truthy = (v: unknown) => v === true || v === 'true';

function sendUpdatesOf(opts: Record<string, unknown>): SendUpdates {
  const v = opts.sendUpdates;
  if (v === 'all' || v === 'externalOnly' || v === 'none') return v;
  if (v !== undefined) throw new ServiceError(`Invalid value for sendUpdates: ${String(v)}`, 'Exception');
  return truthy(opts.sendNotifications) ? 'all' : 'none';
}

function responseZone(opts: Record<string, unknown>, method: string): string | undefined {
  if (opts.timeZone === undefined) return undefined;
  if (!isValidTimeZone(opts.timeZone)) throw badRequest(method, 'Invalid time zone definition.');
  return opts.timeZone;
}

function ifMatchOf(headers: unknown): string | undefined {
  if (!isPlainObject(headers)) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'if-match');
  return key ? String(headers[key]) : undefined;
}

// Options accepted and deliberately ignored: partial responses (fields), attendee truncation.
const IGNORED = ['fields', 'maxAttendees', 'alwaysIncludeEmail'];

export interface EventArgs {
  calendarId?: unknown;
  eventId?: unknown;
  resource?: unknown;
  optionalArgs?: unknown;
  headers?: unknown;
}

/**
 * A private event seen by someone with reader access to the calendar who is not a guest: only its
 * time ("busy"). ACL reference (https://developers.google.com/workspace/calendar/api/v3/reference/acl):
 * "reader - Provides read access to the calendar. Private events will appear to users with reader
 * access, but event details will be hidden." Writers and owners see the details.
 */
function busyOnlyForReader(ctx: CallContext, calId: string, item: EventResource): EventResource {
  const me = ctx.user().email;
  if (item.visibility !== 'private' && item.visibility !== 'confidential') return item;
  if (calendarRole(ctx.world, me, calId) !== 'reader') return item;
  const ev = cal(ctx.world).events[String(item.recurringEventId ?? item.id)];
  if (ev && (ev.organizer === me || ev.attendees.some((x) => x.email === me))) return item;
  const keep = ['kind', 'etag', 'id', 'status', 'start', 'end', 'visibility', 'transparency', 'recurringEventId'];
  return Object.fromEntries(Object.entries(item).filter(([k]) => keep.includes(k))) as EventResource;
}

export function getEvent(ctx: CallContext, a: EventArgs): EventResource {
  const method = 'events.get';
  requireScope(ctx, 'Calendar.Events.get', READ_SCOPES);
  const opts = checkOptions('Events.get', a.optionalArgs, ['timeZone', ...IGNORED]);
  const calId = own(ctx, a.calendarId, method, 'read');
  const found = typeof a.eventId === 'string' ? find(ctx.world, calId, a.eventId) : undefined;
  if (!found) throw apiError('calendar', method, 404, 'Not Found', 'notFound');
  const item = render(ctx.world, calId, found.ev, found.copy, {
    timeZone: responseZone(opts, method),
    instanceStartMs: found.instanceStartMs,
  });
  return busyOnlyForReader(ctx, calId, item);
}

export function writeHandler(mode: 'patch' | 'update') {
  return (ctx: CallContext, a: EventArgs): EventResource => {
    const method = `events.${mode}`;
    requireScope(ctx, `Calendar.Events.${mode}`, WRITE_SCOPES);
    const opts = checkOptions(`Events.${mode}`, a.optionalArgs, [
      'sendUpdates',
      'sendNotifications',
      'supportsAttachments',
      'conferenceDataVersion',
      ...IGNORED,
    ]);
    const calId = own(ctx, a.calendarId, method);
    const found = typeof a.eventId === 'string' ? find(ctx.world, calId, a.eventId) : undefined;
    if (!found) throw apiError('calendar', method, 404, 'Not Found', 'notFound');
    if (!isPlainObject(a.resource)) throw badRequest(method, 'Missing event resource.', 'required');
    const r = writeEvent(
      {
        world: ctx.world,
        actor: calId,
        mode,
        body: a.resource,
        supportsAttachments: truthy(opts.supportsAttachments),
        conferenceDataVersion: Number(opts.conferenceDataVersion ?? 0) || 0,
        sendUpdates: sendUpdatesOf(opts),
        nowMs: ctx.nowMs(),
        method,
        ifMatch: ifMatchOf(a.headers),
        creator: ctx.user().email,
      },
      found,
    );
    return render(ctx.world, calId, r.ev, r.copy);
  };
}

export function insertEvent(ctx: CallContext, a: EventArgs): EventResource {
  const method = 'events.insert';
  requireScope(ctx, 'Calendar.Events.insert', WRITE_SCOPES);
  const opts = checkOptions('Events.insert', a.optionalArgs, [
    'sendUpdates',
    'sendNotifications',
    'supportsAttachments',
    'conferenceDataVersion',
    ...IGNORED,
  ]);
  const calId = own(ctx, a.calendarId, method);
  if (!isPlainObject(a.resource)) throw badRequest(method, 'Missing event resource.', 'required');
  let id: string | undefined;
  if (a.resource.id !== undefined) {
    id = String(a.resource.id);
    if (!/^[a-v0-9]{5,1024}$/.test(id)) throw badRequest(method, 'Invalid resource id value.');
    if (cal(ctx.world).events[id])
      throw apiError('calendar', method, 409, 'The requested identifier already exists.', 'duplicate');
  }
  const r = writeEvent({
    world: ctx.world,
    actor: calId,
    mode: 'insert',
    body: a.resource,
    supportsAttachments: truthy(opts.supportsAttachments),
    conferenceDataVersion: Number(opts.conferenceDataVersion ?? 0) || 0,
    sendUpdates: sendUpdatesOf(opts),
    nowMs: ctx.nowMs(),
    method,
    id,
    creator: ctx.user().email,
  });
  return render(ctx.world, calId, r.ev, r.copy);
}

export function removeHandler(ctx: CallContext, a: EventArgs): undefined {
  const method = 'events.delete';
  requireScope(ctx, 'Calendar.Events.remove', WRITE_SCOPES);
  const opts = checkOptions('Events.remove', a.optionalArgs, ['sendUpdates', 'sendNotifications']);
  const calId = own(ctx, a.calendarId, method);
  const found = typeof a.eventId === 'string' ? find(ctx.world, calId, a.eventId) : undefined;
  if (!found) throw apiError('calendar', method, 404, 'Not Found', 'notFound');
  removeEvent(ctx.world, calId, found, sendUpdatesOf(opts), ctx.nowMs(), method);
  return undefined;
}

interface ListQuery {
  timeMin?: number;
  timeMax?: number;
  singleEvents: boolean;
  showDeleted: boolean;
  iCalUID?: string;
  shared: [string, string][];
  private: [string, string][];
  timeZone?: string;
  onlyEventId?: string;
  /** Only items last modified at or after this instant; deleted ones then show without showDeleted. */
  updatedMin?: number;
}

function constraints(v: unknown, method: string): [string, string][] {
  if (v === undefined) return [];
  const xs = Array.isArray(v) ? v : [v];
  return xs.map((x) => {
    const text = String(x);
    const eq = text.indexOf('=');
    if (eq <= 0) throw badRequest(method, `Invalid extended property constraint: ${text}`);
    return [text.slice(0, eq), text.slice(eq + 1)] as [string, string];
  });
}

export function instant(v: unknown, method: string, name: string): number | undefined {
  if (v === undefined) return undefined;
  const ms = typeof v === 'string' ? parseIsoInstant(v) : null;
  if (ms === null) throw badRequest(method, `Bad Request: invalid ${name}`);
  return ms;
}

/** Every item a calendar's list shows for a query, rendered, in start order. */
export function listItems(world: World, calendarEmail: string, q: ListQuery): EventResource[] {
  const s = cal(world);
  const out: { start: number; updated: number; item: EventResource }[] = [];
  for (const [eventId, copy] of Object.entries(s.copies[calendarEmail] ?? {})) {
    const ev = s.events[eventId];
    if (!ev) continue;
    if (q.onlyEventId && eventId !== q.onlyEventId) continue;
    const cancelled = ev.status === 'cancelled' || !!copy.removed;
    if (cancelled && !q.showDeleted && q.updatedMin === undefined) continue;
    if (q.updatedMin !== undefined && Math.max(ev.updatedMs, copy.updatedMs) < q.updatedMin) continue;
    if (q.iCalUID !== undefined && ev.iCalUID !== q.iCalUID) continue;
    if (!q.shared.every(([k, v]) => ev.shared[k] === v)) continue;
    if (!q.private.every(([k, v]) => copy.private[k] === v)) continue;
    const duration = ev.end.ms - ev.start.ms;
    const overlaps = (startMs: number) =>
      (q.timeMax === undefined || startMs < q.timeMax) &&
      (q.timeMin === undefined || startMs + duration > q.timeMin || (duration === 0 && startMs >= q.timeMin));
    if (ev.recurrence?.length && q.singleEvents) {
      const horizon = q.timeMax ?? Number.MAX_SAFE_INTEGER;
      for (const ms of occurrenceStarts(ev, seriesZone(world, ev), horizon)) {
        if (!overlaps(ms)) continue;
        const item = render(world, calendarEmail, ev, copy, { timeZone: q.timeZone, instanceStartMs: ms });
        out.push({ start: ms, updated: ev.updatedMs, item });
      }
    } else {
      const starts = ev.recurrence?.length
        ? occurrenceStarts(ev, seriesZone(world, ev), q.timeMax ?? Number.MAX_SAFE_INTEGER)
        : [ev.start.ms];
      if (!starts.some(overlaps)) continue;
      out.push({
        start: ev.start.ms,
        updated: Math.max(ev.updatedMs, copy.updatedMs),
        item: render(world, calendarEmail, ev, copy, { timeZone: q.timeZone }),
      });
    }
  }
  return out.sort((a, b) => a.start - b.start || (a.item.id < b.item.id ? -1 : 1)).map((x) => x.item);
}

function page(
  items: EventResource[],
  opts: Record<string, unknown>,
  method: string,
): { items: EventResource[]; nextPageToken?: string } {
  const max = opts.maxResults === undefined ? 250 : Math.min(2500, Number(opts.maxResults));
  if (!Number.isInteger(max) || max < 1) throw badRequest(method, 'Invalid value for maxResults.');
  let offset = 0;
  if (opts.pageToken !== undefined) {
    const decoded = /^p(\d+)$/.exec(Buffer.from(String(opts.pageToken), 'base64url').toString('utf8'));
    if (!decoded) throw badRequest(method, 'Invalid page token.');
    offset = Number(decoded[1]);
  }
  const slice = items.slice(offset, offset + max);
  const more = offset + max < items.length;
  return { items: slice, ...(more ? { nextPageToken: Buffer.from(`p${offset + max}`).toString('base64url') } : {}) };
}

function listResponse(
  world: World,
  calendarEmail: string,
  items: EventResource[],
  opts: Record<string, unknown>,
  method: string,
): Record<string, unknown> {
  const paged = page(items, opts, method);
  const updated = Math.max(0, ...paged.items.map((i) => Date.parse(String(i.updated ?? '')) || 0));
  return {
    kind: 'calendar#events',
    etag: etagOf(paged.items.map((i) => i.etag)),
    summary: calendarEmail,
    updated: new Date(updated || world.now()).toISOString(),
    timeZone: calendarZone(world, calendarEmail),
    accessRole: 'owner',
    defaultReminders: [{ method: 'popup', minutes: 10 }],
    ...(paged.nextPageToken ? { nextPageToken: paged.nextPageToken } : {}),
    items: paged.items,
  };
}

export function listHandler(ctx: CallContext, a: EventArgs): Record<string, unknown> {
  const method = 'events.list';
  requireScope(ctx, 'Calendar.Events.list', READ_SCOPES);
  const opts = checkOptions('Events.list', a.optionalArgs, [
    'timeMin',
    'timeMax',
    'singleEvents',
    'orderBy',
    'showDeleted',
    'iCalUID',
    'sharedExtendedProperty',
    'privateExtendedProperty',
    'maxResults',
    'pageToken',
    'timeZone',
    'showHiddenInvitations',
    'updatedMin',
    ...IGNORED,
  ]);
  const calId = own(ctx, a.calendarId, method, 'read');
  const singleEvents = truthy(opts.singleEvents);
  if (opts.orderBy !== undefined && opts.orderBy !== 'startTime' && opts.orderBy !== 'updated')
    throw badRequest(method, 'Invalid value for orderBy.');
  if (opts.orderBy === 'startTime' && !singleEvents)
    throw badRequest(method, 'The requested ordering is not available for the particular query.');
  const q: ListQuery = {
    timeMin: instant(opts.timeMin, method, 'timeMin'),
    timeMax: instant(opts.timeMax, method, 'timeMax'),
    singleEvents,
    showDeleted: truthy(opts.showDeleted),
    iCalUID: opts.iCalUID === undefined ? undefined : String(opts.iCalUID),
    shared: constraints(opts.sharedExtendedProperty, method),
    private: constraints(opts.privateExtendedProperty, method),
    timeZone: responseZone(opts, method),
    updatedMin: instant(opts.updatedMin, method, 'updatedMin'),
  };
  if (q.timeMin !== undefined && q.timeMax !== undefined && q.timeMax < q.timeMin)
    throw badRequest(method, 'The specified time range is empty.', 'timeRangeEmpty');
  let items = listItems(ctx.world, calId, q).map((item) => busyOnlyForReader(ctx, calId, item));
  if (opts.orderBy === 'updated')
    items = [...items].sort((x, y) => String(x.updated ?? '').localeCompare(String(y.updated ?? '')));
  return listResponse(ctx.world, calId, items, opts, method);
}

export function instancesHandler(ctx: CallContext, a: EventArgs): Record<string, unknown> {
  const method = 'events.instances';
  requireScope(ctx, 'Calendar.Events.instances', READ_SCOPES);
  const opts = checkOptions('Events.instances', a.optionalArgs, [
    'timeMin',
    'timeMax',
    'maxResults',
    'pageToken',
    'timeZone',
    'showDeleted',
    ...IGNORED,
  ]);
  const calId = own(ctx, a.calendarId, method, 'read');
  const found = typeof a.eventId === 'string' ? find(ctx.world, calId, a.eventId) : undefined;
  if (!found || found.instanceStartMs !== undefined) throw apiError('calendar', method, 404, 'Not Found', 'notFound');
  const q: ListQuery = {
    timeMin: instant(opts.timeMin, method, 'timeMin'),
    timeMax: instant(opts.timeMax, method, 'timeMax'),
    singleEvents: true,
    showDeleted: true,
    shared: [],
    private: [],
    timeZone: responseZone(opts, method),
    onlyEventId: found.ev.id,
  };
  return listResponse(ctx.world, calId, listItems(ctx.world, calId, q), opts, method);
}
