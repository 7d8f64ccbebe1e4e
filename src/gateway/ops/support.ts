/**
 * support (issue 14 item 4): the engagement's manager confirms "I support this goal" on their copy of
 * a booked meeting. Only yes and the date are kept (BookingRecord.supportedAt: Index `su`, Ledger
 * "Manager support"); what the manager commits to do never reaches the gateway. Manager-only: the
 * gateway's own Engagements rows must name the caller as the manager of the meeting's engagement.
 * Idempotent: a second confirmation keeps the first date and writes nothing.
 */
import type { SupportArgs, SupportData } from '../../core/api';
import { CcmError } from '../../core/errors';
import { supportedByManager } from '../../core/ledger';
import type { RequestContext } from '../context';
import { coacheeTransaction } from '../transaction';
import { meetingOfViewer, viewerData } from './viewer';

export function support(ctx: RequestContext, args: SupportArgs): SupportData {
  const found = meetingOfViewer(ctx, args);
  // Anyone but the meeting's manager learns nothing about it (as the viewer op's 'other').
  if (!found || found.role !== 'manager') throw new CcmError('FORBIDDEN');
  if (found.booking.supportedAt) return viewerData(ctx, found);

  const nowIso = new Date(ctx.nowMs).toISOString();
  // The coachee's Index entry meetingOfViewer read is the snapshot: no second search for their row.
  const target = { coachee: found.coachee, row: found.entry.row, snapshot: found.entry };
  const tr = coacheeTransaction(ctx, target, (bookings) => {
    const existing = bookings?.find((b) => b.bookingId === found.booking.bookingId);
    if (!bookings || !existing) throw new CcmError('BOOKING_NOT_FOUND');
    if (existing.supportedAt) return { result: existing, next: null };
    const next = supportedByManager(existing, nowIso);
    // Support moves no Usage counter.
    return {
      result: next,
      next: bookings.map((b) => (b === existing ? next : b)),
      updated: [next],
      usageUnchanged: true,
    };
  });
  const booking = tr.written.get(tr.result.bookingId) ?? tr.result;
  if (tr.written.size > 0) ctx.audit({ eventId: booking.eventId, bookingId: booking.bookingId, outcome: 'OK' });
  return viewerData(ctx, { ...found, booking });
}
