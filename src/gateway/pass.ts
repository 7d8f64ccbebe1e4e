/**
 * A pass of the daily job over every coachee's bookings: each booking that is due is changed in its
 * OWN short lock section (one coachee transaction, transaction.ts), the longest-waiting first, until
 * the run's time budget. Short separate sections let coachees' bookings get in between, and each keeps
 * to the lock's 6 Spreadsheet calls (a booking's Ledger rows are scattered; one section for several
 * would not). A busy lock or a Sheet failure stops the pass: the next run carries on. Expiry
 * (ops/expire.ts) and "presumed held" (ops/held.ts) are passes: they say which bookings are due, in
 * what order, and what changes.
 */
import { CcmError } from '../core/errors';
import type { BookingRecord } from '../core/ledger';
import type { RequestContext } from './context';
import { errorText } from './log';
import type { IndexEntry } from './store';
import { coacheeTransaction } from './transaction';

export interface PassSpec {
  /** Log events `<name>` (what was done, what is left) and `<name>-failed`. */
  name: string;
  /** Audit op and outcome of each change. */
  auditOp: string;
  outcome: string;
  due(b: BookingRecord, nowMs: number): boolean;
  /** Smaller first (e.g. when it last changed, or when it ended). */
  order(b: BookingRecord): number;
  change(b: BookingRecord, nowIso: string): BookingRecord;
  /** The change moves no Usage counter (transaction.ts CoacheePlan.usageUnchanged). */
  usageUnchanged?: boolean;
}

export interface PassResult {
  /** The Index after the pass (changed entries replaced). */
  index: IndexEntry[];
  changed: BookingRecord[];
  /** Due bookings left for the next run (out of time, or the lock was busy). */
  left: number;
}

export function runPass(
  ctx: RequestContext,
  index: readonly IndexEntry[],
  spec: PassSpec,
  untilMs = Infinity,
): PassResult {
  const due = index
    .flatMap((entry) =>
      entry.bookings
        .filter((b) => spec.due(b, ctx.nowMs))
        .map((b) => ({ row: entry.row, bookingId: b.bookingId, order: spec.order(b) })),
    )
    .sort((a, b) => a.order - b.order);
  const byRow = new Map(index.map((e) => [e.row, e]));
  const changed: BookingRecord[] = [];
  for (const d of due) {
    if (Date.now() >= untilMs) break; // out of time: the next run carries on
    let done: { entry: IndexEntry; booking: BookingRecord } | null;
    try {
      done = changeOne(ctx, byRow.get(d.row)!, d.bookingId, spec); // the latest state: a coachee may have two
    } catch (err) {
      // The lock was busy (bookings come first) or the Sheet failed: the next run carries on.
      const error = err instanceof CcmError ? err.code : errorText(err);
      console.warn(JSON.stringify({ event: `${spec.name}-failed`, error }));
      break;
    }
    if (!done) continue; // no longer due: answered, confirmed, cancelled or moved meanwhile
    byRow.set(d.row, done.entry);
    changed.push(done.booking);
    ctx.audit({
      op: spec.auditOp,
      eventId: done.booking.eventId,
      bookingId: done.booking.bookingId,
      outcome: spec.outcome,
    });
  }
  const left = due.length - changed.length;
  if (due.length > 0) console.log(JSON.stringify({ event: spec.name, changed: changed.length, left }));
  return { index: index.map((e) => byRow.get(e.row) ?? e), changed, left };
}

/** One booking, in its own short lock section; null when it is no longer due. */
function changeOne(
  ctx: RequestContext,
  entry: IndexEntry,
  bookingId: string,
  spec: PassSpec,
): { entry: IndexEntry; booking: BookingRecord } | null {
  if (!entry.bookings.some((b) => b.bookingId === bookingId)) return null;
  const nowIso = new Date(ctx.nowMs).toISOString();
  const tr = coacheeTransaction(ctx, { coachee: entry.coachee, row: entry.row, snapshot: entry }, (bookings) => {
    const current = bookings?.find((b) => b.bookingId === bookingId);
    if (!bookings || !current || !spec.due(current, ctx.nowMs)) return { result: null, next: null };
    const next = spec.change(current, nowIso);
    return {
      result: next,
      next: bookings.map((b) => (b === current ? next : b)),
      updated: [next],
      usageUnchanged: spec.usageUnchanged === true,
    };
  });
  const booking = tr.result && tr.written.get(bookingId);
  return booking && tr.entry ? { entry: tr.entry, booking } : null;
}
