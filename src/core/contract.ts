/**
 * The gateway's wire contract as ONE table: per operation, the schema of its args (what the gateway
 * accepts), the type of its answer, and how the two sides treat it. Everything else derives from it:
 * - the gateway validates each request's args with `CONTRACT[op].args` (gateway/validate.ts);
 * - the router's handler map has the type `Handlers` (gateway/router.ts): a missing handler, or one
 *   taking or returning the wrong type, fails the type-check;
 * - the add-on's client `callGateway(op, args)` takes `ArgsOf<op>` and returns `DataOf<op>`
 *   (addon/adapters/gateway.ts), so a call the gateway would refuse for its shape fails the type-check.
 * The answer types (PanelData, BookData...) are api.ts's interfaces; the args types are inferred from
 * the schemas here (api.ts re-exports them under their old names).
 *
 * Answers are types only, not schemas: the answer comes from the gateway built from this same table
 * (deployed together by `npm run deploy`), the add-on checks its envelope (ok, data an object), and
 * schemas for PanelData and AdminData would cost the add-on several KB of its 150 KB budget.
 *
 * How to add an op (say `markHeld`):
 * 1. its args schema and its entry below: `markHeld: { args: MarkHeldArgs, data: answer<MarkHeldData>(),
 *    changes: true, auditRefusals: true, outsideDomain: false }` (every flag is required: decide each);
 *    `export type MarkHeldArgs = ArgsOf<'markHeld'>` and the answer interface in api.ts;
 * 2. its handler `(ctx, args: MarkHeldArgs) => MarkHeldData` in gateway/ops/, added to HANDLERS in
 *    gateway/router.ts (the type-check says so until it is there);
 * 3. the add-on calls `callGateway('markHeld', {...})`; an op with `changes: true` also goes into
 *    CHANGES in addon/adapters/gateway.ts (the type-check fails until it does: a typed copy that keeps
 *    the schemas out of the add-on's bundle). Nothing else in the bundles lists the ops (a scenario
 *    fault may name one: src/local/scenario/format.ts GATEWAY_OPS and docs/scenarios.md).
 * Tests: test/integration/gateway-contract.test.ts wants malformed and well-formed args for each op.
 *
 * The schemas use core/check.ts (no zod in src/core: the add-on's bundle). Every message here is read
 * as "The request was not understood: args.<field> <message>." (validate.ts describe).
 */
import * as c from './check';
import { DIGEST_PATTERN } from './digest';
import { isValidEmail } from './email';
import { parseIsoInstant } from './time';
import type {
  AdminData,
  BookData,
  CancelData,
  DailyJobStatus,
  MarkHeldData,
  PanelData,
  ReconcileData,
  SupportData,
  ViewerData,
} from './api';

/** Limits: an identity token is ~1 KB; a calendar search yields at most a few hundred CCM events. */
export const LIMITS = { idToken: 8192, requestId: 128, eventId: 1024, facts: 500 } as const;

// Calendar event ids are base32hex, instances add `_20260310T150000Z`; ids from other systems may
// use more. Accept any visible characters without spaces, quotes or a leading apostrophe, never a
// control character, so an id can neither break a log line nor pretend to be a formula escape.
const EVENT_ID = /^[A-Za-z0-9_@.:\-+=#/]{1,1024}$/;

const STRING = 'must be a string';
const BOOLEAN = 'must be true or false';
// The few fields that never said more than zod's default (validate.ts words it "is not valid").
const INVALID = 'Invalid input';
const tooLong = (max: number) => c.maxLength<string>(max, 'is too long');

const eventId = c
  .string(STRING)
  .check(c.refine((s) => EVENT_ID.test(s), 'must be a Calendar event id (1 to 1024 letters, digits or _-@.:+=#/)'));

const isoInstant = c
  .string(STRING)
  .check(
    c.refine(
      (s) => s.length <= 40 && parseIsoInstant(s) !== null,
      'must be an ISO 8601 instant with an offset, e.g. 2026-03-03T11:00:00-05:00',
    ),
  );

const email = c.string(STRING).check(tooLong(320), c.refine(isValidEmail, 'must be an email address'));

// A calendar id: 'primary', a person's email, or a secondary calendar's `...@group.calendar.google.com`.
const calendarId = c
  .string(STRING)
  .check(
    c.refine(
      (s) => s.length <= 320 && EVENT_ID.test(s),
      'must be a Calendar calendar id (1 to 320 letters, digits or _-@.:+=#/)',
    ),
  );

const iCalUID = c.optional(c.string(INVALID).check(tooLong(1024)));

/** The event the coachee has open (or is about to create), as the add-on read it. */
const EventRefSchema = c
  .object({
    eventId,
    iCalUID,
    /** ISO instants with an offset. */
    start: isoInstant,
    end: isoInstant,
    /** Instance of a recurring series, or a series itself. */
    recurring: c.optional(c.boolean(BOOLEAN)),
    /**
     * The calendar the event is on, when not the coachee's primary calendar (a secondary calendar:
     * `e.calendar.calendarId`). Metadata: the next panel asks THAT calendar whether the event is there.
     */
    calendarId: c.optional(calendarId),
  })
  .check(c.refine((e) => parseIsoInstant(e.end)! > parseIsoInstant(e.start)!, 'must be after start', ['end']));

/** What the add-on can see in the caller's own calendar, reported for reconciliation. */
const CalendarFactSchema = c.object({
  eventId,
  /** false: Calendar answered 404, or the event is cancelled (deleted). */
  exists: c.boolean(BOOLEAN),
  /** ISO instants, when the event exists. */
  start: c.optional(isoInstant),
  end: c.optional(isoInstant),
  /** The caller is the organizer of this event. */
  organizer: c.optional(c.boolean(BOOLEAN)),
});

const facts = c
  .array(CalendarFactSchema, 'must be a list')
  .check(c.maxLength(LIMITS.facts, `must have at most ${LIMITS.facts} entries`));

const PanelArgs = c.object({
  /** The event open in the side panel, when there is one (absent on the homepage). */
  event: c.optional(EventRefSchema),
  /**
   * One fact per event the add-on looked at in the caller's calendar: CCM-marked events of its
   * search, the open event, and the events of the caller's active bookings. A booking is cancelled
   * only on an `exists: false` fact for its own event; an event missing from the list says nothing.
   */
  facts: c.optional(facts),
  // No `factsWindow`: older add-ons still send it (the window they searched; absence is no evidence,
  // so the gateway never used it). Like every unknown key it is dropped, whatever its shape.
});

const BookArgs = c.object({
  event: EventRefSchema,
  /**
   * `confirmed` when the event already exists in the coachee's calendar (the panel's confirm);
   * `pending` when the add-on books first and creates the event afterwards (homepage schedule),
   * then books the same event again as `confirmed` (idempotent: the row is promoted, nothing counted
   * twice). Rows left pending expire (ledger.ts: PENDING_EXPIRY_HOURS once their event is known to be
   * missing, UNCONFIRMED_EXPIRY_HOURS in any case) and give the allowance back.
   */
  status: c.oneOf(['pending', 'confirmed'], 'must be pending or confirmed'),
  /**
   * core/digest.ts notesDigest of the notes this confirm writes (one-way; no text): kept with the
   * booking so managers and coaches can be shown that the notes changed after the coachee wrote them.
   */
  notesDigest: c.optional(
    c.string(STRING).check(c.refine((s) => DIGEST_PATTERN.test(s), 'must be 32 lowercase hex characters')),
  ),
  /**
   * Whether the action plan this confirm writes has at least one step: yes/no metadata (never the
   * text), so the gateway's daily job can remind a coachee whose plan is still empty.
   */
  planWritten: c.optional(c.boolean(BOOLEAN)),
});

const CancelArgs = c.object({ eventId });

const ReconcileArgs = c.object({ facts });

const ViewerArgs = c.object({
  eventId,
  /**
   * The organizer's email as the viewer's own copy of the event shows it: a lookup key only (for an
   * event on a secondary calendar it is the calendar's id, and the gateway finds the booking by event).
   */
  organizer: email,
  /** The event's iCalUID, to find the booking when the event id alone does not. */
  iCalUID,
});

/** A program admin checks the gateway's daily job, or installs it when missing (`install`). */
const DailyJobArgs = c.object({ install: c.optional(c.boolean(BOOLEAN)) });

const AdminArgs = c.object({
  /** A quarter key; default: the current quarter. */
  quarter: c.optional(c.string(INVALID).check(tooLong(20))),
});

/** The coachee answers for their own booking of this event, after its end (core/held.ts). */
const MarkHeldArgs = c.object({
  eventId,
  /** true: it took place (held); false: it did not (the allowance is released). */
  held: c.boolean(BOOLEAN),
});

/** The type of an op's answer (types only: see the file's comment). */
export interface Answer<T> {
  readonly answer?: T;
}
const answer = <T>(): Answer<T> => ({});

/** One operation of the table. */
export interface OpSpec {
  /** What the gateway accepts; unknown keys are dropped. */
  args: c.Schema<unknown>;
  data: Answer<unknown>;
  /**
   * It changes the ledger: once its request has left, a lost answer says nothing about whether it
   * happened (GATEWAY_OUTCOME_UNKNOWN), and the add-on drops its kept panel copy afterwards.
   */
  changes: boolean;
  /** Its refusals go to the Audit tab (who tried what, the code; its changes are audited by the op). */
  auditRefusals: boolean;
  /** A caller outside the company's domain may ask it (outside coaches: gateway/auth.ts). */
  outsideDomain: boolean;
}

/** The table. Its order is the order the gateway names the ops in ("op must be one of ..."). */
export const CONTRACT = {
  panel: { args: PanelArgs, data: answer<PanelData>(), changes: false, auditRefusals: false, outsideDomain: false },
  book: { args: BookArgs, data: answer<BookData>(), changes: true, auditRefusals: true, outsideDomain: false },
  cancel: { args: CancelArgs, data: answer<CancelData>(), changes: true, auditRefusals: true, outsideDomain: false },
  reconcile: {
    args: ReconcileArgs,
    data: answer<ReconcileData>(),
    changes: true,
    auditRefusals: false,
    outsideDomain: false,
  },
  viewer: { args: ViewerArgs, data: answer<ViewerData>(), changes: false, auditRefusals: false, outsideDomain: true },
  dailyJob: {
    args: DailyJobArgs,
    data: answer<DailyJobStatus>(),
    changes: false,
    auditRefusals: false,
    outsideDomain: false,
  },
  admin: { args: AdminArgs, data: answer<AdminData>(), changes: false, auditRefusals: false, outsideDomain: false },
  markHeld: {
    args: MarkHeldArgs,
    data: answer<MarkHeldData>(),
    changes: true,
    auditRefusals: true,
    outsideDomain: false,
  },
  // The manager's "I support this goal": the meeting as their own copy names it (as viewer's lookup keys).
  support: { args: ViewerArgs, data: answer<SupportData>(), changes: true, auditRefusals: true, outsideDomain: false },
} as const satisfies Record<string, OpSpec>;

type Contract = typeof CONTRACT;
export type GatewayOp = keyof Contract;

/** Every op, in the table's order. */
export const OPS = Object.keys(CONTRACT) as GatewayOp[];

/** What each op's args parse to (inferred from its schema). */
export type ArgsMap = { [K in GatewayOp]: c.Infer<Contract[K]['args']> };
/** What each op answers. */
export type DataMap = { [K in GatewayOp]: Contract[K]['data'] extends Answer<infer T> ? T : never };
/** The ops with `changes: true`. */
export type ChangingOp = { [K in GatewayOp]: Contract[K]['changes'] extends true ? K : never }[GatewayOp];
export type ArgsOf<K extends GatewayOp> = ArgsMap[K];
export type DataOf<K extends GatewayOp> = DataMap[K];

/** A validated request for one of the ops `K` (the body the add-on POSTs, args parsed). */
export type GatewayRequest<K extends GatewayOp = GatewayOp> = {
  [P in K]: { op: P; idToken: string; requestId: string; args: ArgsMap[P] };
}[K];

/** The gateway's handler map: one handler per op, taking its args and returning its answer. */
export type Handlers<Ctx> = { [K in GatewayOp]: (ctx: Ctx, args: ArgsMap[K]) => DataMap[K] };

export type EventRef = c.Infer<typeof EventRefSchema>;
export type CalendarFact = c.Infer<typeof CalendarFactSchema>;
