/**
 * The ledger: one row per booking, METADATA ONLY (DESIGN rule 8: who, when, status; never the
 * agenda, action plan or anything from coaching). Rule 4: every booking counts as one of the
 * coachee's regular coaching sessions (`countsAsSession` is always true). Rule 9 is carried by the
 * status transitions and the reconcile decision below.
 *
 * Life of a booking:
 *   pending ──confirm──▶ confirmed ──cancel──▶ cancelled
 *      │ └──cancel──▶ cancelled        │ (move: new start/end/quarter, stays confirmed)
 *      └──expire──▶ expired
 *   cancelled / expired ──confirm──▶ confirmed   (the same event booked again; the caller must
 *                                                 run the allowance check first)
 */
import * as z from 'zod/mini';
import { isValidEmail } from './email';
import { parseIsoInstant, HOUR_MS } from './time';

export const LEDGER_STATUSES = ['pending', 'confirmed', 'cancelled', 'expired'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/**
 * A pending booking whose event has still not appeared in the coachee's calendar after this many
 * hours is expired, giving the allowance back. Two hours covers an event editor left open over a
 * long meeting; an abandoned draft should not hold the quarter's only meeting for longer.
 */
export const PENDING_EXPIRY_HOURS = 2;

/**
 * A booking still pending this many hours after it was last changed is expired by the gateway's
 * admin op (reason 'unconfirmed'), giving the allowance back, without any calendar evidence (the
 * gateway cannot see calendars). Normally nothing stays pending: homepage scheduling confirms its
 * booking right after creating the event, and any panel the coachee opens confirms it from their
 * calendar. A row still pending means that confirm failed AND the coachee has not opened the add-on
 * since; a day lets someone who scheduled in the evening come back the next morning, without one
 * unproven booking holding the quarter's only meeting for longer. If its event does exist, the
 * coachee's next open books it again when the quarter still has room, or tells them it cannot.
 */
export const UNCONFIRMED_EXPIRY_HOURS = 24;

const iso = (label: string) =>
  z
    .string({ error: `${label} is missing.` })
    .check(z.refine((s) => parseIsoInstant(s) !== null, { error: `${label} is not an ISO date-time.` }));
const email = (label: string) =>
  z
    .string({ error: `${label} is missing.` })
    .check(z.refine(isValidEmail, { error: `${label} is not a valid email.` }));

export const LedgerRowSchema = z.object({
  bookingId: z.string().check(z.minLength(1, { error: 'Booking id is missing.' })),
  coachee: email('Coachee'),
  manager: email('Manager'),
  coach: email('Coach'),
  company: z.string().check(z.minLength(1, { error: 'Company is missing.' })),
  eventId: z.string().check(z.minLength(1, { error: 'Event id is missing.' })),
  iCalUID: z.optional(z.string()),
  quarterKey: z.string().check(z.minLength(1, { error: 'Quarter is missing.' })),
  start: iso('Start'),
  end: iso('End'),
  status: z.enum(LEDGER_STATUSES, { error: 'Status must be pending, confirmed, cancelled or expired.' }),
  countsAsSession: z.literal(true, { error: 'An alignment meeting always counts as a coaching session.' }),
  createdAt: iso('Created at'),
  updatedAt: iso('Updated at'),
  /** 'initial' | 'wrap-up' | 'quarterly' (see allowance.ts) */
  milestone: z.optional(z.string()),
});

export type LedgerRow = z.infer<typeof LedgerRowSchema>;

/** Column order of the Ledger tab; the gateway writes rows as arrays in this order. */
export const LEDGER_COLUMNS = [
  'bookingId',
  'coachee',
  'manager',
  'coach',
  'company',
  'eventId',
  'iCalUID',
  'quarterKey',
  'start',
  'end',
  'status',
  'countsAsSession',
  'createdAt',
  'updatedAt',
  'milestone',
] as const satisfies ReadonlyArray<keyof LedgerRow>;

export function isActive(row: Pick<LedgerRow, 'status'>): boolean {
  return row.status === 'pending' || row.status === 'confirmed';
}

export type LedgerEvent =
  | { type: 'confirm'; at: string }
  | { type: 'cancel'; at: string }
  | { type: 'expire'; at: string }
  | { type: 'move'; at: string; start: string; end: string; quarterKey: string; milestone?: string };

export type TransitionResult = { ok: true; row: LedgerRow; changed: boolean } | { ok: false; error: string };

/**
 * Applies an event to a row, returning the new row (the input is not modified). `changed` is false
 * for repeats (confirming a confirmed row, cancelling a cancelled one): retries are harmless.
 */
export function transition(row: LedgerRow, event: LedgerEvent): TransitionResult {
  const next = (patch: Partial<LedgerRow>): TransitionResult => ({
    ok: true,
    row: { ...row, ...patch, updatedAt: event.at },
    changed: true,
  });
  const same: TransitionResult = { ok: true, row, changed: false };
  switch (event.type) {
    case 'confirm':
      return row.status === 'confirmed' ? same : next({ status: 'confirmed' });
    case 'cancel':
      if (row.status === 'cancelled') return same;
      if (row.status === 'expired') return same;
      return next({ status: 'cancelled' });
    case 'expire':
      if (row.status === 'expired') return same;
      if (row.status !== 'pending')
        return { ok: false, error: `Only a pending booking can expire; this one is ${row.status}.` };
      return next({ status: 'expired' });
    case 'move': {
      if (!isActive(row))
        return { ok: false, error: `A ${row.status} booking cannot be moved; book it again instead.` };
      if (
        row.start === event.start &&
        row.end === event.end &&
        row.quarterKey === event.quarterKey &&
        (event.milestone === undefined || event.milestone === row.milestone)
      )
        return same;
      const patch: Partial<LedgerRow> = { start: event.start, end: event.end, quarterKey: event.quarterKey };
      if (event.milestone !== undefined) patch.milestone = event.milestone;
      return next(patch);
    }
    default:
      return { ok: false, error: 'Unknown ledger event.' };
  }
}

// ---------------------------------------------------------------------------------------------
// Reconcile: the coachee's rows against what their calendar says

/** What the calendar says about one event, as the add-on read it with the Calendar API. */
export interface CalendarFact {
  eventId: string;
  /** false when Events.get answered 404 (never saved, or deleted and purged). */
  exists: boolean;
  /** Calendar's status "cancelled" (a deleted event still visible to the API). */
  cancelled?: boolean;
  /** ISO instants of the event as it is now. */
  start?: string;
  end?: string;
}

export type ReconcileAction =
  | { bookingId: string; eventId: string; action: 'keep'; reason: string }
  | { bookingId: string; eventId: string; action: 'cancel'; reason: string }
  | { bookingId: string; eventId: string; action: 'expire'; reason: string }
  | {
      bookingId: string;
      eventId: string;
      action: 'redate';
      reason: string;
      start: string;
      end: string;
      /** True when the new start falls in another quarter: the caller must re-run the allowance there. */
      quarterChanged: boolean;
      /** The new quarter key, when `quarterFor` was given. */
      quarterKey?: string;
    };

export interface ReconcileOptions {
  nowMs: number;
  /** Defaults to PENDING_EXPIRY_HOURS. */
  pendingExpiryHours?: number;
  /** The quarter key of a start instant (from quarters.ts); without it quarterChanged is true on every date change. */
  quarterFor?: (startMs: number) => string;
}

function sameInstant(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const x = parseIsoInstant(a);
  const y = parseIsoInstant(b);
  return x !== null && x === y;
}

/**
 * Decides, row by row, what the ledger should do so it matches the calendar. Only active rows get a
 * non-'keep' action. A row whose event has no fact (the calendar was not asked) is kept: lack of
 * news never cancels a booking. Decisions:
 * - event cancelled → cancel (rule 9: deleting gives the allowance back);
 * - event 404 → confirmed: cancel (it was saved once, so it was deleted);
 *               pending: expire once older than the expiry, else keep (it may not be saved yet);
 * - event exists with another start or end → redate (the caller re-checks the allowance when the
 *   quarter changed; if the new quarter is full, it keeps the booking and tells the coachee,
 *   never dropping it silently);
 * - otherwise keep.
 */
export function reconcile(
  rows: readonly LedgerRow[],
  facts: readonly CalendarFact[],
  options: ReconcileOptions,
): ReconcileAction[] {
  const byEvent = new Map(facts.map((f) => [f.eventId, f]));
  const expiryMs = (options.pendingExpiryHours ?? PENDING_EXPIRY_HOURS) * HOUR_MS;
  return rows.map((row): ReconcileAction => {
    const ids = { bookingId: row.bookingId, eventId: row.eventId };
    if (!isActive(row)) return { ...ids, action: 'keep', reason: `already ${row.status}` };
    const fact = byEvent.get(row.eventId);
    if (!fact) return { ...ids, action: 'keep', reason: 'calendar not checked for this event' };
    if (fact.cancelled) return { ...ids, action: 'cancel', reason: 'the event was cancelled in the calendar' };
    if (!fact.exists) {
      if (row.status === 'confirmed')
        return { ...ids, action: 'cancel', reason: 'the event was deleted from the calendar' };
      const created = parseIsoInstant(row.createdAt);
      if (created !== null && options.nowMs - created >= expiryMs) {
        return {
          ...ids,
          action: 'expire',
          reason: `the event was never saved within ${options.pendingExpiryHours ?? PENDING_EXPIRY_HOURS} hours`,
        };
      }
      return { ...ids, action: 'keep', reason: 'the event is not saved yet' };
    }
    if (
      fact.start !== undefined &&
      fact.end !== undefined &&
      (!sameInstant(fact.start, row.start) || !sameInstant(fact.end, row.end))
    ) {
      const newStart = parseIsoInstant(fact.start);
      if (newStart === null || parseIsoInstant(fact.end) === null)
        return { ...ids, action: 'keep', reason: 'the calendar gave an unreadable time' };
      const quarterKey = options.quarterFor ? options.quarterFor(newStart) : undefined;
      const quarterChanged =
        quarterKey === undefined ? !sameInstant(fact.start, row.start) : quarterKey !== row.quarterKey;
      const action: ReconcileAction = {
        ...ids,
        action: 'redate',
        reason: 'the event was moved',
        start: fact.start,
        end: fact.end,
        quarterChanged,
      };
      if (quarterKey !== undefined) action.quarterKey = quarterKey;
      return action;
    }
    return { ...ids, action: 'keep', reason: 'matches the calendar' };
  });
}

// ---------------------------------------------------------------------------------------------
// Sheet cells

/**
 * Makes free text safe to write into a Sheet cell with setValues: a value starting with = + - @,
 * a tab or a carriage return would be read as a formula (IMPORTXML, HYPERLINK, IMAGE can leak
 * data), so it gets a leading apostrophe, which Sheets hides and which makes the cell plain text.
 * A value that already starts with an apostrophe gets one more, because Sheets eats the first.
 * Use this OR a plain-text ('@') number format on the column, not both (with '@' the apostrophe
 * would show). Non-strings (numbers, booleans, dates) pass through.
 */
export function safeCell<T>(value: T): T | string {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r']/.test(value) ? `'${value}` : value;
}

/** A ledger row as the Sheet row array (LEDGER_COLUMNS order), every text cell made safe. */
export function ledgerRowToCells(row: LedgerRow): Array<string | boolean> {
  return LEDGER_COLUMNS.map((c) => {
    const v = row[c];
    if (v === undefined) return '';
    return typeof v === 'boolean' ? v : String(safeCell(v));
  });
}

/** A Sheet row array back to a ledger row (validated); null when the row is not a valid booking. */
export function ledgerRowFromCells(cells: readonly unknown[]): LedgerRow | null {
  const obj: Record<string, unknown> = {};
  LEDGER_COLUMNS.forEach((c, i) => {
    const v = cells[i];
    if (v === '' || v === null || v === undefined) return;
    if (c === 'countsAsSession') obj[c] = v === true || v === 'TRUE' || v === 'true';
    else obj[c] = v instanceof Date ? v.toISOString() : String(v);
  });
  const parsed = LedgerRowSchema.safeParse(obj);
  return parsed.success ? parsed.data : null;
}
