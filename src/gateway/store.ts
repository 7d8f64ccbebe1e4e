/**
 * The Sheet-backed store: the only code that touches the usage Sheet.
 *
 * Index strategy (why the allowance check stays flat as the Ledger grows):
 * the Ledger is the admins' record, one row per booking, updated in place. Next to it the Index tab
 * holds ONE row per coachee with that coachee's bookings as compact JSON, each with its Ledger row
 * number. A booking reads exactly one Index row (3 cells) and writes one Ledger row and that Index
 * row; it never reads the Ledger, so 100 or 100,000 Ledger rows cost the same.
 * The coachee's Index row is found with a TextFinder on the Index key column (one server-side search,
 * no cells read by the script; the Index has one row per coachee, not per booking), done OUTSIDE the
 * lock. Inside the lock the row is read and its key checked, so a row moved by hand is noticed and
 * searched again instead of trusted.
 * Rejected alternatives: scanning the Ledger (cost grows with every booking ever made); TextFinder on
 * the Ledger's coachee column (finds the rows, but reading N scattered rows costs N calls inside the
 * lock, against a budget of 6); script properties as the index (500 KB in total, 9 KB per value:
 * too small for a company, and a second store that cannot be written atomically with the Sheet).
 *
 * Ledger and Index are written by the gateway only (protected tabs); the Index can be rebuilt from
 * the Ledger (`rebuildIndexEntry`) when a cell is found damaged.
 */
import { CcmError } from '../core/errors';
import { normalizeEmail } from '../core/email';
import { findEngagementProblems, type Engagement, type EngagementListCheck, parseCompanySettings, type CompanySettings } from '../core/engagement';
import { isValidEmail } from '../core/email';
import { cleanLine } from '../core/text';
import type { GatewayConfig } from './config';
import { withScriptLock } from './lock';
import {
  type BookingRecord,
  decodeBookings,
  encodeBookings,
  type LedgerParties,
  ledgerRowValues,
  parseLedgerRow,
  recordFromLedgerRow,
} from './records';
import { AUDIT_HEADERS, cellString, INDEX_HEADERS, LEDGER_COL, LEDGER_HEADERS, safeCell, SETTINGS_KEYS, TABS, type TabKey, type TabSpec } from './schema';
import { errorText } from './log';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface SettingsRead {
  /** Null when the settings are invalid (everyone but admins gets SETTINGS_INVALID). */
  settings: CompanySettings | null;
  /** Admins, read on their own so admins can still open the admin card to see what is wrong. */
  admins: string[];
  problems: { row: number; message: string }[];
}

export interface EngagementsRead extends EngagementListCheck {
  /** Sheet rows whose coachee cell names this person (valid or not), by normalised email. */
  rowsByCoachee: Map<string, number[]>;
  /** "Coachee name" column, by sheet row. */
  names: Map<number, string>;
}

export interface IndexEntry {
  coachee: string;
  /** 1-based row in the Index tab. */
  row: number;
  bookings: BookingRecord[];
}

export class SheetStore {
  readonly ss: Spreadsheet;
  private readonly tabs = new Map<TabKey, Sheet>();

  constructor(private readonly cfg: GatewayConfig) {
    try {
      this.ss = SpreadsheetApp.openById(cfg.sheetId);
    } catch (err) {
      console.error(JSON.stringify({ event: 'sheet-open-failed', error: errorText(err) }));
      throw new CcmError('INTERNAL', 'The coaching program service cannot open its usage Sheet. Tell your coaching program admin.');
    }
  }

  // -------------------------------------------------------------------------------------------
  // Tabs

  /** The tab, created (with headers, frozen header row, text formats, protection) when missing. */
  tab(key: TabKey): Sheet {
    const known = this.tabs.get(key);
    if (known) return known;
    const spec: TabSpec = TABS[key];
    let sheet = this.ss.getSheetByName(spec.name);
    if (!sheet) {
      // Two first requests may race to create it: create under the lock, after looking again.
      sheet = withScriptLock(this.cfg.lockWaitMs, () => this.ss.getSheetByName(spec.name) ?? this.createTab(key));
    }
    this.tabs.set(key, sheet);
    return sheet;
  }

  private createTab(key: TabKey): Sheet {
    const spec: TabSpec = TABS[key];
    const sheet = this.ss.insertSheet(spec.name);
    formatTab(sheet, spec);
    if (key === 'settings') {
      // A fresh Settings tab lists every key with a note; domain and time zone are filled from the
      // deployment so the first request already has something valid to read.
      const defaults: Record<string, string> = {
        domain: this.cfg.allowedDomain,
        timeZone: this.ss.getSpreadsheetTimeZone(),
        quarters: 'engagement',
        fiscalStartMonth: '1',
        perQuarter: '1',
      };
      const rows = SETTINGS_KEYS.map((k) => [k.key, defaults[k.key] ?? '', k.note].map(safeCell));
      sheet.getRange(2, 1, rows.length, 3).setValues(rows);
    }
    if (spec.protectedTab) {
      // Row numbers in the Index point into the Ledger: nobody but the owner (the gateway) may edit
      // these tabs. The owner can never be removed from a protection, so removing everyone is safe.
      const p = sheet.protect().setDescription(`${spec.name} is written by the CCM gateway only`);
      p.removeEditors(p.getEditors());
    }
    return sheet;
  }

  get url(): string {
    return this.ss.getUrl();
  }

  // -------------------------------------------------------------------------------------------
  // Settings and Engagements (admin-kept; read whole: they grow with people, never with bookings)

  readSettings(): SettingsRead {
    const values = this.tab('settings').getDataRange().getValues();
    const byKey: Record<string, unknown> = {};
    const rowOf: Record<string, number> = {};
    const known = new Map(SETTINGS_KEYS.map((k) => [k.key.toLowerCase(), k.key]));
    known.set('alloweddomain', 'allowedDomain');
    values.slice(1).forEach((r, i) => {
      const key = known.get(cleanLine(r[0]).toLowerCase().replace(/[^a-z]/g, ''));
      if (!key || key in byKey) return;
      byKey[key] = cellValue(r[1]);
      rowOf[key] = i + 2;
    });
    // Admins on their own: one bad admin address must not lock the other admins out.
    const admins = String(byKey.admins ?? '')
      .split(/[,;\s]+/)
      .map((a) => normalizeEmail(a))
      .filter((a) => isValidEmail(a));
    const parsed = parseCompanySettings(byKey);
    if (parsed.ok) return { settings: parsed.settings, admins, problems: [] };
    return {
      settings: null,
      admins,
      problems: parsed.problems.map((p) => {
        const key = p.field.split('.')[0] ?? '';
        const row = rowOf[key] ?? 0;
        return { row, message: row ? `Settings row ${row}: ${p.message}` : `Settings: ${p.message}` };
      }),
    };
  }

  readEngagements(): EngagementsRead {
    const values = this.tab('engagements').getDataRange().getValues();
    const headers = (values[0] ?? []).map((h) => cleanLine(h));
    const nameCol = headers.findIndex((h) => h.toLowerCase().replace(/[^a-z]/g, '') === 'coacheename');
    const coacheeCol = headers.findIndex((h) => ['coachee', 'coacheeemail', 'employee', 'employeeemail'].includes(h.toLowerCase().replace(/[^a-z]/g, '')));
    const rows = values.slice(1).map((r) => {
      const o: Record<string, unknown> = {};
      headers.forEach((h, i) => {
        if (h !== '' && i !== nameCol) o[h] = cellValue(r[i]);
      });
      return o;
    });
    const hasDates = values.some((r) => r.some((v) => Object.prototype.toString.call(v) === '[object Date]'));
    const check = findEngagementProblems(rows, {
      firstRow: 2,
      // Date cells arrive as midnight in the spreadsheet's zone; only ask for it when there are some.
      dateCellTimeZone: hasDates ? this.ss.getSpreadsheetTimeZone() : 'UTC',
    });
    const rowsByCoachee = new Map<string, number[]>();
    const names = new Map<number, string>();
    values.slice(1).forEach((r, i) => {
      const row = i + 2;
      if (coacheeCol >= 0) {
        const email = normalizeEmail(cellString(r[coacheeCol]));
        if (email) rowsByCoachee.set(email, [...(rowsByCoachee.get(email) ?? []), row]);
      }
      if (nameCol >= 0) {
        const name = cleanLine(r[nameCol]);
        if (name) names.set(row, name);
      }
    });
    return { ...check, rowsByCoachee, names };
  }

  // -------------------------------------------------------------------------------------------
  // Index: one row per coachee

  /** Row of the coachee's Index entry, or null. One TextFinder search: no cells read by the script. */
  findIndexRow(coachee: string): number | null {
    // Whole-cell matches can only be in column A: column B holds JSON, column C a timestamp. The key
    // is searched as written (a formula-like address carries safeCell's apostrophe in a '@' cell).
    const hit = this.tab('index').createTextFinder(String(safeCell(coachee))).matchEntireCell(true).findNext();
    return hit ? hit.getRow() : null;
  }

  /** Reads one Index row (3 cells). Null when the row no longer holds this coachee. */
  readIndexRow(row: number, coachee: string): IndexEntry | null {
    // getSheetValues: one call (getRange + getValues would be two; the booking's lock budget is 6).
    const values = this.tab('index').getSheetValues(row, 1, 1, INDEX_HEADERS.length)[0] ?? [];
    if (normalizeEmail(cellString(values[0])) !== coachee) return null;
    const bookings = decodeBookings(values[1]);
    if (bookings === null) return { coachee, row, bookings: this.rebuildIndexEntry(coachee) };
    return { coachee, row, bookings };
  }

  /**
   * The coachee's Index entry, found and read; null when they have none. Outside the lock this is a
   * snapshot (fine for reads); inside it, it is the truth.
   */
  loadIndex(coachee: string, knownRow?: number | null): IndexEntry | null {
    if (knownRow) {
      const entry = this.readIndexRow(knownRow, coachee);
      if (entry) return entry;
    }
    const row = this.findIndexRow(coachee);
    return row ? this.readIndexRow(row, coachee) : null;
  }

  /** Creates the coachee's Index row (under the lock, after looking again) and returns its row. */
  ensureIndexRow(coachee: string): number {
    const found = this.findIndexRow(coachee);
    if (found) return found;
    return withScriptLock(this.cfg.lockWaitMs, () => {
      const again = this.findIndexRow(coachee);
      if (again) return again;
      const sheet = this.tab('index');
      // appendRow is atomic and grows the grid as needed.
      sheet.appendRow([safeCell(coachee), '[]', new Date().toISOString()]);
      return sheet.getLastRow();
    });
  }

  writeIndex(entry: IndexEntry, nowIso: string): void {
    this.tab('index')
      .getRange(entry.row, 1, 1, INDEX_HEADERS.length)
      .setValues([[safeCell(entry.coachee), encodeBookings(entry.bookings), nowIso]]);
  }

  /** Every Index entry (admin figures: one row per coachee, never the Ledger). */
  readAllIndex(): IndexEntry[] {
    const values = this.tab('index').getDataRange().getValues();
    const out: IndexEntry[] = [];
    values.slice(1).forEach((r, i) => {
      const coachee = normalizeEmail(cellString(r[0]));
      const bookings = decodeBookings(r[1]);
      if (coachee && bookings) out.push({ coachee, row: i + 2, bookings });
    });
    return out;
  }

  /**
   * Repairs a damaged Index cell from the Ledger: finds the coachee's Ledger rows with one TextFinder
   * search and reads them one by one. Rare (someone edited a protected tab), so its cost is accepted.
   */
  rebuildIndexEntry(coachee: string): BookingRecord[] {
    console.warn(JSON.stringify({ event: 'index-rebuild' }));
    const ledger = this.tab('ledger');
    // The same address may be a manager or coach on other rows: keep the coachee column's hits only.
    const hits = ledger.createTextFinder(String(safeCell(coachee))).matchEntireCell(true).findAll().filter((h) => h.getColumn() === LEDGER_COL.coachee);
    return hits.map((h) => recordFromLedgerRow(parseLedgerRow(ledger.getRange(h.getRow(), 1, 1, LEDGER_HEADERS.length).getValues()[0] ?? [], h.getRow())));
  }

  // -------------------------------------------------------------------------------------------
  // Ledger: one row per booking, updated in place

  /** Appends a new booking's row and returns its row number (call inside the lock). */
  appendLedgerRow(b: BookingRecord, parties: LedgerParties): number {
    const sheet = this.tab('ledger');
    // appendRow grows the grid as needed; getLastRow is exact because every Ledger writer holds the lock.
    sheet.appendRow(ledgerRowValues(b, parties));
    return sheet.getLastRow();
  }

  /** Rewrites the changing part of a booking's row (Quarter … Reason), leaving who/event as written. */
  updateLedgerRow(b: BookingRecord): void {
    const full = ledgerRowValues(b, { coachee: '', manager: '', coach: '', company: '' });
    const from = LEDGER_COL.quarterKey;
    const cells = full.slice(from - 1);
    this.tab('ledger').getRange(b.ledgerRow, from, 1, cells.length).setValues([cells]);
  }

  // -------------------------------------------------------------------------------------------
  // Audit: append-only, outside the lock (appendRow is atomic), never fails the request

  audit(entry: { actor: string; op: string; eventId?: string; bookingId?: string; outcome: string; requestId: string }): void {
    try {
      const row = [new Date().toISOString(), entry.actor, entry.op, entry.eventId ?? '', entry.bookingId ?? '', entry.outcome, entry.requestId];
      this.tab('audit').appendRow(row.slice(0, AUDIT_HEADERS.length).map(safeCell));
    } catch (err) {
      console.error(JSON.stringify({ event: 'audit-failed', error: errorText(err) }));
    }
  }
}

/** A cell as written: text without safeCell's apostrophe; numbers, booleans and Dates as they are. */
function cellValue(v: unknown): unknown {
  return typeof v === 'string' ? cellString(v) : v;
}

/** Header row, frozen; text columns formatted as plain text ('@') over the whole grid. */
export function formatTab(sheet: Sheet, spec: TabSpec): void {
  sheet.getRange(1, 1, 1, spec.headers.length).setValues([spec.headers.map(safeCell)]);
  sheet.setFrozenRows(1);
  const maxRows = sheet.getMaxRows();
  for (const [from, count] of runs(spec.textColumns)) sheet.getRange(1, from, maxRows, count).setNumberFormat('@');
}

/** [first, length] runs of consecutive column numbers, so contiguous columns are one call. */
function runs(cols: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const c of [...cols].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === c) last[1]++;
    else out.push([c, 1]);
  }
  return out;
}

export type { Engagement };
