/**
 * Ledger history for the benchmark, written straight into the World: `n` past bookings of former
 * coachees, exactly as the gateway would have written them (Ledger rows, one Index row per coachee,
 * Usage counters).
 *
 * Why not seedBookings for all of them: it formats every row through the company's time zone
 * (Intl, ~15 µs a call, several per row), which makes 100,000 rows take ~25 s. Here one block of up
 * to 1,000 bookings goes through seedBookings (so formats, text columns and Index encoding are the
 * gateway's own), and the rest are copies of that block under new ids: the same cells with the
 * booking id, event id and coachee replaced, Index rows re-encoded with their new Ledger row
 * numbers, and the Usage counters of the history quarters scaled by the number of copies (every
 * copy is another set of coachees with the same bookings, so a recount gives exactly that).
 */
import { appendEngagements, expectedUsage, readIndex, seedBookings, type BookingSeed } from '../host/company';
import {
  findSheet,
  getFile,
  readSheet,
  writeRange,
  type Cell,
  type InputValue,
  type SheetState,
} from '../runtime/backends/sheets';
import type { World } from '../runtime/world';
import { encodeBookings } from '../../gateway/records';
import { LEDGER_COL, safeCell, TABS } from '../../gateway/schema';
import { parseUsageRow, usageRowValues } from '../../gateway/usage';

/** Bookings per block: the part written through seedBookings. */
export const BLOCK = 1000;
/** Each former coachee has this many bookings (two years of quarterly meetings). */
const PER_COACHEE = 8;

export interface HistoryOptions {
  company: string;
  manager: string;
  coach: string;
}

/** One block of history: former coachees `p<block>-<k>`, eight bookings each over 2024-2025. */
function block(size: number, o: HistoryOptions): BookingSeed[] {
  const rows: BookingSeed[] = [];
  for (let i = 0; i < size; i++) {
    const q = i % PER_COACHEE;
    const year = 2024 + Math.floor(q / 4);
    const month = String((q % 4) * 3 + 2).padStart(2, '0');
    rows.push({
      coachee: `p0-${Math.floor(i / PER_COACHEE)}@${o.company}`,
      manager: o.manager,
      coach: o.coach,
      company: o.company,
      eventId: `h0-${i}`,
      bookingId: `b0-${i}`,
      quarterKey: `${year}-Q${(q % 4) + 1}`,
      start: `${year}-${month}-15T10:00:00.000Z`,
      end: `${year}-${month}-15T11:00:00.000Z`,
      // About one in seven history bookings was cancelled (rule 9 keeps the row).
      status: i % 7 === 3 ? 'cancelled' : 'confirmed',
      milestone: 'quarterly',
      createdAt: `${year}-${month}-01T09:00:00.000Z`,
    });
  }
  return rows;
}

/**
 * Renames the ids of block 0 for copy `k`: `p0-` → `p<k>-`, `h0-` → `h<k>-`, `b0-` → `b<k>-`. By
 * prefix, not a regular expression: 300,000 bookings rename 1.2 million ids.
 */
const renamer = (k: number) => {
  const digits = `${k}-`;
  return (s: string) => (s[1] === '0' && s[2] === '-' && 'phb'.includes(s[0] ?? '') ? s[0] + digits + s.slice(3) : s);
};

/**
 * Writes `n` history bookings into the company's Sheet (n ≥ 1). The first min(n, BLOCK) go through
 * seedBookings; n above BLOCK must be a multiple of it.
 */
export function seedHistory(world: World, sheetId: string, n: number, o: HistoryOptions): void {
  const first = Math.min(n, BLOCK);
  if (n > BLOCK && n % BLOCK !== 0)
    throw new Error(`seedHistory: ${n} bookings: above ${BLOCK}, use a multiple of ${BLOCK}`);
  seedBookings(world, sheetId, block(first, o));
  const copies = n / first - 1;
  if (copies <= 0) return;

  const f = getFile(world, sheetId);
  const ledger = findSheet(f, TABS.ledger.name)!;
  const index = findSheet(f, TABS.index.name)!;
  // The block is the last thing written to the Ledger: its copies follow it, block after block.
  const ledgerBlock = ledger.rows.slice(ledger.rows.length - first);
  const indexBlock = readIndex(world, sheetId).filter((e) => /^p0-/.test(e.coachee));
  const indexUpdated = index.rows[indexBlock[0]!.row - 1]?.[2] ?? '';
  const idCols = [LEDGER_COL.bookingId, LEDGER_COL.coachee, LEDGER_COL.eventId].map((c) => c - 1);

  for (let k = 1; k <= copies; k++) {
    const rename = renamer(k);
    const offset = k * first;
    // Ledger: the same cells, new ids. Id columns are plain-text columns holding the text as written.
    for (const row of ledgerBlock) {
      const copy = [...(row ?? [])] as Cell[];
      for (const c of idCols) copy[c] = rename(String(copy[c] ?? ''));
      ledger.rows.push(copy);
    }
    // Index: each former coachee's bookings, pointing at their copied Ledger rows.
    for (const e of indexBlock) {
      const bookings = (e.bookings ?? []).map((b) => ({
        ...b,
        bookingId: rename(b.bookingId),
        eventId: rename(b.eventId),
        ledgerRow: b.ledgerRow + offset,
      }));
      index.rows.push([safeCell(rename(e.coachee)) as Cell, encodeBookings(bookings), indexUpdated]);
    }
  }
  grow(ledger);
  grow(index);
  scaleHistoryUsage(world, sheetId, copies + 1);
}

/**
 * Makes the grid as tall as its rows, the new rows inheriting the last row's formats and
 * validations (what the runtime's own growRows does, as Sheets does when rows are added).
 */
function grow(sh: SheetState): void {
  const newMax = sh.rows.length + 100;
  if (newMax <= sh.maxRows) return;
  const after = sh.maxRows;
  const extend = <T extends { r1: number }>(x: T): T => (x.r1 === after ? { ...x, r1: newMax } : x);
  sh.formats = sh.formats.map(extend);
  sh.validations = sh.validations.map(extend);
  sh.styles = sh.styles.map(extend);
  sh.maxRows = newMax;
}

/** The history quarters' Usage counters, as a recount of all the copies gives them. */
function scaleHistoryUsage(world: World, sheetId: string, factor: number): void {
  const values = readSheet(world, sheetId, TABS.usage.name);
  values.forEach((v, i) => {
    const row = parseUsageRow(v, i + 1);
    if (!row || !/^202[45]-Q\d$/.test(row.quarterKey)) return;
    for (const k of ['confirmed', 'pending', 'cancelled', 'expired', 'sessions', 'met'] as const) row[k] *= factor;
    writeRange(world, sheetId, `'${TABS.usage.name}'!A${i + 1}`, [usageRowValues(row) as InputValue[]]);
  });
}

/** For tests: what a recount from scratch gives for the history quarters (the oracle). */
export function historyUsageOracle(world: World, sheetId: string) {
  return expectedUsage(world, sheetId).filter((r) => /^202[45]-Q\d$/.test(r.quarterKey));
}

export interface EngagementBulkOptions {
  company: string;
  /** Coachee addresses are `<prefix><i>@<company>` (default 'e'). */
  prefix?: string;
}

/** The four kinds of engagement the bulk rows cycle through: both programs, active and ended. */
const ENGAGEMENT_KINDS = [
  { program: 'quarterly', start: '2026-01-01', end: '2027-01-01', status: 'active' },
  { program: 'six-month', start: '2026-02-02', end: '2026-08-02', status: 'active' },
  { program: 'quarterly', start: '2024-01-01', end: '2025-01-01', status: 'ended' },
  { program: 'six-month', start: '2025-03-03', end: '2025-09-03', status: 'ended' },
] as const;

/**
 * Appends `n` Engagements rows straight into the World, each a valid engagement of a distinct
 * coachee (`e<i>@company`), cycling through both programs, active and ended, with 1,000 managers
 * and 200 coaches among them. Four rows go through appendEngagements (the cells exactly as an admin
 * typing them gives); the rest are copies with the people replaced, so 50,000 rows take well under
 * a second.
 */
export function seedEngagementRows(world: World, sheetId: string, n: number, o: EngagementBulkOptions): void {
  if (n <= 0) return;
  const prefix = o.prefix ?? 'e';
  const person = (i: number) => ({
    coachee: `${prefix}${i}@${o.company}`,
    manager: `m${i % 1000}@${o.company}`,
    coach: `k${i % 200}@coaches.test`,
  });
  const kinds = Math.min(n, ENGAGEMENT_KINDS.length);
  appendEngagements(
    world,
    sheetId,
    ENGAGEMENT_KINDS.slice(0, kinds).map((k, i) => ({ ...k, ...person(i), company: o.company })),
  );
  const sh = findSheet(getFile(world, sheetId), TABS.engagements.name)!;
  const templates = sh.rows.slice(sh.rows.length - kinds);
  for (let i = kinds; i < n; i++) {
    const copy = [...(templates[i % kinds] ?? [])] as Cell[];
    const p = person(i);
    // People columns are plain-text columns: the cell holds the text as written.
    copy[0] = p.coachee;
    copy[1] = p.manager;
    copy[2] = p.coach;
    sh.rows.push(copy);
  }
  grow(sh);
}
