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
import { withScriptLock } from '../lock';
import { type BookingRecord, cancelledByCoachee, isActive } from '../../core/ledger';
import { toBookingView } from '../records';
import type { CoacheeTx, IndexEntry, UsageContext } from '../store';
import { type Contribution, contributionDelta, contributions, quarterOfKey } from '../../core/usage';
import { allowanceView, decisionView, engagementView, quarterView, refusalView } from '../views';

const iso = (ms: number) => new Date(ms).toISOString();

function sortedViews(bookings: readonly BookingRecord[]) {
  return [...bookings].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0)).map(toBookingView);
}

/**
 * The Usage side of a change of a coachee's bookings (the caller's, unless the admin op expires
 * someone's): the counters to add (their contribution after minus before) and what deriving the
 * other figures needs.
 */
export function usageOf(ctx: RequestContext, coachee: string = ctx.email) {
  const settings = ctx.settings();
  const record = ctx.coacheeRecord(coachee);
  const mine = record.kind === 'ok' ? record.engagements : [];
  const usage: UsageContext = { engagements: ctx.usageTally(), settings, nowMs: ctx.nowMs };
  const quarter = (c: Contribution) => quarterOfKey(c.quarterKey, settings);
  const delta = (before: readonly BookingRecord[], after: readonly BookingRecord[]) =>
    contributionDelta(contributions(before, mine, settings), contributions(after, mine, settings));
  return {
    usage,
    delta,
    /** Outside the lock: locate the Usage rows a predicted change touches. */
    prepare(tx: CoacheeTx, before: readonly BookingRecord[], after: readonly BookingRecord[]) {
      const d = delta(before, after);
      tx.prepareUsage(d, usage, quarter);
      // The tallies the derived figures need, fetched now: inside the lock they are only looked up.
      const tally = usage.engagements;
      if (typeof tally === 'function')
        for (const c of d.values()) {
          const q = quarter(c);
          if (q) tally(c.company, q);
        }
    },
    /**
     * Inside the lock: apply the real change. A Usage row that cannot be found even after one more
     * search is left alone and named in Audit (rare: the tab edited by hand meanwhile); the booking
     * stands, and the lock is not held by a search loop.
     */
    apply(tx: CoacheeTx, before: readonly BookingRecord[], after: readonly BookingRecord[]) {
      const missed = tx.updateUsage(delta(before, after), usage, quarter);
      if (missed.length > 0) {
        console.error(JSON.stringify({ event: 'usage-row-not-found', keys: missed }));
        ctx.audit({ op: 'usage', outcome: `USAGE_NOT_UPDATED ${missed.join(' ')}` });
      }
    },
  };
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

  const store = ctx.store;
  store.tab('ledger');
  store.tab('usage');
  const usage = usageOf(ctx);
  // Outside the lock: locate what the planned change will write (Index row, Ledger rows, Usage rows).
  const tx = store.coacheeTx(ctx.email, entry.row).prefetch();
  const predicted = planReconcile({ ...input, bookings: entry.bookings });
  tx.prepareLedger(predicted.changed);
  usage.prepare(tx, entry.bookings, predicted.bookings);
  const result = withScriptLock(ctx.cfg.lockWaitMs, () => {
    const fresh = tx.readIndex();
    if (!fresh) return { entry: null, changes: [] as ReconcileChange[], changed: [] as BookingRecord[] };
    const plan = planReconcile({ ...input, bookings: fresh.bookings });
    if (plan.changes.length === 0) return { entry: fresh, changes: [], changed: [] };
    const written = new Map(plan.changed.map((b) => [b.bookingId, tx.updateLedger(b, timeZone)]));
    const next = { ...fresh, bookings: plan.bookings.map((b) => written.get(b.bookingId) ?? b) };
    tx.writeIndex(next, iso(ctx.nowMs));
    usage.apply(tx, fresh.bookings, next.bookings);
    return { entry: next, changes: plan.changes, changed: plan.changed };
  });
  for (const b of result.changed)
    ctx.audit({
      op: 'reconcile',
      eventId: b.eventId,
      bookingId: b.bookingId,
      outcome: `${b.status}${b.reason ? `:${b.reason}` : ''}`,
    });
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
  const store = ctx.store;
  // 'primary' and the coachee's own address name the primary calendar: stored as absent.
  const calendarId =
    ev.calendarId && ev.calendarId !== 'primary' && !sameEmail(ev.calendarId, ctx.email) ? ev.calendarId : undefined;

  // Outside the lock: make sure the tabs and the caller's Index row exist and locate every cell the
  // booking will write, so the critical section is only: read the Index row, decide, write one Ledger
  // row, the Index row and the Usage rows concerned, flush (6 Spreadsheet calls).
  store.tab('ledger');
  store.tab('usage');
  const indexRow = store.ensureIndexRow(ctx.email);
  const nowIso = iso(ctx.nowMs);
  const tx = store.coacheeTx(ctx.email, indexRow);
  const usage = usageOf(ctx);
  const step = (bookings: readonly BookingRecord[], newId: () => string) =>
    bookStep({
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
  const snapshot = tx.readIndex();
  if (snapshot) {
    try {
      const predicted = step(snapshot.bookings, () => 'predicted');
      if (predicted.changed && predicted.existing) tx.prepareLedger([predicted.existing]);
      // A new row: where the append will land, so a later update (the schedule's confirm, a cancel)
      // finds it with one cell read instead of a search of the whole Ledger.
      if (predicted.changed && !predicted.existing) tx.prepareAppend();
      if (predicted.changed) usage.prepare(tx, snapshot.bookings, predicted.bookings);
    } catch (err) {
      // Refused on the snapshot: decided again on fresh data inside the lock.
      if (!(err instanceof CcmError)) throw err;
    }
  }

  const out = withScriptLock(ctx.cfg.lockWaitMs, () => {
    const entry = tx.readIndex();
    if (!entry) throw new CcmError('INTERNAL');
    const r = step(entry.bookings, () => Utilities.getUuid());
    if (!r.changed) return { booking: r.booking, decision: r.decision, alreadyBooked: r.alreadyBooked, changed: false };
    let booking = r.booking;
    let bookings = r.bookings;
    if (r.existing) {
      booking = tx.updateLedger(r.booking, settings.timeZone);
      bookings = bookings.map((b) => (b.bookingId === booking.bookingId ? booking : b));
    } else {
      booking = tx.appendLedger(
        booking,
        {
          coachee: ctx.email,
          manager: engagement.manager,
          coach: engagement.coach,
          company: engagement.company,
          iCalUID: ev.iCalUID,
        },
        settings.timeZone,
      );
      bookings = bookings.map((b) => (b.bookingId === booking.bookingId ? booking : b));
    }
    tx.writeIndex({ ...entry, bookings }, nowIso);
    usage.apply(tx, entry.bookings, bookings);
    return { booking, decision: r.decision, alreadyBooked: r.alreadyBooked, changed: true };
  });

  if (out.changed)
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
  const row = store.findIndexRow(ctx.email);
  if (!row) throw new CcmError('BOOKING_NOT_FOUND');
  store.tab('ledger');
  store.tab('usage');
  const nowIso = iso(ctx.nowMs);
  const timeZone = ctx.settings().timeZone;
  const tx = store.coacheeTx(ctx.email, row);
  const usage = usageOf(ctx);
  const cancelled = (b: BookingRecord) => cancelledByCoachee(b, nowIso);
  // Outside the lock: locate the rows the cancel will write.
  const snapshot = tx.readIndex();
  const target = snapshot?.bookings.find((b) => b.eventId === args.eventId);
  if (snapshot && target && isActive(target)) {
    tx.prepareLedger([target]);
    usage.prepare(
      tx,
      snapshot.bookings,
      snapshot.bookings.map((b) => (b === target ? cancelled(b) : b)),
    );
  }
  const out = withScriptLock(ctx.cfg.lockWaitMs, () => {
    const entry = tx.readIndex();
    const existing = entry?.bookings.find((b) => b.eventId === args.eventId);
    if (!entry || !existing) throw new CcmError('BOOKING_NOT_FOUND');
    if (!isActive(existing)) return { booking: existing, changed: false }; // cancelling twice is fine
    checkCancellable(existing.end, ctx.nowMs, existing.held); // it took place: only an admin gives it back
    const next = tx.updateLedger(cancelled(existing), timeZone);
    const bookings = entry.bookings.map((b) => (b === existing ? next : b));
    tx.writeIndex({ ...entry, bookings }, nowIso);
    usage.apply(tx, entry.bookings, bookings);
    return { booking: next, changed: true };
  });
  if (out.changed) ctx.audit({ eventId: args.eventId, bookingId: out.booking.bookingId, outcome: 'OK' });
  return { booking: toBookingView(out.booking) };
}

export function reconcile(ctx: RequestContext, args: ReconcileArgs): ReconcileData {
  ctx.settings();
  const entry = ctx.store.loadIndex(ctx.email);
  const result = reconcileCaller(ctx, entry, args.facts);
  return { reconciled: result.changes, bookings: sortedViews(result.entry?.bookings ?? []) };
}
