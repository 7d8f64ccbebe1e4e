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
import { withScriptLock } from '../lock';
import { errorText } from '../log';
import { toBookingView } from '../records';
import type { IndexEntry } from '../store';
import { allowanceView, engagementView } from '../views';
import { usageOf } from './coachee';

const iso = (ms: number) => new Date(ms).toISOString();

export function markHeld(ctx: RequestContext, args: MarkHeldArgs): MarkHeldData {
  const store = ctx.store;
  const settings = ctx.settings();
  const row = store.findIndexRow(ctx.email);
  if (!row) throw new CcmError('BOOKING_NOT_FOUND');
  store.tab('ledger');
  store.tab('usage');
  const nowIso = iso(ctx.nowMs);
  const tx = store.coacheeTx(ctx.email, row);
  const usage = usageOf(ctx);
  const answer = (b: BookingRecord) => answerHeld(b, args.held, ctx.nowMs, nowIso);
  // Outside the lock: locate the rows the answer will write (decided again inside, on fresh data).
  const snapshot = tx.readIndex();
  const target = snapshot?.bookings.find((b) => b.eventId === args.eventId);
  if (snapshot && target) {
    try {
      const predicted = answer(target);
      if (predicted.changed) {
        tx.prepareLedger([target]);
        usage.prepare(
          tx,
          snapshot.bookings,
          snapshot.bookings.map((b) => (b === target ? predicted.booking : b)),
        );
      }
    } catch (err) {
      if (!(err instanceof CcmError)) throw err;
    }
  }
  const out = withScriptLock(ctx.cfg.lockWaitMs, () => {
    const entry = tx.readIndex();
    const existing = entry?.bookings.find((b) => b.eventId === args.eventId);
    if (!entry || !existing) throw new CcmError('BOOKING_NOT_FOUND');
    const r = answer(existing);
    if (!r.changed) return { bookings: entry.bookings, booking: existing, changed: false };
    const next = tx.updateLedger(r.booking, settings.timeZone);
    const bookings = entry.bookings.map((b) => (b === existing ? next : b));
    tx.writeIndex({ ...entry, bookings }, nowIso);
    usage.apply(tx, entry.bookings, bookings);
    return { bookings, booking: next, changed: true };
  });
  if (out.changed)
    ctx.audit({ eventId: args.eventId, bookingId: out.booking.bookingId, outcome: `held:${out.booking.held}` });

  // What room the answer leaves (after a "No": the panel offers to move it or schedule a new time).
  const record = ctx.coacheeRecord();
  const engagement = record.kind === 'ok' ? ctx.engagementAt(record.engagements, ctx.nowMs) : null;
  return {
    booking: toBookingView(out.booking),
    changed: out.changed,
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
  const timeZone = ctx.settings().timeZone;
  const nowIso = iso(ctx.nowMs);
  const store = ctx.store;
  store.tab('ledger');
  // Outside the lock: locate the Index row and the Ledger row the change writes.
  const tx = store.coacheeTx(entry.coachee, entry.row).prefetch();
  tx.prepareLedger([target]);
  return withScriptLock(ctx.cfg.lockWaitMs, () => {
    const fresh = tx.readIndex();
    const current = fresh?.bookings.find((b) => b.bookingId === bookingId);
    if (!fresh || !current || !isPresumable(current, ctx.nowMs)) return null;
    const booking = tx.updateLedger(presumedHeld(current, nowIso), timeZone);
    const next: IndexEntry = { ...fresh, bookings: fresh.bookings.map((b) => (b === current ? booking : b)) };
    tx.writeIndex(next, nowIso);
    return { entry: next, booking };
  });
}
