// One coachee's booking change inside the lock budget (CoacheeTx), apart from the store it writes
// through (store.ts): the Spreadsheet calls it makes are counted against the lock's 6.
import type { BookingRecord } from '../core/ledger';
import { normalizeEmail } from '../core/email';
import { type Quarter } from '../core/quarters';
import { type Contribution } from '../core/usage';
import { decodeBookings, encodeBookings, type LedgerParties, ledgerRowValues } from './records';
import { cellString, INDEX_HEADERS, safeCell, USAGE_HEADERS } from './schema';
import { type IndexEntry, SheetStore, type UsageContext } from './store';
import { forgetRow } from './row-hints';
import { applyUsage, parseUsageRow, usageRowValues, type UsageRow } from './usage';

type Range = GoogleAppsScript.Spreadsheet.Range;

/**
 * One coachee's booking change, made of Spreadsheet calls that stay inside the lock budget (6):
 * everything that only LOCATES cells (TextFinder searches, getRange) is done before the lock, so
 * inside it a change is exactly: read the Index row, [append or update one Ledger row], write the
 * Index row, read and write the Usage rows concerned, flush. A new booking's Ledger row number is not
 * asked for inside: it is hinted from outside (prepareAppend; see BookingRecord.ledgerRowHint).
 *
 * Whatever the prediction made outside the lock missed (another execution changed the coachee's
 * bookings in between) falls back to locating inside the lock: more calls, never a wrong write.
 */
export class CoacheeTx {
  private indexRange: Range | null = null;
  private readonly ledgerRanges = new Map<string, { row: number; range: Range }>();
  private usage: { first: number; keys: Set<string>; range: Range } | null = null;
  private appendHint = 0;
  /** Usage rows are found by search, not by their cached hint (one proved wrong). */
  private searchUsage = false;

  constructor(
    private readonly store: SheetStore,
    readonly coachee: string,
    private indexRow: number,
  ) {}

  /** Outside the lock: fetch the Index row's Range now, so reading it inside is one call. */
  prefetch(): this {
    this.index();
    return this;
  }

  private index(): Range {
    this.indexRange ??= this.store.tab('index').getRange(this.indexRow, 1, 1, INDEX_HEADERS.length);
    return this.indexRange;
  }

  /** Reads the coachee's Index row (a snapshot outside the lock, the truth inside it). */
  readIndex(): IndexEntry | null {
    const values = this.index().getValues()[0] ?? [];
    if (normalizeEmail(cellString(values[0])) === this.coachee) {
      const bookings = decodeBookings(values[1]);
      return {
        coachee: this.coachee,
        row: this.indexRow,
        bookings: bookings ?? this.store.rebuildIndexEntry(this.coachee),
      };
    }
    // The row no longer holds this coachee (edited by hand): search again.
    const entry = this.store.loadIndex(this.coachee);
    if (entry) {
      this.indexRow = entry.row;
      this.indexRange = null;
    }
    return entry;
  }

  writeIndex(entry: IndexEntry, nowIso: string): void {
    if (entry.row !== this.indexRow) {
      this.store.writeIndex(entry, nowIso);
      return;
    }
    this.index().setValues([[safeCell(this.coachee), encodeBookings(entry.bookings), nowIso]]);
  }

  /** Outside the lock: locates the Ledger rows of bookings that will be updated. */
  prepareLedger(bookings: readonly BookingRecord[]): void {
    for (const b of bookings) {
      if (this.ledgerRanges.has(b.bookingId)) continue;
      const row = this.store.resolveLedgerRow(b);
      this.ledgerRanges.set(b.bookingId, { row, range: this.store.ledgerUpdateRange(row) });
    }
  }

  /** Inside the lock: rewrites a booking's Ledger row; returns the record with its row number known. */
  updateLedger(b: BookingRecord, timeZone: string): BookingRecord {
    let prepared = this.ledgerRanges.get(b.bookingId);
    if (!prepared) {
      this.prepareLedger([b]);
      prepared = this.ledgerRanges.get(b.bookingId)!;
    }
    const { ledgerRowHint: _verified, ...rest } = b;
    const withRow = { ...rest, ledgerRow: prepared.row };
    prepared.range.setValues([SheetStore.ledgerUpdateCells(withRow, timeZone)]);
    return withRow;
  }

  /**
   * Outside the lock, before a booking that will append a Ledger row: where that row will most
   * likely land (the last row + 1 now). Inside the lock the append cannot ask (a 7th call).
   */
  prepareAppend(): void {
    this.appendHint = this.store.tab('ledger').getLastRow() + 1;
  }

  /**
   * Inside the lock: appends a new booking's Ledger row. Its row number is not known (0); it carries
   * the hint from prepareAppend, verified when the row is first updated (store.resolveLedgerRow).
   */
  appendLedger(b: BookingRecord, parties: LedgerParties, timeZone: string): BookingRecord {
    this.store.tab('ledger').appendRow(ledgerRowValues(b, parties, timeZone));
    return this.appendHint > 1 ? { ...b, ledgerRow: 0, ledgerRowHint: this.appendHint } : b;
  }

  /** Outside the lock: makes sure the Usage rows of these keys exist and fetches one Range over them. */
  prepareUsage(
    delta: ReadonlyMap<string, Contribution>,
    ctx: UsageContext,
    quarterOf: (c: Contribution) => Quarter | null,
  ): void {
    const keys = new Set(this.usage?.keys ?? []);
    const rows: number[] = this.usage ? [this.usage.first, this.usage.first + this.usage.range.getNumRows() - 1] : [];
    let added = false;
    for (const [key, c] of delta) {
      if (keys.has(key)) continue;
      const q = quarterOf(c);
      if (!q) continue;
      rows.push(this.store.ensureUsageRow(c.company, q, ctx, !this.searchUsage));
      keys.add(key);
      added = true;
    }
    if (!added || rows.length === 0) return;
    const first = Math.min(...rows);
    const last = Math.max(...rows);
    let range: Range;
    try {
      range = this.store.tab('usage').getRange(first, 1, last - first + 1, USAGE_HEADERS.length);
    } catch (err) {
      // A row hint past the tab's end (rows deleted by hand): found by search instead, once.
      if (this.searchUsage) throw err;
      for (const k of delta.keys()) forgetRow('ur', k);
      this.searchUsage = true;
      this.usage = null;
      this.prepareUsage(delta, ctx, quarterOf);
      return;
    }
    this.usage = { first, keys, range };
  }

  /**
   * Inside the lock: adds the coachee's contribution change to the Usage rows concerned (one read and
   * one write of the prepared span; nothing when nothing changed). Returns the keys it could not
   * update (empty when all went in).
   */
  updateUsage(
    delta: ReadonlyMap<string, Contribution>,
    ctx: UsageContext,
    quarterOf: (c: Contribution) => Quarter | null,
    retried = false,
  ): string[] {
    if (delta.size === 0) return [];
    if (!this.usage || [...delta.keys()].some((k) => !this.usage!.keys.has(k)))
      this.prepareUsage(delta, ctx, quarterOf);
    if (!this.usage) return [...delta.keys()];
    const { first, range } = this.usage;
    const values = range.getValues();
    const rows = new Map<string, UsageRow>();
    values.forEach((v, i) => {
      const row = parseUsageRow(v, first + i);
      if (row && !rows.has(row.key)) rows.set(row.key, row);
    });
    const missing = [...delta.keys()].filter((k) => !rows.has(k));
    if (missing.length > 0) {
      // A prepared row is not where it was found (the tab was edited by hand meanwhile): locate again,
      // ONCE. Still not there: stop and name the keys (the caller audits them), so the lock is not held
      // by a search loop while others wait. The booking itself (Ledger, Index) is already written and
      // stands; the Usage tab is a report an admin can recount.
      if (retried) return missing;
      for (const k of missing) forgetRow('ur', k);
      this.searchUsage = true;
      this.usage = null;
      this.prepareUsage(delta, ctx, quarterOf);
      if (!this.usage) return [...delta.keys()];
      return this.updateUsage(delta, ctx, quarterOf, true);
    }
    const changed = new Set(applyUsage(rows, new Map(delta), ctx).map((r) => r.row));
    const out = values.map((v, i) => {
      if (!changed.has(first + i)) return v;
      const row = [...rows.values()].find((r) => r.row === first + i)!;
      return usageRowValues(row);
    });
    range.setValues(out);
    return [];
  }
}
