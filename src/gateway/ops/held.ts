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
import type { RequestContext } from '../context';
import { toBookingView } from '../records';
import { loadOwnIndex } from '../row-hints';
import { type PassResult, runPass } from '../pass';
import type { IndexEntry } from '../store';
import { allowanceView, engagementView } from '../wire-views';
import { coacheeTransaction } from '../transaction';
import { sortedViews } from './coachee';

const iso = (ms: number) => new Date(ms).toISOString();

export function markHeld(ctx: RequestContext, args: MarkHeldArgs): MarkHeldData {
  const store = ctx.store;
  const settings = ctx.settings();
  // The caller's own Index row as cancel finds it: where it was last found, else by search.
  const own = loadOwnIndex(store, ctx.email, true);
  if (!own) throw new CcmError('BOOKING_NOT_FOUND');
  const nowIso = iso(ctx.nowMs);
  const tr = coacheeTransaction(ctx, { coachee: ctx.email, row: own.row, snapshot: own }, (bookings) => {
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

/** The daily job's pass: every unanswered booking 7 days past its end is presumed held (see above). */
export function presumeHeld(ctx: RequestContext, index: readonly IndexEntry[], untilMs = Infinity): PassResult {
  return runPass(
    ctx,
    index,
    {
      name: 'presume-held',
      auditOp: 'presumeHeld',
      outcome: 'held:presumed',
      due: isPresumable,
      order: (b) => Date.parse(b.end) || 0,
      change: presumedHeld,
      // Presumed held: counted all along, so no Usage counter moves.
      usageUnchanged: true,
    },
    untilMs,
  );
}
