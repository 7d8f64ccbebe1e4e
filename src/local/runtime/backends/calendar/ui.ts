// What a person does in Google Calendar's own UI (create, move, delete, answer, share).
import { parseIsoInstant } from '../../../../core/time';
import type { World } from '../../world';
import { apiError } from '../../service';
import {
  cal,
  type CalendarOptions,
  type CalendarRole,
  type EventTime,
  type FreeBusyVisibility,
  key,
  newEventId,
  type ResponseStatus,
  type SecondaryCalendar,
  type SharedEvent,
  type StoredAttachment,
} from './model';
import { calendarRole, calendarZone, find, type Found } from './access';
import { type EventResource, render } from './render';
import { removeEvent, writeEvent } from './write';
import { listItems } from './events-api';

// ---------------------------------------------------------------------------------------------
// Host helpers: what a person does in Google Calendar's own UI (not the API). The workbench and
// the scenario runner call these; they act at the World clock and send mail as the UI does.

/** ISO string (with offset), epoch ms, or a Date. */
export type TimeInput = string | number | Date;

export function toMs(t: TimeInput, what: string): number {
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
export function uiBody(
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
export function uiCalendar(world: World, person: string, calendarId: string | undefined): string {
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

export function foundOrThrow(world: World, user: string, eventId: string): Found {
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
