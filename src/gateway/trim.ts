/**
 * The daily job's trim of the two tabs that only grow (issue 12): Audit (rows older than AUDIT_KEEP_DAYS)
 * and Reminders (keys sent more than REMINDER_KEEP_DAYS ago); the bounds and why are core/capacity.ts's.
 * Rows are appended in time order, so the oldest are at the top: the time column of the top rows is read
 * in chunks of TRIM_READ_ROWS cells (Reminders' taken from the daily run's own read of the tab) until the
 * first row that stays, then those rows go in ONE deleteRows(2, k) per tab, inside the script lock. At
 * most MAX_TRIM_ROWS rows per tab per run (the next run carries on), so a run's reads and its deletion
 * stay bounded however far behind the tab is. A row whose time cannot be read stops the trim there.
 * Nothing keeps row numbers of these tabs (row hints are the Index's and Usage's only; Audit is appended,
 * Reminders read whole by the job), so rows moving up breaks nothing. Runs under the daily job's lease:
 * one trim at a time.
 */
import { AUDIT_KEEP_DAYS, keepSince, leadingOlder, REMINDER_KEEP_DAYS } from '../core/capacity';
import { parseIsoInstant } from '../core/time';
import type { RequestContext } from './context';
import { withScriptLock } from './lock';
import { errorText } from './log';
import { cellString, columnLetter, TABS } from './schema';

/** Rows deleted per tab per run at most (a longer backlog goes over the next runs). */
export const MAX_TRIM_ROWS = 20_000;
/** Time cells read per call. */
export const TRIM_READ_ROWS = 5_000;

interface TrimTab {
  key: 'audit' | 'reminders';
  /** 1-based column holding the row's time (ISO instant). */
  timeCol: number;
  keepDays: number;
}

const TRIMMED: readonly TrimTab[] = [
  { key: 'audit', timeCol: 1, keepDays: AUDIT_KEEP_DAYS },
  { key: 'reminders', timeCol: 4, keepDays: REMINDER_KEEP_DAYS },
];

export interface TrimResult {
  /** Rows deleted, by tab. */
  audit: number;
  reminders: number;
  /** Time cells that could not be read (`Audit!A2`: after the trim, the tab's first row stopped it). */
  undatable: string[];
}

/** A tab's rows below its header as the caller already read them (getValues): the trim reads none again. */
type ReadRows = readonly (readonly unknown[])[];

/**
 * Trims both tabs (until `untilMs`); writes one Audit row with the counts. A failure stops that tab only.
 * `read`: the rows of a tab this execution has read whole already (the daily run's Reminders).
 */
export function trimTabs(
  ctx: RequestContext,
  untilMs: number,
  read: Partial<Record<TrimTab['key'], ReadRows>> = {},
): TrimResult {
  const out: TrimResult = { audit: 0, reminders: 0, undatable: [] };
  for (const t of TRIMMED) {
    if (Date.now() >= untilMs) break; // out of time: the next run carries on
    try {
      const r = trimTab(ctx, t, read[t.key]);
      out[t.key] = r.deleted;
      if (r.undatable) out.undatable.push(`${TABS[t.key].name}!${columnLetter(t.timeCol)}2`);
    } catch (err) {
      console.warn(JSON.stringify({ event: 'trim-failed', tab: t.key, error: errorText(err) }));
    }
  }
  const stuck = out.undatable.length ? ` undatable=${out.undatable.join(',')}` : '';
  ctx.audit({ op: 'trim', outcome: `TRIMMED audit=${out.audit} reminders=${out.reminders}${stuck}` });
  if (out.undatable.length) console.warn(JSON.stringify({ event: 'trim-undatable', rows: out.undatable }));
  return out;
}

function trimTab(ctx: RequestContext, t: TrimTab, read?: ReadRows): { deleted: number; undatable: boolean } {
  // The store's tab: the run already looked Reminders up, and the Audit row below reuses Audit's (a
  // missing tab is created either way: by the daily run, or by that Audit row).
  const sheet = ctx.store.tab(t.key);
  const before = keepSince(ctx.nowMs, t.keepDays);
  // Google refuses to delete every row below the frozen header: one row of the grid always stays.
  // Rows appended after the caller's read are newer than any bound: only the rows it read may go.
  const lastRow = read ? read.length + 1 : sheet.getLastRow();
  const limit = Math.min(lastRow - 1, sheet.getMaxRows() - 2, MAX_TRIM_ROWS);
  let cut = 0;
  let undatable = false;
  while (cut < limit) {
    const n = Math.min(TRIM_READ_ROWS, limit - cut);
    const times = read
      ? read.slice(cut, cut + n).map((r) => parseIsoInstant(cellString(r[t.timeCol - 1])))
      : sheet.getSheetValues(2 + cut, t.timeCol, n, 1).map((r) => parseIsoInstant(cellString(r[0])));
    const old = leadingOlder(times, before);
    cut += old;
    if (old < n) {
      undatable = times[old] === null;
      break;
    }
  }
  if (cut > 0) withScriptLock(ctx.cfg.lockWaitMs, () => sheet.deleteRows(2, cut));
  return { deleted: cut, undatable };
}
