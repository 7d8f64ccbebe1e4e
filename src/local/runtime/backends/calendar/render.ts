// An event copy rendered as the API returns it (what each calendar sees).
import type { World } from '../../world';
import { encodeEid, etagOf, type EventCopy, type EventTime, type SharedEvent } from './model';
import { calendarZone } from './access';
import { instanceStamp } from './recurrence';
import { timeJson } from './time';

// ---------------------------------------------------------------------------------------------
// Rendering a copy as the API returns it.

export type EventResource = Record<string, unknown> & { id: string; etag: string; status: string };

interface RenderOpts {
  /** The response time zone (optional argument `timeZone`); default the calendar owner's. */
  timeZone?: string;
  /** Render one occurrence of a series. */
  instanceStartMs?: number;
}

export function render(
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

export function meetLink(conf: Record<string, unknown>): string | undefined {
  const eps = (conf as { entryPoints?: { entryPointType?: string; uri?: string }[] }).entryPoints;
  const video = Array.isArray(eps) ? eps.find((e) => e.entryPointType === 'video') : undefined;
  return video?.uri && /meet\.google\.com/.test(video.uri) ? video.uri : undefined;
}
