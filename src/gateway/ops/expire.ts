/**
 * No booking stays pending forever. Homepage scheduling books `pending` first and confirms right
 * after creating the event; when that confirm fails, the coachee's next open confirms it from their
 * calendar. A booking still pending UNCONFIRMED_EXPIRY_HOURS (core/ledger.ts) after its last change
 * is expired here, by the gateway's daily job (daily.ts), ALL of them: status expired, reason
 * 'unconfirmed', the allowance given back, Usage and Audit updated. Should its event exist after all,
 * the coachee's next open books it again if there is room, or tells them why not (core/booking.ts).
 *
 * Lock budget: each expiry is its own short section with the same write set as a booking (read the
 * coachee's Index row, rewrite one Ledger row, write the Index row, read and write the Usage rows
 * concerned, flush: 6 Spreadsheet calls), everything that only locates cells done before it. One
 * section for several bookings cannot stay within 6 calls: their Ledger rows are scattered, and each
 * costs one write (Apps Script has no multi-range setValues). Short separate sections also let
 * coachees' bookings get in between. The job stops at its time budget (`untilMs`, oldest first) and
 * the next run carries on.
 */
import { CcmError } from '../../core/errors';
import type { RequestContext } from '../context';
import { errorText } from '../log';
import { type BookingRecord, expiredUnconfirmed, isUnconfirmed } from '../../core/ledger';
import type { IndexEntry } from '../store';
import { coacheeTransaction } from '../transaction';

export interface ExpireResult {
  /** The Index after the expiries (changed entries replaced). */
  index: IndexEntry[];
  expired: BookingRecord[];
  /** Unconfirmed bookings left for the next run (out of time, or the lock was busy). */
  left: number;
}

const sinceMs = (b: BookingRecord) => Date.parse(b.updatedAt || b.createdAt) || 0;

/**
 * Expires every unconfirmed booking, oldest first, each in its own lock section, until `untilMs`
 * (Date.now()) passes. Best effort: a busy lock or a Sheet failure leaves the rest for the next run.
 */
export function expireUnconfirmed(ctx: RequestContext, index: readonly IndexEntry[], untilMs = Infinity): ExpireResult {
  const stale = index
    .flatMap((entry) =>
      entry.bookings
        .filter((b) => isUnconfirmed(b, ctx.nowMs))
        .map((b) => ({ row: entry.row, bookingId: b.bookingId, since: sinceMs(b) })),
    )
    .sort((a, b) => a.since - b.since);
  const byRow = new Map(index.map((e) => [e.row, e]));
  const expired: BookingRecord[] = [];
  for (const s of stale) {
    if (Date.now() >= untilMs) break; // out of time: the next run carries on
    const entry = byRow.get(s.row)!; // the latest state: a coachee may have two
    let done: { entry: IndexEntry; booking: BookingRecord } | null;
    try {
      done = expireOne(ctx, entry, s.bookingId);
    } catch (err) {
      // The lock was busy (bookings come first) or the Sheet failed: what is left is expired by
      // the next run.
      console.warn(
        JSON.stringify({ event: 'expire-failed', error: err instanceof CcmError ? err.code : errorText(err) }),
      );
      break;
    }
    if (!done) continue; // confirmed, cancelled or moved meanwhile
    byRow.set(s.row, done.entry);
    expired.push(done.booking);
    ctx.audit({
      op: 'expire',
      eventId: done.booking.eventId,
      bookingId: done.booking.bookingId,
      outcome: 'expired:unconfirmed',
    });
  }
  const left = stale.length - expired.length;
  if (stale.length > 0) console.log(JSON.stringify({ event: 'expire-unconfirmed', expired: expired.length, left }));
  return { index: index.map((e) => byRow.get(e.row) ?? e), expired, left };
}

/** One booking, in its own short lock section; null when it is no longer unconfirmed. */
function expireOne(
  ctx: RequestContext,
  entry: IndexEntry,
  bookingId: string,
): { entry: IndexEntry; booking: BookingRecord } | null {
  const target = entry.bookings.find((b) => b.bookingId === bookingId);
  if (!target) return null;
  const nowIso = new Date(ctx.nowMs).toISOString();
  const tr = coacheeTransaction(ctx, { coachee: entry.coachee, row: entry.row, snapshot: entry }, (bookings) => {
    const current = bookings?.find((b) => b.bookingId === bookingId);
    if (!bookings || !current || !isUnconfirmed(current, ctx.nowMs)) return { result: null, next: null };
    const expired = expiredUnconfirmed(current, nowIso);
    return { result: expired, next: bookings.map((b) => (b === current ? expired : b)), updated: [expired] };
  });
  const booking = tr.result && tr.written.get(bookingId);
  return booking && tr.entry ? { entry: tr.entry, booking } : null;
}
