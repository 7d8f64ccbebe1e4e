/**
 * The usage Sheet's size (issue 12): Google refuses every write to a spreadsheet whose grid would pass
 * 10,000,000 cells, so bookings would stop. Two tabs only ever grow, Audit and Reminders; the daily job
 * trims their oldest rows (gateway/trim.ts) past the retention bounds here, and the admin card warns
 * from CAPACITY_WARN_PERCENT of the limit. Pure: the gateway reads the Sheet and asks these.
 */
import { DAY_MS } from './time';

/** Google's limit for one spreadsheet, counted over every tab's grid (max rows x max columns), empty cells too. */
export const SHEET_CELL_LIMIT = 10_000_000;
/** The admin card warns from this share of the limit (what to do: README, "The usage Sheet's size"). */
export const CAPACITY_WARN_PERCENT = 80;

/** Audit rows are kept this long: a program year plus a quarter, so a year's review still finds its trail. */
export const AUDIT_KEEP_DAYS = 400;

/**
 * Reminders rows (idempotency keys) are kept this long after they were sent. A key matters only while
 * its reminder could be due again (core/reminders.ts): a booking's until its meeting starts (sent at most
 * 7 days before it), a milestone window's while the window is open (a month), a quarter start's for
 * QUARTER_OPEN_DAYS, a digest's for its week. 120 days is four times the longest window and covers a
 * meeting moved a whole quarter later after its reminder went out; a meeting moved further than that
 * gets its reminder again for the new date, never a missing one.
 */
export const REMINDER_KEEP_DAYS = 120;

/** The workbook's cells as Google counts them, and the share of the limit (whole percent, rounded down). */
export interface SheetCapacity {
  cells: number;
  percent: number;
  /** At or above CAPACITY_WARN_PERCENT: the admin card says what to do. */
  warn: boolean;
}

export function sheetCapacity(cells: number): SheetCapacity {
  const percent = Math.floor((cells * 100) / SHEET_CELL_LIMIT);
  return { cells, percent, warn: cells * 100 >= CAPACITY_WARN_PERCENT * SHEET_CELL_LIMIT };
}

/** The instant before which a row of a tab kept `keepDays` may go. */
export function keepSince(nowMs: number, keepDays: number): number {
  return nowMs - keepDays * DAY_MS;
}

/**
 * How many of the top rows may go: those dated before `beforeMs`, from the top, up to the first row
 * that is not (rows are appended in time order). A row that cannot be dated (null) stops the count:
 * what cannot be dated is never deleted.
 */
export function leadingOlder(times: readonly (number | null)[], beforeMs: number): number {
  let n = 0;
  while (n < times.length && times[n] !== null && times[n]! < beforeMs) n++;
  return n;
}
