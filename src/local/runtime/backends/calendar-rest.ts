/**
 * The Calendar API v3 over HTTP (`https://www.googleapis.com/calendar/v3/...`), as a script reaches it
 * with UrlFetchApp and `Authorization: Bearer ScriptApp.getOAuthToken()`: the reads the add-on sends
 * together in one UrlFetchApp.fetchAll (events.get, events.list). The same handlers as the advanced
 * service answer (so faults armed for `Calendar.Events.get` / `list` apply here too); errors come back
 * as Google's JSON error body with the HTTP status (reference: developers.google.com/workspace/calendar/
 * api/guides/errors: `{"error": {"code", "message", "errors": [{"domain", "reason", "message"}]}}`).
 * Only the token's own user is served: a script's token is always its user's.
 */
import { ServiceError, type CallContext } from '../service';
import { calendarHandlers } from './calendar';
import { bearerToken, verifyAccessToken } from './identity';

export interface RestAnswer {
  status: number;
  json: unknown;
}

const EVENTS = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/;
const CALENDAR_SCOPES = [
  'https://www.googleapis.com/auth/calendar',
  'https://www.googleapis.com/auth/calendar.readonly',
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.events.readonly',
];
const BOOLEAN = new Set(['singleEvents', 'showDeleted', 'showHiddenInvitations', 'alwaysIncludeEmail']);
const NUMBER = new Set(['maxResults', 'maxAttendees']);

const error = (status: number, reason: string, message: string): RestAnswer => ({
  status,
  json: { error: { code: status, message, errors: [{ domain: 'global', reason, message }] } },
});

export function isCalendarRest(host: string, path: string): boolean {
  return host === 'www.googleapis.com' && path.startsWith('/calendar/v3/');
}

/** One request to the Calendar API's HTTP endpoint, answered for the token's user. */
export async function calendarRest(
  ctx: CallContext,
  url: URL,
  method: string,
  headers: Record<string, string>,
): Promise<RestAnswer> {
  const bearer = bearerToken(headers);
  const caller = bearer ? verifyAccessToken(ctx.world, bearer, ctx.nowMs()) : undefined;
  if (!caller || caller.email !== ctx.user().email)
    return error(401, 'authError', 'Request had invalid authentication credentials.');
  if (!caller.scopes.some((s) => CALENDAR_SCOPES.includes(s)))
    return error(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.');
  const m = EVENTS.exec(url.pathname);
  if (!m || method !== 'GET') return error(404, 'notFound', 'Not Found');
  const optionalArgs: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams)
    optionalArgs[k] = BOOLEAN.has(k) ? v === 'true' : NUMBER.has(k) ? Number(v) : v;
  const calendarId = decodeURIComponent(m[1]!);
  const eventId = m[2] !== undefined ? decodeURIComponent(m[2]) : undefined;
  try {
    const json =
      eventId !== undefined
        ? await calendarHandlers['Calendar.Events.get']!(ctx, { calendarId, eventId, optionalArgs })
        : await calendarHandlers['Calendar.Events.list']!(ctx, { calendarId, optionalArgs });
    return { status: 200, json };
  } catch (err) {
    const details = err instanceof ServiceError ? err.details : undefined;
    if (details && typeof details.code === 'number') return { status: details.code, json: { error: details } };
    return error(400, 'badRequest', err instanceof Error ? err.message : String(err));
  }
}
