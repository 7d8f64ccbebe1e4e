/**
 * The Usage tab: per company and reporting quarter, what the program admins want to know. Pure (no
 * Apps Script globals): the tab's rows, read, written and reported. The rules that fill them (what a
 * coachee's bookings contribute, the derived figures, the reporting quarter) are core/usage.ts.
 *
 * Strategy (why counters, kept inside the booking lock):
 * - The figures that change with bookings (confirmed / pending / cancelled / expired meetings,
 *   coaching sessions used, coachees with a meeting, six-month initial meetings held in time) are
 *   counters. A booking change already holds the coachee's old and new booking lists inside the lock,
 *   so it computes the coachee's contribution before and after (`contributions`) and adds the
 *   difference to the one or two Usage rows concerned. Nothing reads the Ledger, or even the other
 *   coachees' Index rows: the cost is flat in the Ledger's size AND in the number of coachees.
 *   Rejected: recomputing from the whole Index outside the lock (it grows with every coachee, and
 *   without the lock two recomputes could write their snapshots in the wrong order); a second lock
 *   section just for Usage (a second wait in the queue, and a window where Usage disagrees with the
 *   Ledger).
 * - The figures that change with Engagements or with the calendar alone (engaged coachees; coachees
 *   with no meeting; six-month coachees whose month-2 deadline passed without a held initial meeting)
 *   are derived (`deriveFigures`) whenever a row is written or reported, from the Engagements read of
 *   that request and the clock. The Sheet shows them as of the row's Updated time; the admin card and
 *   the CLI always derive them afresh from the same counters, so both show the same numbers.
 * - The outcome figures (meetings held, manager support, days to the first meeting, wrap-ups missed:
 *   core/outcomes.ts) change by time passing and by other people's answers, not only by bookings, so
 *   they are neither counters nor derived per request: the overview build works them out from the
 *   whole Index and writes their own columns (store.refreshUsageRows); bookings carry them over unchanged.
 *
 * The reporting quarter is company-wide: calendar quarters, or fiscal quarters when the company
 * counts in fiscal quarters. Engagement quarters (the default allowance basis) differ per coachee, so
 * they cannot be a company-wide period; each meeting is reported in the calendar quarter of its start.
 */
import type { OutcomeView, UsageFigures } from '../core/api';
import { type OutcomeFigures, supportRate } from '../core/outcomes';
import { type Engagement } from '../core/engagement';
import type { BookingRecord } from '../core/ledger';
import { type Quarter } from '../core/quarters';
import {
  addCounts,
  type Contribution,
  contributionDelta,
  contributions,
  type DerivedFigures,
  deriveFigures,
  periodLabel,
  quarterOfKey,
  type UsageCounts,
  usageKey,
  type UsageSettings,
  type TallySource,
  tallyAll,
  zeroCounts,
} from '../core/usage';
import { formatCivilDate, formatZonedDateTime } from '../core/time';
import { cellString, safeCell, USAGE_COL, USAGE_HEADERS } from './schema';

// ---------------------------------------------------------------------------------------------
// Rows of the Usage tab

export interface UsageRow extends UsageCounts, DerivedFigures {
  /** 1-based sheet row (0 when not in the Sheet). */
  row: number;
  company: string;
  quarterKey: string;
  period: string;
  updated: string;
  key: string;
  /** The outcome figures the overview build last wrote (null: never, or a duplicate row of the key). */
  outcomes: UsageOutcomes | null;
}

/** A Usage row's outcome figures and when they were worked out (readable, company time). */
export type UsageOutcomes = OutcomeFigures & { asOf: string };

export function emptyUsageRow(company: string, q: Quarter): UsageRow {
  return {
    row: 0,
    company,
    quarterKey: q.key,
    period: periodLabel(q),
    updated: '',
    key: usageKey(company, q.key),
    ...zeroCounts(),
    engaged: 0,
    noMeeting: 0,
    initialMissed: 0,
    outcomes: null,
  };
}

const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : Number(cellString(v));
  return Number.isFinite(n) ? n : 0;
};

/** A Usage row read back; null for a row that is not one of the gateway's (no key). */
export function parseUsageRow(values: readonly unknown[], row: number): UsageRow | null {
  const get = (col: number) => values[col - 1];
  const key = cellString(get(USAGE_COL.key));
  if (!key) return null;
  let held: Record<string, number> = {};
  try {
    const detail = JSON.parse(cellString(get(USAGE_COL.detail)) || '{}') as { held?: Record<string, unknown> };
    for (const [day, v] of Object.entries(detail.held ?? {}))
      if (/^\d{4}-\d{2}-\d{2}$/.test(day) && typeof v === 'number') held[day] = v;
  } catch {
    held = {}; // a hand-edited Detail cell: the six-month figure falls back to "none held"
  }
  return {
    row,
    company: cellString(get(USAGE_COL.company)),
    quarterKey: cellString(get(USAGE_COL.quarter)),
    period: cellString(get(USAGE_COL.period)),
    engaged: num(get(USAGE_COL.engaged)),
    met: num(get(USAGE_COL.met)),
    noMeeting: num(get(USAGE_COL.noMeeting)),
    confirmed: num(get(USAGE_COL.confirmed)),
    pending: num(get(USAGE_COL.pending)),
    cancelled: num(get(USAGE_COL.cancelled)),
    expired: num(get(USAGE_COL.expired)),
    sessions: num(get(USAGE_COL.sessions)),
    initialMissed: num(get(USAGE_COL.initialMissed)),
    updated: cellString(get(USAGE_COL.updated)),
    key,
    held,
    outcomes: parseOutcomes(get),
  };
}

/** The outcome columns read back; null when the overview build has not written them (no "as of"). */
function parseOutcomes(get: (col: number) => unknown): UsageOutcomes | null {
  const asOf = cellString(get(USAGE_COL.outcomesAsOf));
  if (!asOf) return null;
  const median = cellString(get(USAGE_COL.medianDaysToFirst));
  return {
    held: num(get(USAGE_COL.held)),
    supported: num(get(USAGE_COL.supported)),
    medianDaysToFirst: median === '' ? null : num(median),
    withFirst: num(get(USAGE_COL.withFirst)),
    withoutFirst: num(get(USAGE_COL.withoutFirst)),
    wrapUpMissed: num(get(USAGE_COL.wrapUpMissed)),
    asOf,
  };
}

/** The outcome cells of a row (USAGE_COL.held … outcomesAsOf), all empty when there are none. */
function outcomeCells(o: UsageOutcomes | null): (string | number)[] {
  if (!o) return new Array(USAGE_COL.outcomesAsOf - USAGE_COL.held + 1).fill('');
  const rate = supportRate(o);
  return [
    o.held,
    o.supported,
    rate === null ? '' : Math.round(rate * 100),
    o.medianDaysToFirst ?? '',
    o.withFirst,
    o.withoutFirst,
    o.wrapUpMissed,
    safeCell(o.asOf) as string,
  ];
}

/** The row's cells, ready for setValues / values.update RAW (text made formula-proof). */
export function usageRowValues(r: UsageRow): (string | number)[] {
  const out: (string | number)[] = new Array(USAGE_HEADERS.length).fill('');
  const text = (col: number, v: string) => {
    out[col - 1] = safeCell(v) as string;
  };
  text(USAGE_COL.company, r.company);
  text(USAGE_COL.quarter, r.quarterKey);
  text(USAGE_COL.period, r.period);
  out[USAGE_COL.engaged - 1] = r.engaged;
  out[USAGE_COL.met - 1] = r.met;
  out[USAGE_COL.noMeeting - 1] = r.noMeeting;
  out[USAGE_COL.confirmed - 1] = r.confirmed;
  out[USAGE_COL.pending - 1] = r.pending;
  out[USAGE_COL.cancelled - 1] = r.cancelled;
  out[USAGE_COL.expired - 1] = r.expired;
  out[USAGE_COL.sessions - 1] = r.sessions;
  out[USAGE_COL.initialMissed - 1] = r.initialMissed;
  text(USAGE_COL.updated, r.updated);
  text(USAGE_COL.key, r.key);
  text(USAGE_COL.detail, JSON.stringify({ held: r.held }));
  out.splice(USAGE_COL.held - 1, USAGE_COL.outcomesAsOf - USAGE_COL.held + 1, ...outcomeCells(r.outcomes));
  return out;
}

/** Applies counter deltas to rows and derives the rest; returns the rows that changed. */
export function applyUsage(
  rows: Map<string, UsageRow>,
  delta: Map<string, Contribution>,
  ctx: { engagements: TallySource; settings: UsageSettings; nowMs: number },
): UsageRow[] {
  const changed: UsageRow[] = [];
  for (const [key, d] of delta) {
    const q = quarterOfKey(d.quarterKey, ctx.settings);
    const row = rows.get(key) ?? (q ? emptyUsageRow(d.company, q) : null);
    if (!row) continue;
    addCounts(row, d);
    refreshDerived(row, ctx);
    rows.set(key, row);
    changed.push(row);
  }
  return changed;
}

export function refreshDerived(
  row: UsageRow,
  ctx: { engagements: TallySource; settings: UsageSettings; nowMs: number },
): void {
  const q = quarterOfKey(row.quarterKey, ctx.settings);
  if (q) {
    Object.assign(row, deriveFigures(row, row.company, q, ctx.engagements, ctx.settings, ctx.nowMs));
    row.period = periodLabel(q);
  }
  row.updated = formatZonedDateTime(ctx.nowMs, ctx.settings.timeZone);
}

// ---------------------------------------------------------------------------------------------
// Reports (admin card, admin CLI, scenario output) and recounts

export type { UsageFigures };

/**
 * Figures from the Usage tab's rows (duplicates of one key, possible after two first bookings raced
 * to create the row, are added up), derived afresh for `nowMs`. With `quarterKey`, that quarter only,
 * plus a zero row for every company with engaged coachees but no row yet.
 */
export function usageReport(
  stored: readonly UsageRow[],
  ctx: {
    /** The usable engagements, or their per-(company, quarter) tallies with `companies` (the overview's). */
    engagements: TallySource;
    settings: UsageSettings;
    nowMs: number;
    companies?: readonly string[];
  },
  quarterKey?: string,
): UsageFigures[] {
  const merged = new Map<string, UsageRow>();
  for (const r of stored) {
    if (quarterKey && r.quarterKey !== quarterKey) continue;
    const prior = merged.get(r.key);
    if (prior) {
      addCounts(prior, r);
      prior.outcomes ??= r.outcomes;
    } else merged.set(r.key, { ...r, held: { ...r.held } });
  }
  if (quarterKey) {
    const q = quarterOfKey(quarterKey, ctx.settings);
    if (q) {
      const list = ctx.engagements;
      const companies = new Set(
        typeof list === 'function'
          ? (ctx.companies ?? [])
          : list
              .filter(
                (e) => e.status === 'active' && e.start < formatCivilDate(q.end) && formatCivilDate(q.start) < e.end,
              )
              .map((e) => e.company),
      );
      for (const company of companies)
        if (!merged.has(usageKey(company, q.key))) merged.set(usageKey(company, q.key), emptyUsageRow(company, q));
    }
  }
  const out: UsageFigures[] = [];
  for (const r of merged.values()) {
    const q = quarterOfKey(r.quarterKey, ctx.settings);
    const d = q
      ? deriveFigures(r, r.company, q, ctx.engagements, ctx.settings, ctx.nowMs)
      : { engaged: r.engaged, noMeeting: r.noMeeting, initialMissed: r.initialMissed };
    out.push({
      company: r.company,
      quarter: r.quarterKey,
      period: q ? periodLabel(q) : r.period,
      engaged: d.engaged,
      met: r.met,
      noMeeting: d.noMeeting,
      confirmed: r.confirmed,
      pending: r.pending,
      cancelled: r.cancelled,
      expired: r.expired,
      sessions: r.sessions,
      initialMissed: d.initialMissed,
      ...(r.outcomes ? { outcomes: outcomeView(r.outcomes) } : {}),
    });
  }
  return out.sort((a, b) => a.quarter.localeCompare(b.quarter) || a.company.localeCompare(b.company));
}

function outcomeView(o: UsageOutcomes): OutcomeView {
  return { ...o, supportRate: supportRate(o) };
}

/**
 * Usage recounted from scratch from every coachee's bookings (the Index): what the incremental
 * counters must always equal. Used to seed history, to repair, and by the tests as the oracle.
 */
export function usageFromBookings(
  coachees: readonly { coachee: string; bookings: readonly BookingRecord[] }[],
  ctx: { engagements: readonly (Engagement & { coachee: string })[]; settings: UsageSettings; nowMs: number },
): UsageRow[] {
  // Linear in coachees + engagements: each coachee's engagements by address once, the counters first,
  // then every row's derived figures from one pass's tallies (50,000 engagements in one go).
  const rows = new Map<string, UsageRow>();
  const byCoachee = new Map<string, (Engagement & { coachee: string })[]>();
  for (const e of ctx.engagements) {
    const list = byCoachee.get(e.coachee);
    if (list) list.push(e);
    else byCoachee.set(e.coachee, [e]);
  }
  const none = { ...ctx, engagements: () => ({ engaged: 0, due: {} }) };
  for (const c of coachees) {
    const mine = byCoachee.get(c.coachee) ?? [];
    applyUsage(rows, contributionDelta(new Map(), contributions(c.bookings, mine, ctx.settings)), none);
  }
  const quarters = [...new Set([...rows.values()].map((r) => r.quarterKey))].flatMap(
    (k) => quarterOfKey(k, ctx.settings) ?? [],
  );
  const companies = [...new Set([...rows.values()].map((r) => r.company))];
  const tallies = tallyAll(ctx.engagements, quarters, ctx.settings, companies);
  const tallied = { ...ctx, engagements: (company: string, q: Quarter) => tallies.get(usageKey(company, q.key))! };
  for (const row of rows.values()) refreshDerived(row, tallied);
  return [...rows.values()].sort(
    (a, b) => a.quarterKey.localeCompare(b.quarterKey) || a.company.localeCompare(b.company),
  );
}
