/**
 * Request validation (zod/mini: small bundle). Everything in the body is untrusted: shapes, sizes
 * and formats are checked before any op runs, and a bad request answers BAD_REQUEST naming the field.
 * Who the caller is never comes from here (auth.ts); emails in args are lookup keys only.
 */
import * as z from 'zod/mini';
import type { GatewayOp, GatewayRequest } from '../core/api';
import { DIGEST_PATTERN } from '../core/digest';
import { isValidEmail } from '../core/email';
import { CcmError } from '../core/errors';
import { parseIsoInstant } from '../core/time';

/** Limits: an identity token is ~1 KB; a calendar search yields at most a few hundred CCM events. */
export const LIMITS = { idToken: 8192, requestId: 128, eventId: 1024, facts: 500 } as const;

// Calendar event ids are base32hex, instances add `_20260310T150000Z`; ids from other systems may
// use more. Accept any visible characters without spaces, quotes or a leading apostrophe, never a
// control character, so an id can neither break a log line nor pretend to be a formula escape.
const EVENT_ID = /^[A-Za-z0-9_@.:\-+=#/]{1,1024}$/;

const eventId = z.string({ error: 'must be a string' }).check(
  z.refine((s) => EVENT_ID.test(s), {
    error: 'must be a Calendar event id (1 to 1024 letters, digits or _-@.:+=#/)',
  }),
);
const isoInstant = z.string({ error: 'must be a string' }).check(
  z.refine((s) => s.length <= 40 && parseIsoInstant(s) !== null, {
    error: 'must be an ISO 8601 instant with an offset, e.g. 2026-03-03T11:00:00-05:00',
  }),
);
const email = z
  .string({ error: 'must be a string' })
  .check(z.maxLength(320, { error: 'is too long' }), z.refine(isValidEmail, { error: 'must be an email address' }));

// A calendar id: 'primary', a person's email, or a secondary calendar's `...@group.calendar.google.com`.
const calendarId = z.string({ error: 'must be a string' }).check(
  z.refine((s) => s.length <= 320 && EVENT_ID.test(s), {
    error: 'must be a Calendar calendar id (1 to 320 letters, digits or _-@.:+=#/)',
  }),
);

const EventRef = z
  .object({
    eventId,
    iCalUID: z.optional(z.string().check(z.maxLength(1024, { error: 'is too long' }))),
    start: isoInstant,
    end: isoInstant,
    recurring: z.optional(z.boolean({ error: 'must be true or false' })),
    calendarId: z.optional(calendarId),
  })
  .check(
    z.refine((e) => parseIsoInstant(e.end)! > parseIsoInstant(e.start)!, {
      path: ['end'],
      error: 'must be after start',
    }),
  );

const CalendarFact = z.object({
  eventId,
  exists: z.boolean({ error: 'must be true or false' }),
  start: z.optional(isoInstant),
  end: z.optional(isoInstant),
  organizer: z.optional(z.boolean({ error: 'must be true or false' })),
});

const facts = z
  .array(CalendarFact, { error: 'must be a list' })
  .check(z.maxLength(LIMITS.facts, { error: `must have at most ${LIMITS.facts} entries` }));

const ARGS = {
  panel: z.object({
    event: z.optional(EventRef),
    facts: z.optional(facts),
    // No `factsWindow`: older add-ons still send it (the window they searched); like every unknown
    // key it is dropped, whatever its shape, so those add-ons keep working.
  }),
  book: z.object({
    event: EventRef,
    status: z.enum(['pending', 'confirmed'], { error: 'must be pending or confirmed' }),
    notesDigest: z.optional(
      z
        .string({ error: 'must be a string' })
        .check(z.refine((s) => DIGEST_PATTERN.test(s), { error: 'must be 32 lowercase hex characters' })),
    ),
    planWritten: z.optional(z.boolean({ error: 'must be true or false' })),
  }),
  cancel: z.object({ eventId }),
  reconcile: z.object({ facts }),
  viewer: z.object({
    eventId,
    organizer: email,
    iCalUID: z.optional(z.string().check(z.maxLength(1024, { error: 'is too long' }))),
  }),
  dailyJob: z.object({ install: z.optional(z.boolean({ error: 'must be true or false' })) }),
  admin: z.object({ quarter: z.optional(z.string().check(z.maxLength(20, { error: 'is too long' }))) }),
  // support (issue 14 item 4): the meeting as the manager's copy names it, as `viewer`; no text of theirs.
  support: z.object({
    eventId,
    organizer: email,
    iCalUID: z.optional(z.string().check(z.maxLength(1024, { error: 'is too long' }))),
  }),
} as const;

export const OPS = Object.keys(ARGS) as GatewayOp[];

const Envelope = z.object({
  op: z.enum(OPS as [GatewayOp, ...GatewayOp[]], { error: `must be one of ${OPS.join(', ')}` }),
  idToken: z
    .string({ error: 'is missing' })
    .check(z.minLength(1, { error: 'is missing' }), z.maxLength(LIMITS.idToken, { error: 'is too long' })),
  requestId: z.string({ error: 'is missing' }).check(
    z.maxLength(LIMITS.requestId, { error: 'is too long' }),
    z.refine((s) => /^[\x21-\x7e]*$/.test(s), { error: 'must be printable ASCII without spaces' }),
  ),
  args: z.optional(z.unknown()),
});

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

function describe(issues: readonly IssueLike[], prefix: string): string {
  const first = issues[0];
  if (!first) return 'The request was not understood.';
  const path = [prefix, ...first.path.map(String)].filter((p) => p !== '').join('.');
  const what = first.message && first.message !== 'Invalid input' ? first.message : 'is not valid';
  return `The request was not understood: ${path || 'the body'} ${what}.`;
}

/** Parses the raw POST body into a typed request, or throws BAD_REQUEST naming the first problem. */
export function parseRequest(body: string): GatewayRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new CcmError('BAD_REQUEST', 'The request was not understood: the body is not JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new CcmError('BAD_REQUEST', 'The request was not understood: the body must be a JSON object.');
  const env = Envelope.safeParse(json);
  if (!env.success) throw new CcmError('BAD_REQUEST', describe(env.error.issues, ''));
  const schema = ARGS[env.data.op];
  const args = schema.safeParse(env.data.args ?? {});
  if (!args.success) throw new CcmError('BAD_REQUEST', describe(args.error.issues, 'args'));
  return {
    op: env.data.op,
    idToken: env.data.idToken,
    requestId: env.data.requestId,
    args: args.data,
  } as GatewayRequest;
}

/** The request id, when the body had a usable one: for logs of requests that fail validation. */
export function peekRequestId(body: string): string {
  try {
    const v = (JSON.parse(body) as { requestId?: unknown }).requestId;
    return typeof v === 'string' && /^[\x21-\x7e]{1,128}$/.test(v) ? v : '';
  } catch {
    return '';
  }
}
