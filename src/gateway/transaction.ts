/**
 * One change of one coachee's bookings, the same steps for every op that makes one (book, cancel,
 * reconcile, expire...): the op says only WHAT changes (`plan`), this file does the rest.
 *
 * 1. Outside the lock: read (or take) a snapshot of the coachee's Index row, plan on it, and locate
 *    every cell the planned change will write: the Ledger rows to update, where an appended row will
 *    land, the Usage rows concerned (CoacheeTx). A refusal on the snapshot is not final: step 2 decides.
 * 2. Inside the lock: read the Index row again (the truth), plan again on it, write the Ledger rows,
 *    the Index row and the Usage counters. The lock budget (6 Spreadsheet calls) holds when the
 *    prediction was right; when another execution changed things in between, the writes locate what
 *    they need inside: more calls, never a wrong write.
 * Audit stays with the op (its outcome words are the op's), after the lock.
 */
import type { BookingRecord } from '../core/ledger';
import { CcmError } from '../core/errors';
import { type Contribution, contributionDelta, contributions, quarterOfKey } from '../core/usage';
import type { RequestContext } from './context';
import type { CoacheeTx } from './coachee-tx';
import { withScriptLock } from './lock';
import type { LedgerParties } from './records';
import type { IndexEntry, UsageContext } from './store';

/** What a change does to a coachee's bookings, decided on one list of them. */
export interface CoacheePlan<T> {
  /** What the op returns (decided on the list inside the lock). */
  result: T;
  /** The bookings after the change, or null when nothing changes (nothing is written). */
  next: readonly BookingRecord[] | null;
  /** Existing bookings whose Ledger rows are rewritten, in their new state. */
  updated?: readonly BookingRecord[];
  /** A new booking whose Ledger row is appended, and who it is about. */
  appended?: { booking: BookingRecord; parties: LedgerParties };
  /**
   * The change leaves every Usage counter as it is (e.g. a meeting presumed held: its status does not
   * change), so the Usage rows are neither located nor read, nor the coachee's engagements looked up.
   */
  usageUnchanged?: boolean;
}

/**
 * Plans the change on the coachee's bookings (null: their Index row is gone). May throw a CcmError to
 * refuse; called twice (on the snapshot with ids 'predicted', inside the lock with real ids).
 */
export type Planner<T> = (bookings: readonly BookingRecord[] | null, newId: () => string) => CoacheePlan<T>;

export interface TransactionResult<T> {
  result: T;
  /** The coachee's Index entry after the change (null when their row is gone). */
  entry: IndexEntry | null;
  /** What was written, by booking id, with its Ledger row known (empty when nothing changed). */
  written: ReadonlyMap<string, BookingRecord>;
}

export interface TransactionTarget {
  coachee: string;
  /** The coachee's Index row (1-based). */
  row: number;
  /** A snapshot the caller already read; else it is read here, outside the lock. */
  snapshot?: IndexEntry | null;
}

export function coacheeTransaction<T>(
  ctx: RequestContext,
  target: TransactionTarget,
  plan: Planner<T>,
): TransactionResult<T> {
  const store = ctx.store;
  store.tab('ledger');
  const timeZone = ctx.settings().timeZone;
  const nowIso = new Date(ctx.nowMs).toISOString();
  let usageCache: ReturnType<typeof usageOf> | null = null;
  const usage = () => (usageCache ??= usageOf(ctx, target.coachee));
  const tx = store.coacheeTx(target.coachee, target.row);
  const snapshot = target.snapshot !== undefined ? (tx.prefetch(), target.snapshot) : tx.readIndex();
  // The Usage tab looked up outside the lock unless the prediction says no counter moves.
  let usageTab = true;
  if (snapshot) {
    try {
      const predicted = plan(snapshot.bookings, () => 'predicted');
      usageTab = predicted.usageUnchanged !== true;
      if (predicted.next) {
        if (predicted.updated?.length) tx.prepareLedger(predicted.updated);
        if (predicted.appended) tx.prepareAppend();
        if (!predicted.usageUnchanged) usage().prepare(tx, snapshot.bookings, predicted.next);
      }
    } catch (err) {
      // Refused on the snapshot: decided again on fresh data inside the lock.
      if (!(err instanceof CcmError)) throw err;
    }
  }
  if (usageTab) store.tab('usage');

  return withScriptLock(ctx.cfg.lockWaitMs, () => {
    const entry = tx.readIndex();
    const p = plan(entry?.bookings ?? null, () => Utilities.getUuid());
    if (!entry || !p.next) return { result: p.result, entry, written: new Map<string, BookingRecord>() };
    const written = new Map<string, BookingRecord>();
    for (const b of p.updated ?? []) written.set(b.bookingId, tx.updateLedger(b, timeZone));
    if (p.appended) {
      const b = tx.appendLedger(p.appended.booking, p.appended.parties, timeZone);
      written.set(b.bookingId, b);
    }
    const next: IndexEntry = { ...entry, bookings: p.next.map((b) => written.get(b.bookingId) ?? b) };
    tx.writeIndex(next, nowIso);
    if (!p.usageUnchanged) usage().apply(tx, entry.bookings, next.bookings);
    return { result: p.result, entry: next, written };
  });
}

/**
 * The Usage side of a change of a coachee's bookings: the counters to add (their contribution after
 * minus before) and what deriving the other figures needs.
 */
function usageOf(ctx: RequestContext, coachee: string) {
  const settings = ctx.settings();
  const record = ctx.coacheeRecord(coachee);
  const mine = record.kind === 'ok' ? record.engagements : [];
  const usage: UsageContext = { engagements: ctx.usageTally(), settings, nowMs: ctx.nowMs };
  const quarter = (c: Contribution) => quarterOfKey(c.quarterKey, settings);
  const delta = (before: readonly BookingRecord[], after: readonly BookingRecord[]) =>
    contributionDelta(contributions(before, mine, settings), contributions(after, mine, settings));
  return {
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
