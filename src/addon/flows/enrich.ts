/**
 * What "confirm" writes to the coachee's event through the Calendar API, as a pure patch builder,
 * and the write itself with the etag (412 → read again, rebuild, retry once).
 *
 * The patch only carries what changes, so confirming the same plan twice writes nothing:
 * - description: the CCM block merged between its markers (the coachee's own text kept byte for
 *   byte, the block replaced, never duplicated);
 * - extendedProperties.shared: the marker and the booking id, merged into what is there (Calendar
 *   replaces the whole map on patch); these are hints only: any guest may change them;
 * - extendedProperties.private: the digest of the coachee's notes (core/digest.ts) on the organizer's
 *   own copy, which no guest can read or write, so a later change of the notes can be shown;
 * - guestsCanModify / guestsCanInviteOthers: false (organizer-only fields), so no guest can rewrite
 *   the notes or the guest list of the coachee's meeting;
 * - attendees: manager and coach added when missing (everyone already invited kept as is);
 * - attachments: the organisation's toolkit added when missing (the array is replaced on patch, so
 *   the existing ones are sent back too; at most 25);
 * - location: the video link, only where the location is empty or still shows our previous link;
 * - visibility: private, so people who can see the coachee's calendar but are not guests see only
 *   "busy" (the plan is for the guests).
 *
 * Who hears of a write (sendUpdates, `updatesFor`): guests get mail when the event first becomes a CCM
 * meeting, when someone is added, and when its time changed since they were last told; later plan
 * edits go out silently (guests read the current plan in their panel).
 */
import {
  mergeBlock,
  parseBlock,
  removeBlock,
  SHARED_BOOKING_KEY,
  SHARED_MARKER_KEY,
  SHARED_MARKER_VALUE,
  type BlockContext,
} from '../../core/description';
import { sameEmail } from '../../core/email';
import { NOTES_DIGEST_KEY, notesDigest } from '../../core/digest';
import { CcmError } from '../../core/errors';
import type { Meeting } from '../../core/meeting';
import { getEvent, patchEvent, type CalAttachment, type CalAttendee, type CalEvent } from '../adapters/calendar';
import type { Budget } from '../env';
import { sameInstant } from '../../core/time';

export const TOOLKIT_TITLE = 'CCM alignment meeting: toolkit for managers';
export const MAX_ATTACHMENTS = 25;
const GOOGLE_DOC_MIME = 'application/vnd.google-apps.document';
/** On the organizer's copy: the start guests were last told about (private: no guest reads or edits it). */
export const NOTIFIED_START_KEY = 'ccmNotifiedStart';

export interface EnrichContext {
  organizer: string;
  manager: string;
  coach: string;
  bookingId: string;
  toolkitUrl: string | null;
  block: BlockContext;
  /** The link people join with (the coachee's or the coach's). */
  videoLink: string | null;
}

export function ensureAttendees(
  existing: readonly CalAttendee[] | undefined,
  people: readonly string[],
  organizer: string,
): CalAttendee[] | null {
  const list: CalAttendee[] = (existing ?? []).map((a) => ({ ...a }));
  const missing = people.filter((p) => p && !list.some((a) => sameEmail(a.email, p)));
  if (missing.length === 0) return null;
  // An event without guests has no attendee list; Calendar lists the organizer once there are guests.
  if (list.length === 0 && organizer) list.push({ email: organizer, responseStatus: 'accepted' });
  for (const p of missing) list.push({ email: p, responseStatus: 'needsAction' });
  return list;
}

export function mergeToolkit(
  existing: readonly CalAttachment[] | undefined,
  toolkitUrl: string | null,
): CalAttachment[] | null {
  if (!toolkitUrl) return null;
  const list = (existing ?? []).map((a) => ({ ...a }));
  if (list.some((a) => a.fileUrl === toolkitUrl) || list.length >= MAX_ATTACHMENTS) return null;
  const item: CalAttachment = { fileUrl: toolkitUrl, title: TOOLKIT_TITLE };
  if (/^https:\/\/docs\.google\.com\/document\//.test(toolkitUrl)) item.mimeType = GOOGLE_DOC_MIME;
  list.push(item);
  return list;
}

/** The patch for confirming `meeting` on `ev` (only changed fields); `{}` when nothing changes. */
export function buildConfirmPatch(ev: CalEvent, meeting: Meeting, ctx: EnrichContext): CalEvent {
  const patch: CalEvent = {};
  const description = mergeBlock(ev.description ?? '', meeting, ctx.block);
  if (description !== (ev.description ?? '')) patch.description = description;

  const shared = { ...(ev.extendedProperties?.shared ?? {}) };
  if (shared[SHARED_MARKER_KEY] !== SHARED_MARKER_VALUE || shared[SHARED_BOOKING_KEY] !== ctx.bookingId) {
    shared[SHARED_MARKER_KEY] = SHARED_MARKER_VALUE;
    shared[SHARED_BOOKING_KEY] = ctx.bookingId;
    patch.extendedProperties = { shared };
  }
  const priv = { ...(ev.extendedProperties?.private ?? {}) };
  const digest = notesDigest(meeting);
  const start = ev.start?.dateTime ?? '';
  if (priv[NOTES_DIGEST_KEY] !== digest || (start && !sameInstant(priv[NOTIFIED_START_KEY], start))) {
    priv[NOTES_DIGEST_KEY] = digest;
    if (start && !sameInstant(priv[NOTIFIED_START_KEY], start)) priv[NOTIFIED_START_KEY] = start;
    patch.extendedProperties = { ...patch.extendedProperties, private: priv };
  }
  if (ev.visibility !== 'private' && ev.visibility !== 'confidential') patch.visibility = 'private';
  // The Events resource lists guestsCanModify only when true and guestsCanInviteOthers only when false.
  if (ev.guestsCanModify === true) patch.guestsCanModify = false;
  if (ev.guestsCanInviteOthers !== false) patch.guestsCanInviteOthers = false;

  const attendees = ensureAttendees(ev.attendees, [ctx.manager, ctx.coach], ctx.organizer);
  if (attendees) patch.attendees = attendees;

  const attachments = mergeToolkit(ev.attachments, ctx.toolkitUrl);
  if (attachments) patch.attachments = attachments;

  if (ctx.videoLink) {
    const previous = parseBlock(ev.description ?? '').shownVideoLink;
    const location = (ev.location ?? '').trim();
    if ((location === '' || location === previous) && location !== ctx.videoLink) patch.location = ctx.videoLink;
  }
  return patch;
}

/**
 * Whether guests hear of this confirm write: 'all' when the event becomes a CCM meeting (no marker
 * yet), when the patch invites someone, or when the start moved since guests were last told (a copy
 * confirmed before that was recorded counts as told); otherwise 'none' (a plan edit is read in the panel).
 */
export function updatesFor(ev: CalEvent, patch: CalEvent): 'all' | 'none' {
  if (patch.attendees) return 'all';
  if (ev.extendedProperties?.shared?.[SHARED_MARKER_KEY] !== SHARED_MARKER_VALUE) return 'all';
  const told = ev.extendedProperties?.private?.[NOTIFIED_START_KEY];
  const start = ev.start?.dateTime ?? '';
  return told && start && !sameInstant(told, start) ? 'all' : 'none';
}

/**
 * "Keep the event, stop counting it": the block comes out (the coachee's own text stays), and so do
 * the marker, the booking id and the digest (null deletes a key in a patch), so it is an ordinary event again.
 */
export function buildCancelPatch(ev: CalEvent): CalEvent {
  const patch: CalEvent = {};
  const description = removeBlock(ev.description ?? '');
  if (description !== (ev.description ?? '')) patch.description = description;
  const drop = (map: Record<string, string> | undefined, keys: string[]) => {
    const present = keys.filter((k) => map?.[k] !== undefined);
    return present.length > 0 ? (Object.fromEntries(present.map((k) => [k, null])) as Record<string, never>) : null;
  };
  const shared = drop(ev.extendedProperties?.shared, [SHARED_MARKER_KEY, SHARED_BOOKING_KEY]);
  const priv = drop(ev.extendedProperties?.private, [NOTES_DIGEST_KEY, NOTIFIED_START_KEY]);
  if (shared || priv) patch.extendedProperties = { ...(shared ? { shared } : {}), ...(priv ? { private: priv } : {}) };
  return patch;
}

export interface WriteResult {
  event: CalEvent;
  /** Something was written (false: the event already said all of it). */
  changed: boolean;
}

/**
 * Patches with the etag of the copy it read; on 412 reads the event again, rebuilds the patch from
 * what is there now, and tries once more. A second conflict is reported (CALENDAR_CONFLICT).
 */
export function writeWithEtag(
  calendarId: string,
  first: CalEvent,
  build: (ev: CalEvent) => CalEvent,
  budget: Budget,
  sendUpdates: 'all' | 'none' | ((ev: CalEvent, patch: CalEvent) => 'all' | 'none'),
): WriteResult {
  let ev = first;
  for (let attempt = 0; ; attempt++) {
    const patch = build(ev);
    if (Object.keys(patch).length === 0) return { event: ev, changed: false };
    try {
      const updates = typeof sendUpdates === 'function' ? sendUpdates(ev, patch) : sendUpdates;
      return {
        event: patchEvent(calendarId, ev.id!, patch, { etag: ev.etag, sendUpdates: updates }),
        changed: true,
      };
    } catch (err) {
      if (!(err instanceof CcmError) || err.code !== 'CALENDAR_CONFLICT' || attempt >= 1) throw err;
      console.log(`ccm: 412 on ${ev.id}, reading it again`);
      budget.check('calendar retry');
      const again = getEvent(calendarId, ev.id!);
      if (!again || again.status === 'cancelled') throw new CcmError('EVENT_NOT_FOUND');
      ev = again;
    }
  }
}
