/**
 * Held or not (issue 14 item 2): after a meeting's end the coachee says whether it took place. "Yes"
 * keeps it counted as held; "No" releases its allowance (it did not happen: status cancelled, reason
 * not-held); without an answer it is presumed held PRESUMED_HELD_DAYS after its end (the gateway's
 * daily job writes `presumed`). A held meeting (yes or presumed) is never given back from the panel
 * (booking.ts checkCancellable); only a program admin changes that, in the Sheet. Metadata only: a
 * yes/no and when, never anything about what was said.
 */
import { CcmError } from './errors';
import type { BookingRecord } from './ledger';
import { DAY_MS, parseIsoInstant } from './time';

/** What the Ledger keeps (column Held, Index key `hd`): absent = no answer yet. */
export const HELD_VALUES = ['yes', 'no', 'presumed'] as const;
export type Held = (typeof HELD_VALUES)[number];

/** Without an answer, a meeting counts as held this many days after its end. */
export const PRESUMED_HELD_DAYS = 7;
export const PRESUMED_HELD_MS = PRESUMED_HELD_DAYS * DAY_MS;

/**
 * A booking's held state now: `upcoming` before its end (or not a confirmed booking with a readable
 * end), `unanswered` between its end and PRESUMED_HELD_DAYS later, then `presumed`; an answer wins.
 */
export type HeldState = Held | 'unanswered' | 'upcoming';

type HeldFields = Pick<BookingRecord, 'status' | 'end' | 'held'>;

export function heldState(b: HeldFields, nowMs: number): HeldState {
  if (b.held) return b.held;
  const endMs = parseIsoInstant(b.end);
  if (b.status !== 'confirmed' || endMs === null || endMs > nowMs) return 'upcoming';
  return nowMs - endMs >= PRESUMED_HELD_MS ? 'presumed' : 'unanswered';
}

/** Counted as held: the coachee said yes, or nobody answered within PRESUMED_HELD_DAYS. */
export function isHeld(b: HeldFields, nowMs: number): boolean {
  const s = heldState(b, nowMs);
  return s === 'yes' || s === 'presumed';
}

/** The coachee may be asked "Did it take place?": a confirmed booking after its end, not answered yet. */
export function mayAskHeld(b: HeldFields, nowMs: number): boolean {
  return heldState(b, nowMs) === 'unanswered';
}

/** The daily job writes `presumed` on these: confirmed, ended PRESUMED_HELD_DAYS ago, no answer. */
export function isPresumable(b: HeldFields, nowMs: number): boolean {
  return !b.held && heldState(b, nowMs) === 'presumed';
}

/** The record with `presumed` written (the daily job). */
export function presumedHeld(b: BookingRecord, nowIso: string): BookingRecord {
  return { ...b, held: 'presumed', updatedAt: nowIso };
}

/**
 * The coachee's answer to "Did it take place?" (pure): the record to write, or `changed: false` when
 * the same answer was given before (a repeat is fine). Yes: held, still counted. No: released (status
 * cancelled, reason not-held), the allowance is back. Throws: HELD_TOO_EARLY before the end;
 * MEETING_HELD for "no" on a meeting held (yes, or presumed after PRESUMED_HELD_DAYS); MEETING_NOT_HELD
 * for "yes" after "no" (it no longer counts: book it again); BOOKING_NOT_FOUND when it does not count.
 */
export function answerHeld(
  b: BookingRecord,
  held: boolean,
  nowMs: number,
  nowIso: string,
): { booking: BookingRecord; changed: boolean } {
  if (b.held === 'no') {
    if (!held) return { booking: b, changed: false };
    throw new CcmError('MEETING_NOT_HELD');
  }
  if (b.status !== 'confirmed') throw new CcmError('BOOKING_NOT_FOUND');
  const state = heldState(b, nowMs);
  if (state === 'upcoming') throw new CcmError('HELD_TOO_EARLY');
  if (held) {
    // Presumed already counts as held; the coachee's own yes is kept over the presumption.
    if (b.held === 'yes') return { booking: b, changed: false };
    return { booking: { ...b, held: 'yes', updatedAt: nowIso }, changed: true };
  }
  if (state !== 'unanswered') throw new CcmError('MEETING_HELD');
  return { booking: { ...b, status: 'cancelled', reason: 'not-held', held: 'no', updatedAt: nowIso }, changed: true };
}
