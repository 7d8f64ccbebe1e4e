/**
 * Held or not (issue 14 item 2; the rule: core/held.ts).
 * - markHeld: the coachee answers "Did it take place?" for their OWN booking (found through the Index
 *   row of the VERIFIED email, never the body), after its end. Yes records `held: yes`; No releases
 *   the allowance (status cancelled, reason not-held: Usage moves it from confirmed to cancelled) and
 *   records `held: no`. One lock section with the write set of a cancel; a repeat answer is fine.
 * - presumeHeld: the daily job writes `held: presumed` on confirmed bookings that ended
 *   PRESUMED_HELD_DAYS ago without an answer, each in its own short lock section like the expiry pass
 *   (ops/expire.ts), oldest first, until the run's time budget; the next run carries on. Status and
 *   Usage do not change (a presumed meeting was counted all along).
 * Audit rows carry ids and the answer only.
 */
import type { MarkHeldArgs, MarkHeldData } from '../../core/api';
import { allowanceStatus } from '../../core/allowance';
import { CcmError } from '../../core/errors';
import { answerHeld, isPresumable, presumedHeld } from '../../core/held';
import type { BookingRecord } from '../../core/ledger';
import type { RequestContext } from '../context';
import { errorText } from '../log';
import { toBookingView } from '../records';
import type { IndexEntry } from '../store';
import { allowanceView, engagementView } from '../wire-views';
import { coacheeTransaction } from '../transaction';
import { sortedViews } from './coachee';

const iso = (ms: number) => new Date(ms).toISOString();

export function markHeld(ctx: RequestContext, args: MarkHeldArgs): MarkHeldData {
  const store = ctx.store;
  const settings = ctx.settings();
  const row = store.findIndexRow(ctx.email);
  if (!row) throw new CcmError('BOOKING_NOT_FOUND');
  const nowIso = iso(ctx.nowMs);
  const tr = coacheeTransaction(ctx, { coachee: ctx.email, row }, (bookings) => {
    const existing = bookings?.find((b) => b.eventId === args.eventId);
    if (!bookings || !existing) throw new CcmError('BOOKING_NOT_FOUND');
    const r = answerHeld(existing, args.held, ctx.nowMs, nowIso);
    if (!r.changed) return { result: existing, next: null };
    return { result: r.booking, next: bookings.map((b) => (b === existing ? r.booking : b)), updated: [r.booking] };
  });
  const out = {
    booking: tr.written.get(tr.result.bookingId) ?? tr.result,
    bookings: tr.entry?.bookings ?? [],
    changed: tr.written.size > 0,
  };
  if (out.changed)
    ctx.audit({ eventId: args.eventId, bookingId: out.booking.bookingId, outcome: `held:${out.booking.held}` });

  // What room the answer leaves (after a "No": the panel offers to move it or schedule a new time).
  const record = ctx.coacheeRecord();
  const engagement = record.kind === 'ok' ? ctx.engagementAt(record.engagements, ctx.nowMs) : null;
  return {
    booking: toBookingView(out.booking),
    changed: out.changed,
    bookings: sortedViews(out.bookings),
    engagement: engagement ? engagementView(engagement, ctx.nameOfRow(engagement.row)) : null,
    allowance: engagement ? allowanceView(allowanceStatus(engagement, settings, ctx.nowMs, out.bookings)) : null,
    companyTimeZone: settings.timeZone,
  };
}

export interface PresumeResult {
  /** The Index after the changes (changed entries replaced). */
  index: IndexEntry[];
  presumed: BookingRecord[];
  /** Left for the next run (out of time, or the lock was busy). */
  left: number;
}

/** The daily job's pass: every unanswered booking 7 days past its end is presumed held (see above). */
export function presumeHeld(ctx: RequestContext, index: readonly IndexEntry[], untilMs = Infinity): PresumeResult {
  const due = index
    .flatMap((entry) =>
      entry.bookings
        .filter((b) => isPresumable(b, ctx.nowMs))
        .map((b) => ({ row: entry.row, bookingId: b.bookingId, end: Date.parse(b.end) || 0 })),
    )
    .sort((a, b) => a.end - b.end);
  const byRow = new Map(index.map((e) => [e.row, e]));
  const presumed: BookingRecord[] = [];
  for (const d of due) {
    if (Date.now() >= untilMs) break; // out of time: the next run carries on
    let done: { entry: IndexEntry; booking: BookingRecord } | null;
    try {
      done = presumeOne(ctx, byRow.get(d.row)!, d.bookingId);
    } catch (err) {
      console.warn(
        JSON.stringify({ event: 'presume-failed', error: err instanceof CcmError ? err.code : errorText(err) }),
      );
      break;
    }
    if (!done) continue; // answered, cancelled or moved meanwhile
    byRow.set(d.row, done.entry);
    presumed.push(done.booking);
    ctx.audit({
      op: 'presumeHeld',
      eventId: done.booking.eventId,
      bookingId: done.booking.bookingId,
      outcome: 'held:presumed',
    });
  }
  const left = due.length - presumed.length;
  if (due.length > 0) console.log(JSON.stringify({ event: 'presume-held', presumed: presumed.length, left }));
  return { index: index.map((e) => byRow.get(e.row) ?? e), presumed, left };
}

/** One booking, in its own short lock section (Index row, one Ledger row); null when no longer due. */
function presumeOne(
  ctx: RequestContext,
  entry: IndexEntry,
  bookingId: string,
): { entry: IndexEntry; booking: BookingRecord } | null {
  const target = entry.bookings.find((b) => b.bookingId === bookingId);
  if (!target) return null;
  const nowIso = iso(ctx.nowMs);
  const tr = coacheeTransaction(ctx, { coachee: entry.coachee, row: entry.row, snapshot: entry }, (bookings) => {
    const current = bookings?.find((b) => b.bookingId === bookingId);
    if (!bookings || !current || !isPresumable(current, ctx.nowMs)) return { result: null, next: null };
    const presumed = presumedHeld(current, nowIso);
    // Presumed held: counted all along, so no Usage counter moves.
    const next = bookings.map((b) => (b === current ? presumed : b));
    return { result: presumed, next, updated: [presumed], usageUnchanged: true };
  });
  const booking = tr.result && tr.written.get(bookingId);
  return booking && tr.entry ? { entry: tr.entry, booking } : null;
}
