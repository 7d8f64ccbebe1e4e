// The World slice of Calendar (events shared by their copies, editor drafts, secondary calendars,
// settings), the limits and scopes Google applies, and Google-looking ids, eids and etags.
import { createHash } from 'node:crypto';
import type { World } from '../../world';

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
export function cal(world: World): CalendarState {
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
export const SIZE_LIMIT_MESSAGE = 'A provided value exceeds the allowed size limit.';
export const FORBIDDEN_NON_ORGANIZER = 'Shared properties can only be changed by the organizer of the event.';

const AUTH = 'https://www.googleapis.com/auth/';
// From the Calendar discovery document (googleapis 176). The freebusy-only and public-only scopes
// that discovery also lists for events.get/list return no event details, so they are not enough here.
export const READ_SCOPES = [
  'calendar.events',
  'calendar',
  'calendar.readonly',
  'calendar.events.readonly',
  'calendar.events.owned',
  'calendar.events.owned.readonly',
].map((s) => AUTH + s);
export const WRITE_SCOPES = ['calendar.events', 'calendar', 'calendar.events.owned'].map((s) => AUTH + s);
export const FREEBUSY_SCOPES = ['calendar.freebusy', 'calendar', 'calendar.readonly', 'calendar.events.freebusy'].map(
  (s) => AUTH + s,
);
export const CALENDARS_READ_SCOPES = [
  'calendar.calendars.readonly',
  'calendar.calendars',
  'calendar',
  'calendar.readonly',
].map((s) => AUTH + s);

// ---------------------------------------------------------------------------------------------
// Ids, eids, etags.

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** A Google-looking event id (26 base32hex characters), deterministic from the World's counter. */
export function newEventId(world: World): string {
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

export function etagOf(value: unknown): string {
  const hex = createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 13);
  return `"${String(parseInt(hex, 16)).padStart(16, '3')}"`;
}

/** A person's or calendar's key in the World: emails compare without case or surrounding space. */
export function key(email: string): string {
  return email.trim().toLowerCase();
}
