/**
 * The coachee's operations: panel (status + reconcile), book, cancel, reconcile. A coachee only ever
 * reads and changes their own Index row and the Ledger rows it points to: the row is found by the
 * VERIFIED email, never by anything in the request body.
 */
import type {
  BookArgs,
  BookData,
  CalendarFact,
  CancelArgs,
  CancelData,
  PanelArgs,
  PanelData,
  ReconcileArgs,
  ReconcileChange,
  ReconcileData,
} from '../../core/api';
import { allowanceStatus, decideAllowance, overAllowance, overAllowanceMessage } from '../../core/allowance';
import { bookStep, checkCancellable, planReconcile, type Redecide } from '../../core/booking';
import { sameEmail } from '../../core/email';
import { CcmError, ERRORS } from '../../core/errors';
import { parseIsoInstant } from '../../core/time';
import type { RequestContext } from '../context';
import { type BookingRecord, cancelledByCoachee, isActive } from '../../core/ledger';
import { toBookingView } from '../records';
import type { IndexEntry } from '../store';
import { loadOwnIndex, rememberRow } from '../row-hints';
import { coacheeTransaction } from '../transaction';
import { allowanceView, decisionView, engagementView, quarterView, refusalView } from '../wire-views';

const iso = (ms: number) => new Date(ms).toISOString();

export function sortedViews(bookings: readonly BookingRecord[]) {
  return [...bookings].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)).map(toBookingView);
}

/** Decides a booking of the caller again (moves), against their valid engagements; null if none. */
function redecider(ctx: RequestContext): Redecide | null {
  const record = ctx.coacheeRecord();
  if (record.kind !== 'ok') return null;
  const settings = ctx.settings();
  return (b, startMs, endMs, current) =>
    decideAllowance({
      engagement: ctx.engagementAt(record.engagements, startMs),
      settings,
      startMs,
      endMs,
      eventId: b.eventId,
      bookings: current,
      nowMs: ctx.nowMs,
    });
}

/**
 * Reconciles the caller's bookings with calendar facts. Looks first on a snapshot without the lock;
 * only when something would change does it take the lock, read again and write.
 */
function reconcileCaller(
  ctx: RequestContext,
  entry: IndexEntry | null,
  facts: readonly CalendarFact[],
): { entry: IndexEntry | null; changes: ReconcileChange[] } {
  if (!entry || entry.bookings.length === 0) return { entry, changes: [] };
  const timeZone = ctx.settings().timeZone;
  const decide = redecider(ctx);
  const input = { facts, nowMs: ctx.nowMs, timeZone, decide };
  if (planReconcile({ ...input, bookings: entry.bookings }).changes.length === 0) return { entry, changes: [] };

  const tr = coacheeTransaction(ctx, { coachee: ctx.email, row: entry.row, snapshot: entry }, (bookings) => {
    const plan = bookings ? planReconcile({ ...input, bookings }) : null;
    if (!plan || plan.changes.length === 0) return { result: [] as ReconcileChange[], next: null };
    return { result: plan.changes, next: plan.bookings, updated: plan.changed };
  });
  for (const b of tr.written.values())
    ctx.audit({
      op: 'reconcile',
      eventId: b.eventId,
      bookingId: b.bookingId,
      outcome: `${b.status}${b.reason ? `:${b.reason}` : ''}`,
    });
  return { entry: tr.entry, changes: tr.result };
}

export function panel(ctx: RequestContext, args: PanelArgs): PanelData {
  const settingsRead = ctx.settingsRead();
  const roles = ctx.roles();
  const settings = settingsRead.settings;
  const base: PanelData = {
    me: { email: ctx.email, roles },
    engagement: null,
    allowance: null,
    decision: null,
    bookings: [],
    reconciled: [],
    toolkitUrl: settings?.toolkitUrl ?? null,
    companyTimeZone: settings?.timeZone ?? 'UTC',
  };
  if (!settings) {
    // Nothing can be decided without valid settings; say so in the decision slot the panel shows.
    if (args.event) base.decision = refusalView('SETTINGS_INVALID', ERRORS.SETTINGS_INVALID.message);
    base.engagementProblem = ERRORS.SETTINGS_INVALID.message;
    return base;
  }
  const record = ctx.coacheeRecord();
  if (record.kind === 'none') {
    if (args.event) base.decision = refusalView('NO_ENGAGEMENT', ERRORS.NO_ENGAGEMENT.message);
    return base;
  }

  // Coachee (valid or not): their own bookings, reconciled with their calendar.
  const loaded = loadOwnIndex(ctx.store, ctx.email);
  const { entry, changes } = reconcileCaller(ctx, loaded, args.facts ?? []);
  const bookings = entry?.bookings ?? [];
  base.bookings = sortedViews(bookings);
  base.reconciled = changes;

  if (record.kind === 'invalid') {
    // Admins find the rows to fix in the Audit tab (and on the admin card); the coachee only learns
    // that their admin must fix the record.
    if (args.event)
      ctx.audit({
        eventId: args.event.eventId,
        outcome: `ENGAGEMENT_RECORD_INVALID (Engagements row ${record.rows.join(', ')})`,
      });
    base.engagementProblem = ERRORS.ENGAGEMENT_RECORD_INVALID.message;
    if (args.event) base.decision = refusalView('ENGAGEMENT_RECORD_INVALID', ERRORS.ENGAGEMENT_RECORD_INVALID.message);
    return base;
  }

  const eventStart = args.event ? parseIsoInstant(args.event.start) : null;
  const engagement = ctx.engagementAt(record.engagements, eventStart ?? ctx.nowMs);
  base.engagement = engagementView(engagement, ctx.nameOfRow(engagement.row));
  base.allowance = allowanceView(allowanceStatus(engagement, settings, ctx.nowMs, bookings));
  // An admin's edit may have left a quarter over the allowance: said, never cancelled.
  const over = overAllowance(record.engagements, settings, bookings);
  if (over.length > 0)
    base.notices = over.map((o) => ({
      code: 'OVER_ALLOWANCE',
      quarter: quarterView(o.quarter),
      message: overAllowanceMessage(o),
    }));
  if (args.event) {
    if (args.event.recurring) {
      base.decision = refusalView('RECURRING_EVENT', ERRORS.RECURRING_EVENT.message);
    } else {
      const startMs = eventStart!;
      const endMs = parseIsoInstant(args.event.end)!;
      base.decision = decisionView(
        decideAllowance({
          engagement,
          settings,
          startMs,
          endMs,
          eventId: args.event.eventId,
          bookings,
          nowMs: ctx.nowMs,
        }),
      );
    }
  }
  return base;
}

export function book(ctx: RequestContext, args: BookArgs): BookData {
  const ev = args.event;
  const settings = ctx.settings();
  const engagements = ctx.requireCoachee();
  if (ev.recurring) throw new CcmError('RECURRING_EVENT');
  const startMs = parseIsoInstant(ev.start)!;
  const endMs = parseIsoInstant(ev.end)!;
  const engagement = ctx.engagementAt(engagements, startMs);
  // 'primary' and the coachee's own address name the primary calendar: stored as absent.
  const calendarId =
    ev.calendarId && ev.calendarId !== 'primary' && !sameEmail(ev.calendarId, ctx.email) ? ev.calendarId : undefined;
  const nowIso = iso(ctx.nowMs);
  const parties = {
    coachee: ctx.email,
    manager: engagement.manager,
    coach: engagement.coach,
    company: engagement.company,
    iCalUID: ev.iCalUID,
  };
  // The critical section is only: read the Index row, decide, write one Ledger row, the Index row and
  // the Usage rows concerned, flush (6 Spreadsheet calls); a new row's place is hinted from outside.
  // The caller's Index row read where it was last found (a snapshot), else found (or made) by search.
  const own = loadOwnIndex(ctx.store, ctx.email, true);
  const made = own ? null : ctx.store.ensureIndexRow(ctx.email);
  if (made) rememberRow('ix', ctx.email, made);
  const tr = coacheeTransaction(
    ctx,
    own ? { coachee: ctx.email, row: own.row, snapshot: own } : { coachee: ctx.email, row: made! },
    (bookings, newId) => {
      if (!bookings) throw new CcmError('INTERNAL');
      const r = bookStep({
        bookings,
        engagement,
        settings,
        startMs,
        endMs,
        eventId: ev.eventId,
        status: args.status,
        nowMs: ctx.nowMs,
        nowIso,
        newId,
        ...(calendarId ? { calendarId } : {}),
        ...(args.notesDigest ? { notesDigest: args.notesDigest } : {}),
        ...(args.planWritten !== undefined ? { planWritten: args.planWritten } : {}),
      });
      const result = { booking: r.booking, decision: r.decision, alreadyBooked: r.alreadyBooked };
      if (!r.changed) return { result, next: null };
      return r.existing
        ? { result, next: r.bookings, updated: [r.booking] }
        : { result, next: r.bookings, appended: { booking: r.booking, parties } };
    },
  );
  const out = { ...tr.result, booking: tr.written.get(tr.result.booking.bookingId) ?? tr.result.booking };

  if (tr.written.size > 0)
    ctx.audit({
      eventId: ev.eventId,
      bookingId: out.booking.bookingId,
      outcome: out.alreadyBooked ? 'OK:updated' : 'OK',
    });
  return {
    booking: toBookingView(out.booking),
    decision: decisionView(out.decision),
    alreadyBooked: out.alreadyBooked,
    engagement: engagementView(engagement, ctx.nameOfRow(engagement.row)),
    toolkitUrl: settings.toolkitUrl ?? null,
  };
}

export function cancel(ctx: RequestContext, args: CancelArgs): CancelData {
  const store = ctx.store;
  const own = loadOwnIndex(store, ctx.email, true);
  if (!own) throw new CcmError('BOOKING_NOT_FOUND');
  const nowIso = iso(ctx.nowMs);
  const tr = coacheeTransaction(ctx, { coachee: ctx.email, row: own.row, snapshot: own }, (bookings) => {
    const existing = bookings?.find((b) => b.eventId === args.eventId);
    if (!bookings || !existing) throw new CcmError('BOOKING_NOT_FOUND');
    if (!isActive(existing)) return { result: existing, next: null }; // cancelling twice is fine
    checkCancellable(existing.end, ctx.nowMs, existing.held); // it took place: only an admin gives it back
    const next = cancelledByCoachee(existing, nowIso);
    return { result: next, next: bookings.map((b) => (b === existing ? next : b)), updated: [next] };
  });
  const out = { booking: tr.written.get(tr.result.bookingId) ?? tr.result, changed: tr.written.size > 0 };
  if (out.changed) ctx.audit({ eventId: args.eventId, bookingId: out.booking.bookingId, outcome: 'OK' });
  return { booking: toBookingView(out.booking) };
}

export function reconcile(ctx: RequestContext, args: ReconcileArgs): ReconcileData {
  ctx.settings();
  const entry = loadOwnIndex(ctx.store, ctx.email, true);
  const result = reconcileCaller(ctx, entry, args.facts);
  return { reconciled: result.changes, bookings: sortedViews(result.entry?.bookings ?? []) };
}
