/**
 * The gateway client: one POST per person's action (api.ts), carrying the caller's identity token in
 * the body (web apps do not see request headers). Whatever goes wrong on the way (no address
 * configured, network error, timeout, an HTML error page, a 5xx, garbage) becomes a CcmError with a
 * stable code and words a person can act on; the gateway's own refusals keep the gateway's message
 * (for example the allowance decision naming the date the next quarter opens).
 *
 * Only what is known is said. A request that never left, or a refusal the gateway answered, changed
 * nothing. Once a change (book, cancel, reconcile) has left, a missing or unreadable answer says
 * nothing about whether the gateway acted (its answer can be lost after the booking was written), so
 * it is GATEWAY_OUTCOME_UNKNOWN: the next open of the panel reconciles and shows the truth.
 */
import type { ArgsOf, ChangingOp, DataOf, GatewayOp } from '../../core/contract';
import { CcmError, ERRORS, isErrorCode, failureLabel } from '../../core/errors';
import { currentUserEmail, type Budget } from '../env';
import { dropPanelCache } from './cache';

/** Script property of the add-on project holding the gateway web app's /exec URL. */
export const GATEWAY_URL_PROPERTY = 'GATEWAY_URL';

const NOT_CONFIGURED =
  "The coaching program service isn't set up for this add-on yet (its address is missing). Please tell your coaching program admin.";

function gatewayUrl(): string {
  const url = PropertiesService.getScriptProperties().getProperty(GATEWAY_URL_PROPERTY);
  if (!url || !/^https:\/\//.test(url)) throw new CcmError('GATEWAY_UNAVAILABLE', NOT_CONFIGURED);
  return url;
}

function identityToken(): string {
  let token: string | null = null;
  try {
    token = ScriptApp.getIdentityToken();
  } catch (err) {
    console.warn(`ccm: no identity token (${failureLabel(err)})`);
  }
  if (!token) throw new CcmError('UNAUTHENTICATED');
  return token;
}

function requestId(): string {
  try {
    return Utilities.getUuid();
  } catch {
    return `r${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
  }
}

/**
 * Operations that change the ledger: their outcome is unknown once the request has left. Exactly the
 * table's `changes: true` ops (the type-check fails when they differ); a copy typed from the table,
 * because importing the table itself would bring its schemas into the add-on (about 2 KB).
 */
const CHANGES: { readonly [K in ChangingOp]: true } = {
  book: true,
  cancel: true,
  reconcile: true,
  markHeld: true,
  support: true,
};
const changes = (op: string): boolean => Object.prototype.hasOwnProperty.call(CHANGES, op);

/**
 * UrlFetch failures before anything was sent: the address is bad, the name does not resolve, the
 * connection cannot be opened, the quota is spent. Anything else may have reached the gateway.
 */
const NOT_SENT = [
  'Address unavailable',
  'DNS error',
  'Invalid argument',
  'Service invoked too many times',
  'Bandwidth quota exceeded',
];
const NEVER_LEFT = new RegExp(`^(?:Exception: )?(?:${NOT_SENT.join('|')})`, 'i');

/** The request left and no readable answer came back: a read failed; a change may have happened. */
function noAnswer(op: string, code: 'GATEWAY_UNAVAILABLE' | 'GATEWAY_TIMEOUT'): CcmError {
  return new CcmError(changes(op) ? 'GATEWAY_OUTCOME_UNKNOWN' : code);
}

/** Apps Script's UrlFetch timeout and DNS/connection failures, told apart by their words. */
function fetchFailure(op: string, err: unknown): CcmError {
  const message = err instanceof Error ? err.message : String(err);
  if (NEVER_LEFT.test(message)) return new CcmError('GATEWAY_UNAVAILABLE');
  if (/timed? ?out|timeout|deadline/i.test(message)) return noAnswer(op, 'GATEWAY_TIMEOUT');
  return noAnswer(op, 'GATEWAY_UNAVAILABLE');
}

/**
 * Calls one gateway operation and returns its data. Throws CcmError: the gateway's code and message
 * for a refusal, GATEWAY_UNAVAILABLE / GATEWAY_TIMEOUT / GATEWAY_OUTCOME_UNKNOWN / UNAUTHENTICATED /
 * DEADLINE otherwise.
 */
export function callGateway<K extends GatewayOp>(
  op: K,
  args: ArgsOf<K>,
  budget?: Budget,
  /** The caller stamps a success in the memo (facts.ts rememberBooking): only a failure drops the copy. */
  opts?: { stampedOnSuccess: boolean },
): DataOf<K> {
  budget?.check(`gateway ${op}`);
  const url = gatewayUrl();
  const id = requestId();
  const body = JSON.stringify({ op, idToken: identityToken(), requestId: id, args });
  // A change makes the panel's copy stale whatever its outcome (an answer lost on the way included):
  // dropped once it is over (not before: a panel open running meanwhile may keep an older answer).
  const changer = changes(op) ? currentUserEmail() : null;
  let answered = false;
  try {
    const data = send<DataOf<K>>(op, url, id, body);
    answered = true;
    return data;
  } finally {
    if (changer !== null && !(answered && opts?.stampedOnSuccess)) dropPanelCache(changer);
  }
}

function send<T>(op: string, url: string, id: string, body: string): T {
  let response: GoogleAppsScript.URL_Fetch.HTTPResponse;
  const started = Date.now();
  try {
    response = UrlFetchApp.fetch(url, {
      method: 'post',
      contentType: 'application/json',
      payload: body,
      muteHttpExceptions: true,
      followRedirects: true,
    });
  } catch (err) {
    console.warn(`ccm: gateway ${op} ${id} failed to fetch after ${Date.now() - started} ms (${failureLabel(err)})`);
    throw fetchFailure(op, err);
  }
  const status = response.getResponseCode();
  const text = response.getContentText();
  console.log(`ccm: gateway ${op} ${id} -> ${status} in ${Date.now() - started} ms`);
  if (status === 504 || status === 408) throw noAnswer(op, 'GATEWAY_TIMEOUT');
  // A web app answers 200 whatever happened; anything else came from Google's front end (an HTML
  // error page, a sign-in page, a 5xx), possibly after the script ran.
  if (status !== 200) throw noAnswer(op, 'GATEWAY_UNAVAILABLE');
  return unwrap<T>(text, op, id);
}

/** Reads the gateway's JSON envelope; exported for unit tests. */
export function unwrap<T>(text: string, op = 'op', id = '-'): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    console.warn(`ccm: gateway ${op} ${id} answered something that is not JSON`);
    throw noAnswer(op, 'GATEWAY_UNAVAILABLE');
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { ok?: unknown }).ok !== 'boolean') {
    console.warn(`ccm: gateway ${op} ${id} answered JSON without an envelope`);
    throw noAnswer(op, 'GATEWAY_UNAVAILABLE');
  }
  const envelope = parsed as { ok: boolean; data?: unknown; error?: { code?: unknown; message?: unknown } };
  if (envelope.ok) {
    if (typeof envelope.data !== 'object' || envelope.data === null) throw noAnswer(op, 'GATEWAY_UNAVAILABLE');
    return envelope.data as T;
  }
  const code = isErrorCode(envelope.error?.code) ? envelope.error.code : 'INTERNAL';
  const raw = envelope.error?.message;
  // Keep the gateway's words (they can be more specific than the defaults), within reason.
  const message = typeof raw === 'string' && raw.trim() !== '' && raw.length <= 600 ? raw : ERRORS[code].message;
  console.log(`ccm: gateway ${op} ${id} refused: ${code}`);
  throw new CcmError(code, message);
}
