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
//
// One file per concern in this folder; this index is what the rest of the runtime imports.

export {
  type ResponseStatus,
  type SendUpdates,
  type FreeBusyVisibility,
  type EventTime,
  type StoredAttendee,
  type StoredAttachment,
  type SharedEvent,
  type EventCopy,
  type EditorDraft,
  type CalendarUserSettings,
  type CalendarOptions,
  type CalendarRole,
  type SecondaryCalendar,
  type CalendarState,
  initialCalendarState,
  MAX_PROPERTY_KEY,
  MAX_PROPERTY_VALUE,
  MAX_PROPERTIES,
  MAX_PROPERTIES_BYTES,
  MAX_ATTACHMENTS,
  eidEmail,
  expandEidEmail,
  encodeEid,
  decodeEid,
} from './model';
export { formatDateTime, formatWhen } from './time';
export { calendarZone, calendarRole } from './access';
export { type EventResource } from './render';
export { DESCRIPTION_LIMIT } from './write';
export { freeBusyVisibleTo, busyBlocks } from './freebusy';
export { type CalendarFault, setCalendarFault, clearCalendarFaults } from './faults';
export { calendarHandlers } from './handlers';
export {
  type TimeInput,
  type CreateEventInput,
  createSecondaryCalendar,
  shareCalendar,
  getSecondaryCalendar,
  createEvent,
  moveEvent,
  deleteEvent,
  type EventChanges,
  changeEvent,
  respondToEvent,
  getCopy,
  listCalendar,
  getSharedEvent,
  setFreeBusyVisibility,
  setCalendarOptions,
} from './ui';
export {
  newDraft,
  editEvent,
  getDraft,
  updateDraft,
  discardDraft,
  type CalendarEventAction,
  type AddonCapabilities,
  applyEventAction,
  saveDraft,
  type EventAccess,
  type AddonCalendarEvent,
  addonCalendarEventObject,
} from './editor';
