/**
 * doPost: body → validated request → verified caller → op → JSON envelope. Every answer is HTTP 200
 * with `{ok: true, data}` or `{ok: false, error: {code, message, retryable}}` (src/core/api.ts);
 * nothing thrown ever reaches Apps Script's HTML error page, and no stack trace or Sheet error text
 * reaches the caller. Logs are one JSON line per request with ids and the outcome code only.
 */
import type { GatewayResponse } from '../core/api';
import { CONTRACT, type DataOf, type GatewayOp, type GatewayRequest, type Handlers } from '../core/contract';
import { CcmError, toErrorPayload } from '../core/errors';
import { verifyIdToken } from './auth';
import { readConfig } from './config';
import { RequestContext } from './context';
import { admin } from './ops/admin';
import { book, cancel, panel, reconcile } from './ops/coachee';
import { viewer } from './ops/viewer';
import { dailyJobOp } from './ops/daily-job';
import { markHeld } from './ops/held';
import { support } from './ops/support';
import { team } from './ops/team';
import { parseRequest, peekRequestId } from './validate';
import { errorText } from './log';

/** The slice of Apps Script's web-app event object the gateway reads. */
export interface WebAppEvent {
  postData?: { contents?: string; type?: string; length?: number };
  parameter?: Record<string, string>;
}

/**
 * One handler per op of the table (core/contract.ts): the type-check fails when an op has none, or
 * when a handler takes other args or answers another type than the table says.
 */
const HANDLERS: Handlers<RequestContext> = {
  panel: (ctx, args) => {
    const data = panel(ctx, args);
    // An admin's homepage (no event, nothing of their own as a coachee): the overview in the same
    // answer, so the add-on needs no second call to `admin`.
    if (!args.event && !data.engagement && data.me.roles.includes('admin')) data.admin = admin(ctx, {});
    // A manager's or coach's homepage: their people's meetings in the same answer (bounded: ops/team.ts).
    if (!args.event) {
      const people = team(ctx, data.me.roles);
      if (people) data.team = people;
    }
    return data;
  },
  book,
  cancel,
  reconcile,
  viewer,
  dailyJob: (ctx, args) => dailyJobOp(ctx, args.install === true),
  admin,
  markHeld,
  support,
};

function run<K extends GatewayOp>(ctx: RequestContext, req: GatewayRequest<K>): DataOf<K> {
  const handler: Handlers<RequestContext>[K] = HANDLERS[req.op];
  return handler(ctx, req.args);
}

/**
 * The Audit tab's outcome for a refusal: the code, and for a broken engagement record the
 * Engagements rows to fix (admins act on row numbers; the coachee is told only to ask them).
 */
function auditOutcome(ctx: RequestContext, err: CcmError): string {
  if (err.code !== 'ENGAGEMENT_RECORD_INVALID') return err.code;
  const record = ctx.coacheeRecord();
  return record.kind === 'invalid' ? `${err.code} (Engagements row ${record.rows.join(', ')})` : err.code;
}

/** Handles one POST and returns the envelope (exported for tests and for doPost). */
export function handle(e: WebAppEvent | undefined): GatewayResponse {
  const started = Date.now();
  const body = typeof e?.postData?.contents === 'string' ? e.postData.contents : '';
  const log: Record<string, unknown> = { event: 'request', requestId: peekRequestId(body) };
  try {
    if (body === '') throw new CcmError('BAD_REQUEST', 'The request was not understood: the body is empty.');
    const req = parseRequest(body);
    log.op = req.op;
    const cfg = readConfig();
    const nowMs = Date.now();
    const caller = verifyIdToken(req.idToken, cfg, nowMs);
    if (!caller.inDomain && !CONTRACT[req.op].outsideDomain) {
      throw new CcmError(
        'FORBIDDEN',
        'This coaching program service only answers people signed in with a company account.',
      );
    }
    const ctx = new RequestContext(cfg, caller, nowMs, req.requestId, req.op);
    let data: unknown;
    try {
      data = run(ctx, req);
    } catch (err) {
      // Refused or failed changes are audited too (who tried what, and the code), never content.
      if (CONTRACT[req.op].auditRefusals && err instanceof CcmError) {
        const eventId =
          'eventId' in req.args ? req.args.eventId : 'event' in req.args ? req.args.event?.eventId : undefined;
        ctx.audit({ eventId, outcome: auditOutcome(ctx, err) });
      }
      throw err;
    }
    const eventId =
      'eventId' in req.args ? req.args.eventId : 'event' in req.args ? req.args.event?.eventId : undefined;
    if (eventId) log.eventId = eventId;
    log.outcome = 'OK';
    return { ok: true, data };
  } catch (err) {
    const payload = toErrorPayload(err);
    log.outcome = payload.code;
    if (!(err instanceof CcmError)) {
      // An unexpected failure: its name and first words for whoever runs the gateway, never data.
      log.error = errorText(err);
    }
    return { ok: false, error: { code: payload.code, message: payload.message, retryable: payload.retryable } };
  } finally {
    log.ms = Date.now() - started;
    console.log(JSON.stringify(log));
  }
}

export function respond(envelope: GatewayResponse): GoogleAppsScript.Content.TextOutput {
  return ContentService.createTextOutput(JSON.stringify(envelope)).setMimeType(ContentService.MimeType.JSON);
}
