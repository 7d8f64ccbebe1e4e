/**
 * The Usage tab: per company and reporting quarter, what the program admins want to know. Pure (no
 * Apps Script globals): the gateway keeps the tab current, and the admin CLI, the scenario runner
 * and the Node-side seeding compute the very same figures from the same rows.
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
 *
 * The reporting quarter is company-wide: calendar quarters, or fiscal quarters when the company
 * counts in fiscal quarters. Engagement quarters (the default allowance basis) differ per coachee, so
 * they cannot be a company-wide period; each meeting is reported in the calendar quarter of its start.
 */
import type { UsageFigures } from '../core/api';
import { type Engagement, type CompanySettings } from '../core/engagement';
import { type Quarter, type QuarterOptions, quarterOf, quarterOfDate } from '../core/quarters';
import {
  addDays,
  addMonthsClamped,
  civilDateOf,
  formatCivilDate,
  formatZonedDateTime,
  parseCivilDate,
  parseIsoInstant,
  startOfCivilDay,
} from '../core/time';
import { type BookingRecord } from './records';
import { cellString, safeCell, USAGE_COL, USAGE_HEADERS } from './schema';

export type UsageSettings = Pick<CompanySettings, 'quarters' | 'fiscalStartMonth' | 'timeZone'>;

/** The company-wide reporting period: fiscal quarters for a fiscal company, calendar quarters otherwise. */
export function reportingOptions(settings: UsageSettings): QuarterOptions {
  return {
    basis: settings.quarters === 'fiscal' ? 'fiscal' : 'calendar',
    fiscalStartMonth: settings.fiscalStartMonth,
    timeZone: settings.timeZone,
  };
}

export function usageKey(company: string, quarterKey: string): string {
  return `${company}|${quarterKey}`;
}

/** Counters one coachee contributes to one Usage row (and, summed, what the row holds). */
export interface UsageCounts {
  confirmed: number;
  pending: number;
  cancelled: number;
  expired: number;
  sessions: number;
  /** Coachees with at least one pending or confirmed meeting starting in the quarter. */
  met: number;
  /** Six-month engagements whose initial meeting was confirmed before the month-2 deadline, by deadline (YYYY-MM-DD, exclusive). */
  held: Record<string, number>;
}

export interface Contribution extends UsageCounts {
  company: string;
  quarterKey: string;
}

export const zeroCounts = (): UsageCounts => ({
  confirmed: 0,
  pending: 0,
  cancelled: 0,
  expired: 0,
  sessions: 0,
  met: 0,
  held: {},
});

const COUNTER_FIELDS = ['confirmed', 'pending', 'cancelled', 'expired', 'sessions', 'met'] as const;

/** The last day of month 2 is the day before this (end of month 2, as addMonthsClamped counts months). */
export function initialDeadline(engagement: Pick<Engagement, 'start'>): string | null {
  const start = parseCivilDate(engagement.start);
  return start ? formatCivilDate(addMonthsClamped(start, 2)) : null;
}

/** Quarter in which a six-month engagement's month 2 ends (where a missed initial meeting is reported). */
function deadlineQuarter(deadline: string, settings: UsageSettings): Quarter {
  return quarterOfDate(addDays(parseCivilDate(deadline)!, -1), reportingOptions(settings));
}

/**
 * What one coachee's bookings contribute to each Usage row, keyed by usageKey. `engagements` are the
 * coachee's own valid engagements (for the company of a booking made before bookings carried one, and
 * for the six-month deadlines).
 */
export function contributions(
  bookings: readonly BookingRecord[],
  engagements: readonly Engagement[],
  settings: UsageSettings,
): Map<string, Contribution> {
  const out = new Map<string, Contribution>();
  const opts = reportingOptions(settings);
  const at = (company: string, quarterKey: string): Contribution => {
    const key = usageKey(company, quarterKey);
    let c = out.get(key);
    if (!c) {
      c = { company, quarterKey, ...zeroCounts() };
      out.set(key, c);
    }
    return c;
  };
  const companyOf = (b: BookingRecord, ms: number): string => {
    if (b.company) return b.company;
    const day = formatCivilDate(civilDateOf(ms, settings.timeZone));
    const mine = engagements.filter((e) => e.start <= day && day < e.end);
    return (mine.find((e) => e.status === 'active') ?? mine[0] ?? engagements[0])?.company ?? 'unknown';
  };
  const metKeys = new Set<string>();
  for (const b of bookings) {
    const ms = parseIsoInstant(b.start);
    if (ms === null) continue;
    const q = quarterOf(ms, opts);
    const c = at(companyOf(b, ms), q.key);
    c[b.status]++;
    if (b.status === 'confirmed' && b.countsAsSession) c.sessions++;
    if (b.status === 'confirmed' || b.status === 'pending') metKeys.add(usageKey(c.company, c.quarterKey));
  }
  for (const k of metKeys) out.get(k)!.met = 1;
  for (const e of engagements) {
    if (e.program !== 'six-month') continue;
    const deadline = initialDeadline(e);
    const first = parseCivilDate(e.start);
    if (!deadline || !first) continue;
    const from = startOfCivilDay(first, settings.timeZone);
    const to = startOfCivilDay(parseCivilDate(deadline)!, settings.timeZone);
    const held = bookings.some((b) => {
      const ms = parseIsoInstant(b.start);
      return b.status === 'confirmed' && ms !== null && ms >= from && ms < to;
    });
    if (!held) continue;
    const c = at(e.company, deadlineQuarter(deadline, settings).key);
    c.held[deadline] = (c.held[deadline] ?? 0) + 1;
  }
  return out;
}

/** new − old, per key; keys whose difference is zero are left out. */
export function contributionDelta(
  before: Map<string, Contribution>,
  after: Map<string, Contribution>,
): Map<string, Contribution> {
  const out = new Map<string, Contribution>();
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = after.get(key);
    const b = before.get(key);
    const base = (a ?? b)!;
    const d: Contribution = { company: base.company, quarterKey: base.quarterKey, ...zeroCounts() };
    let nonZero = false;
    for (const f of COUNTER_FIELDS) {
      d[f] = (a?.[f] ?? 0) - (b?.[f] ?? 0);
      if (d[f] !== 0) nonZero = true;
    }
    for (const day of new Set([...Object.keys(a?.held ?? {}), ...Object.keys(b?.held ?? {})])) {
      const v = (a?.held[day] ?? 0) - (b?.held[day] ?? 0);
      if (v !== 0) {
        d.held[day] = v;
        nonZero = true;
      }
    }
    if (nonZero) out.set(key, d);
  }
  return out;
}

export function addCounts(into: UsageCounts, d: UsageCounts): void {
  for (const f of COUNTER_FIELDS) into[f] += d[f];
  for (const [day, v] of Object.entries(d.held)) {
    const n = (into.held[day] ?? 0) + v;
    if (n === 0) delete into.held[day];
    else into.held[day] = n;
  }
}

// ---------------------------------------------------------------------------------------------
// Derived figures (Engagements + clock)

export interface DerivedFigures {
  engaged: number;
  noMeeting: number;
  initialMissed: number;
}

/**
 * What the Engagements tab says about one (company, quarter), before the clock and the counters:
 * the engaged coachees, and the six-month engagements whose month-2 deadline falls in the quarter,
 * by deadline (whether it has passed is decided at derive time). Small, so it can be cached.
 */
export interface EngagementTally {
  engaged: number;
  due: Record<string, number>;
}

/** The tally of one (company, quarter), from a list of engagements or from a cached source. */
export type TallySource = readonly Engagement[] | ((company: string, quarter: Quarter) => EngagementTally);

export function tallyEngagements(
  engagements: readonly Engagement[],
  company: string,
  quarter: Quarter,
  settings: UsageSettings,
): EngagementTally {
  return tallyAll(engagements, [quarter], settings, [company]).get(usageKey(company, quarter.key))!;
}

/**
 * The tallies of every (company, quarter) pair at once, keyed by usageKey: one pass over the
 * engagements, each deadline's quarter worked out once (a whole tab of 50,000 rows in one go).
 */
export function tallyAll(
  engagements: readonly Engagement[],
  quarters: readonly Quarter[],
  settings: UsageSettings,
  companies: readonly string[] = [],
): Map<string, EngagementTally> {
  const out = new Map<string, EngagementTally>();
  const sets = new Map<string, Set<string>>();
  const at = (company: string, qKey: string) => {
    const key = usageKey(company, qKey);
    let t = out.get(key);
    if (!t) {
      t = { engaged: 0, due: {} };
      out.set(key, t);
      sets.set(key, new Set());
    }
    return { t, engaged: sets.get(key)! };
  };
  const spans = quarters.map((q) => ({ key: q.key, start: formatCivilDate(q.start), end: formatCivilDate(q.end) }));
  const wanted = new Set(spans.map((q) => q.key));
  for (const c of companies) for (const q of spans) at(c, q.key);
  const deadlineKeys = new Map<string, string>();
  for (const e of engagements) {
    for (const q of spans) at(e.company, q.key);
    if (e.status !== 'active') continue;
    for (const q of spans) if (e.start < q.end && q.start < e.end) at(e.company, q.key).engaged.add(e.coachee);
    if (e.program !== 'six-month') continue;
    const deadline = initialDeadline(e);
    if (!deadline || deadline > e.end) continue;
    let qKey = deadlineKeys.get(deadline);
    if (qKey === undefined) deadlineKeys.set(deadline, (qKey = deadlineQuarter(deadline, settings).key));
    if (!wanted.has(qKey)) continue;
    const { t } = at(e.company, qKey);
    t.due[deadline] = (t.due[deadline] ?? 0) + 1;
  }
  for (const [key, t] of out) t.engaged = sets.get(key)!.size;
  return out;
}

/**
 * Engaged coachees (active engagements overlapping the quarter), coachees among them with no meeting,
 * and six-month engagements whose month-2 deadline (in this quarter) has passed without a confirmed
 * initial meeting. `engagements` are the valid, usable ones (rows with problems excluded), or a
 * source of their tallies.
 */
export function deriveFigures(
  counts: UsageCounts,
  company: string,
  quarter: Quarter,
  engagements: TallySource,
  settings: UsageSettings,
  nowMs: number,
): DerivedFigures {
  const today = formatCivilDate(civilDateOf(nowMs, settings.timeZone));
  const tally =
    typeof engagements === 'function'
      ? engagements(company, quarter)
      : tallyEngagements(engagements, company, quarter, settings);
  let initialMissed = 0;
  for (const [deadline, due] of Object.entries(tally.due))
    if (deadline <= today) initialMissed += Math.max(0, due - Math.max(0, counts.held[deadline] ?? 0));
  return { engaged: tally.engaged, noMeeting: Math.max(0, tally.engaged - counts.met), initialMissed };
}

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
}

/** The quarter a key names, for the settings in force (null when it is not a quarter of this basis). */
export function quarterOfKey(quarterKey: string, settings: UsageSettings): Quarter | null {
  const opts = reportingOptions(settings);
  let start: { year: number; month: number; day: number } | null = null;
  const cal = /^(\d{4})-Q([1-4])$/.exec(quarterKey);
  const fy = /^FY(\d{4})-Q([1-4])$/.exec(quarterKey);
  if (cal && opts.basis === 'calendar') start = { year: Number(cal[1]), month: (Number(cal[2]) - 1) * 3 + 1, day: 1 };
  if (fy && opts.basis === 'fiscal') {
    const fsm = opts.fiscalStartMonth ?? 1;
    // A fiscal year is named after the calendar year it ends in (quarters.ts).
    const firstYear = fsm === 1 ? Number(fy[1]) : Number(fy[1]) - 1;
    start = addMonthsClamped({ year: firstYear, month: fsm, day: 1 }, (Number(fy[2]) - 1) * 3);
  }
  const q = start ? quarterOfDate(start, opts) : null;
  return q && q.key === quarterKey ? q : null;
}

export function periodLabel(q: Quarter): string {
  return `${q.label} (${q.rangeLabel})`;
}

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
  };
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
  ctx: { engagements: readonly Engagement[]; settings: UsageSettings; nowMs: number },
  quarterKey?: string,
): UsageFigures[] {
  const merged = new Map<string, UsageRow>();
  for (const r of stored) {
    if (quarterKey && r.quarterKey !== quarterKey) continue;
    const prior = merged.get(r.key);
    if (prior) addCounts(prior, r);
    else merged.set(r.key, { ...r, held: { ...r.held } });
  }
  if (quarterKey) {
    const q = quarterOfKey(quarterKey, ctx.settings);
    if (q) {
      const companies = new Set(
        ctx.engagements
          .filter((e) => e.status === 'active' && e.start < formatCivilDate(q.end) && formatCivilDate(q.start) < e.end)
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
    });
  }
  return out.sort((a, b) => a.quarter.localeCompare(b.quarter) || a.company.localeCompare(b.company));
}

/**
 * Usage recounted from scratch from every coachee's bookings (the Index): what the incremental
 * counters must always equal. Used to seed history, to repair, and by the tests as the oracle.
 */
export function usageFromBookings(
  coachees: readonly { coachee: string; bookings: readonly BookingRecord[] }[],
  ctx: { engagements: readonly (Engagement & { coachee: string })[]; settings: UsageSettings; nowMs: number },
): UsageRow[] {
  const rows = new Map<string, UsageRow>();
  for (const c of coachees) {
    const mine = ctx.engagements.filter((e) => e.coachee === c.coachee);
    applyUsage(rows, contributionDelta(new Map(), contributions(c.bookings, mine, ctx.settings)), ctx);
  }
  return [...rows.values()].sort(
    (a, b) => a.quarterKey.localeCompare(b.quarterKey) || a.company.localeCompare(b.company),
  );
}

/** The reporting quarter containing an instant. */
export function reportingQuarter(nowMs: number, settings: UsageSettings): Quarter {
  return quarterOf(nowMs, reportingOptions(settings));
}
