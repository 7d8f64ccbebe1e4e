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
import { withScriptLock } from '../lock';
import { meetingOfViewer, viewerData } from './viewer';

export function support(ctx: RequestContext, args: SupportArgs): SupportData {
  const found = meetingOfViewer(ctx, args);
  // Anyone but the meeting's manager learns nothing about it (as the viewer op's 'other').
  if (!found || found.role !== 'manager') throw new CcmError('FORBIDDEN');
  if (found.booking.supportedAt) return viewerData(ctx, found);

  const store = ctx.store;
  const row = store.findIndexRow(found.coachee);
  if (!row) throw new CcmError('BOOKING_NOT_FOUND');
  const nowIso = new Date(ctx.nowMs).toISOString();
  const timeZone = ctx.settings().timeZone;
  const tx = store.coacheeTx(found.coachee, row);
  // Outside the lock: locate the Ledger row the change writes (inside, writing it is one call).
  tx.prepareLedger([found.booking]);
  const out = withScriptLock(ctx.cfg.lockWaitMs, () => {
    const entry = tx.readIndex();
    const existing = entry?.bookings.find((b) => b.bookingId === found.booking.bookingId);
    if (!entry || !existing) throw new CcmError('BOOKING_NOT_FOUND');
    if (existing.supportedAt) return { booking: existing, changed: false };
    const next = tx.updateLedger(supportedByManager(existing, nowIso), timeZone);
    tx.writeIndex({ ...entry, bookings: entry.bookings.map((b) => (b === existing ? next : b)) }, nowIso);
    return { booking: next, changed: true };
  });
  if (out.changed) ctx.audit({ eventId: out.booking.eventId, bookingId: out.booking.bookingId, outcome: 'OK' });
  return viewerData(ctx, { ...found, booking: out.booking });
}
