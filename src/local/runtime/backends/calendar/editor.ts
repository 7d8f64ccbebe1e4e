// The event editor with the add-on side panel: drafts, event actions, save, the add-on event object.
import type { World } from '../../world';
import { type CreateEventInput, foundOrThrow, toMs, uiBody, uiCalendar } from './ui';
import {
  cal,
  type EditorDraft,
  key,
  MAX_ATTACHMENTS,
  newEventId,
  type ResponseStatus,
  type SendUpdates,
  type SharedEvent,
} from './model';
import { calendarZone } from './access';
import { type EventResource, render } from './render';
import { writeEvent, type WriteResult } from './write';

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
