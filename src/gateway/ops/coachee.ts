/**
 * The coachee's operations: panel (status + reconcile), book, cancel, reconcile. A coachee only ever
 * reads and changes their own Index row and the Ledger rows it points to: the row is found by the
 * VERIFIED email, never by anything in the request body.
 */
import type { BookArgs, BookData, CalendarFact, CancelArgs, CancelData, PanelArgs, PanelData, ReconcileArgs, ReconcileChange, ReconcileData } from '../../core/api';
import { allowanceStatus, decideAllowance } from '../../core/allowance';
import { CcmError, ERRORS } from '../../core/errors';
import { parseIsoInstant } from '../../core/time';
import type { RequestContext, RowEngagement } from '../context';
import { withScriptLock } from '../lock';
import { planReconcile, type Redecide } from '../reconcile';
import { type BookingRecord, isActive, toBookingView } from '../records';
import type { IndexEntry } from '../store';
import { allowanceView, decisionView, engagementView, refusalView } from '../views';

const iso = (ms: number) => new Date(ms).toISOString();

function sortedViews(bookings: readonly BookingRecord[]) {
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
function reconcileCaller(ctx: RequestContext, entry: IndexEntry | null, facts: readonly CalendarFact[], factsWindow: PanelArgs['factsWindow']): { entry: IndexEntry | null; changes: ReconcileChange[] } {
  if (!entry || entry.bookings.length === 0) return { entry, changes: [] };
  const timeZone = ctx.settings().timeZone;
  const decide = redecider(ctx);
  const input = { facts, factsWindow, nowMs: ctx.nowMs, timeZone, decide };
  if (planReconcile({ ...input, bookings: entry.bookings }).changes.length === 0) return { entry, changes: [] };

  const store = ctx.store;
  store.tab('ledger');
  const result = withScriptLock(ctx.cfg.lockWaitMs, () => {
    const fresh = store.loadIndex(ctx.email, entry.row);
    if (!fresh) return { entry: null, changes: [] as ReconcileChange[], changed: [] as BookingRecord[] };
    const plan = planReconcile({ ...input, bookings: fresh.bookings });
    if (plan.changes.length === 0) return { entry: fresh, changes: [], changed: [] };
    for (const b of plan.changed) store.updateLedgerRow(b);
    const next = { ...fresh, bookings: plan.bookings };
    store.writeIndex(next, iso(ctx.nowMs));
    return { entry: next, changes: plan.changes, changed: plan.changed };
  });
  for (const b of result.changed) ctx.audit({ op: 'reconcile', eventId: b.eventId, bookingId: b.bookingId, outcome: `${b.status}${b.reason ? `:${b.reason}` : ''}` });
  return { entry: result.entry, changes: result.changes };
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
  const loaded = ctx.store.loadIndex(ctx.email);
  const { entry, changes } = reconcileCaller(ctx, loaded, args.facts ?? [], args.factsWindow);
  const bookings = entry?.bookings ?? [];
  base.bookings = sortedViews(bookings);
  base.reconciled = changes;

  if (record.kind === 'invalid') {
    base.engagementProblem = ERRORS.ENGAGEMENT_RECORD_INVALID.message;
    if (args.event) base.decision = refusalView('ENGAGEMENT_RECORD_INVALID', ERRORS.ENGAGEMENT_RECORD_INVALID.message);
    return base;
  }

  const eventStart = args.event ? parseIsoInstant(args.event.start) : null;
  const engagement = ctx.engagementAt(record.engagements, eventStart ?? ctx.nowMs);
  base.engagement = engagementView(engagement, ctx.engagements().names.get(engagement.row));
  base.allowance = allowanceView(allowanceStatus(engagement, settings, ctx.nowMs, bookings));
  if (args.event) {
    if (args.event.recurring) {
      base.decision = refusalView('RECURRING_EVENT', ERRORS.RECURRING_EVENT.message);
    } else {
      const startMs = eventStart!;
      const endMs = parseIsoInstant(args.event.end)!;
      base.decision = decisionView(
        decideAllowance({ engagement, settings, startMs, endMs, eventId: args.event.eventId, bookings, nowMs: ctx.nowMs }),
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
  const store = ctx.store;

  // Outside the lock: make sure the tabs and the caller's Index row exist, so the critical section
  // is only: read one Index row, decide, write one Ledger row and that Index row, flush.
  store.tab('ledger');
  const indexRow = store.ensureIndexRow(ctx.email);
  const nowIso = iso(ctx.nowMs);

  const out = withScriptLock(ctx.cfg.lockWaitMs, () => {
    const entry = store.loadIndex(ctx.email, indexRow);
    if (!entry) throw new CcmError('INTERNAL');
    const decision = decideAllowance({ engagement, settings, startMs, endMs, eventId: ev.eventId, bookings: entry.bookings, nowMs: ctx.nowMs });
    if (!decision.allowed) throw new CcmError(decision.reason ?? 'ALLOWANCE_USED', decision.message);

    const milestone = decision.milestone?.id ?? '';
    const existing = entry.bookings.find((b) => b.eventId === ev.eventId);
    if (existing) {
      // Idempotent by event id: the same event is the same booking, never a second one.
      const wasActive = isActive(existing);
      const moved = parseIsoInstant(existing.start) !== startMs || parseIsoInstant(existing.end) !== endMs;
      const next: BookingRecord = {
        ...existing,
        quarterKey: decision.quarter.key,
        start: iso(startMs),
        end: iso(endMs),
        // A confirmed booking stays confirmed even if a late 'pending' replay arrives.
        status: wasActive && existing.status === 'confirmed' ? 'confirmed' : args.status,
        milestone,
        reason: wasActive ? (moved ? 'moved' : existing.reason) : '',
      };
      const changed = (['quarterKey', 'start', 'end', 'status', 'milestone', 'reason'] as const).some((k) => next[k] !== existing[k]);
      if (changed) {
        next.updatedAt = nowIso;
        store.updateLedgerRow(next);
        store.writeIndex({ ...entry, bookings: entry.bookings.map((b) => (b === existing ? next : b)) }, nowIso);
      }
      return { booking: changed ? next : existing, decision, alreadyBooked: wasActive, changed };
    }
    const fresh: BookingRecord = {
      bookingId: Utilities.getUuid(),
      eventId: ev.eventId,
      quarterKey: decision.quarter.key,
      start: iso(startMs),
      end: iso(endMs),
      status: args.status,
      milestone,
      countsAsSession: true, // DESIGN rule 4: it is one of the coachee's regular coaching sessions
      reason: '',
      ledgerRow: 0,
      createdAt: nowIso,
      updatedAt: nowIso,
    };
    fresh.ledgerRow = store.appendLedgerRow(fresh, {
      coachee: ctx.email,
      manager: engagement.manager,
      coach: engagement.coach,
      company: engagement.company,
      iCalUID: ev.iCalUID,
    });
    store.writeIndex({ ...entry, bookings: [...entry.bookings, fresh] }, nowIso);
    return { booking: fresh, decision, alreadyBooked: false, changed: true };
  });

  if (out.changed) ctx.audit({ eventId: ev.eventId, bookingId: out.booking.bookingId, outcome: out.alreadyBooked ? 'OK:updated' : 'OK' });
  return {
    booking: toBookingView(out.booking),
    decision: decisionView(out.decision),
    alreadyBooked: out.alreadyBooked,
    engagement: engagementView(engagement, ctx.engagements().names.get(engagement.row)),
    toolkitUrl: settings.toolkitUrl ?? null,
  };
}

export function cancel(ctx: RequestContext, args: CancelArgs): CancelData {
  const store = ctx.store;
  const row = store.findIndexRow(ctx.email);
  if (!row) throw new CcmError('BOOKING_NOT_FOUND');
  store.tab('ledger');
  const nowIso = iso(ctx.nowMs);
  const out = withScriptLock(ctx.cfg.lockWaitMs, () => {
    const entry = store.loadIndex(ctx.email, row);
    const existing = entry?.bookings.find((b) => b.eventId === args.eventId);
    if (!entry || !existing) throw new CcmError('BOOKING_NOT_FOUND');
    if (!isActive(existing)) return { booking: existing, changed: false }; // cancelling twice is fine
    const next: BookingRecord = { ...existing, status: 'cancelled', reason: 'cancelled-by-coachee', updatedAt: nowIso };
    store.updateLedgerRow(next);
    store.writeIndex({ ...entry, bookings: entry.bookings.map((b) => (b === existing ? next : b)) }, nowIso);
    return { booking: next, changed: true };
  });
  if (out.changed) ctx.audit({ eventId: args.eventId, bookingId: out.booking.bookingId, outcome: 'OK' });
  return { booking: toBookingView(out.booking) };
}

export function reconcile(ctx: RequestContext, args: ReconcileArgs): ReconcileData {
  ctx.settings();
  const entry = ctx.store.loadIndex(ctx.email);
  const result = reconcileCaller(ctx, entry, args.facts, undefined);
  return { reconciled: result.changes, bookings: sortedViews(result.entry?.bookings ?? []) };
}
