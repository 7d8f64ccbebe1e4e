// Calendar API v3 (the `Calendar` advanced service) over the World, plus what a person does in Google
// Calendar's own UI (create, move, delete, answer, the event editor with an add-on side panel).
//
// Model (PLATFORM.md "Extended properties", Calendar API reference):
// - ONE event (`SharedEvent`, owned by its organizer) is seen through per-calendar COPIES with the
//   same event id and iCalUID. Shared fields (summary, description, location, start, end, attendees
//   and their answers, attachments, conferenceData, recurrence, status, extendedProperties.shared)
//   live on the event; per-copy fields (extendedProperties.private, reminders, colorId, transparency)
//   on the copy. Every copy has its own etag, a hash of exactly what that calendar sees, so it changes
//   whenever that copy's visible content changes.
// - Only the organizer may change organizer-owned fields; others get 403 forbiddenForNonOrganizer
//   (unless the event lets guests modify it). Attendees may change their own answer and the shared
//   and private extended properties.
// - `If-Match` with a stale etag: 412 Precondition Failed. Unknown id (including an editor draft that
//   was never saved): 404 Not Found. A deleted event is kept with status 'cancelled': `get` returns it,
//   `list` only with showDeleted (reference: Event.status). On the organizer's calendar, and on the
//   calendar of an attendee who removed it themselves, a cancelled event keeps its details; other
//   attendees' copies of an event the organizer deleted show only id and status.
// - Extended properties: keys over 44 characters are dropped, values over 1024 characters truncated,
//   silently (guide: extended properties). More than 300 properties or 32 kB per event: refused with
//   "A provided value exceeds the allowed size limit." (the wording Calendar uses for oversized event
//   values; the exact status for this case is UNVERIFIED, 400 here). Non-string values are dropped.
// - Attachments need supportsAttachments=true on the request, else the field is ignored; a write that
//   sends `attachments` replaces the whole array; at most 25. conferenceData needs conferenceDataVersion=1.
// - sendUpdates 'all' | 'externalOnly' | 'none' (API default 'none') decides which attendees get
//   invitation / update / cancellation mail in their Gmail (backends/gmail.ts); the mail carries eid
//   links (base64url of "<eventId> <calendar email>", gmail.com abbreviated "@m", group calendars "@g",
//   as seen in real htmlLinks) and invite.ics.
// - Events.list with several sharedExtendedProperty constraints returns events matching ALL of them
//   (the events.list reference; the extended-properties guide has been read as OR: UNVERIFIED).
// - Free/busy: busy blocks only; a calendar the caller may not see reports errors [{notFound}].
// - Calendars.get: a calendar's metadata (summary, time zone): the caller's own, or another person's
//   primary calendar when the caller may see at least its free/busy (a CalendarList entry with
//   accessRole freeBusyReader carries the calendar's timeZone); otherwise 404 notFound. That is the
//   only way an add-on learns a colleague's time zone: Settings (timezone, no working hours at all)
//   are the caller's own only.
//
// - Secondary calendars (`<id>@group.calendar.google.com`): owned by one person and shared with
//   others as owner / writer / reader / freeBusyReader (CalendarList accessRole). An event created on
//   one has that CALENDAR as its organizer (organizer.email = the calendar id; organizer.self is true
//   on that calendar's copy: "Whether the organizer corresponds to the calendar on which this copy of
//   the event appears", Events resource) and the person as its creator. Anyone with writer access to
//   the organizer calendar acts as the organizer there. Reading a calendar without reader access is
//   404 notFound; writing with reader access is 403 requiredAccessLevel ("You need to have writer
//   access to this calendar."). A person's own email (or 'primary') is their primary calendar; other
//   people's primary calendars are not shared with anyone in the local World (404).
//
// Not modelled (fail loudly or are ignored as documented in the handlers): CalendarList, ACL rules
// through the API, editing single instances of a series, RRULEs other than FREQ=DAILY/WEEKLY with
// INTERVAL/COUNT/UNTIL, partial responses (`fields`).
import { createHash } from 'node:crypto';
import type { World, UserRecord } from '../world';
import type { LocalRuntime } from '../runtime';
import { ServiceError, apiError, requireScope, type CallContext, type Handler, type HandlerMap } from '../service';
import {
  isValidTimeZone,
  MONTH_SHORT_NAMES,
  parseIsoInstant,
  WEEKDAY_SHORT_NAMES,
  zonedParts,
  zoneOffsetMs,
  zonedToInstant,
  DAY_MS,
} from '../../../core/time';
import { invitationIcs, icsUtc, type IcsAttendee } from '../ics';
import { deliverMessage, escapeHtml, type MessageKind } from './gmail';

// ---------------------------------------------------------------------------------------------
// World slice.

export type ResponseStatus = 'needsAction' | 'declined' | 'tentative' | 'accepted';
export type SendUpdates = 'all' | 'externalOnly' | 'none';
export type FreeBusyVisibility = 'domain' | 'public' | 'none';

/** An instant plus how it was given: all-day events keep a DATE, timed ones an optional zone name. */
export interface EventTime {
  ms: number;
  allDay: boolean;
  timeZone?: string;
}

export interface StoredAttendee {
  email: string;
  displayName?: string;
  optional?: boolean;
  responseStatus: ResponseStatus;
  comment?: string;
}

export interface StoredAttachment {
  fileUrl: string;
  title: string;
  mimeType: string;
  iconLink: string;
  fileId?: string;
}

/** The organizer-owned event every copy shows. */
export interface SharedEvent {
  id: string;
  iCalUID: string;
  organizer: string;
  creator: string;
  createdMs: number;
  updatedMs: number;
  status: 'confirmed' | 'tentative' | 'cancelled';
  summary?: string;
  description?: string;
  location?: string;
  start: EventTime;
  end: EventTime;
  recurrence?: string[];
  attendees: StoredAttendee[];
  attachments: StoredAttachment[];
  conferenceData?: Record<string, unknown>;
  shared: Record<string, string>;
  sequence: number;
  guestsCanModify: boolean;
  guestsCanInviteOthers: boolean;
  guestsCanSeeOtherGuests: boolean;
  visibility?: string;
}

/** One calendar's copy of an event. */
export interface EventCopy {
  private: Record<string, string>;
  reminders?: { useDefault: boolean; overrides?: { method: string; minutes: number }[] };
  colorId?: string;
  transparency: 'opaque' | 'transparent';
  /** The owner deleted it from their calendar, or the organizer removed them from the guest list. */
  removed?: boolean;
  updatedMs: number;
}

/** The Calendar editor as a person has it open (before Save, the API knows nothing of it). */
export interface EditorDraft {
  draftId: string;
  /** Who has the editor open. */
  user: string;
  /** The calendar the event is (or will be) on, when not the person's primary calendar. */
  calendarId?: string;
  /** Set when the editor was opened on an existing event. */
  eventId?: string;
  summary?: string;
  description?: string;
  location?: string;
  start: EventTime;
  end: EventTime;
  attendees: { email: string; optional?: boolean }[];
  attachments: StoredAttachment[];
  conferenceData?: Record<string, unknown>;
  recurrence?: string[];
}

export interface CalendarUserSettings {
  /** Who may query this person's free/busy. Default: 'domain' for Workspace users, 'none' otherwise. */
  freeBusyVisibleTo?: FreeBusyVisibility;
}

export interface CalendarOptions {
  /**
   * What id the event gets when an editor draft is saved for the first time. PLATFORM.md: it is
   * UNVERIFIED what `e.calendar.id` holds before the first save. 'same': the draft's id becomes the
   * event's id. 'new': the saved event gets a fresh id (the draft id was only a placeholder).
   */
  draftIdOnSave: 'same' | 'new';
}

/** Access to a calendar (CalendarList accessRole). */
export type CalendarRole = 'owner' | 'writer' | 'reader' | 'freeBusyReader';

/** A secondary calendar: owned by one person, shared with others by role. */
export interface SecondaryCalendar {
  id: string;
  summary: string;
  owner: string;
  timeZone: string;
  /** Everyone but the owner it is shared with. */
  acl: Record<string, CalendarRole>;
}

export interface CalendarState {
  /** Shared events by id. */
  events: Record<string, SharedEvent>;
  /** Secondary calendars by id (primary calendars are the people themselves). */
  calendars: Record<string, SecondaryCalendar>;
  /** Copies: calendar (owner email) -> event id -> copy. */
  copies: Record<string, Record<string, EventCopy>>;
  settings: Record<string, CalendarUserSettings>;
  drafts: Record<string, EditorDraft>;
  options: CalendarOptions;
  seq: number;
}

export const initialCalendarState = (): CalendarState => ({
  events: {},
  calendars: {},
  copies: {},
  settings: {},
  drafts: {},
  options: { draftIdOnSave: 'same' },
  seq: 0,
});

/** Older World files may lack newer fields; fill them in place. */
function cal(world: World): CalendarState {
  const s = world.state.calendar as Partial<CalendarState>;
  s.events ??= {};
  s.calendars ??= {};
  s.copies ??= {};
  s.settings ??= {};
  s.drafts ??= {};
  s.options ??= { draftIdOnSave: 'same' };
  s.seq ??= 0;
  return s as CalendarState;
}

// ---------------------------------------------------------------------------------------------
// Limits and scopes.

export const MAX_PROPERTY_KEY = 44;
export const MAX_PROPERTY_VALUE = 1024;
export const MAX_PROPERTIES = 300;
export const MAX_PROPERTIES_BYTES = 32 * 1024;
export const MAX_ATTACHMENTS = 25;
const SIZE_LIMIT_MESSAGE = 'A provided value exceeds the allowed size limit.';
const FORBIDDEN_NON_ORGANIZER = 'Shared properties can only be changed by the organizer of the event.';

const AUTH = 'https://www.googleapis.com/auth/';
// From the Calendar discovery document (googleapis 176). The freebusy-only and public-only scopes
// that discovery also lists for events.get/list return no event details, so they are not enough here.
const READ_SCOPES = [
  'calendar.events',
  'calendar',
  'calendar.readonly',
  'calendar.events.readonly',
  'calendar.events.owned',
  'calendar.events.owned.readonly',
].map((s) => AUTH + s);
const WRITE_SCOPES = ['calendar.events', 'calendar', 'calendar.events.owned'].map((s) => AUTH + s);
const FREEBUSY_SCOPES = ['calendar.freebusy', 'calendar', 'calendar.readonly', 'calendar.events.freebusy'].map(
  (s) => AUTH + s,
);
const CALENDARS_READ_SCOPES = [
  'calendar.calendars.readonly',
  'calendar.calendars',
  'calendar',
  'calendar.readonly',
].map((s) => AUTH + s);

// ---------------------------------------------------------------------------------------------
// Ids, eids, etags.

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** A Google-looking event id (26 base32hex characters), deterministic from the World's counter. */
function newEventId(world: World): string {
  const s = cal(world);
  for (;;) {
    s.seq += 1;
    const digest = createHash('sha256').update(`ccm-event:${s.seq}:${world.now()}`).digest();
    let id = '';
    for (let i = 0; i < 26; i++) id += BASE32HEX[digest[i]! & 31];
    if (!s.events[id] && !s.drafts[id]) return id;
  }
}

/** The calendar email as Google abbreviates it inside an eid. */
export function eidEmail(email: string): string {
  return email
    .toLowerCase()
    .replace(/@gmail\.com$/, '@m')
    .replace(/@group\.calendar\.google\.com$/, '@g');
}

/** The inverse of `eidEmail`. */
export function expandEidEmail(email: string): string {
  return email.replace(/@m$/, '@gmail.com').replace(/@g$/, '@group.calendar.google.com');
}

/** `eid` of an event on a calendar: base64url (no padding) of "<eventId> <abbreviated email>". */
export function encodeEid(eventId: string, calendarEmail: string): string {
  return Buffer.from(`${eventId} ${eidEmail(calendarEmail)}`, 'utf8').toString('base64url');
}

export function decodeEid(eid: string): { eventId: string; calendarEmail: string } {
  const text = Buffer.from(eid.replace(/\+/g, '-').replace(/\//g, '_'), 'base64url').toString('utf8');
  const [eventId = '', email = ''] = text.split(' ');
  return { eventId, calendarEmail: expandEidEmail(email) };
}

function etagOf(value: unknown): string {
  const hex = createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 13);
  return `"${String(parseInt(hex, 16)).padStart(16, '3')}"`;
}

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

function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function badRequest(method: string, message: string, reason = 'invalid'): ServiceError {
  return apiError('calendar', method, 400, message, reason);
}

/** Reads an API EventDateTime ({dateTime, timeZone} or {date}). */
function parseEventTime(v: unknown, which: 'start' | 'end', method: string): EventTime {
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

function timeJson(t: EventTime, zone: string, withZone: boolean): Record<string, string> {
  if (t.allDay) return { date: formatDate(t.ms) };
  const out: Record<string, string> = { dateTime: formatDateTime(t.ms, zone) };
  if (withZone && t.timeZone) out.timeZone = t.timeZone;
  return out;
}

function sameTime(a: EventTime, b: EventTime): boolean {
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

// ---------------------------------------------------------------------------------------------
// Recurrence: just enough for a weekly or daily series.

interface Rule {
  freq: 'DAILY' | 'WEEKLY';
  interval: number;
  count?: number;
  untilMs?: number;
}

const MAX_INSTANCES = 1000;

function parseRule(recurrence: string[]): Rule {
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
function occurrenceStarts(ev: SharedEvent, zone: string, horizonMs: number): number[] {
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

function instanceStamp(ms: number, allDay: boolean): string {
  return allDay ? icsUtc(ms).slice(0, 8) : icsUtc(ms);
}

function parseInstanceId(id: string): { seriesId: string; stamp: string } | undefined {
  const m = /^([a-v0-9]+)_(\d{8}(?:T\d{6}Z)?)$/.exec(id);
  return m ? { seriesId: m[1]!, stamp: m[2]! } : undefined;
}

function seriesZone(world: World, ev: SharedEvent): string {
  return ev.start.timeZone ?? calendarZone(world, ev.organizer);
}

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
// Rendering a copy as the API returns it.

export type EventResource = Record<string, unknown> & { id: string; etag: string; status: string };

interface RenderOpts {
  /** The response time zone (optional argument `timeZone`); default the calendar owner's. */
  timeZone?: string;
  /** Render one occurrence of a series. */
  instanceStartMs?: number;
}

function render(
  world: World,
  calendarEmail: string,
  ev: SharedEvent,
  copy: EventCopy,
  opts: RenderOpts = {},
): EventResource {
  const ownZone = calendarZone(world, calendarEmail);
  const zone = opts.timeZone ?? ownZone;
  const isOrganizer = calendarEmail === ev.organizer;
  const instance = opts.instanceStartMs !== undefined && ev.recurrence?.length ? opts.instanceStartMs : undefined;
  const id = instance !== undefined ? `${ev.id}_${instanceStamp(instance, ev.start.allDay)}` : ev.id;
  const cancelledByOrganizer = ev.status === 'cancelled';
  const status = cancelledByOrganizer || copy.removed ? 'cancelled' : ev.status;
  let body: Record<string, unknown>;
  if (cancelledByOrganizer && !isOrganizer && !copy.removed) {
    // Reference: deleted events are only guaranteed to have the id; the organizer's copy and one the
    // attendee removed themselves keep their details.
    body = { kind: 'calendar#event', id, status };
    if (instance !== undefined) body.recurringEventId = ev.id;
  } else {
    const shift = instance !== undefined ? instance - ev.start.ms : 0;
    const start: EventTime = { ...ev.start, ms: ev.start.ms + shift };
    const end: EventTime = { ...ev.end, ms: ev.end.ms + shift };
    body = {
      kind: 'calendar#event',
      id,
      status,
      htmlLink: `https://www.google.com/calendar/event?eid=${encodeEid(id, calendarEmail)}`,
      created: new Date(ev.createdMs).toISOString(),
      updated: new Date(Math.max(ev.updatedMs, copy.updatedMs)).toISOString(),
    };
    if (ev.summary !== undefined) body.summary = ev.summary;
    if (ev.description !== undefined) body.description = ev.description;
    if (ev.location !== undefined) body.location = ev.location;
    if (copy.colorId !== undefined) body.colorId = copy.colorId;
    body.creator = { email: ev.creator, ...(ev.creator === calendarEmail ? { self: true } : {}) };
    body.organizer = { email: ev.organizer, ...(isOrganizer ? { self: true } : {}) };
    body.start = timeJson(start, zone, true);
    body.end = timeJson(end, zone, true);
    if (instance === undefined && ev.recurrence?.length) body.recurrence = [...ev.recurrence];
    if (instance !== undefined) {
      body.recurringEventId = ev.id;
      body.originalStartTime = timeJson(start, zone, true);
    }
    if (copy.transparency === 'transparent') body.transparency = 'transparent';
    if (ev.visibility) body.visibility = ev.visibility;
    body.iCalUID = ev.iCalUID;
    body.sequence = ev.sequence;
    if (ev.attendees.length) {
      const visible =
        isOrganizer || ev.guestsCanSeeOtherGuests
          ? ev.attendees
          : ev.attendees.filter((a) => a.email === calendarEmail);
      body.attendees = visible.map((a) => ({
        email: a.email,
        ...(a.displayName ? { displayName: a.displayName } : {}),
        ...(a.email === ev.organizer ? { organizer: true } : {}),
        ...(a.email === calendarEmail ? { self: true } : {}),
        ...(a.optional ? { optional: true } : {}),
        responseStatus: a.responseStatus,
        ...(a.comment ? { comment: a.comment } : {}),
      }));
    }
    if (ev.guestsCanModify) body.guestsCanModify = true;
    if (!ev.guestsCanInviteOthers) body.guestsCanInviteOthers = false;
    if (!ev.guestsCanSeeOtherGuests) body.guestsCanSeeOtherGuests = false;
    const ext: Record<string, Record<string, string>> = {};
    if (Object.keys(copy.private).length) ext.private = { ...copy.private };
    if (Object.keys(ev.shared).length) ext.shared = { ...ev.shared };
    if (Object.keys(ext).length) body.extendedProperties = ext;
    if (ev.conferenceData) {
      body.conferenceData = structuredClone(ev.conferenceData);
      const meet = meetLink(ev.conferenceData);
      if (meet) body.hangoutLink = meet;
    }
    body.reminders = copy.reminders ? structuredClone(copy.reminders) : { useDefault: true };
    if (ev.attachments.length) body.attachments = ev.attachments.map((a) => ({ ...a }));
    body.eventType = 'default';
  }
  // Google lists kind first, then etag; the etag hashes everything else this calendar sees, in the
  // calendar's own zone, so that asking for another response zone does not change it.
  const etag =
    opts.timeZone !== undefined && opts.timeZone !== ownZone
      ? render(world, calendarEmail, ev, copy, { instanceStartMs: opts.instanceStartMs }).etag
      : etagOf(body);
  const { kind, ...rest } = body;
  return { kind, etag, ...rest } as unknown as EventResource;
}

function meetLink(conf: Record<string, unknown>): string | undefined {
  const eps = (conf as { entryPoints?: { entryPointType?: string; uri?: string }[] }).entryPoints;
  const video = Array.isArray(eps) ? eps.find((e) => e.entryPointType === 'video') : undefined;
  return video?.uri && /meet\.google\.com/.test(video.uri) ? video.uri : undefined;
}

// ---------------------------------------------------------------------------------------------
// Looking events up.

function copiesOf(world: World, calendarEmail: string): Record<string, EventCopy> {
  const s = cal(world);
  return (s.copies[calendarEmail] ??= {});
}

interface Found {
  ev: SharedEvent;
  copy: EventCopy;
  /** Set when the id named one occurrence of a series. */
  instanceStartMs?: number;
}

function find(world: World, calendarEmail: string, eventId: string): Found | undefined {
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

// ---------------------------------------------------------------------------------------------
// The write engine: insert, patch and update, from the API or from the UI helpers.

interface RawAttendee {
  email: string;
  displayName?: string;
  optional?: boolean;
  responseStatus?: ResponseStatus;
  comment?: string;
}

/** The editable fields of one copy, in API form (what a patch merges into). */
interface EditableView {
  summary?: string;
  description?: string;
  location?: string;
  start?: unknown;
  end?: unknown;
  recurrence?: unknown;
  attendees?: unknown;
  attachments?: unknown;
  conferenceData?: unknown;
  status?: unknown;
  guestsCanModify?: unknown;
  guestsCanInviteOthers?: unknown;
  guestsCanSeeOtherGuests?: unknown;
  visibility?: unknown;
  extendedProperties?: { shared?: unknown; private?: unknown };
  reminders?: unknown;
  colorId?: unknown;
  transparency?: unknown;
}

const EDITABLE_KEYS: (keyof EditableView)[] = [
  'summary',
  'description',
  'location',
  'start',
  'end',
  'recurrence',
  'attendees',
  'attachments',
  'conferenceData',
  'status',
  'guestsCanModify',
  'guestsCanInviteOthers',
  'guestsCanSeeOtherGuests',
  'visibility',
  'extendedProperties',
  'reminders',
  'colorId',
  'transparency',
];

function storedTimeJson(t: EventTime): Record<string, string> {
  return t.allDay
    ? { date: formatDate(t.ms) }
    : { dateTime: new Date(t.ms).toISOString(), ...(t.timeZone ? { timeZone: t.timeZone } : {}) };
}

function viewOf(ev: SharedEvent, copy: EventCopy): EditableView {
  return {
    summary: ev.summary,
    description: ev.description,
    location: ev.location,
    start: storedTimeJson(ev.start),
    end: storedTimeJson(ev.end),
    recurrence: ev.recurrence ? [...ev.recurrence] : undefined,
    attendees: ev.attendees.map((a) => ({ ...a })),
    attachments: ev.attachments.map((a) => ({ ...a })),
    conferenceData: ev.conferenceData ? structuredClone(ev.conferenceData) : undefined,
    status: ev.status,
    guestsCanModify: ev.guestsCanModify,
    guestsCanInviteOthers: ev.guestsCanInviteOthers,
    guestsCanSeeOtherGuests: ev.guestsCanSeeOtherGuests,
    visibility: ev.visibility,
    extendedProperties: { shared: { ...ev.shared }, private: { ...copy.private } },
    reminders: copy.reminders ? structuredClone(copy.reminders) : undefined,
    colorId: copy.colorId,
    transparency: copy.transparency,
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** JSON-merge-patch semantics, as Google's patch: objects merge, arrays and scalars replace, null deletes. */
function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function mergeTime(base: unknown, patch: unknown): unknown {
  // A new start/end replaces the old one; a timed value without a zone keeps the old zone name.
  if (!isPlainObject(patch)) return patch;
  if (patch.dateTime !== undefined && patch.timeZone === undefined && isPlainObject(base) && base.timeZone) {
    return { ...patch, timeZone: base.timeZone };
  }
  return patch;
}

/** Keeps only well-formed extended properties, with Google's silent limits applied. */
function sanitizeProperties(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlainObject(v)) return out;
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') continue;
    if (k.length > MAX_PROPERTY_KEY) continue;
    out[k] = val.length > MAX_PROPERTY_VALUE ? val.slice(0, MAX_PROPERTY_VALUE) : val;
  }
  return out;
}

function propertiesSize(...maps: Record<string, string>[]): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const m of maps) {
    for (const [k, v] of Object.entries(m)) {
      count++;
      bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
    }
  }
  return { count, bytes };
}

const RESPONSES: ResponseStatus[] = ['needsAction', 'declined', 'tentative', 'accepted'];

function parseAttendees(v: unknown, method: string): RawAttendee[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequest(method, 'Invalid attendee list.');
  const seen = new Set<string>();
  const out: RawAttendee[] = [];
  for (const a of v) {
    const email = isPlainObject(a) && typeof a.email === 'string' ? a.email.trim().toLowerCase() : '';
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw badRequest(method, 'Invalid attendee email.');
    if (seen.has(email)) continue;
    seen.add(email);
    const o = a as Record<string, unknown>;
    out.push({
      email,
      ...(typeof o.displayName === 'string' ? { displayName: o.displayName } : {}),
      ...(o.optional === true ? { optional: true } : {}),
      ...(RESPONSES.includes(o.responseStatus as ResponseStatus)
        ? { responseStatus: o.responseStatus as ResponseStatus }
        : {}),
      ...(typeof o.comment === 'string' ? { comment: o.comment } : {}),
    });
  }
  return out;
}

function parseAttachments(v: unknown, method: string): StoredAttachment[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequest(method, 'Invalid attachments.');
  if (v.length > MAX_ATTACHMENTS) throw badRequest(method, `An event can have at most ${MAX_ATTACHMENTS} attachments.`);
  return v.map((a) => {
    const o = isPlainObject(a) ? a : {};
    if (typeof o.fileUrl !== 'string' || !o.fileUrl)
      throw badRequest(method, 'Missing attachment fileUrl.', 'required');
    const mimeType = typeof o.mimeType === 'string' ? o.mimeType : 'application/octet-stream';
    const fileId =
      typeof o.fileId === 'string'
        ? o.fileId
        : (/\/d\/([\w-]+)/.exec(o.fileUrl)?.[1] ?? /[?&]id=([\w-]+)/.exec(o.fileUrl)?.[1]);
    return {
      fileUrl: o.fileUrl,
      title: typeof o.title === 'string' ? o.title : o.fileUrl,
      mimeType,
      iconLink:
        typeof o.iconLink === 'string'
          ? o.iconLink
          : `https://drive-thirdparty.googleusercontent.com/16/type/${mimeType}`,
      ...(fileId ? { fileId } : {}),
    };
  });
}

function parseConference(v: unknown, eventId: string): Record<string, unknown> | undefined {
  if (!isPlainObject(v)) return undefined;
  const conf = structuredClone(v);
  if (isPlainObject(conf.createRequest) && !conf.entryPoints) {
    // Google creates a Meet conference for a createRequest; make a stable code from the event id.
    const h = createHash('sha1').update(eventId).digest('hex');
    const letters = h.replace(/[^a-z]/g, '').padEnd(10, 'x');
    const code = `${letters.slice(0, 3)}-${letters.slice(3, 7)}-${letters.slice(7, 10)}`;
    const createRequest = conf.createRequest as Record<string, unknown>;
    conf.createRequest = { ...createRequest, status: { statusCode: 'success' } };
    conf.entryPoints = [
      { entryPointType: 'video', uri: `https://meet.google.com/${code}`, label: `meet.google.com/${code}` },
    ];
    conf.conferenceSolution = {
      key: { type: 'hangoutsMeet' },
      name: 'Google Meet',
      iconUri:
        'https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png',
    };
    conf.conferenceId = code;
  }
  return conf;
}

interface WriteRequest {
  world: World;
  /** Whose calendar (and whose authority): the caller. */
  actor: string;
  mode: 'insert' | 'patch' | 'update';
  body: Record<string, unknown>;
  supportsAttachments: boolean;
  conferenceDataVersion: number;
  sendUpdates: SendUpdates;
  nowMs: number;
  /** For error messages: 'events.patch'... */
  method: string;
  ifMatch?: string;
  /** Insert only: the id to use (API-supplied or a saved draft's). */
  id?: string;
  /** The person making the call (default: the actor): an event's creator when it is inserted. */
  creator?: string;
}

interface WriteResult {
  ev: SharedEvent;
  copy: EventCopy;
}

type Mail = { kind: MessageKind; to: string[]; from: string; replyStatus?: ResponseStatus };

function isExternal(email: string, organizer: string): boolean {
  return email.split('@')[1] !== organizer.split('@')[1];
}

function filterRecipients(emails: string[], organizer: string, actor: string, mode: SendUpdates): string[] {
  if (mode === 'none') return [];
  return [...new Set(emails)].filter((e) => e !== actor && (mode === 'all' || isExternal(e, organizer)));
}

/**
 * ASSUMPTION: Google Calendar keeps descriptions up to about 8,192 characters (a provider's published
 * figure; Google documents no number). Here a longer one is refused with 400 `invalid`, counted in
 * UTF-16 units, so tests see the limit; the real service may instead cut the text. Only a write that
 * sends a description is checked: an event already holding a longer one can still be patched.
 */
export const DESCRIPTION_LIMIT = 8192;

function writeEvent(req: WriteRequest, existing?: Found): WriteResult {
  const { world, actor, method, nowMs } = req;
  const s = cal(world);
  if (existing?.instanceStartMs !== undefined) {
    throw new ServiceError(
      'The local runtime does not support changing a single instance of a recurring event',
      'Exception',
    );
  }
  // Read-only fields in the body are ignored, as the API does.
  const body: Record<string, unknown> = {};
  for (const k of EDITABLE_KEYS) if (k in req.body) body[k] = req.body[k];
  if (!req.supportsAttachments) delete body.attachments;
  if (req.conferenceDataVersion < 1) delete body.conferenceData;
  if (typeof body.description === 'string' && body.description.length > DESCRIPTION_LIMIT)
    throw badRequest(method, 'The description is too long.');

  const isInsert = req.mode === 'insert';
  const current = existing?.ev;
  const organizer = current?.organizer ?? actor;
  const isOrganizer = actor === organizer;
  const canModify = isOrganizer || !!current?.guestsCanModify;

  if (existing && req.ifMatch !== undefined && req.ifMatch !== '*') {
    const etag = render(world, actor, existing.ev, existing.copy).etag;
    if (req.ifMatch !== etag) throw apiError('calendar', method, 412, 'Precondition Failed', 'conditionNotMet');
  }

  const base: EditableView = existing ? viewOf(existing.ev, existing.copy) : {};
  let merged: EditableView;
  if (req.mode === 'patch') {
    merged = mergePatch(base, { ...body, start: undefined, end: undefined }) as EditableView;
    merged.start = 'start' in body ? mergeTime(base.start, body.start) : base.start;
    merged.end = 'end' in body ? mergeTime(base.end, body.end) : base.end;
    for (const k of ['start', 'end'] as const) if (merged[k] === undefined) delete merged[k];
  } else {
    merged = {};
    for (const k of EDITABLE_KEYS) {
      if (k in body) (merged as Record<string, unknown>)[k] = body[k];
      // What an update omits is cleared, except what the caller could not have sent or may not clear.
      else if (k === 'attachments' && !req.supportsAttachments) merged[k] = base[k];
      else if (k === 'conferenceData' && req.conferenceDataVersion < 1) merged[k] = base[k];
      else if (
        !isInsert &&
        !canModify &&
        k !== 'extendedProperties' &&
        k !== 'reminders' &&
        k !== 'colorId' &&
        k !== 'transparency'
      )
        (merged as Record<string, unknown>)[k] = base[k];
      else if (k === 'status' || k === 'start' || k === 'end' || k.startsWith('guestsCan'))
        (merged as Record<string, unknown>)[k] = base[k];
    }
  }

  // Parse the proposal.
  const start = parseEventTime(merged.start, 'start', method);
  const end = parseEventTime(merged.end, 'end', method);
  if (start.allDay !== end.allDay)
    throw badRequest(method, 'Start and end times must either both be date or both be dateTime.');
  if (end.ms < start.ms) throw badRequest(method, 'The specified time range is empty.', 'timeRangeEmpty');
  const recurrence =
    Array.isArray(merged.recurrence) && merged.recurrence.length ? merged.recurrence.map(String) : undefined;
  if (recurrence) parseRule(recurrence);
  const rawAttendees = parseAttendees(merged.attendees, method);
  const attachments = merged.attachments === undefined ? [] : parseAttachments(merged.attachments, method);
  const status = merged.status === 'tentative' || merged.status === 'cancelled' ? merged.status : 'confirmed';
  const ext = isPlainObject(merged.extendedProperties) ? merged.extendedProperties : {};
  const shared = sanitizeProperties(ext.shared);
  const priv = sanitizeProperties(ext.private);
  const size = propertiesSize(shared, priv);
  if (size.count > MAX_PROPERTIES || size.bytes > MAX_PROPERTIES_BYTES) throw badRequest(method, SIZE_LIMIT_MESSAGE);
  const id = current?.id ?? req.id ?? newEventId(world);
  const conferenceData = merged.conferenceData === undefined ? undefined : parseConference(merged.conferenceData, id);

  // Attendees: everyone keeps their own answer; only the attendee themselves changes it.
  const previous = new Map((current?.attendees ?? []).map((a) => [a.email, a]));
  const attendees: StoredAttendee[] = rawAttendees.map((p) => {
    const old = previous.get(p.email);
    let responseStatus: ResponseStatus;
    if (p.email === actor && p.responseStatus) responseStatus = p.responseStatus;
    else if (old) responseStatus = old.responseStatus;
    else if (p.responseStatus) responseStatus = p.responseStatus;
    else responseStatus = p.email === organizer ? 'accepted' : 'needsAction';
    const comment = p.email === actor ? p.comment : old?.comment;
    return {
      email: p.email,
      ...((p.displayName ?? old?.displayName) ? { displayName: p.displayName ?? old?.displayName } : {}),
      ...(p.optional ? { optional: true } : {}),
      responseStatus,
      ...(comment ? { comment } : {}),
    };
  });

  const next: SharedEvent = {
    id,
    iCalUID:
      current?.iCalUID ??
      (typeof req.body.iCalUID === 'string' && req.body.iCalUID ? req.body.iCalUID : `${id}@google.com`),
    organizer,
    creator: current?.creator ?? req.creator ?? actor,
    createdMs: current?.createdMs ?? nowMs,
    updatedMs: current?.updatedMs ?? nowMs,
    status,
    ...(typeof merged.summary === 'string' ? { summary: merged.summary } : {}),
    ...(typeof merged.description === 'string' ? { description: merged.description } : {}),
    ...(typeof merged.location === 'string' ? { location: merged.location } : {}),
    start,
    end,
    ...(recurrence ? { recurrence } : {}),
    attendees,
    attachments,
    ...(conferenceData ? { conferenceData } : {}),
    shared,
    sequence: current?.sequence ?? 0,
    guestsCanModify: merged.guestsCanModify === true,
    guestsCanInviteOthers: merged.guestsCanInviteOthers !== false,
    guestsCanSeeOtherGuests: merged.guestsCanSeeOtherGuests !== false,
    ...(typeof merged.visibility === 'string' && merged.visibility !== 'default'
      ? { visibility: merged.visibility }
      : {}),
  };

  // Who may change what.
  const changed = (k: string, a: unknown, b: unknown) =>
    JSON.stringify(a ?? null) !== JSON.stringify(b ?? null) ? k : undefined;
  const changes = current
    ? [
        changed('summary', current.summary, next.summary),
        changed('description', current.description, next.description),
        changed('location', current.location, next.location),
        sameTime(current.start, next.start) ? undefined : 'start',
        sameTime(current.end, next.end) ? undefined : 'end',
        changed('recurrence', current.recurrence, next.recurrence),
        changed('attachments', current.attachments, next.attachments),
        changed('conferenceData', current.conferenceData, next.conferenceData),
        changed('status', current.status, next.status),
        changed('visibility', current.visibility, next.visibility),
        changed('guestsCanModify', current.guestsCanModify, next.guestsCanModify),
        changed('guestsCanInviteOthers', current.guestsCanInviteOthers, next.guestsCanInviteOthers),
        changed('guestsCanSeeOtherGuests', current.guestsCanSeeOtherGuests, next.guestsCanSeeOtherGuests),
      ].filter((x): x is string => !!x)
    : [];
  const guestList = (xs: StoredAttendee[]) => JSON.stringify(xs.map((a) => [a.email, !!a.optional]).sort());
  const guestListChanged = current ? guestList(current.attendees) !== guestList(next.attendees) : false;
  if (current && !isOrganizer) {
    const organizerOnly = changes.filter(
      (c) => c === 'status' || c === 'visibility' || c.startsWith('guestsCan') || !canModify,
    );
    // guestsCanInviteOthers (default true, Events resource) lets a guest ADD people; removing anyone
    // or changing someone's optional flag needs guestsCanModify.
    const onlyAdditions = current.attendees.every((a) =>
      next.attendees.some((b) => b.email === a.email && !!b.optional === !!a.optional),
    );
    const mayInvite = current.guestsCanInviteOthers && onlyAdditions;
    if (organizerOnly.length || (guestListChanged && !canModify && !mayInvite)) {
      throw apiError('calendar', method, 403, FORBIDDEN_NON_ORGANIZER, 'forbiddenForNonOrganizer');
    }
  }

  // Per-copy fields.
  const copies = copiesOf(world, actor);
  const oldCopy = existing?.copy;
  const reminders = isPlainObject(merged.reminders)
    ? {
        useDefault: merged.reminders.useDefault !== false,
        ...(Array.isArray(merged.reminders.overrides)
          ? { overrides: structuredClone(merged.reminders.overrides) as { method: string; minutes: number }[] }
          : {}),
      }
    : undefined;
  const myCopy: EventCopy = {
    private: priv,
    ...(reminders ? { reminders } : {}),
    ...(typeof merged.colorId === 'string' ? { colorId: merged.colorId } : {}),
    transparency: merged.transparency === 'transparent' ? 'transparent' : 'opaque',
    ...(oldCopy?.removed ? { removed: true } : {}),
    updatedMs: oldCopy?.updatedMs ?? nowMs,
  };
  if (oldCopy && JSON.stringify({ ...oldCopy, updatedMs: 0 }) !== JSON.stringify({ ...myCopy, updatedMs: 0 }))
    myCopy.updatedMs = nowMs;

  const sharedChanged =
    !current ||
    changes.length > 0 ||
    guestListChanged ||
    JSON.stringify(current.attendees) !== JSON.stringify(next.attendees) ||
    JSON.stringify(current.shared) !== JSON.stringify(next.shared);
  if (current && sharedChanged) next.updatedMs = nowMs;
  if (
    current &&
    changes.some((c) => c === 'start' || c === 'end' || c === 'recurrence' || c === 'location' || c === 'status')
  )
    next.sequence = current.sequence + 1;

  // Commit.
  s.events[id] = next;
  copies[id] = myCopy;
  const added = next.attendees.filter((a) => !previous.has(a.email)).map((a) => a.email);
  const removed = (current?.attendees ?? [])
    .filter((a) => !next.attendees.some((b) => b.email === a.email))
    .map((a) => a.email);
  const organizerCopy = copiesOf(world, organizer)[id];
  for (const email of added) {
    if (email === actor) continue;
    const theirs = copiesOf(world, email);
    const had = theirs[id];
    if (had) {
      delete had.removed;
      had.updatedMs = nowMs;
    } else {
      theirs[id] = { private: {}, transparency: organizerCopy?.transparency ?? 'opaque', updatedMs: nowMs };
    }
  }
  for (const email of removed) {
    if (email === organizer) continue;
    const theirs = copiesOf(world, email)[id];
    if (theirs) {
      theirs.removed = true;
      theirs.updatedMs = nowMs;
    }
  }

  // Mail, as sendUpdates asks.
  const mails: Mail[] = [];
  const guests = next.attendees.map((a) => a.email).filter((e) => e !== organizer);
  if (isInsert) {
    if (next.status !== 'cancelled') mails.push({ kind: 'invitation', to: guests, from: organizer });
  } else if (current) {
    if (current.status !== 'cancelled' && next.status === 'cancelled') {
      mails.push({ kind: 'cancellation', to: guests, from: organizer });
    } else if (current.status === 'cancelled' && next.status !== 'cancelled') {
      mails.push({ kind: 'invitation', to: guests, from: organizer });
    } else if (next.status !== 'cancelled') {
      const significant = changes.some((c) =>
        ['summary', 'description', 'location', 'start', 'end', 'recurrence', 'attachments', 'conferenceData'].includes(
          c,
        ),
      );
      mails.push({ kind: 'invitation', to: added.filter((e) => e !== organizer), from: actor });
      mails.push({ kind: 'cancellation', to: removed.filter((e) => e !== organizer), from: actor });
      if (significant) mails.push({ kind: 'update', to: guests.filter((e) => !added.includes(e)), from: actor });
      const mine = next.attendees.find((a) => a.email === actor);
      if (!isOrganizer && mine && previous.get(actor)?.responseStatus !== mine.responseStatus) {
        mails.push({ kind: 'reply', to: [organizer], from: actor, replyStatus: mine.responseStatus });
      }
    }
  }
  for (const m of mails) {
    const to = filterRecipients(m.to, organizer, actor, req.sendUpdates);
    if (to.length) sendCalendarMail(world, m.kind, next, to, m.from, nowMs, m.replyStatus);
  }
  return { ev: next, copy: myCopy };
}

/** Deleting from a calendar: the organizer cancels the event for everyone; an attendee removes their copy. */
function removeEvent(
  world: World,
  actor: string,
  found: Found,
  sendUpdates: SendUpdates,
  nowMs: number,
  method: string,
): void {
  const { ev, copy } = found;
  if (found.instanceStartMs !== undefined) {
    throw new ServiceError(
      'The local runtime does not support deleting a single instance of a recurring event',
      'Exception',
    );
  }
  if (ev.status === 'cancelled' || copy.removed)
    throw apiError('calendar', method, 410, 'Resource has been deleted', 'deleted');
  const guests = ev.attendees.map((a) => a.email).filter((e) => e !== ev.organizer);
  if (actor === ev.organizer) {
    ev.status = 'cancelled';
    ev.sequence += 1;
    ev.updatedMs = nowMs;
    const to = filterRecipients(guests, ev.organizer, actor, sendUpdates);
    if (to.length) sendCalendarMail(world, 'cancellation', ev, to, actor, nowMs);
    return;
  }
  // An invited person deleting the event takes it off their calendar and declines it.
  copy.removed = true;
  copy.updatedMs = nowMs;
  const me = ev.attendees.find((a) => a.email === actor);
  if (me && me.responseStatus !== 'declined') {
    me.responseStatus = 'declined';
    ev.updatedMs = nowMs;
    const to = filterRecipients([ev.organizer], ev.organizer, actor, sendUpdates);
    if (to.length) sendCalendarMail(world, 'reply', ev, to, actor, nowMs, 'declined');
  }
}

// ---------------------------------------------------------------------------------------------
// Invitation mail (what Google Calendar sends; Gmail stores it per recipient).

function nameOf(world: World, email: string): string {
  const u = world.user(email);
  return u?.name && u.name !== email ? u.name : email;
}

const PARTSTAT: Record<ResponseStatus, IcsAttendee['partstat']> = {
  needsAction: 'NEEDS-ACTION',
  accepted: 'ACCEPTED',
  declined: 'DECLINED',
  tentative: 'TENTATIVE',
};

function sendCalendarMail(
  world: World,
  kind: MessageKind,
  ev: SharedEvent,
  recipients: string[],
  from: string,
  nowMs: number,
  replyStatus?: ResponseStatus,
): void {
  const method = kind === 'cancellation' ? 'CANCEL' : kind === 'reply' ? 'REPLY' : 'REQUEST';
  const attendees = kind === 'reply' ? ev.attendees.filter((a) => a.email === from) : ev.attendees;
  const ics = invitationIcs({
    method,
    uid: ev.iCalUID,
    sequence: ev.sequence,
    startMs: ev.start.ms,
    endMs: ev.end.ms,
    allDay: ev.start.allDay,
    stampMs: nowMs,
    createdMs: ev.createdMs,
    lastModifiedMs: ev.updatedMs,
    summary: ev.summary,
    description: ev.description,
    location: ev.location,
    organizer: { email: ev.organizer, name: nameOf(world, ev.organizer) },
    attendees: attendees.map((a) => ({
      email: a.email,
      name: a.displayName ?? nameOf(world, a.email),
      partstat: PARTSTAT[a.responseStatus],
      optional: a.optional,
      rsvp: a.email !== ev.organizer && kind !== 'reply',
    })),
    status: kind === 'cancellation' ? 'CANCELLED' : ev.status === 'tentative' ? 'TENTATIVE' : 'CONFIRMED',
    recurrence: ev.recurrence,
  });
  const title = ev.summary || '(No title)';
  const prefix =
    kind === 'invitation'
      ? 'Invitation'
      : kind === 'update'
        ? 'Updated invitation'
        : kind === 'cancellation'
          ? 'Canceled event'
          : replyStatus === 'accepted'
            ? 'Accepted'
            : replyStatus === 'declined'
              ? 'Declined'
              : replyStatus === 'tentative'
                ? 'Tentatively Accepted'
                : 'Invitation';
  for (const to of recipients) {
    const reader = world.userOrGuest(to);
    const when = formatWhen(ev.start, ev.end, reader.timeZone);
    const eid = encodeEid(ev.id, to);
    const link = (action: string, extra = '') =>
      `https://calendar.google.com/calendar/event?action=${action}&eid=${eid}${extra}&ctz=${encodeURIComponent(reader.timeZone)}&hl=en&es=0`;
    const who = ev.attendees.map(
      (a) => `${a.email}${a.email === ev.organizer ? ' - organizer' : ''}${a.optional ? ' - optional' : ''}`,
    );
    const html = [
      `<div itemscope itemtype="http://schema.org/Event">`,
      `<h2 itemprop="name">${escapeHtml(title)}</h2>`,
      kind === 'cancellation' ? `<p>This event has been canceled.</p>` : '',
      kind === 'update' ? `<p>This event has been updated.</p>` : '',
      kind === 'reply'
        ? `<p>${escapeHtml(from)} has ${replyStatus === 'declined' ? 'declined' : replyStatus === 'tentative' ? 'tentatively accepted' : 'accepted'} this invitation.</p>`
        : '',
      `<p><b>When</b><br>${escapeHtml(when)}</p>`,
      ev.location ? `<p><b>Where</b><br>${escapeHtml(ev.location)}</p>` : '',
      ev.conferenceData && meetLink(ev.conferenceData)
        ? `<p><a href="${escapeHtml(meetLink(ev.conferenceData)!)}">Join with Google Meet</a></p>`
        : '',
      `<p><b>Guests</b><br>${who.map(escapeHtml).join('<br>')}</p>`,
      ev.description ? `<p>${escapeHtml(ev.description).replace(/\n/g, '<br>')}</p>` : '',
      kind === 'invitation' || kind === 'update'
        ? `<p>Reply for ${escapeHtml(to)}: <a href="${escapeHtml(link('RESPOND', '&rst=1'))}">Yes</a> <a href="${escapeHtml(link('RESPOND', '&rst=2'))}">No</a> <a href="${escapeHtml(link('RESPOND', '&rst=3'))}">Maybe</a></p>`
        : '',
      // In HTML the links' '&' are written '&amp;', as in Google's mail.
      `<p><a href="${escapeHtml(link('VIEW'))}">View event in Google Calendar</a></p>`,
      `<p>Invitation from Google Calendar</p></div>`,
    ]
      .filter(Boolean)
      .join('\n');
    const plain = [
      kind === 'cancellation'
        ? 'This event has been canceled.'
        : kind === 'update'
          ? 'This event has been updated.'
          : '',
      title,
      `When: ${when}`,
      ev.location ? `Where: ${ev.location}` : '',
      `Guests: ${who.join(', ')}`,
      ev.description ?? '',
      `View event in Google Calendar: ${link('VIEW')}`,
    ]
      .filter(Boolean)
      .join('\n');
    deliverMessage(world, {
      to: [to],
      from: `${nameOf(world, from)} <${from}>`,
      subject: `${prefix}: ${title} @ ${when} (${kind === 'reply' ? ev.organizer : to})`,
      html,
      body: plain,
      headers: { Sender: 'Google Calendar <calendar-notification@google.com>', 'Reply-To': from },
      attachments: [{ name: 'invite.ics', contentType: 'application/ics', data: ics, encoding: 'utf8' }],
      calendarPart: { method, ics },
      kind,
      calendarEventId: ev.id,
      dateMs: nowMs,
    });
  }
}

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

interface EventArgs {
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

function getEvent(ctx: CallContext, a: EventArgs): EventResource {
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

function writeHandler(mode: 'patch' | 'update') {
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

function insertEvent(ctx: CallContext, a: EventArgs): EventResource {
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

function removeHandler(ctx: CallContext, a: EventArgs): undefined {
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

function instant(v: unknown, method: string, name: string): number | undefined {
  if (v === undefined) return undefined;
  const ms = typeof v === 'string' ? parseIsoInstant(v) : null;
  if (ms === null) throw badRequest(method, `Bad Request: invalid ${name}`);
  return ms;
}

/** Every item a calendar's list shows for a query, rendered, in start order. */
function listItems(world: World, calendarEmail: string, q: ListQuery): EventResource[] {
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

function listHandler(ctx: CallContext, a: EventArgs): Record<string, unknown> {
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

function instancesHandler(ctx: CallContext, a: EventArgs): Record<string, unknown> {
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

function freebusyHandler(ctx: CallContext, a: { resource?: unknown }): Record<string, unknown> {
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
function calendarsGetHandler(ctx: CallContext, a: { calendarId?: unknown }): Record<string, unknown> {
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

// ---------------------------------------------------------------------------------------------
// Fault injection (tests, benchmark, workbench): Calendar answering an error instead of doing the
// call, the way Google's front end does under load or on a conflict. Runtime-wide, not persisted.

/**
 * An error Calendar answers (Calendar API "Handle API errors" guide; the quota guide says a rate
 * limit is answered `403 usageLimits` or `429 usageLimits`). Defaults per code:
 * 403 rateLimitExceeded "Rate Limit Exceeded" (use reason 'forbiddenForNonOrganizer' for the other
 * 403), 404 notFound, 409 duplicate, 410 deleted, 412 conditionNotMet "Precondition Failed",
 * 429 rateLimitExceeded, 500 backendError "Backend Error", 503 backendError "Service Unavailable".
 */
export interface CalendarFault {
  code: 403 | 404 | 409 | 410 | 412 | 429 | 500 | 503;
  /** errors[0].reason in Google's error body; default per code (above). */
  reason?: string;
  /** Google's message; default per code (above). */
  message?: string;
  /** Apply this many times, then the fault is gone (default: until cleared). */
  times?: number;
  /** Only calls about this event id. */
  eventId?: string;
  /** Only calls by this user (the effective user of the execution). */
  user?: string;
  /**
   * The call takes effect, then its answer is lost: the caller gets this error all the same (a
   * timeout or a 5xx after Google did the work; an insert can then exist without its caller knowing).
   */
  lostAnswer?: boolean;
}

const FAULT_DEFAULTS: Record<CalendarFault['code'], { reason: string; message: string; domain: string }> = {
  403: { reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded', domain: 'usageLimits' },
  404: { reason: 'notFound', message: 'Not Found', domain: 'global' },
  409: { reason: 'duplicate', message: 'The requested identifier already exists.', domain: 'global' },
  410: { reason: 'deleted', message: 'Resource has been deleted', domain: 'global' },
  412: { reason: 'conditionNotMet', message: 'Precondition Failed', domain: 'global' },
  429: { reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded', domain: 'usageLimits' },
  500: { reason: 'backendError', message: 'Backend Error', domain: 'global' },
  503: { reason: 'backendError', message: 'Service Unavailable', domain: 'global' },
};

interface ArmedFault {
  /** A handler name ('Calendar.Events.patch') or '*' for every Calendar call. */
  method: string;
  fault: CalendarFault;
  remaining: number;
}

const calendarFaults = new WeakMap<LocalRuntime, ArmedFault[]>();

/**
 * Makes Calendar calls named `method` (as counted: 'Calendar.Events.patch', or '*' for all) answer
 * this error. The latest fault for a method wins; `times` makes it pass after that many failures.
 */
export function setCalendarFault(runtime: LocalRuntime, method: string, fault: CalendarFault): void {
  if (method !== '*' && !(method in calendarHandlers))
    throw new Error(
      `setCalendarFault: no Calendar method ${method} (one of ${Object.keys(calendarHandlers).join(', ')}, or '*')`,
    );
  const list = (calendarFaults.get(runtime) ?? []).filter((f) => f.method !== method);
  list.push({ method, fault, remaining: fault.times ?? Infinity });
  calendarFaults.set(runtime, list);
}

/** Removes the faults for one method, or all of them. */
export function clearCalendarFaults(runtime: LocalRuntime, method?: string): void {
  calendarFaults.set(
    runtime,
    method === undefined ? [] : (calendarFaults.get(runtime) ?? []).filter((f) => f.method !== method),
  );
}

function takeCalendarFault(ctx: CallContext, method: string, a: EventArgs): CalendarFault | undefined {
  const list = calendarFaults.get(ctx.runtime);
  if (!list || list.length === 0) return undefined;
  const armed = list.find(
    (f) =>
      (f.method === method || f.method === '*') &&
      f.remaining > 0 &&
      (f.fault.eventId === undefined || a?.eventId === f.fault.eventId) &&
      (f.fault.user === undefined || key(f.fault.user) === key(ctx.exec.effectiveUser.email)),
  );
  if (!armed) return undefined;
  armed.remaining--;
  return armed.fault;
}

/** The handler, answering an injected fault instead when one is armed for it. */
function faultable(method: string, handler: Handler): Handler {
  return (ctx, a) => {
    const fault = takeCalendarFault(ctx, method, a as EventArgs);
    if (!fault) return handler(ctx, a);
    if (!fault.lostAnswer) throw faultError(method, fault);
    const done = handler(ctx, a);
    if (done instanceof Promise)
      return done.then(() => {
        throw faultError(method, fault);
      });
    throw faultError(method, fault);
  };
}

/** The error Calendar answers for an injected fault. */
function faultError(method: string, fault: CalendarFault): ServiceError {
  const d = FAULT_DEFAULTS[fault.code];
  const message = fault.message ?? d.message;
  // Shaped like apiError (e.details = Google's error body), with the quota errors' own domain.
  // 'Calendar.Events.remove' is the REST method events.delete.
  const api = method
    .replace(/^Calendar\./, '')
    .toLowerCase()
    .replace(/\.remove$/, '.delete');
  return new ServiceError(`API call to calendar.${api} failed with error: ${message}`, 'GoogleJsonResponseException', {
    code: fault.code,
    message,
    errors: [{ domain: d.domain, reason: fault.reason ?? d.reason, message }],
  });
}

const baseCalendarHandlers: HandlerMap = {
  'Calendar.Events.get': getEvent,
  'Calendar.Events.insert': insertEvent,
  'Calendar.Events.patch': writeHandler('patch'),
  'Calendar.Events.update': writeHandler('update'),
  'Calendar.Events.remove': removeHandler,
  'Calendar.Events.list': listHandler,
  'Calendar.Events.instances': instancesHandler,
  'Calendar.Freebusy.query': freebusyHandler,
  'Calendar.Calendars.get': calendarsGetHandler,
};

export const calendarHandlers: HandlerMap = Object.fromEntries(
  Object.entries(baseCalendarHandlers).map(([m, h]) => [m, faultable(m, h)]),
);

// ---------------------------------------------------------------------------------------------
// Host helpers: what a person does in Google Calendar's own UI (not the API). The workbench and
// the scenario runner call these; they act at the World clock and send mail as the UI does.

function key(email: string): string {
  return email.trim().toLowerCase();
}

/** ISO string (with offset), epoch ms, or a Date. */
export type TimeInput = string | number | Date;

function toMs(t: TimeInput, what: string): number {
  if (typeof t === 'number') return t;
  if (t instanceof Date) return t.getTime();
  const ms = parseIsoInstant(t);
  if (ms === null) throw new Error(`${what}: not an ISO instant with an offset: ${t}`);
  return ms;
}

function uiTime(t: TimeInput, timeZone: string, what: string): EventTime {
  return { ms: toMs(t, what), allDay: false, timeZone };
}

export interface CreateEventInput {
  summary?: string;
  start: TimeInput;
  end: TimeInput;
  attendees?: (string | { email: string; optional?: boolean })[];
  description?: string;
  location?: string;
  recurrence?: string[];
  /** The editor's zone name (default: the organizer's). */
  timeZone?: string;
  attachments?: StoredAttachment[];
  conferenceData?: Record<string, unknown>;
  guestsCanModify?: boolean;
  /** A secondary calendar of the person (or one shared with them as writer); default their primary. */
  calendarId?: string;
  /** "Send invitation emails?" in the UI: yes by default. */
  sendInvitations?: boolean;
}

/** The request the Calendar UI makes for what the editor shows. `isNew`: the UI adds the organizer as a guest. */
function uiBody(
  organizer: string,
  input: Omit<CreateEventInput, 'start' | 'end'> & { start: EventTime; end: EventTime },
  isNew: boolean,
): Record<string, unknown> {
  const guests = (input.attendees ?? []).map((a) =>
    typeof a === 'string' ? { email: key(a) } : { email: key(a.email), ...(a.optional ? { optional: true } : {}) },
  );
  // Google Calendar's UI lists the organizer as an accepted guest as soon as anyone is invited.
  const attendees =
    isNew && guests.length && !guests.some((g) => g.email === organizer)
      ? [{ email: organizer, responseStatus: 'accepted' }, ...guests]
      : guests;
  const time = (t: EventTime) => ({
    dateTime: new Date(t.ms).toISOString(),
    ...(t.timeZone ? { timeZone: t.timeZone } : {}),
  });
  return {
    ...(input.summary !== undefined ? { summary: input.summary } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.location !== undefined ? { location: input.location } : {}),
    start: time(input.start),
    end: time(input.end),
    ...(input.recurrence ? { recurrence: input.recurrence } : {}),
    attendees,
    attachments: input.attachments ?? [],
    ...(input.conferenceData ? { conferenceData: input.conferenceData } : {}),
    ...(input.guestsCanModify ? { guestsCanModify: true } : {}),
  };
}

/**
 * The calendar a person acts on in Calendar's UI: their primary, or a secondary calendar they own
 * or may write to (the UI offers no other). Throws Calendar's refusal otherwise.
 */
function uiCalendar(world: World, person: string, calendarId: string | undefined): string {
  if (!calendarId || key(calendarId) === 'primary' || key(calendarId) === person) return person;
  const id = key(calendarId);
  const role = calendarRole(world, person, id);
  if (role === 'owner' || role === 'writer') return id;
  if (role === 'reader')
    throw apiError(
      'calendar',
      'events.insert',
      403,
      'You need to have writer access to this calendar.',
      'requiredAccessLevel',
    );
  throw apiError('calendar', 'events.insert', 404, 'Not Found', 'notFound');
}

/** A person creates a secondary calendar ("Create new calendar"); returns its id. */
export function createSecondaryCalendar(
  world: World,
  ownerEmail: string,
  opts: { id?: string; summary?: string; timeZone?: string } = {},
): string {
  const owner = key(ownerEmail);
  const s = cal(world);
  let id = opts.id ? key(opts.id) : '';
  if (!id) {
    id = `${newEventId(world)}@group.calendar.google.com`;
  }
  if (s.calendars[id] || world.user(id)) throw new Error(`A calendar ${id} exists already`);
  s.calendars[id] = {
    id,
    summary: opts.summary ?? id.split('@')[0]!,
    owner,
    timeZone: opts.timeZone ?? world.userOrGuest(owner).timeZone,
    acl: {},
  };
  return id;
}

/** The owner shares a secondary calendar ("Share with specific people"). */
export function shareCalendar(world: World, calendarId: string, email: string, role: CalendarRole): void {
  const c = cal(world).calendars[key(calendarId)];
  if (!c) throw new Error(`No secondary calendar ${calendarId}`);
  c.acl[key(email)] = role;
}

export function getSecondaryCalendar(world: World, calendarId: string): SecondaryCalendar | undefined {
  const c = cal(world).calendars[key(calendarId)];
  return c ? structuredClone(c) : undefined;
}

/** A person creates and saves an event in Google Calendar. Returns the organizer calendar's copy. */
export function createEvent(
  world: World,
  personEmail: string,
  input: CreateEventInput & { id?: string },
): EventResource {
  const person = key(personEmail);
  const organizer = uiCalendar(world, person, input.calendarId);
  const zone = input.timeZone ?? calendarZone(world, organizer);
  const body = uiBody(
    organizer,
    { ...input, start: uiTime(input.start, zone, 'start'), end: uiTime(input.end, zone, 'end') },
    true,
  );
  const r = writeEvent({
    world,
    actor: organizer,
    mode: 'insert',
    body,
    supportsAttachments: true,
    conferenceDataVersion: 1,
    sendUpdates: input.sendInvitations === false ? 'none' : 'all',
    nowMs: world.now(),
    method: 'events.insert',
    id: input.id,
    creator: person,
  });
  return render(world, organizer, r.ev, r.copy);
}

function foundOrThrow(world: World, user: string, eventId: string): Found {
  const f = find(world, user, eventId);
  if (!f) throw new Error(`${user} has no event ${eventId} in their calendar`);
  return f;
}

/** The organizer drags the event to a new start; its length is kept. */
export function moveEvent(
  world: World,
  organizerEmail: string,
  eventId: string,
  newStart: TimeInput,
  opts: { sendUpdates?: boolean } = {},
): EventResource {
  const user = key(organizerEmail);
  const f = foundOrThrow(world, user, eventId);
  const startMs = toMs(newStart, 'newStart');
  const duration = f.ev.end.ms - f.ev.start.ms;
  const zone = f.ev.start.timeZone;
  const r = writeEvent(
    {
      world,
      actor: user,
      mode: 'patch',
      body: {
        start: { dateTime: new Date(startMs).toISOString(), ...(zone ? { timeZone: zone } : {}) },
        end: { dateTime: new Date(startMs + duration).toISOString(), ...(zone ? { timeZone: zone } : {}) },
      },
      supportsAttachments: true,
      conferenceDataVersion: 1,
      sendUpdates: opts.sendUpdates === false ? 'none' : 'all',
      nowMs: world.now(),
      method: 'events.patch',
    },
    f,
  );
  return render(world, user, r.ev, r.copy);
}

/**
 * A person deletes the event from their calendar: the organizer cancels it for everyone (with
 * cancellation mail unless told not to); an attendee takes it off their own calendar and declines.
 */
export function deleteEvent(world: World, userEmail: string, eventId: string, opts: { notify?: boolean } = {}): void {
  const user = key(userEmail);
  removeEvent(
    world,
    user,
    foundOrThrow(world, user, eventId),
    opts.notify === false ? 'none' : 'all',
    world.now(),
    'events.delete',
  );
}

/** What a person changes on their copy in Calendar's event page (outside any add-on). */
export interface EventChanges {
  summary?: string;
  description?: string;
  /** The whole guest list as it should be (emails). */
  attendees?: string[];
  /** Remove every shared extended property (a script or another app of the person's does this). */
  clearShared?: boolean;
  /** The organizer's "Modify event" guest permission. */
  guestsCanModify?: boolean;
}

/**
 * A person edits an event on their calendar (the organizer on the event's calendar, a guest on their
 * own copy), with Calendar's own checks: a guest may change the event only where it allows it
 * (guestsCanModify, guestsCanInviteOthers), and otherwise gets Calendar's 403. Returns their copy.
 */
export function changeEvent(
  world: World,
  userEmail: string,
  eventId: string,
  changes: EventChanges,
  calendarId?: string,
): EventResource {
  const user = key(userEmail);
  const calendar = calendarId ? uiCalendar(world, user, calendarId) : user;
  const f = foundOrThrow(world, calendar, eventId);
  const body: Record<string, unknown> = {};
  if (changes.summary !== undefined) body.summary = changes.summary;
  if (changes.description !== undefined) body.description = changes.description;
  if (changes.attendees !== undefined) body.attendees = changes.attendees.map((email) => ({ email: key(email) }));
  if (changes.clearShared) body.extendedProperties = { shared: null };
  if (changes.guestsCanModify !== undefined) body.guestsCanModify = changes.guestsCanModify;
  const r = writeEvent(
    {
      world,
      actor: calendar,
      creator: user,
      mode: 'patch',
      body,
      supportsAttachments: false,
      conferenceDataVersion: 0,
      sendUpdates: 'all',
      nowMs: world.now(),
      method: 'events.patch',
    },
    f,
  );
  return render(world, calendar, r.ev, r.copy);
}

/** An attendee answers Yes / No / Maybe (in Calendar or from the invitation mail). */
export function respondToEvent(
  world: World,
  userEmail: string,
  eventId: string,
  response: Exclude<ResponseStatus, 'needsAction'>,
  opts: { notify?: boolean } = {},
): EventResource {
  const user = key(userEmail);
  const f = foundOrThrow(world, user, eventId);
  if (!f.ev.attendees.some((a) => a.email === user)) throw new Error(`${user} is not a guest of ${eventId}`);
  const attendees = f.ev.attendees.map((a) => (a.email === user ? { ...a, responseStatus: response } : { ...a }));
  const r = writeEvent(
    {
      world,
      actor: user,
      mode: 'patch',
      body: { attendees },
      supportsAttachments: false,
      conferenceDataVersion: 0,
      sendUpdates: opts.notify === false ? 'none' : 'all',
      nowMs: world.now(),
      method: 'events.patch',
    },
    f,
  );
  return render(world, user, r.ev, r.copy);
}

/** The event as a person's calendar shows it through the API (undefined if they have no copy). */
export function getCopy(world: World, userEmail: string, eventId: string): EventResource | undefined {
  const user = key(userEmail);
  const f = find(world, user, eventId);
  return f ? render(world, user, f.ev, f.copy, { instanceStartMs: f.instanceStartMs }) : undefined;
}

/** A person's calendar: events (recurring ones expanded) overlapping the window, in start order. */
export function listCalendar(
  world: World,
  userEmail: string,
  opts: { from?: TimeInput; to?: TimeInput; includeCancelled?: boolean } = {},
): EventResource[] {
  return listItems(world, key(userEmail), {
    timeMin: opts.from === undefined ? undefined : toMs(opts.from, 'from'),
    timeMax: opts.to === undefined ? undefined : toMs(opts.to, 'to'),
    singleEvents: true,
    showDeleted: !!opts.includeCancelled,
    shared: [],
    private: [],
  });
}

/** The stored event behind every copy (for assertions and the workbench's developer view). */
export function getSharedEvent(world: World, eventId: string): SharedEvent | undefined {
  return cal(world).events[eventId];
}

export function setFreeBusyVisibility(world: World, userEmail: string, visibleTo: FreeBusyVisibility): void {
  (cal(world).settings[key(userEmail)] ??= {}).freeBusyVisibleTo = visibleTo;
}

export function setCalendarOptions(world: World, options: Partial<CalendarOptions>): void {
  Object.assign(cal(world).options, options);
}

// ---------------------------------------------------------------------------------------------
// The event editor and the add-on side panel.

/**
 * A person opens the editor on a new event ("Create" or a click on the grid). The draft has an id
 * the API does not know (Events.get on it is 404) until it is saved; see CalendarOptions.draftIdOnSave.
 */
export function newDraft(
  world: World,
  userEmail: string,
  init: Partial<Omit<CreateEventInput, 'sendInvitations'>> = {},
): EditorDraft {
  const user = key(userEmail);
  const calendar = uiCalendar(world, user, init.calendarId);
  const hour = 3_600_000;
  const startMs = init.start !== undefined ? toMs(init.start, 'start') : Math.ceil((world.now() + 1) / hour) * hour;
  const endMs = init.end !== undefined ? toMs(init.end, 'end') : startMs + hour;
  const zone = init.timeZone ?? calendarZone(world, calendar);
  const draft: EditorDraft = {
    draftId: newEventId(world),
    user,
    ...(calendar !== user ? { calendarId: calendar } : {}),
    ...(init.summary !== undefined ? { summary: init.summary } : {}),
    ...(init.description !== undefined ? { description: init.description } : {}),
    ...(init.location !== undefined ? { location: init.location } : {}),
    start: { ms: startMs, allDay: false, timeZone: zone },
    end: { ms: endMs, allDay: false, timeZone: zone },
    attendees: (init.attendees ?? []).map((a) =>
      typeof a === 'string' ? { email: key(a) } : { email: key(a.email), ...(a.optional ? { optional: true } : {}) },
    ),
    attachments: init.attachments ? init.attachments.map((a) => ({ ...a })) : [],
    ...(init.conferenceData ? { conferenceData: structuredClone(init.conferenceData) } : {}),
    ...(init.recurrence ? { recurrence: [...init.recurrence] } : {}),
  };
  cal(world).drafts[draft.draftId] = draft;
  return structuredClone(draft);
}

/** A person opens the editor on an existing event in their calendar (or a secondary one they may write to). */
export function editEvent(world: World, userEmail: string, eventId: string, calendarId?: string): EditorDraft {
  const user = key(userEmail);
  const calendar = uiCalendar(world, user, calendarId);
  const { ev } = foundOrThrow(world, calendar, eventId);
  const draft: EditorDraft = {
    draftId: ev.id,
    user,
    ...(calendar !== user ? { calendarId: calendar } : {}),
    eventId: ev.id,
    ...(ev.summary !== undefined ? { summary: ev.summary } : {}),
    ...(ev.description !== undefined ? { description: ev.description } : {}),
    ...(ev.location !== undefined ? { location: ev.location } : {}),
    start: { ...ev.start },
    end: { ...ev.end },
    attendees: ev.attendees.map((a) => ({ email: a.email, ...(a.optional ? { optional: true } : {}) })),
    attachments: ev.attachments.map((a) => ({ ...a })),
    ...(ev.conferenceData ? { conferenceData: structuredClone(ev.conferenceData) } : {}),
    ...(ev.recurrence ? { recurrence: [...ev.recurrence] } : {}),
  };
  cal(world).drafts[draft.draftId] = draft;
  return structuredClone(draft);
}

function draftOrThrow(world: World, draftId: string): EditorDraft {
  const d = cal(world).drafts[draftId];
  if (!d) throw new Error(`No open editor ${draftId}`);
  return d;
}

export function getDraft(world: World, draftId: string): EditorDraft | undefined {
  const d = cal(world).drafts[draftId];
  return d ? structuredClone(d) : undefined;
}

/** The person types in the editor (title, times, guests...). */
export function updateDraft(
  world: World,
  draftId: string,
  changes: Partial<
    Pick<CreateEventInput, 'summary' | 'description' | 'location' | 'start' | 'end' | 'attendees' | 'recurrence'>
  >,
): EditorDraft {
  const d = draftOrThrow(world, draftId);
  if (changes.summary !== undefined) d.summary = changes.summary;
  if (changes.description !== undefined) d.description = changes.description;
  if (changes.location !== undefined) d.location = changes.location;
  if (changes.start !== undefined) d.start = { ...d.start, ms: toMs(changes.start, 'start') };
  if (changes.end !== undefined) d.end = { ...d.end, ms: toMs(changes.end, 'end') };
  if (changes.recurrence !== undefined) d.recurrence = [...changes.recurrence];
  if (changes.attendees !== undefined) {
    d.attendees = changes.attendees.map((a) =>
      typeof a === 'string' ? { email: key(a) } : { email: key(a.email), ...(a.optional ? { optional: true } : {}) },
    );
  }
  return structuredClone(d);
}

export function discardDraft(world: World, draftId: string): void {
  delete cal(world).drafts[draftId];
}

/** A CalendarEventActionResponse as the cards layer parses it (addAttendees / addAttachments / conferenceData). */
export interface CalendarEventAction {
  addAttendees?: string[];
  addAttachments?: { resourceUrl: string; title: string; mimeType: string; iconUrl: string }[];
  conferenceData?: Record<string, unknown>;
}

export interface AddonCapabilities {
  canAddAttendees: boolean;
  canSeeAttendees: boolean;
  canAddAttachments: boolean;
  canSetConferenceData: boolean;
  canSeeConferenceData: boolean;
}

function capabilitiesFor(isOrganizer: boolean, ev?: SharedEvent): AddonCapabilities {
  const modify = isOrganizer || !!ev?.guestsCanModify;
  return {
    canAddAttendees: modify,
    canSeeAttendees: isOrganizer || ev?.guestsCanSeeOtherGuests !== false,
    canAddAttachments: modify,
    canSetConferenceData: modify,
    canSeeConferenceData: true,
  };
}

/**
 * The add-on pressed a button whose action returned a CalendarEventActionResponse: the editor gets
 * the new guests / attachments / conference (not saved until the person saves). Throws what the
 * Calendar UI would refuse: changes the capabilities do not allow, more than 25 attachments.
 */
export function applyEventAction(world: World, draftId: string, action: CalendarEventAction): EditorDraft {
  const d = draftOrThrow(world, draftId);
  const ev = d.eventId ? cal(world).events[d.eventId] : undefined;
  const caps = capabilitiesFor(!ev || ev.organizer === (d.calendarId ?? d.user), ev);
  if (action.addAttendees?.length) {
    if (!caps.canAddAttendees)
      throw new Error('The add-on may not add attendees to this event (capabilities.canAddAttendees is false)');
    for (const raw of action.addAttendees) {
      const email = key(raw);
      if (!d.attendees.some((a) => a.email === email)) d.attendees.push({ email });
    }
  }
  if (action.addAttachments?.length) {
    if (!caps.canAddAttachments)
      throw new Error('The add-on may not add attachments to this event (capabilities.canAddAttachments is false)');
    for (const a of action.addAttachments) {
      if (d.attachments.some((x) => x.fileUrl === a.resourceUrl)) continue;
      if (d.attachments.length >= MAX_ATTACHMENTS)
        throw new Error(`An event can have at most ${MAX_ATTACHMENTS} attachments`);
      d.attachments.push({ fileUrl: a.resourceUrl, title: a.title, mimeType: a.mimeType, iconLink: a.iconUrl });
    }
  }
  if (action.conferenceData) {
    if (!caps.canSetConferenceData)
      throw new Error(
        'The add-on may not set conference data on this event (capabilities.canSetConferenceData is false)',
      );
    d.conferenceData = structuredClone(action.conferenceData);
  }
  return structuredClone(d);
}

/**
 * The person presses Save. A new event is created (id per CalendarOptions.draftIdOnSave, or
 * `opts.idOnSave`); an existing one is updated as its editor would. The editor closes.
 */
export function saveDraft(
  world: World,
  draftId: string,
  opts: { sendInvitations?: boolean; idOnSave?: 'same' | 'new' } = {},
): EventResource {
  const d = draftOrThrow(world, draftId);
  const sendUpdates: SendUpdates = opts.sendInvitations === false ? 'none' : 'all';
  let result: WriteResult;
  const calendar = d.calendarId ?? d.user;
  if (d.eventId) {
    const f = foundOrThrow(world, calendar, d.eventId);
    // Answers already given are kept by the write engine: the editor does not reset them.
    const body = uiBody(f.ev.organizer, d, false);
    result = writeEvent(
      {
        world,
        actor: calendar,
        mode: 'patch',
        body,
        supportsAttachments: true,
        conferenceDataVersion: 1,
        sendUpdates,
        nowMs: world.now(),
        method: 'events.patch',
      },
      f,
    );
  } else {
    const policy = opts.idOnSave ?? cal(world).options.draftIdOnSave;
    const body = uiBody(calendar, d, true);
    // The draft's id is reserved by the open editor; release it before inserting under it.
    delete cal(world).drafts[draftId];
    try {
      result = writeEvent({
        world,
        actor: calendar,
        creator: d.user,
        mode: 'insert',
        body,
        supportsAttachments: true,
        conferenceDataVersion: 1,
        sendUpdates,
        nowMs: world.now(),
        method: 'events.insert',
        ...(policy === 'same' ? { id: d.draftId } : {}),
      });
    } catch (err) {
      cal(world).drafts[draftId] = d; // a refused save leaves the editor open
      throw err;
    }
  }
  delete cal(world).drafts[draftId];
  return render(world, calendar, result.ev, result.copy);
}

export type EventAccess = 'METADATA' | 'READ' | 'WRITE' | 'READ_WRITE';

export interface AddonCalendarEvent {
  id: string;
  calendarId: string;
  organizer: { email: string };
  recurringEventId?: string;
  attendees?: {
    email: string;
    optional?: boolean;
    organizer?: boolean;
    self?: boolean;
    responseStatus: ResponseStatus;
    displayName?: string;
  }[];
  capabilities?: AddonCapabilities;
  conferenceData?: Record<string, unknown>;
}

/**
 * `e.calendar` of the add-on event object for a person looking at an event (or an open editor).
 * Never title, description, times, attachments or extended properties (PLATFORM.md). With
 * `currentEventAccess` omitted there is no event data at all (undefined); METADATA and WRITE give
 * the ids and the organizer; READ / READ_WRITE add attendees, capabilities and conferenceData.
 */
export function addonCalendarEventObject(
  world: World,
  userEmail: string,
  target: { eventId: string; calendarId?: string } | { draftId: string },
  access: EventAccess | undefined,
): AddonCalendarEvent | undefined {
  if (!access) return undefined;
  const user = key(userEmail);
  // The calendar the event is shown from: the person's primary unless a secondary one is named.
  const calendar =
    'draftId' in target
      ? (cal(world).drafts[target.draftId]?.calendarId ?? user)
      : target.calendarId
        ? key(target.calendarId)
        : user;
  let id: string;
  let organizer: string;
  let recurringEventId: string | undefined;
  let attendees: { email: string; optional?: boolean; responseStatus: ResponseStatus; displayName?: string }[];
  let ev: SharedEvent | undefined;
  let conferenceData: Record<string, unknown> | undefined;
  if ('draftId' in target) {
    const d = draftOrThrow(world, target.draftId);
    ev = d.eventId ? cal(world).events[d.eventId] : undefined;
    id = d.eventId ?? d.draftId;
    organizer = ev?.organizer ?? d.calendarId ?? d.user;
    const answers = new Map((ev?.attendees ?? []).map((a) => [a.email, a.responseStatus]));
    attendees = d.attendees.map((a) => ({
      ...a,
      responseStatus: answers.get(a.email) ?? (a.email === organizer ? 'accepted' : 'needsAction'),
    }));
    if (d.attendees.length && !d.attendees.some((a) => a.email === organizer))
      attendees.unshift({ email: organizer, responseStatus: 'accepted' });
    conferenceData = d.conferenceData;
  } else {
    const f = foundOrThrow(world, calendar, target.eventId);
    ev = f.ev;
    id = target.eventId;
    organizer = f.ev.organizer;
    if (f.instanceStartMs !== undefined) recurringEventId = f.ev.id;
    attendees = f.ev.attendees.map((a) => ({ ...a }));
    conferenceData = f.ev.conferenceData;
  }
  const out: AddonCalendarEvent = {
    id,
    calendarId: calendar,
    organizer: { email: organizer },
    ...(recurringEventId ? { recurringEventId } : {}),
  };
  if (access === 'READ' || access === 'READ_WRITE') {
    const caps = capabilitiesFor(organizer === calendar, ev);
    const visible = caps.canSeeAttendees ? attendees : attendees.filter((a) => a.email === calendar);
    out.attendees = visible.map((a) => ({
      email: a.email,
      ...(a.displayName ? { displayName: a.displayName } : {}),
      optional: !!a.optional,
      organizer: a.email === organizer,
      self: a.email === calendar,
      responseStatus: a.responseStatus,
    }));
    out.capabilities = caps;
    if (conferenceData) out.conferenceData = structuredClone(conferenceData);
  }
  return out;
}
