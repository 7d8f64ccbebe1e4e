/**
 * The admin card's overview, bounded (issue 12): one open of the card reads at most ~5,000 cells at
 * any size of company, so it never reads the whole Engagements tab, Index or Ledger.
 *
 * What needs those whole tabs (who is due or overdue, the Engagements rows to fix, quarters over the
 * allowance, each company's engagement tally behind the derived Usage figures) is worked out by
 * `buildOverview` and kept in the Overview tab (protected; a summary row, then one row per item,
 * readable: kind, who, company, what; and the item as JSON for the card). It is rebuilt by:
 *  - the overview job, `refreshOverview` (a time-driven trigger of the gateway project every
 *    OVERVIEW_JOB_MINUTES; it runs as the owner, with a trigger's 6 minutes, not a card's 30 s);
 *  - the admin card itself whenever a whole read fits its budget (OVERVIEW_INLINE_CELLS), so a small
 *    program's card is always live and needs no job.
 * Otherwise the card reads the summary row and the first OVERVIEW_CARD_LIST items of each list (a
 * handful of calls), and says when they were worked out. Always live on the card: the Usage counters
 * (bookings keep them inside the lock), the Settings problems and the Engagements header row.
 * Each build also counts the workbook's cells as Google does (every tab's grid, empty cells too), so
 * the card can warn before the 10,000,000-cell limit stops every write (core/capacity.ts).
 */
import type { AdminData } from '../../core/api';
import { allowanceStatus, overAllowance } from '../../core/allowance';
import { emailKey } from '../../core/email';
import type { BookingRecord } from '../../core/ledger';
import { type CompanyOutcomes, outcomeFigures, zeroOutcomes } from '../../core/outcomes';
import { type Quarter, quarterOfDate } from '../../core/quarters';
import {
  addDays,
  civilDateOf,
  formatCivilDate,
  formatDateLong,
  formatZonedDateTime,
  parseCivilDate,
  parseIsoInstant,
} from '../../core/time';
import {
  type EngagementTally,
  initialDeadline,
  quarterOfKey,
  reportingOptions,
  reportingQuarter,
  tallyAll,
  usageKey,
} from '../../core/usage';
export { OVERVIEW_JOB_MINUTES } from '../../core/usage';
import { readConfig } from '../config';
import { RequestContext, type RowEngagement } from '../context';
import type { CompanySettings } from '../../core/engagement';
import { withScriptLock } from '../lock';
import { errorText } from '../log';
import { cellString, OVERVIEW_HEADERS, safeCell, TABS } from '../schema';
import { growGrid, type IndexEntry, type SheetStore } from '../store';
import type { UsageOutcomes } from '../usage';
import { quarterView } from '../wire-views';

/** The card builds the overview itself when a whole read of Engagements, Index and Usage is at most this. */
export const OVERVIEW_INLINE_CELLS = 3_000;
/** Items of each list the card shows (the rest: "and N more", in the Overview tab). */
export const OVERVIEW_CARD_LIST = 25;
/** Items of each list kept in the Overview tab (a bound on the job's write inside the lock). */
export const OVERVIEW_SHEET_LIST = 2_000;
/** Tally rows (companies x quarters) the card reads at most. */
const OVERVIEW_MAX_TALLIES = 200;
/** Reporting quarters tallied before and after the current one. */
const QUARTERS_AROUND = 4;

type Due = AdminData['due'][number];
type Problem = AdminData['problems'][number];
type Over = NonNullable<AdminData['overAllowance']>[number];
type Section = 'tally' | 'overdue' | 'due' | 'problem' | 'over';
const SECTIONS: readonly Section[] = ['tally', 'overdue', 'due', 'problem', 'over'];

export interface Overview {
  builtAtMs: number;
  /** Engagement tallies by usageKey(company, quarter): the derived Usage figures' source. */
  tallies: Map<string, EngagementTally>;
  /** Companies with engaged coachees, by quarter key. */
  companies: Map<string, string[]>;
  overdue: Due[];
  due: Due[];
  /** Engagements row problems (the header row's is checked live by the card). */
  problems: Problem[];
  over: Over[];
  /** Full counts (the lists may be cut short). */
  totals: NonNullable<AdminData['totals']>;
  /** The workbook's cells as Google counts them (undefined: an overview written before it was counted). */
  cells?: number;
}

/** Every tab's grid, max rows x max columns, empty cells included: what Google's limit counts. No cell read. */
function workbookCells(store: SheetStore): number {
  return store.ss.getSheets().reduce((n, sh) => n + sh.getMaxRows() * sh.getMaxColumns(), 0);
}

function quartersAround(ctx: RequestContext, extra: readonly Quarter[]): Quarter[] {
  const settings = ctx.settings();
  const opts = reportingOptions(settings);
  const now = quarterOfDate(civilDateOf(ctx.nowMs, settings.timeZone), opts);
  const out = [...extra, now];
  for (let q = now, k = 0; k < QUARTERS_AROUND; k++) out.push((q = quarterOfDate(q.end, opts)));
  for (let q = now, k = 0; k < QUARTERS_AROUND; k++) out.push((q = quarterOfDate(addDays(q.start, -1), opts)));
  return [...new Map(out.map((q) => [q.key, q])).values()];
}

/**
 * The overview from the whole Engagements tab and Index (the card when small, else the job). First
 * expires bookings left pending too long (expire.ts), so "due" and Usage include what that gave
 * back; then rewrites `quarter`'s (default: the current one's) derived Usage figures (counters untouched) so the Sheet
 * shows what the card shows; and warms the bookings' tally cache.
 */
export function buildOverview(ctx: RequestContext, quarter?: Quarter): Overview {
  const settings = ctx.settingsRead().settings;
  const eng = ctx.engagements();
  const out: Overview = {
    builtAtMs: ctx.nowMs,
    tallies: new Map(),
    companies: new Map(),
    overdue: [],
    due: [],
    problems: eng.problems.filter((p) => p.field !== 'header').map((p) => ({ row: p.row, message: p.message })),
    over: [],
    totals: { due: 0, overdue: 0, problems: 0, overAllowance: 0 },
    cells: workbookCells(ctx.store),
  };
  if (settings) {
    const usable = ctx.usableEngagements();
    ctx.cacheTallies();
    // Bookings left pending too long are expired by the daily job (daily.ts), not here.
    const index = ctx.store.readAllIndex();
    const quarters = quartersAround(ctx, quarter ? [quarter] : []);
    out.tallies = tallyAll(usable, quarters, settings);
    for (const q of quarters) {
      const names = [
        ...new Set(
          usable.filter((e) => (out.tallies.get(usageKey(e.company, q.key))?.engaged ?? 0) > 0).map((e) => e.company),
        ),
      ];
      out.companies.set(q.key, names.sort());
    }
    const bookingsOf = bookingsByCoachee(index);
    // The outcome figures need the whole Index (held by time passing, support by the manager), so
    // they are worked out here, from scratch, and written into the Usage tab (core/outcomes.ts).
    const outcomes = outcomeFigures(bookingsOf, usable, settings, ctx.nowMs);
    keepSheetCurrent(ctx, quarter ?? reportingQuarter(ctx.nowMs, settings), out, { outcomes, quarters });

    for (const d of coacheesDue(ctx, settings, usable, bookingsOf)) (d.overdue ? out.overdue : out.due).push(d);
    // Quarters an admin's edit left over the allowance (nothing is cancelled for it): listed here and in Audit.
    const byCoachee = new Map<string, typeof usable>();
    for (const g of usable) byCoachee.set(emailKey(g.coachee), [...(byCoachee.get(emailKey(g.coachee)) ?? []), g]);
    for (const [key, mine] of byCoachee) {
      const coachee = mine[0]!.coachee;
      const bookings = bookingsOf.get(key) ?? [];
      for (const o of overAllowance(mine, settings, bookings)) {
        const { quarter: q, used, limit } = o;
        out.over.push({ coachee, company: o.engagement.company, quarter: quarterView(q), used, limit });
      }
    }
    const order = (a: Due, b: Due) => a.company.localeCompare(b.company) || a.coachee.localeCompare(b.coachee);
    out.overdue.sort(order);
    out.due.sort(order);
  }
  for (const o of out.over)
    ctx.audit({ op: 'admin', outcome: `OVER_ALLOWANCE ${o.coachee} ${o.quarter.key} ${o.used}/${o.limit}` });
  out.totals = {
    due: out.due.length,
    overdue: out.overdue.length,
    problems: out.problems.length,
    overAllowance: out.over.length,
  };
  return out;
}

/**
 * The Usage tab, for the current quarter: a row for every company with engaged coachees, and the
 * derived figures as of now; then every row's outcome figures (a row is made for a company and
 * quarter around now with outcomes but no row yet). Best effort: the card is shown even if the
 * Sheet cannot be written.
 */
function keepSheetCurrent(
  ctx: RequestContext,
  quarter: Quarter,
  ov: Overview,
  o: { outcomes: ReadonlyMap<string, CompanyOutcomes>; quarters: readonly Quarter[] },
): void {
  try {
    const store = ctx.store;
    const stored = store.readUsage();
    const settings = ctx.settings();
    const usageCtx = { engagements: ctx.usableEngagements(), settings, nowMs: ctx.nowMs };
    const rows = new Set(stored.filter((r) => r.quarterKey === quarter.key).map((r) => r.row));
    // Each key's (first) row: duplicates left by a race get no outcomes (reports add rows of a key up).
    const rowOf = new Map<string, number>();
    for (const r of stored) if (!rowOf.has(r.key) && quarterOfKey(r.quarterKey, settings)) rowOf.set(r.key, r.row);
    for (const company of ov.companies.get(quarter.key) ?? []) {
      const key = usageKey(company, quarter.key);
      if (!rowOf.has(key) && !stored.some((r) => r.key === key)) {
        const row = store.ensureUsageRow(company, quarter, usageCtx);
        rows.add(row);
        rowOf.set(key, row);
      }
    }
    const around = new Map(o.quarters.map((q) => [q.key, q]));
    for (const [key, f] of o.outcomes) {
      const q = around.get(f.quarterKey);
      const any = f.held + f.supported + f.withFirst + f.withoutFirst + f.wrapUpMissed > 0;
      if (q && any && !rowOf.has(key)) rowOf.set(key, store.ensureUsageRow(f.company, q, usageCtx));
    }
    const asOf = formatZonedDateTime(ctx.nowMs, settings.timeZone);
    const byRow = new Map<number, UsageOutcomes>();
    for (const [key, row] of rowOf) byRow.set(row, { ...zeroOutcomes(), ...o.outcomes.get(key), asOf });
    store.ensureUsageHeaders();
    // One lock section for both: the derived figures of this quarter's rows, every row's outcomes.
    store.refreshUsageRows([...rows], usageCtx, byRow);
  } catch (err) {
    console.warn(JSON.stringify({ event: 'usage-refresh-failed', error: errorText(err) }));
  }
}

// ---------------------------------------------------------------------------------------------
// The Overview tab

type Item = Due | Problem | Over | { key: string; company: string; quarter: string; tally: EngagementTally };

function itemRow(kind: Section, item: Item): string[] {
  const cells = (who: string, company: string, what: string) => [kind, who, company, what, JSON.stringify(item)];
  if (kind === 'tally') {
    const t = item as { company: string; quarter: string; tally: EngagementTally };
    return cells('', t.company, `${t.quarter}: ${t.tally.engaged} engaged`);
  }
  if (kind === 'problem') return cells(`Engagements row ${(item as Problem).row}`, '', (item as Problem).message);
  if (kind === 'over') {
    const o = item as Over;
    return cells(o.coachee, o.company, `${o.quarter.label}: ${o.used} meetings, allowance ${o.limit}`);
  }
  const d = item as Due;
  return cells(d.coachee, d.company, d.reason);
}

/** Writes the overview into its tab: the summary row (where each list starts), then the lists. */
export function writeOverview(ctx: RequestContext, ov: Overview): void {
  const store = ctx.store;
  const lists: Record<Section, Item[]> = {
    tally: [...ov.tallies].map(([key, tally]) => {
      const [company, quarter] = [key.slice(0, key.lastIndexOf('|')), key.slice(key.lastIndexOf('|') + 1)];
      return { key, company, quarter, tally };
    }),
    overdue: ov.overdue,
    due: ov.due,
    problem: ov.problems,
    over: ov.over,
  };
  const rows: string[][] = [];
  const at: Record<string, [number, number]> = {};
  for (const s of SECTIONS) {
    const items = lists[s].slice(0, OVERVIEW_SHEET_LIST);
    at[s] = [3 + rows.length, items.length];
    for (const item of items) rows.push(itemRow(s, item));
  }
  const companies = Object.fromEntries(ov.companies);
  const summary = {
    builtAt: new Date(ov.builtAtMs).toISOString(),
    sections: at,
    totals: ov.totals,
    companies,
    cells: ov.cells,
  };
  const header = ['summary', '', '', `Built ${summary.builtAt}`, JSON.stringify(summary)];
  const sheet = store.tab('overview');
  const width = OVERVIEW_HEADERS.length;
  // Text made formula-proof, as every cell the gateway writes (a company is an admin's text).
  const all = [header, ...rows].map((r) => r.map((c) => safeCell(c)));
  // The grid tall enough for the rows; growing it is harmless outside the lock.
  growGrid(sheet, all.length + 1);
  // Ranges located before the lock: inside it, one write and at most one clear of what a longer build left.
  const old = sheet.getLastRow();
  const target = sheet.getRange(2, 1, all.length, width);
  const rest = old > all.length + 1 ? sheet.getRange(all.length + 2, 1, old - all.length - 1, width) : null;
  withScriptLock(ctx.cfg.lockWaitMs, () => {
    target.setValues(all);
    rest?.clearContent();
  });
}

/**
 * The overview as the job last wrote it, reading only the summary row and the first items of each
 * list; null when there is none yet (no Overview tab, or never built).
 */
export function readOverview(store: SheetStore): Overview | null {
  const sheet = store.ss.getSheetByName(TABS.overview.name);
  if (!sheet || sheet.getLastRow() < 2) return null;
  const width = OVERVIEW_HEADERS.length;
  const data = (cells: unknown[] | undefined): unknown => JSON.parse(cellString(cells?.[width - 1]));
  let summary: {
    builtAt: string;
    sections: Record<Section, [number, number]>;
    totals: Overview['totals'];
    companies: Record<string, string[]>;
    cells?: number;
  };
  try {
    summary = data(sheet.getSheetValues(2, 1, 1, width)[0]) as typeof summary;
    if (!summary.sections || !summary.totals) return null;
  } catch {
    return null; // hand-edited or half-written: as if never built
  }
  const read = (s: Section, cap: number): unknown[] => {
    const [first, count] = summary.sections[s] ?? [0, 0];
    const n = Math.min(count, cap);
    if (first < 3 || n <= 0) return [];
    return sheet.getSheetValues(first, 1, n, width).flatMap((r) => {
      try {
        return r[0] === s ? [data(r)] : [];
      } catch {
        return [];
      }
    });
  };
  const tallies = new Map<string, EngagementTally>();
  for (const t of read('tally', OVERVIEW_MAX_TALLIES) as { key: string; tally: EngagementTally }[])
    tallies.set(t.key, t.tally);
  return {
    builtAtMs: Date.parse(summary.builtAt),
    tallies,
    companies: new Map(Object.entries(summary.companies ?? {})),
    overdue: read('overdue', OVERVIEW_CARD_LIST) as Due[],
    due: read('due', OVERVIEW_CARD_LIST) as Due[],
    problems: read('problem', OVERVIEW_CARD_LIST) as Problem[],
    over: read('over', OVERVIEW_CARD_LIST) as Over[],
    totals: summary.totals,
    cells: typeof summary.cells === 'number' ? summary.cells : undefined,
  };
}

/** True when the card may build the overview itself: a whole read fits its budget (extents only, no cells). */
export function smallEnoughToBuild(store: SheetStore): boolean {
  const cells =
    store.tab('engagements').getLastRow() * store.engagementHeaders().width +
    store.tab('index').getLastRow() * TABS.index.headers.length +
    store.tab('usage').getLastRow() * TABS.usage.headers.length;
  return cells <= OVERVIEW_INLINE_CELLS;
}

/**
 * The overview job (the gateway's `refreshOverview` global, and the daily job's morning run, as the
 * owner): rebuilds the Overview tab. Returns what it wrote, in counts, for the execution log.
 * `onlyWhenLarge`: nothing to do for a program small enough for the card to build it live (null).
 */
export function runOverviewJob(nowMs = Date.now(), onlyWhenLarge = false): Overview['totals'] | null {
  const cfg = readConfig();
  const ctx = new RequestContext(
    cfg,
    { email: 'overview-job', hd: '', inDomain: true },
    nowMs,
    `job-${nowMs}`,
    'overview',
  );
  if (onlyWhenLarge && smallEnoughToBuild(ctx.store)) return null;
  const ov = buildOverview(ctx);
  writeOverview(ctx, ov);
  console.log(JSON.stringify({ event: 'overview-built', ...ov.totals, cells: ov.cells }));
  return ov.totals;
}

/** Each coachee's bookings by address (emailKey), once: not a scan of the whole Index per engagement. */
export function bookingsByCoachee(index: readonly IndexEntry[]): Map<string, BookingRecord[]> {
  const out = new Map<string, BookingRecord[]>();
  for (const e of index) {
    const k = emailKey(e.coachee);
    const list = out.get(k);
    if (list) list.push(...e.bookings);
    else out.set(k, [...e.bookings]);
  }
  return out;
}

/**
 * Who is due a meeting or overdue, most urgent first (the overview and the daily job's weekly
 * digest): active engagements running today with allowance left and their next milestone's window
 * open; six-month coachees whose initial meeting was not held by the end of month 2 are overdue.
 */
export function coacheesDue(
  ctx: RequestContext,
  settings: CompanySettings,
  usable: readonly RowEngagement[],
  bookingsOf: ReadonlyMap<string, readonly BookingRecord[]>,
): AdminData['due'] {
  const due: AdminData['due'] = [];
  const today = formatCivilDate(civilDateOf(ctx.nowMs, settings.timeZone));
  for (const g of usable) {
    if (g.status !== 'active' || !(g.start <= today && today < g.end)) continue;
    const bookings = bookingsOf.get(emailKey(g.coachee)) ?? [];
    const s = allowanceStatus(g, settings, ctx.nowMs, bookings);
    if (s.remaining <= 0 || !s.nextMilestone || !s.quarter) continue;
    // A six-month milestone is due once its recommended window has opened, not months ahead.
    if (g.program === 'six-month' && s.nextMilestone.window.start > today) continue;
    if (g.program === 'six-month' && s.nextMilestone.id === 'initial') {
      const deadline = initialDeadline(g);
      const held = bookings.some(
        (b) =>
          b.status === 'confirmed' && b.milestone === 'initial' && (parseIsoInstant(b.start) ?? Infinity) <= ctx.nowMs,
      );
      if (deadline && deadline <= today && !held) {
        const lastDay = formatDateLong(addDays(parseCivilDate(deadline)!, -1));
        due.push({
          coachee: g.coachee,
          company: g.company,
          overdue: true,
          reason: `Initial meeting not held by the end of month 2 (${lastDay}): book it now.`,
        });
        continue;
      }
    }
    const reason =
      g.program === 'six-month'
        ? `${s.nextMilestone.label} not booked yet (recommended ${s.nextMilestone.windowLabel}).`
        : // Named as the coachee's own quarter: on engagement quarters it is not the reporting quarter.
          `No alignment meeting booked in ${s.quarter.basis === 'engagement' ? 'their engagement\u2019s ' : ''}${s.quarter.label} (${s.quarter.rangeLabel}).`;
    due.push({ coachee: g.coachee, company: g.company, overdue: false, reason });
  }
  due.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) || a.company.localeCompare(b.company) || a.coachee.localeCompare(b.coachee),
  );
  return due;
}
