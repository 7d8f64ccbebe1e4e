// The write engine: insert, patch and update (from the API or the UI helpers), and delete.
import type { World } from '../../world';
import type { MessageKind } from '../gmail';
import { apiError, ServiceError } from '../../service';
import {
  cal,
  type EventCopy,
  FORBIDDEN_NON_ORGANIZER,
  MAX_PROPERTIES,
  MAX_PROPERTIES_BYTES,
  newEventId,
  type ResponseStatus,
  type SendUpdates,
  type SharedEvent,
  SIZE_LIMIT_MESSAGE,
  type StoredAttendee,
} from './model';
import { copiesOf, type Found } from './access';
import {
  EDITABLE_KEYS,
  type EditableView,
  isPlainObject,
  mergePatch,
  mergeTime,
  parseAttachments,
  parseAttendees,
  parseConference,
  propertiesSize,
  sanitizeProperties,
  viewOf,
} from './resource';
import { badRequest, parseEventTime, sameTime } from './time';
import { render } from './render';
import { parseRule } from './recurrence';
import { sendCalendarMail } from './mail';

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

export interface WriteResult {
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

export function writeEvent(req: WriteRequest, existing?: Found): WriteResult {
  const { world, actor, method, nowMs } = req;
  const s = cal(world);
  if (existing?.instanceStartMs !== undefined) {
    throw new ServiceError(
      'The local runtime does not support changing a single instance of a recurring event',
      'Exception',
    );
  }
  const body = acceptedBody(req);

  const current = existing?.ev;
  const organizer = current?.organizer ?? actor;
  const isOrganizer = actor === organizer;
  const canModify = isOrganizer || !!current?.guestsCanModify;

  if (existing) checkIfMatch(req, existing);

  const base: EditableView = existing ? viewOf(existing.ev, existing.copy) : {};
  const merged = proposal(req, body, base, canModify);

  const { start, end, recurrence, rawAttendees, attachments, status, shared, priv, id, conferenceData } = parseProposal(
    req,
    merged,
    current,
  );

  // Attendees: everyone keeps their own answer; only the attendee themselves changes it.
  const previous = new Map((current?.attendees ?? []).map((a) => [a.email, a]));
  const attendees = keepAnswers(rawAttendees, previous, actor, organizer);

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

  const { changes, guestListChanged } = whatChanged(current, next);
  if (current && !isOrganizer) checkGuestMayChange(method, current, next, changes, guestListChanged, canModify);

  // Per-copy fields.
  const copies = copiesOf(world, actor);
  const oldCopy = existing?.copy;
  const myCopy = copyOf(merged, priv, oldCopy, nowMs);

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
  updateGuestCopies(world, next, added, removed, actor, organizer, nowMs);

  sendWriteMail(req, current, next, changes, added, removed, previous, organizer, isOrganizer);
  return { ev: next, copy: myCopy };
}

/** The writable fields of the request body; read-only ones are ignored, as the API does. */
function acceptedBody(req: WriteRequest): Record<string, unknown> {
  const { method } = req;
  const body: Record<string, unknown> = {};
  for (const k of EDITABLE_KEYS) if (k in req.body) body[k] = req.body[k];
  if (!req.supportsAttachments) delete body.attachments;
  if (req.conferenceDataVersion < 1) delete body.conferenceData;
  if (typeof body.description === 'string' && body.description.length > DESCRIPTION_LIMIT)
    throw badRequest(method, 'The description is too long.');
  return body;
}

/** `If-Match` with a stale etag: 412. */
function checkIfMatch(req: WriteRequest, existing: Found): void {
  const { world, actor, method } = req;
  if (existing && req.ifMatch !== undefined && req.ifMatch !== '*') {
    const etag = render(world, actor, existing.ev, existing.copy).etag;
    if (req.ifMatch !== etag) throw apiError('calendar', method, 412, 'Precondition Failed', 'conditionNotMet');
  }
}

/** The event's editable fields after this write: a patch merges into them, an update replaces them. */
function proposal(
  req: WriteRequest,
  body: Record<string, unknown>,
  base: EditableView,
  canModify: boolean,
): EditableView {
  const isInsert = req.mode === 'insert';
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
  return merged;
}

/** The proposal parsed and checked as Google does (times, recurrence, guests, properties' limits). */
function parseProposal(req: WriteRequest, merged: EditableView, current: SharedEvent | undefined) {
  const { world, method } = req;
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
  const status: SharedEvent['status'] =
    merged.status === 'tentative' || merged.status === 'cancelled' ? merged.status : 'confirmed';
  const ext = isPlainObject(merged.extendedProperties) ? merged.extendedProperties : {};
  const shared = sanitizeProperties(ext.shared);
  const priv = sanitizeProperties(ext.private);
  const size = propertiesSize(shared, priv);
  if (size.count > MAX_PROPERTIES || size.bytes > MAX_PROPERTIES_BYTES) throw badRequest(method, SIZE_LIMIT_MESSAGE);
  const id = current?.id ?? req.id ?? newEventId(world);
  const conferenceData = merged.conferenceData === undefined ? undefined : parseConference(merged.conferenceData, id);
  return { start, end, recurrence, rawAttendees, attachments, status, shared, priv, id, conferenceData };
}

/** Attendees: everyone keeps their own answer; only the attendee themselves changes it. */
function keepAnswers(
  rawAttendees: ReturnType<typeof parseAttendees>,
  previous: Map<string, StoredAttendee>,
  actor: string,
  organizer: string,
): StoredAttendee[] {
  return rawAttendees.map((p) => {
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
}

/** The shared fields this write changes, and whether the guest list changed. */
function whatChanged(current: SharedEvent | undefined, next: SharedEvent) {
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
  return { changes, guestListChanged };
}

/** Who may change what: a guest changes only what the event lets guests change. */
function checkGuestMayChange(
  method: string,
  current: SharedEvent,
  next: SharedEvent,
  changes: string[],
  guestListChanged: boolean,
  canModify: boolean,
): void {
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

/** The caller's own copy: per-copy fields (private properties, reminders, colour, transparency). */
function copyOf(
  merged: EditableView,
  priv: Record<string, string>,
  oldCopy: EventCopy | undefined,
  nowMs: number,
): EventCopy {
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
  return myCopy;
}

/** Added guests get (back) a copy; removed guests' copies are marked removed. */
function updateGuestCopies(
  world: World,
  next: SharedEvent,
  added: string[],
  removed: string[],
  actor: string,
  organizer: string,
  nowMs: number,
): void {
  const id = next.id;
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
}

/** Mail, as sendUpdates asks. */
function sendWriteMail(
  req: WriteRequest,
  current: SharedEvent | undefined,
  next: SharedEvent,
  changes: string[],
  added: string[],
  removed: string[],
  previous: Map<string, StoredAttendee>,
  organizer: string,
  isOrganizer: boolean,
): void {
  const { world, actor, nowMs } = req;
  const isInsert = req.mode === 'insert';
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
}

/** Deleting from a calendar: the organizer cancels the event for everyone; an attendee removes their copy. */
export function removeEvent(
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
