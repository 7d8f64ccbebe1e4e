/**
 * The ledger: one record per booking, METADATA ONLY (DESIGN rule 8: who, when, status; never the
 * agenda, action plan or anything from coaching). Rule 4: every booking counts as one of the
 * coachee's regular coaching sessions (`countsAsSession`). The decisions that change a booking
 * (book, cancel, move, reconcile, expire) are in booking.ts; this file holds the record, its
 * statuses and the clocks that release a booking nobody confirmed.
 *
 * Life of a booking:
 *   pending ──confirm──▶ confirmed ──cancel──▶ cancelled
 *      │ └──cancel──▶ cancelled        │ (move: new start/end, stays confirmed if the quarter has room)
 *      └──expire──▶ expired
 *   cancelled / expired ──book again──▶ confirmed   (the same event, after the allowance check)
 */
import { HOUR_MS, parseIsoInstant } from './time';

export const BOOKING_STATUSES = ['pending', 'confirmed', 'cancelled', 'expired'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** Pending and confirmed bookings count against the allowance; cancelled and expired ones do not. */
export function isActive(b: { status: BookingStatus }): boolean {
  return b.status === 'pending' || b.status === 'confirmed';
}

/**
 * Why a booking stopped counting (or was re-dated): a code, never text a person typed. Shown to
 * admins in the Ledger's Reason column and in the Audit tab.
 */
export type BookingReason =
  | ''
  | 'cancelled-by-coachee'
  | 'event-deleted'
  | 'pending-expired'
  /** Still pending UNCONFIRMED_EXPIRY_HOURS after its last change: expired by the admin op. */
  | 'unconfirmed'
  /**
   * An 'unconfirmed' booking whose event turned up in the coachee's calendar when the quarter (or
   * program) was already used, or outside the engagement: it stays expired, the coachee was told.
   */
  | 'unconfirmed-refused'
  | 'moved'
  /** Moved into a quarter (or program) whose meetings were all booked: stops counting. */
  | 'moved-over-limit'
  /** Moved outside the engagement's dates (or the engagement is no longer active): stops counting. */
  | 'moved-outside-engagement';

export const BOOKING_HELD = ['yes', 'no', 'presumed'] as const;
export type BookingHeld = (typeof BOOKING_HELD)[number];

export interface BookingRecord {
  bookingId: string;
  eventId: string;
  /**
   * The quarter the booking was counted in when it was last decided: a display and report column
   * only. Which quarter a booking counts in is decided from its start, the engagement and the
   * CURRENT settings (allowance.ts), so an admin's edit of either never frees or doubles a meeting.
   */
  quarterKey: string;
  /** ISO instants (UTC, `...Z`). */
  start: string;
  end: string;
  status: BookingStatus;
  milestone: string;
  countsAsSession: boolean;
  reason: BookingReason;
  /**
   * 1-based Ledger row holding this booking, once verified; 0 when not known yet. A new booking's
   * row is not asked for inside the lock (getLastRow there would be a 7th Spreadsheet call): see
   * `ledgerRowHint`. The first update of the row verifies it (store.resolveLedgerRow) and keeps it here.
   */
  ledgerRow: number;
  /**
   * Where a new booking's Ledger row most likely is: the Ledger's last row + 1, read with getLastRow
   * just before the lock (outside it: free for the lock budget). Right unless another booking was
   * appended in between, so it is trusted only after its Booking ID cell is read and matches (one
   * cell); otherwise the row is searched by booking id as before.
   */
  ledgerRowHint?: number;
  /** The engagement's company when the booking was made: the Usage row it counts in ('' = look it up). */
  company?: string;
  /** The calendar the event is on when not the coachee's primary one (absent = primary). */
  calendarId?: string;
  /** The digest of the notes last confirmed (core/digest.ts; one-way, no text). Index only, not the Ledger. */
  notesDigest?: string;
  /**
   * Whether the action plan had at least one step when last confirmed: a yes/no (metadata, never the
   * text) so the daily job can remind a coachee whose plan is empty. Index only; absent = not known.
   */
  planWritten?: boolean;
  /**
   * Whether the meeting took place (issue 14, shared contract): 'yes' or 'no' as the coachee answered,
   * 'presumed' when nobody answered 7 days after its end (the daily job sets it); absent = not known yet.
   * Ledger column `Held`, Index key `hd`.
   */
  held?: BookingHeld;
  /**
   * When the manager confirmed "I support this goal" (ISO instant; metadata, never their words).
   * Ledger column `Manager support` (a readable date), Index key `su`.
   */
  supportedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * A pending booking whose event has still not appeared in the coachee's calendar after this many
 * hours is expired, giving the allowance back. Two hours covers an event editor left open over a
 * long meeting; an abandoned draft should not hold the quarter's only meeting for longer.
 */
export const PENDING_EXPIRY_HOURS = 2;
export const PENDING_TTL_MS = PENDING_EXPIRY_HOURS * HOUR_MS;

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
export const UNCONFIRMED_TTL_MS = UNCONFIRMED_EXPIRY_HOURS * HOUR_MS;

/**
 * Pending since its last change (a booking cancelled and booked again is pending afresh, so its
 * creation time would say nothing), for longer than UNCONFIRMED_TTL_MS.
 */
export function isUnconfirmed(b: BookingRecord, nowMs: number): boolean {
  if (b.status !== 'pending') return false;
  const since = parseIsoInstant(b.updatedAt) ?? parseIsoInstant(b.createdAt);
  return since !== null && nowMs - since >= UNCONFIRMED_TTL_MS;
}

/** The record of a booking expired as unconfirmed (the admin op). */
export function expiredUnconfirmed(b: BookingRecord, nowIso: string): BookingRecord {
  return { ...b, status: 'expired', reason: 'unconfirmed', updatedAt: nowIso };
}

/** The record of a booking the coachee cancelled (rule 9: it gives the allowance back). */
export function cancelledByCoachee(b: BookingRecord, nowIso: string): BookingRecord {
  return { ...b, status: 'cancelled', reason: 'cancelled-by-coachee', updatedAt: nowIso };
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
