/**
 * admin: a program admin's overview (admins from the Settings tab only). Minimal on purpose (the
 * Usage tab and richer figures come later): per company, this reporting quarter's coachees and
 * bookings by status; who is due a meeting; every problem in Settings and Engagements with its row;
 * the Sheet's URL. Built from the Index (one row per coachee), never by scanning the Ledger.
 *
 * The reporting quarter is a company-wide period: calendar quarters, or fiscal quarters when the
 * company counts in fiscal quarters. (Engagement quarters differ per coachee, so they cannot be a
 * company-wide period; each coachee's "due" still uses their own quarter.)
 */
import type { AdminArgs, AdminData } from '../../core/api';
import { allowanceStatus } from '../../core/allowance';
import { normalizeEmail, sameEmail } from '../../core/email';
import { engagementFor } from '../../core/engagement';
import { CcmError } from '../../core/errors';
import { type Quarter, type QuarterOptions, quarterOf, quarterOfDate } from '../../core/quarters';
import { addMonthsClamped, civilDateOf, formatCivilDate, parseIsoInstant } from '../../core/time';
import type { RequestContext } from '../context';
import { isActive } from '../records';
import { quarterView } from '../views';

function reportingQuarter(key: string | undefined, opts: QuarterOptions, nowMs: number): Quarter {
  if (!key) return quarterOf(nowMs, opts);
  let start: { year: number; month: number; day: number } | null = null;
  const cal = /^(\d{4})-Q([1-4])$/.exec(key);
  const fy = /^FY(\d{4})-Q([1-4])$/.exec(key);
  if (cal && opts.basis === 'calendar') start = { year: Number(cal[1]), month: (Number(cal[2]) - 1) * 3 + 1, day: 1 };
  if (fy && opts.basis === 'fiscal') {
    const fsm = opts.fiscalStartMonth ?? 1;
    // A fiscal year is named after the calendar year it ends in (quarters.ts).
    const firstYear = fsm === 1 ? Number(fy[1]) : Number(fy[1]) - 1;
    start = addMonthsClamped({ year: firstYear, month: fsm, day: 1 }, (Number(fy[2]) - 1) * 3);
  }
  const q = start ? quarterOfDate(start, opts) : null;
  if (!q || q.key !== key) {
    const example = opts.basis === 'fiscal' ? 'FY2026-Q1' : '2026-Q1';
    throw new CcmError('BAD_REQUEST', `The quarter "${key}" is not one this program reports on: write it like ${example}.`);
  }
  return q;
}

export function admin(ctx: RequestContext, args: AdminArgs): AdminData {
  if (!ctx.isAdmin()) {
    ctx.audit({ outcome: 'FORBIDDEN' });
    throw new CcmError('FORBIDDEN', 'Only coaching program admins can see the program overview.');
  }
  const read = ctx.settingsRead();
  const settings = read.settings;
  const eng = ctx.engagements();
  const problems = [...read.problems, ...eng.problems.map((p) => ({ row: p.row, message: p.message }))];
  const timeZone = settings?.timeZone ?? 'UTC';
  const opts: QuarterOptions = { basis: settings?.quarters === 'fiscal' ? 'fiscal' : 'calendar', fiscalStartMonth: settings?.fiscalStartMonth ?? 1, timeZone };
  const quarter = reportingQuarter(args.quarter, opts, ctx.nowMs);
  const qStart = formatCivilDate(quarter.start);
  const qEnd = formatCivilDate(quarter.end);

  const figures = new Map<string, { company: string; coachees: number; booked: number; confirmed: number; pending: number; cancelled: number; expired: number }>();
  const row = (company: string) => {
    let f = figures.get(company);
    if (!f) {
      f = { company, coachees: 0, booked: 0, confirmed: 0, pending: 0, cancelled: 0, expired: 0 };
      figures.set(company, f);
    }
    return f;
  };
  // A coachee with a broken row cannot book (ENGAGEMENT_RECORD_INVALID): listed under problems, not counted.
  const problemRows = new Set(eng.problems.map((p) => p.row));
  const broken = new Set([...eng.rowsByCoachee].filter(([, rows]) => rows.some((r) => problemRows.has(r))).map(([k]) => k));
  const usable = eng.engagements.filter((g) => !broken.has(normalizeEmail(g.coachee)));
  for (const g of usable) {
    if (g.status === 'active' && g.start < qEnd && qStart < g.end) row(g.company).coachees++;
  }

  const index = ctx.store.readAllIndex();
  const byCoachee = new Map(index.map((e) => [e.coachee, e.bookings]));
  for (const entry of index) {
    for (const b of entry.bookings) {
      const ms = parseIsoInstant(b.start);
      if (ms === null || ms < quarter.startMs || ms >= quarter.endMs) continue;
      const g = engagementFor(eng.engagements, entry.coachee, civilDateOf(ms, timeZone));
      const f = row(g?.company ?? 'unknown');
      f[b.status]++;
      if (isActive(b)) f.booked++;
    }
  }

  const due: AdminData['due'] = [];
  if (settings) {
    const today = formatCivilDate(civilDateOf(ctx.nowMs, timeZone));
    for (const g of usable) {
      if (g.status !== 'active' || !(g.start <= today && today < g.end)) continue;
      const bookings = [...byCoachee.entries()].filter(([k]) => sameEmail(k, g.coachee)).flatMap(([, b]) => b);
      const s = allowanceStatus(g, settings, ctx.nowMs, bookings);
      if (s.remaining <= 0 || !s.nextMilestone || !s.quarter) continue;
      // A six-month milestone is due once its recommended window has opened, not months ahead.
      if (g.program === 'six-month' && s.nextMilestone.window.start > today) continue;
      const reason =
        g.program === 'six-month'
          ? `${s.nextMilestone.label} not booked yet (recommended ${s.nextMilestone.windowLabel}).`
          : `No alignment meeting booked in ${s.quarter.label} (${s.quarter.rangeLabel}).`;
      due.push({ coachee: g.coachee, company: g.company, reason });
    }
  }

  ctx.audit({ outcome: 'OK' });
  return {
    quarter: quarterView(quarter),
    sheetUrl: ctx.store.url,
    figures: [...figures.values()].sort((a, b) => a.company.localeCompare(b.company)),
    due,
    problems,
  };
}
