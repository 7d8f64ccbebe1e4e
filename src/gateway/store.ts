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
import {
  findEngagementProblems,
  missingEngagementColumns,
  type Engagement,
  type EngagementListCheck,
  parseCompanySettings,
  type CompanySettings,
  validateEngagementRow,
} from '../core/engagement';
import { isValidEmail } from '../core/email';
import { cleanLine } from '../core/text';
import type { GatewayConfig } from './config';
import { withScriptLock } from './lock';
import type { BookingRecord } from '../core/ledger';
import { decodeBookings, encodeBookings, ledgerRowValues, parseLedgerRow, recordFromLedgerRow } from './records';
import {
  AUDIT_HEADERS,
  cellString,
  columnLetter,
  columnRuns,
  DATE_FORMAT,
  INDEX_HEADERS,
  LEDGER_COL,
  LEDGER_HEADERS,
  safeCell,
  SETTINGS_KEYS,
  TABS,
  USAGE_COL,
  USAGE_HEADERS,
  type TabKey,
  type TabSpec,
} from './schema';
import { errorText } from './log';
import { CoacheeTx } from './coachee-tx';
import { rememberRow, rowHint } from './row-hints';
import { type Quarter } from '../core/quarters';
import { type TallySource, usageKey, type UsageSettings } from '../core/usage';
import {
  emptyUsageRow,
  parseUsageRow,
  refreshDerived,
  usageRowValues,
  type UsageOutcomes,
  type UsageRow,
} from './usage';

type Range = GoogleAppsScript.Spreadsheet.Range;

export { CoacheeTx };

/** What a Usage update needs besides the counters: the request's Engagements snapshot, settings and clock. */
export interface UsageContext {
  /**
   * Every usable engagement (rows with problems left out), or a source of their per-(company,
   * quarter) tallies (a coachee's booking: see RequestContext.usageTally): for the derived figures.
   */
  engagements: TallySource;
  settings: UsageSettings;
  nowMs: number;
}

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface SettingsRead {
  /** Null when the settings are invalid (everyone but admins gets SETTINGS_INVALID). */
  settings: CompanySettings | null;
  /** Admins, read on their own so admins can still open the admin card to see what is wrong. */
  admins: string[];
  problems: { row: number; message: string }[];
  /** Every known key's cell as read (the daily job's reminder switches are not company settings). */
  values: Record<string, unknown>;
}

export interface EngagementsRead extends EngagementListCheck {
  /**
   * Row 1 does not name the required columns (deleted or renamed by hand): nobody's engagement can
   * be read, so the program is unusable until an admin fixes it (also listed in `problems`, row 1).
   */
  headerProblem: string | null;
  /** Sheet rows whose coachee cell names this person (valid or not), by normalised email. */
  rowsByCoachee: Map<string, number[]>;
  /** "Coachee name" column, by sheet row. */
  names: Map<number, string>;
}

export interface EngagementHeaders {
  headers: string[];
  width: number;
  /** 1-based columns; 0 when the header row does not name it. */
  coacheeCol: number;
  managerCol: number;
  coachCol: number;
  nameCol: number;
  headerProblem: string | null;
}

/** One Engagements row as read (sheet row number and its cells). */
export interface EngagementRow {
  row: number;
  values: unknown[];
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
  private headersValue: EngagementHeaders | undefined;
  private zoneValue: string | undefined;

  constructor(private readonly cfg: GatewayConfig) {
    try {
      this.ss = SpreadsheetApp.openById(cfg.sheetId);
    } catch (err) {
      console.error(JSON.stringify({ event: 'sheet-open-failed', error: errorText(err) }));
      throw new CcmError(
        'INTERNAL',
        'The coaching program service cannot open its usage Sheet. Tell your coaching program admin.',
      );
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
    // The gateway's own tabs as wide as their columns, as `admin setup` makes them: Google counts every
    // cell of the grid against its 10,000,000 (a 26-wide Reminders tab would cost 26 cells a key, not 4).
    const extra = spec.protectedTab ? sheet.getMaxColumns() - spec.headers.length : 0;
    if (extra > 0) sheet.deleteColumns(spec.headers.length + 1, extra);
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
    values.slice(1).forEach((r, i) => {
      const key = known.get(
        cleanLine(r[0])
          .toLowerCase()
          .replace(/[^a-z]/g, ''),
      );
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
    if (parsed.ok) return { settings: parsed.settings, admins, problems: [], values: byKey };
    return {
      settings: null,
      admins,
      values: byKey,
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
    const coacheeCol = headers.findIndex((h) =>
      ['coachee', 'coacheeemail', 'employee', 'employeeemail'].includes(h.toLowerCase().replace(/[^a-z]/g, '')),
    );
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
        // As every other text cell: the apostrophe that keeps formula-like text plain is not part of it.
        const name = cleanLine(cellString(r[nameCol]));
        if (name) names.set(row, name);
      }
    });
    const headerProblem = headerProblemOf(headers);
    if (headerProblem) check.problems.unshift({ row: 1, field: 'header', message: headerProblem });
    return { ...check, headerProblem, rowsByCoachee, names };
  }

  /**
   * Row 1 of Engagements (one read of the header cells, once per request): which columns hold the
   * coachee, manager, coach and name, and whether the required columns are named at all.
   */
  engagementHeaders(): EngagementHeaders {
    if (this.headersValue) return this.headersValue;
    const sheet = this.tab('engagements');
    const width = Math.max(1, sheet.getLastColumn());
    const headers = (sheet.getSheetValues(1, 1, 1, width)[0] ?? []).map((h) => cleanLine(h));
    const col = (names: string[]) =>
      headers.findIndex((h) => names.includes(h.toLowerCase().replace(/[^a-z]/g, ''))) + 1;
    this.headersValue = {
      headers,
      width,
      coacheeCol: col(['coachee', 'coacheeemail', 'employee', 'employeeemail']),
      managerCol: col(['manager', 'manageremail']),
      coachCol: col(['coach', 'coachemail']),
      nameCol: col(['coacheename']),
      headerProblem: headerProblemOf(headers),
    };
    return this.headersValue;
  }

  /**
   * The Engagements rows that name `email` as coachee (`as` = 'coachee'), manager or coach, valid or
   * not, in sheet order: one TextFinder search (the server scans; the script reads no cells), then
   * one read per row found. The search is case-insensitive and not whole-cell, so a cell written
   * " Ana@Acme.test" or "Ana <ana@acme.test>" is found too; each row read is kept only when its cell
   * normalises to the address (and `accept`s it); `limit` stops after that many (a role needs one).
   */
  engagementRowsOf(
    email: string,
    as: EngagementRole,
    only: { limit?: number; accept?: (r: EngagementRow) => boolean; hits?: readonly number[] } = {},
  ): EngagementRow[] {
    const limit = only.limit ?? Infinity;
    const out: EngagementRow[] = [];
    // Rows already found by engagementHitsByRole are read without a search of their own.
    const hits = only.hits ? [...new Set(only.hits)].sort((a, b) => a - b) : this.engagementHitsOf(email, as);
    for (const row of hits) {
      if (out.length >= limit) break;
      const found = this.engagementRowAs(row, email, as);
      if (!found) continue;
      if (only.accept && !only.accept(found)) continue;
      out.push(found);
    }
    return out;
  }

  /**
   * Sheet rows (ascending) whose `as` column may name `email`: one TextFinder search of that column
   * (the server scans; the script reads no cells). Each is confirmed by engagementRowAs.
   */
  engagementHitsOf(email: string, as: EngagementRole): number[] {
    const h = this.engagementHeaders();
    const col = roleColumn(h, as);
    if (col === 0 || email === '') return [];
    // Only the one column is searched: the server's scan stays one cell per row.
    const letter = columnLetter(col);
    const hits = this.tab('engagements')
      .getRange(`${letter}:${letter}`)
      .createTextFinder(email)
      .findAll()
      .map((r) => r.getRow())
      .filter((r) => r > 1);
    return [...new Set(hits)].sort((a, b) => a - b);
  }

  /** One Engagements row (one read), when its `as` cell normalises to `email`; else null. */
  engagementRowAs(row: number, email: string, as: EngagementRole): EngagementRow | null {
    const h = this.engagementHeaders();
    const col = roleColumn(h, as);
    const values = this.tab('engagements').getSheetValues(row, 1, 1, h.width)[0] ?? [];
    return normalizeEmail(cellString(values[col - 1])) === email ? { row, values } : null;
  }

  /**
   * The rows whose Coachee, Manager or Coach cell holds `email`, by role, from ONE TextFinder search
   * over the three columns (side by side in the tab's layout) where a role lookup would make one search
   * each: the server scans the same cells, the request makes one call instead of three. Null when the
   * columns are not next to each other (an admin moved them): then each role is searched on its own.
   */
  engagementHitsByRole(email: string): Record<EngagementRole, number[]> | null {
    const h = this.engagementHeaders();
    const cols = ROLES.map((r) => roleColumn(h, r));
    const first = Math.min(...cols);
    const last = Math.max(...cols);
    if (email === '' || first === 0 || last - first + 1 !== ROLES.length) return null;
    const out: Record<EngagementRole, number[]> = { coachee: [], manager: [], coach: [] };
    const found = this.tab('engagements')
      .getRange(`${columnLetter(first)}:${columnLetter(last)}`)
      .createTextFinder(email)
      .findAll();
    for (const cell of found) {
      const row = cell.getRow();
      const role = ROLES[cols.indexOf(cell.getColumn())];
      if (row > 1 && role && !out[role].includes(row)) out[role].push(row);
    }
    return out;
  }

  /** Engagements rows as the check reads them (header → cell), and the names column by row. */
  engagementObjects(rows: readonly EngagementRow[]): {
    objects: Record<string, unknown>[];
    names: Map<number, string>;
  } {
    const h = this.engagementHeaders();
    const names = new Map<number, string>();
    const objects = rows.map(({ row, values }) => {
      const o: Record<string, unknown> = {};
      h.headers.forEach((name, i) => {
        if (name !== '' && i !== h.nameCol - 1) o[name] = cellValue(values[i]);
      });
      if (h.nameCol > 0) {
        // As every other text cell: the apostrophe that keeps formula-like text plain is not part of it.
        const name = cleanLine(cellString(values[h.nameCol - 1]));
        if (name) names.set(row, name);
      }
      return o;
    });
    return { objects, names };
  }

  /** The zone date cells are read in (asked only when a row holds a date cell, and once per request). */
  dateCellTimeZone(rows: readonly EngagementRow[]): string {
    const hasDates = rows.some((r) => r.values.some((v) => Object.prototype.toString.call(v) === '[object Date]'));
    return hasDates ? (this.zoneValue ??= this.ss.getSpreadsheetTimeZone()) : 'UTC';
  }

  /** One Engagements row as core checks it (validateEngagementRow, date cells in the Sheet's zone), and its name. */
  checkEngagementRow(r: EngagementRow): { check: ReturnType<typeof validateEngagementRow>; name?: string } {
    const { objects, names } = this.engagementObjects([r]);
    const check = validateEngagementRow(objects[0]!, { dateCellTimeZone: this.dateCellTimeZone([r]) });
    return { check, name: names.get(r.row) };
  }

  // -------------------------------------------------------------------------------------------
  // Index: one row per coachee

  /** Row of the coachee's Index entry, or null. One TextFinder search: no cells read by the script. */
  findIndexRow(coachee: string): number | null {
    // Whole-cell matches can only be in column A (column B holds JSON, column C a timestamp), so only
    // column A is searched: the server scans one cell per coachee, not three. The key is searched as
    // written (a formula-like address carries safeCell's apostrophe in a '@' cell).
    const hit = this.tab('index')
      .getRange('A:A')
      .createTextFinder(String(safeCell(coachee)))
      .matchEntireCell(true)
      .findNext();
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
    const hits = ledger
      .createTextFinder(String(safeCell(coachee)))
      .matchEntireCell(true)
      .findAll()
      .filter((h) => h.getColumn() === LEDGER_COL.coachee);
    return hits.map((h) =>
      recordFromLedgerRow(
        parseLedgerRow(ledger.getRange(h.getRow(), 1, 1, LEDGER_HEADERS.length).getValues()[0] ?? [], h.getRow()),
      ),
    );
  }

  /**
   * The coachee of the booking for an event, found in the Ledger by its Event ID (or, failing that,
   * its iCalUID): one TextFinder search and one row read. For the viewer op when the organizer on
   * the viewer's copy is not a coachee's address (an event on a secondary calendar is organised by
   * the calendar). Outside any lock; the last matching row wins (rows are appended in time order).
   */
  findBookingOfEvent(eventId: string, iCalUID?: string): { coachee: string; eventId: string } | null {
    const ledger = this.tab('ledger');
    const search = (text: string, col: number): number | null => {
      const hits = ledger
        .createTextFinder(String(safeCell(text)))
        .matchEntireCell(true)
        .findAll()
        .filter((h) => h.getColumn() === col);
      return hits.length ? hits[hits.length - 1]!.getRow() : null;
    };
    const row = search(eventId, LEDGER_COL.eventId) ?? (iCalUID ? search(iCalUID, LEDGER_COL.iCalUID) : null);
    if (!row) return null;
    const cells = ledger.getSheetValues(row, 1, 1, LEDGER_COL.eventId)[0] ?? [];
    const coachee = normalizeEmail(cellString(cells[LEDGER_COL.coachee - 1]));
    const id = cellString(cells[LEDGER_COL.eventId - 1]);
    return coachee && id ? { coachee, eventId: id } : null;
  }

  // -------------------------------------------------------------------------------------------
  // Ledger: one row per booking, updated in place

  /** The changing part of a booking's Ledger row (Quarter … Meeting), leaving who/event as written. */
  static ledgerUpdateCells(b: BookingRecord, timeZone: string | undefined): (string | number | boolean)[] {
    return ledgerRowValues(b, { coachee: '', manager: '', coach: '', company: '' }, timeZone).slice(
      LEDGER_COL.quarterKey - 1,
    );
  }

  /** The Range a booking's update is written to (fetch it OUTSIDE the lock: inside, writing it is one call). */
  ledgerUpdateRange(row: number): Range {
    return this.tab('ledger').getRange(
      row,
      LEDGER_COL.quarterKey,
      1,
      LEDGER_HEADERS.length - LEDGER_COL.quarterKey + 1,
    );
  }

  /**
   * The booking's Ledger row: known; or its hint, once the hinted row's Booking ID cell is read and
   * matches (one call, one cell); or else found by its booking id (a TextFinder search: no cells read
   * by the script, but the server scans the whole Ledger). Ledger rows never move (the tab is
   * protected and only appended to).
   */
  resolveLedgerRow(b: BookingRecord): number {
    if (b.ledgerRow > 0) return b.ledgerRow;
    const ledger = this.tab('ledger');
    const hint = b.ledgerRowHint ?? 0;
    if (hint > 1) {
      try {
        // getSheetValues: one call for the one cell (getRange + getValue would be two).
        if (cellString(ledger.getSheetValues(hint, LEDGER_COL.bookingId, 1, 1)[0]?.[0]) === b.bookingId) return hint;
      } catch {
        // Past the end of the grid (rows deleted by hand): search below.
      }
    }
    const hit = ledger
      .createTextFinder(String(safeCell(b.bookingId)))
      .matchEntireCell(true)
      .findAll()
      .find((h) => h.getColumn() === LEDGER_COL.bookingId);
    if (!hit) throw new CcmError('INTERNAL');
    return hit.getRow();
  }

  // -------------------------------------------------------------------------------------------
  // Usage: one row per (company, reporting quarter), found by its Key cell

  /**
   * Row of a Usage key, or null: one TextFinder search of the Key column only, whole cell, case
   * included. A search of every column, ignoring case, once took the row of a company NAMED like
   * another company's key (`x|2026-q1` for company `x`), and the key of company `X` for `x`.
   */
  findUsageRow(key: string): number | null {
    const sheet = this.tab('usage');
    const last = sheet.getLastRow();
    if (last < 2) return null;
    const hit = sheet
      .getRange(2, USAGE_COL.key, last - 1, 1)
      .createTextFinder(String(safeCell(key)))
      .matchEntireCell(true)
      .matchCase(true)
      .findNext();
    return hit ? hit.getRow() : null;
  }

  /**
   * Creates the Usage row of a (company, quarter) without the lock: appendRow is atomic, and should two
   * first bookings race, the second row of the same key stays at zero (every writer updates the first
   * one, found by search) and reports add duplicates up. Returns the key's (first) row.
   */
  ensureUsageRow(company: string, q: Quarter, ctx: UsageContext, hinted = false): number {
    const key = usageKey(company, q.key);
    // `hinted` (a booking's change): the hint is checked by key where the row is read, inside the lock
    // (CoacheeTx.updateUsage), and dropped when wrong.
    const hint = hinted ? rowHint('ur', key) : null;
    if (hint) return hint;
    let found = this.findUsageRow(key);
    if (!found) {
      const row = emptyUsageRow(company, q);
      refreshDerived(row, ctx);
      this.tab('usage').appendRow(usageRowValues(row));
      found = this.findUsageRow(key) ?? this.tab('usage').getLastRow();
    }
    if (hinted) rememberRow('ur', key, found);
    return found;
  }

  /** Every Usage row (admin figures; the tab has one row per company and quarter, never per booking). */
  readUsage(): UsageRow[] {
    const values = this.tab('usage').getDataRange().getValues();
    return values.slice(1).flatMap((r, i) => parseUsageRow(r, i + 2) ?? []);
  }

  /**
   * Rewrites the derived figures (engaged coachees, no meeting, six-month initial missed) of the given
   * rows under the lock (counters are read and written back unchanged), so the Sheet shows what the
   * admin card shows. With `outcomes` (by row), also every gateway row's outcome figures in the same
   * section: a row of the span not in it is emptied (a duplicate of a key). The overview build's,
   * never a booking's.
   */
  refreshUsageRows(rows: readonly number[], ctx: UsageContext, outcomes?: ReadonlyMap<number, UsageOutcomes>): void {
    const all = [...rows, ...(outcomes?.keys() ?? [])];
    if (all.length === 0) return;
    const first = Math.min(...all);
    const last = Math.max(...all);
    const range = this.tab('usage').getRange(first, 1, last - first + 1, USAGE_HEADERS.length);
    withScriptLock(this.cfg.lockWaitMs, () => {
      const values = range.getValues();
      const wanted = new Set(rows);
      const out = values.map((v, i) => {
        const row = parseUsageRow(v, first + i);
        if (!row || (!wanted.has(first + i) && !outcomes)) return v;
        if (wanted.has(first + i)) refreshDerived(row, ctx);
        if (outcomes) row.outcomes = outcomes.get(first + i) ?? null;
        return usageRowValues(row);
      });
      range.setValues(out);
    });
  }

  /**
   * Names the outcome columns in the header row when a tab made before them lacks them (outside the
   * lock: bookings never write row 1). One read of the header row; a write only when one is missing.
   */
  ensureUsageHeaders(): void {
    const sheet = this.tab('usage');
    const want = USAGE_HEADERS.slice(USAGE_COL.held - 1).map((h) => safeCell(h) as string);
    const have = (sheet.getSheetValues(1, USAGE_COL.held, 1, want.length)[0] ?? []).map(cellString);
    if (want.some((h, i) => h !== have[i])) sheet.getRange(1, USAGE_COL.held, 1, want.length).setValues([want]);
  }

  /**
   * The Usage rows of one reporting quarter (the admin card): a TextFinder search of the Quarter
   * column (the server scans; the script reads no cells), then the span of rows found, or each row
   * on its own when they are far apart. Never the whole tab, which grows by a row per company and quarter.
   */
  readUsageOf(quarterKey: string): UsageRow[] {
    const sheet = this.tab('usage');
    const last = sheet.getLastRow();
    if (last < 2) return [];
    const rows = sheet
      .getRange(2, USAGE_COL.quarter, last - 1, 1)
      .createTextFinder(String(safeCell(quarterKey)))
      .matchEntireCell(true)
      .matchCase(true)
      .findAll()
      .map((r) => r.getRow());
    if (rows.length === 0) return [];
    const first = Math.min(...rows);
    const span = Math.max(...rows) - first + 1;
    const read: [number, unknown[]][] =
      span <= 4 * rows.length + 20
        ? sheet.getSheetValues(first, 1, span, USAGE_HEADERS.length).map((v, i) => [first + i, v])
        : rows.map((r) => [r, sheet.getSheetValues(r, 1, 1, USAGE_HEADERS.length)[0] ?? []]);
    return read.flatMap(([row, v]) => {
      const parsed = parseUsageRow(v, row);
      return parsed && parsed.quarterKey === quarterKey ? [parsed] : [];
    });
  }

  /** A coachee's write set, prepared outside the lock (see CoacheeTx). */
  coacheeTx(coachee: string, indexRow: number): CoacheeTx {
    return new CoacheeTx(this, coachee, indexRow);
  }

  // -------------------------------------------------------------------------------------------
  // Audit: append-only, outside the lock (appendRow is atomic), never fails the request

  audit(entry: {
    actor: string;
    op: string;
    eventId?: string;
    bookingId?: string;
    outcome: string;
    requestId: string;
  }): void {
    try {
      const row = [
        new Date().toISOString(),
        entry.actor,
        entry.op,
        entry.eventId ?? '',
        entry.bookingId ?? '',
        entry.outcome,
        entry.requestId,
      ];
      this.tab('audit').appendRow(row.slice(0, AUDIT_HEADERS.length).map(safeCell));
    } catch (err) {
      console.error(JSON.stringify({ event: 'audit-failed', error: errorText(err) }));
    }
  }
}

export type EngagementRole = 'coachee' | 'manager' | 'coach';
const ROLES: readonly EngagementRole[] = ['coachee', 'manager', 'coach'];

function roleColumn(h: EngagementHeaders, as: EngagementRole): number {
  return as === 'coachee' ? h.coacheeCol : as === 'manager' ? h.managerCol : h.coachCol;
}

/** The header row's problem (required columns not named), or null. */
function headerProblemOf(headers: readonly string[]): string | null {
  const missing = missingEngagementColumns(headers);
  return missing.length === 0
    ? null
    : `Engagements row 1: the header row must name the columns; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (was row 1 deleted or renamed?). Nobody can book until it is fixed.`;
}

/** A cell as written: text without safeCell's apostrophe; numbers, booleans and Dates as they are. */
function cellValue(v: unknown): unknown {
  return typeof v === 'string' ? cellString(v) : v;
}

/** Grows the grid to at least `lastRow` rows: a Range past the grid's last row is refused. */
export function growGrid(sheet: Sheet, lastRow: number): void {
  const maxRows = sheet.getMaxRows();
  if (lastRow > maxRows) sheet.insertRowsAfter(maxRows, lastRow - maxRows);
}

/**
 * Header row, frozen; text columns formatted as plain text ('@') over the whole grid, date columns
 * as DATE_FORMAT; validation rules that warn (the admin CLI's setup makes the same through the API).
 */
export function formatTab(sheet: Sheet, spec: TabSpec): void {
  sheet.getRange(1, 1, 1, spec.headers.length).setValues([spec.headers.map(safeCell)]);
  sheet.setFrozenRows(1);
  const maxRows = sheet.getMaxRows();
  for (const [from, count] of columnRuns(spec.textColumns))
    sheet.getRange(1, from, maxRows, count).setNumberFormat('@');
  for (const [from, count] of columnRuns(spec.dateColumns ?? []))
    sheet.getRange(2, from, maxRows - 1, count).setNumberFormat(DATE_FORMAT);
  for (const v of spec.validations ?? []) {
    let b = SpreadsheetApp.newDataValidation().setAllowInvalid(true).setHelpText(v.help);
    if (v.kind === 'list') b = b.requireValueInList([...(v.values ?? [])], true);
    else if (v.kind === 'date') b = b.requireDate();
    else if (v.kind === 'email') b = b.requireTextIsEmail();
    else b = b.requireNumberBetween(v.min ?? 0, v.max ?? 1e9);
    sheet.getRange(2, v.col, maxRows - 1, 1).setDataValidation(b.build());
  }
}

export type { Engagement };
