/**
 * The Calendar advanced service (v3), behind the few calls the add-on makes. Errors of the advanced
 * service arrive as exceptions ("GoogleJsonResponseException: API call to calendar.events.get failed
 * with error: Not Found", with `details.code` on Google's side); they are classified here by HTTP
 * status so the flows can say what happened.
 */
import { SHARED_MARKER_KEY, SHARED_MARKER_VALUE } from '../../core/description';
import { CcmError, failureLabel } from '../../core/errors';

export type CalEvent = GoogleAppsScript.Calendar.Schema.Event;
export type CalAttendee = GoogleAppsScript.Calendar.Schema.EventAttendee;
export type CalAttachment = GoogleAppsScript.Calendar.Schema.EventAttachment;

/** The shared extended property that marks a CCM meeting on every attendee's copy (core/description.ts). */
const MARKER_FILTER = `${SHARED_MARKER_KEY}=${SHARED_MARKER_VALUE}`;

function api(): GoogleAppsScript.Calendar {
  if (typeof Calendar === 'undefined' || !Calendar) {
    throw new CcmError(
      'INTERNAL',
      'The Calendar service is not enabled for this add-on. Please tell your coaching program admin.',
    );
  }
  return Calendar;
}

/** The HTTP status behind an advanced-service exception, when it can be told; 0 otherwise. */
export function httpStatusOf(err: unknown): number {
  const details = (err as { details?: { code?: unknown } } | null)?.details;
  if (details && typeof details.code === 'number') return details.code;
  const message = err instanceof Error ? err.message : String(err);
  if (/\b404\b|Not Found|notFound/i.test(message)) return 404;
  if (/\b410\b|\bGone\b|deleted/i.test(message)) return 410;
  if (/\b412\b|Precondition Failed|conditionNotMet/i.test(message)) return 412;
  if (/\b403\b|Forbidden|forbiddenForNonOrganizer|insufficient|permission/i.test(message)) return 403;
  if (/\b401\b|Unauthori[sz]ed|Login Required/i.test(message)) return 401;
  if (/\b429\b|Rate Limit|rateLimitExceeded|quota/i.test(message)) return 429;
  if (/\b5\d\d\b|Backend Error|Internal Error|Service unavailable/i.test(message)) return 503;
  return 0;
}

/** Google's reason for an advanced-service error (e.details.errors[0].reason), '' when absent. */
export function errorReason(err: unknown): string {
  const errors = (err as { details?: { errors?: unknown } } | null)?.details?.errors;
  const first = Array.isArray(errors) ? (errors[0] as { reason?: unknown } | undefined) : undefined;
  return typeof first?.reason === 'string' ? first.reason : '';
}

/** Calendar answers a rate limit with 403 as often as 429 (Calendar API quota guide: "403 usageLimits or 429 usageLimits"). */
const RATE_LIMIT_REASONS = /^(rateLimitExceeded|userRateLimitExceeded|quotaExceeded|dailyLimitExceeded)$/;

function calendarFailure(err: unknown, what: string): CcmError {
  const status = httpStatusOf(err);
  const reason = errorReason(err);
  console.warn(`ccm: calendar ${what} failed (${status || failureLabel(err)}${reason ? ` ${reason}` : ''})`);
  if (status === 412) return new CcmError('CALENDAR_CONFLICT');
  if (status === 404 || status === 410) return new CcmError('EVENT_NOT_FOUND');
  if (status === 403 && !RATE_LIMIT_REASONS.test(reason)) {
    return new CcmError(
      'FORBIDDEN',
      "Google Calendar didn't allow this change to the event. Only its organizer can change it.",
    );
  }
  if (status === 429 || status === 503 || status === 403) {
    return new CcmError(
      'INTERNAL',
      'Google Calendar is busy right now. Please try again in a minute; nothing is counted twice.',
    );
  }
  return new CcmError(
    'INTERNAL',
    "Google Calendar couldn't complete this. Please try again; nothing is counted twice.",
  );
}

/** The caller's copy of the event; null when Calendar does not know it (unsaved draft, not invited). */
export function getEvent(calendarId: string, eventId: string): CalEvent | null {
  try {
    return api().Events!.get(calendarId, eventId);
  } catch (err) {
    return gone(err);
  }
}

/** A failed read of one event: null when Calendar says it is gone (404/410); otherwise it throws. */
function gone(err: unknown): null {
  const status = httpStatusOf(err);
  if (status === 404 || status === 410) return null;
  throw calendarFailure(err, 'get');
}

export interface PatchOptions {
  etag?: string;
  sendUpdates?: 'all' | 'externalOnly' | 'none';
}

/** Patch with If-Match (412 → CALENDAR_CONFLICT). Attachments need supportsAttachments on the call. */
export function patchEvent(calendarId: string, eventId: string, resource: CalEvent, opts: PatchOptions = {}): CalEvent {
  const args = { sendUpdates: opts.sendUpdates ?? 'none', supportsAttachments: true };
  const headers: Record<string, string> = opts.etag ? { 'If-Match': opts.etag } : {};
  try {
    return api().Events!.patch(resource, calendarId, eventId, args, headers);
  } catch (err) {
    throw calendarFailure(err, 'patch');
  }
}

/**
 * Cancels the event for everyone (the organizer's events.delete): with sendUpdates 'all' each guest
 * gets Calendar's own cancellation. An event already gone (404 / 410) counts as done.
 */
export function cancelEventForAll(calendarId: string, eventId: string): void {
  try {
    api().Events!.remove(calendarId, eventId, { sendUpdates: 'all' });
  } catch (err) {
    const status = httpStatusOf(err);
    if (status === 404 || status === 410) return;
    throw calendarFailure(err, 'delete');
  }
}

/**
 * Creates an event on the caller's calendar (homepage scheduling), with the id the add-on chose when
 * it booked (Calendar accepts client ids: base32hex, 5-1024 characters). 409 (that id exists already:
 * a second press, or a first attempt that did go through) is reported as `duplicate` for the caller
 * to read the event back; anything else is a CcmError.
 */
export function insertEvent(resource: CalEvent, sendUpdates: 'all' | 'none' = 'all'): CalEvent | 'duplicate' {
  try {
    return api().Events!.insert(resource, 'primary', { sendUpdates, supportsAttachments: true });
  } catch (err) {
    if (httpStatusOf(err) === 409 || /duplicate|already exists/i.test(err instanceof Error ? err.message : ''))
      return 'duplicate';
    throw calendarFailure(err, 'insert');
  }
}

/** Busy blocks per calendar id; null for a calendar the caller may not see (free/busy "notFound"). */
export type BusyMap = Map<string, Array<[number, number]> | null>;

/** One free/busy query for several people (busy blocks only: no event ever shows its details). */
export function freeBusy(ids: readonly string[], fromIso: string, toIso: string): BusyMap {
  let res: GoogleAppsScript.Calendar.Schema.FreeBusyResponse;
  try {
    res = api().Freebusy!.query({ timeMin: fromIso, timeMax: toIso, items: ids.map((id) => ({ id })) });
  } catch (err) {
    if (httpStatusOf(err) === 403) {
      console.warn('ccm: calendar free/busy refused (403)');
      throw new CcmError(
        'FORBIDDEN',
        "Google Calendar didn't let the add-on read free and busy times. You can still pick a time yourself.",
      );
    }
    throw calendarFailure(err, 'free/busy');
  }
  const out: BusyMap = new Map();
  for (const id of ids) {
    // The typings declare `calendars` as {}: it is a map keyed by the ids asked for.
    const c = (res.calendars as Record<string, GoogleAppsScript.Calendar.Schema.FreeBusyCalendar> | undefined)?.[id];
    if (!c || (c.errors?.length ?? 0) > 0) {
      out.set(id, null);
      continue;
    }
    const blocks: Array<[number, number]> = [];
    for (const b of c.busy ?? []) {
      const s = Date.parse(String(b.start ?? ''));
      const e = Date.parse(String(b.end ?? ''));
      if (Number.isFinite(s) && Number.isFinite(e) && e > s) blocks.push([s, e]);
    }
    out.set(id, blocks);
  }
  return out;
}

/**
 * A person's calendar time zone (Calendars.get), when the caller may see their calendar; null when
 * not (404 for an outside or private calendar) or when Calendar will not say. Best effort: a guess
 * is labelled as one by the caller.
 */
export function calendarTimeZone(email: string): string | null {
  try {
    const tz = api().Calendars!.get(email).timeZone;
    return typeof tz === 'string' && tz !== '' ? tz : null;
  } catch (err) {
    const status = httpStatusOf(err);
    if (status !== 404 && status !== 403)
      console.warn(`ccm: calendar time zone not read (${status || failureLabel(err)})`);
    return null;
  }
}

const MAX_PAGES = 5;

/**
 * CCM meetings (shared marker) on the caller's calendar between two instants, deleted ones included
 * (they come back with status "cancelled": that is how reconciliation learns of a deletion). With
 * `changedSince` (and no window): only those modified since that instant, wherever they are now;
 * Calendar then includes the ones deleted since (events.list reference, `updatedMin`).
 */
export function listCcmEvents(window: { from: string; to: string } | null, changedSince?: string): CalEvent[] {
  const out: CalEvent[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const args = ccmSearchArgs(window, changedSince);
    if (pageToken) args.pageToken = pageToken;
    let res: GoogleAppsScript.Calendar.Schema.Events;
    try {
      res = api().Events!.list('primary', args);
    } catch (err) {
      throw calendarFailure(err, 'list');
    }
    out.push(...(res.items ?? []));
    pageToken = res.nextPageToken ?? undefined;
    if (!pageToken) break;
  }
  return out;
}

/** The events.list arguments of a search for CCM meetings (see listCcmEvents). */
export function ccmSearchArgs(window: { from: string; to: string } | null, changedSince?: string) {
  const args: Record<string, string | number | boolean> = {
    sharedExtendedProperty: MARKER_FILTER,
    showDeleted: true,
    singleEvents: true,
    maxResults: 250,
  };
  if (window) {
    args.timeMin = window.from;
    args.timeMax = window.to;
  }
  if (changedSince) args.updatedMin = changedSince;
  return args;
}

const REST = 'https://www.googleapis.com/calendar/v3/calendars/';

/** An event's path under the REST base, for readTogether. */
export const eventPath = (calendarId: string, eventId: string) =>
  `${encodeURIComponent(calendarId)}/events/${encodeURIComponent(eventId)}`;

/**
 * Calendar reads sent at once: one UrlFetchApp.fetchAll of Calendar API requests with the add-on's own
 * OAuth token (its calendar.events scope), so they take the time of the slowest, not the sum. `path`
 * follows /calendars/ (already encoded). Each answer is the resource as the advanced service returns it,
 * or an error carrying Google's status and reason (details), classified as the advanced service's are.
 */
export function readTogether(reads: { path: string; query?: Record<string, string | number | boolean> }[]) {
  const headers = { Authorization: `Bearer ${ScriptApp.getOAuthToken()}` };
  const requests = reads.map((r) => ({
    url:
      REST +
      r.path +
      (r.query
        ? '?' +
          Object.entries(r.query)
            .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
            .join('&')
        : ''),
    headers,
    muteHttpExceptions: true,
  }));
  return UrlFetchApp.fetchAll(requests).map((res): unknown => {
    const code = res.getResponseCode();
    let body: { error?: Record<string, unknown> } | null = null;
    try {
      body = JSON.parse(res.getContentText());
    } catch {
      // an answer that is not JSON: classified by its status alone
    }
    if (code === 200 && body) return body;
    return Object.assign(new Error(`calendar ${code}`), { details: { ...body?.error, code } });
  });
}

/** The open event read with readTogether's answer: like getEvent (null for 404/410; else it throws). */
export function eventOrNull(answer: unknown): CalEvent | null {
  return answer instanceof Error ? gone(answer) : (answer as CalEvent);
}

/**
 * Events a loop reads in turn (at most a few): sent together in one fetchAll when there are several
 * (the time of one Calendar call), else, or when the batch cannot be sent, each by getEvent when asked.
 * `read(ref)` answers as getEvent does: the event, null when it is gone (404/410), or it throws.
 */
export function eventsReader<R extends { eventId: string; calendarId?: string }>(refs: readonly R[]) {
  let answers: unknown[] | null = null;
  try {
    if (refs.length > 1)
      answers = readTogether(refs.map((r) => ({ path: eventPath(r.calendarId ?? 'primary', r.eventId) })));
  } catch {
    // read one by one
  }
  return (r: R): CalEvent | null =>
    answers ? eventOrNull(answers[refs.indexOf(r)]) : getEvent(r.calendarId ?? 'primary', r.eventId);
}

/** The caller's copy of the event with this iCalendar UID (from an invite.ics), if any. */
export function findByICalUID(iCalUID: string): CalEvent | null {
  let res: GoogleAppsScript.Calendar.Schema.Events;
  try {
    res = api().Events!.list('primary', { iCalUID, showDeleted: false, maxResults: 10 });
  } catch (err) {
    const status = httpStatusOf(err);
    if (status === 404) return null;
    throw calendarFailure(err, 'list by iCalUID');
  }
  const items = (res.items ?? []).filter((ev) => ev.status !== 'cancelled');
  // A recurring series shares one UID; a CCM meeting is a single event, so prefer a non-instance.
  return items.find((ev) => !ev.recurringEventId) ?? items[0] ?? null;
}

/** The event's start/end as ISO instants ('' for all-day or missing times). */
export function eventTimes(ev: CalEvent): { start: string; end: string } {
  return { start: ev.start?.dateTime ?? '', end: ev.end?.dateTime ?? '' };
}

export function isMarked(ev: CalEvent | null | undefined): boolean {
  return ev?.extendedProperties?.shared?.[SHARED_MARKER_KEY] === SHARED_MARKER_VALUE;
}
