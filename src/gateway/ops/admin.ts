/**
 * admin: a program admin's overview (admins from the Settings tab only): this reporting quarter's
 * figures per company, read from the Usage tab the bookings keep current (usage.ts), with the
 * Engagements-derived figures derived afresh; who is due a meeting or overdue; every problem in
 * Settings and Engagements with its row; the Sheet's URL. Never reads the Ledger.
 *
 * The reporting quarter is company-wide: calendar quarters, or fiscal quarters when the company
 * counts in fiscal quarters (usage.ts explains why). Each coachee's "due" uses their own quarter.
 *
 * Opening the card also rewrites this quarter's derived figures in the Usage tab (under the lock,
 * counters untouched), so the Sheet shows what the card shows. Bookings left pending for too long
 * are expired by the gateway's daily job (daily.ts), not here.
 */
import type { AdminArgs, AdminData } from '../../core/api';
import { allowanceStatus, overAllowance } from '../../core/allowance';
import { emailKey, sameEmail } from '../../core/email';
import { CcmError } from '../../core/errors';
import { type Quarter } from '../../core/quarters';
import {
  civilDateOf,
  formatCivilDate,
  formatDateLong,
  parseCivilDate,
  parseIsoInstant,
  addDays,
} from '../../core/time';
import type { RequestContext, RowEngagement } from '../context';
import type { CompanySettings } from '../../core/engagement';
import type { IndexEntry } from '../store';
import { errorText } from '../log';
import type { BookingRecord } from '../../core/ledger';
import { initialDeadline, quarterOfKey, reportingQuarter, usageKey } from '../../core/usage';
import { usageReport } from '../usage';
import { quarterView } from '../views';

function quarterFor(key: string | undefined, ctx: RequestContext): Quarter {
  const settings = ctx.settingsRead().settings;
  const s = {
    quarters: settings?.quarters ?? 'calendar',
    fiscalStartMonth: settings?.fiscalStartMonth ?? 1,
    timeZone: settings?.timeZone ?? 'UTC',
  } as const;
  if (!key) return reportingQuarter(ctx.nowMs, s);
  const q = quarterOfKey(key, s);
  if (!q) {
    const example = s.quarters === 'fiscal' ? 'FY2026-Q1' : '2026-Q1';
    throw new CcmError(
      'BAD_REQUEST',
      `The quarter "${key}" is not one this program reports on: write it like ${example}.`,
    );
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
  const quarter = quarterFor(args.quarter, ctx);
  const usable = ctx.usableEngagements();
  const store = ctx.store;

  let figures: AdminData['figures'] = [];
  const due: AdminData['due'] = [];
  const overAllowed: NonNullable<AdminData['overAllowance']> = [];
  if (settings) {
    const usageCtx = { engagements: usable, settings, nowMs: ctx.nowMs };
    // The whole tab is read anyway: the bookings after this look start with warm Usage tallies.
    ctx.cacheTallies();
    // The whole Index (one row per coachee): each coachee's bookings for "due" and over-allowance.
    const index = store.readAllIndex();
    const stored = store.readUsage();
    figures = usageReport(stored, usageCtx, quarter.key);
    keepSheetCurrent(
      ctx,
      quarter,
      figures.map((f) => f.company),
      stored,
      usageCtx,
    );

    due.push(...coacheesDue(ctx, settings, usable, index));
    // Quarters an admin's edit left over the allowance (nothing is cancelled for it): listed here and in Audit.
    const byCoachee = new Map<string, typeof usable>();
    for (const g of usable) byCoachee.set(g.coachee, [...(byCoachee.get(g.coachee) ?? []), g]);
    for (const [coachee, mine] of byCoachee) {
      const bookings = index.filter((e) => sameEmail(e.coachee, coachee)).flatMap((e) => e.bookings);
      for (const o of overAllowance(mine, settings, bookings)) {
        const { quarter: q, used, limit } = o;
        overAllowed.push({ coachee, company: o.engagement.company, quarter: quarterView(q), used, limit });
      }
    }
  }

  ctx.audit({ op: 'admin', outcome: 'OK' }); // also when it comes with a panel answer
  for (const o of overAllowed)
    ctx.audit({ op: 'admin', outcome: `OVER_ALLOWANCE ${o.coachee} ${o.quarter.key} ${o.used}/${o.limit}` });
  return { quarter: quarterView(quarter), sheetUrl: store.url, figures, due, problems, overAllowance: overAllowed };
}

/**
 * Who is due a meeting or overdue, most urgent first (the admin card and the daily job's weekly
 * digest): active engagements running today with allowance left and their next milestone's window
 * open; six-month coachees whose initial meeting was not held by the end of month 2 are overdue.
 */
export function coacheesDue(
  ctx: RequestContext,
  settings: CompanySettings,
  usable: readonly RowEngagement[],
  index: readonly IndexEntry[],
): AdminData['due'] {
  const due: AdminData['due'] = [];
  const today = formatCivilDate(civilDateOf(ctx.nowMs, settings.timeZone));
  // Each coachee's bookings by address, once (not a scan of the whole Index per engagement).
  const bookingsOf = new Map<string, BookingRecord[]>();
  for (const e of index) {
    const k = emailKey(e.coachee);
    bookingsOf.set(k, [...(bookingsOf.get(k) ?? []), ...e.bookings]);
  }
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

/**
 * The Usage tab, for the quarter on the card: a row for every company with engaged coachees, and the
 * derived figures as of now. Best effort: the card is shown even if the Sheet cannot be written.
 */
function keepSheetCurrent(
  ctx: RequestContext,
  quarter: Quarter,
  companies: string[],
  stored: ReturnType<RequestContext['store']['readUsage']>,
  usageCtx: Parameters<RequestContext['store']['refreshUsageRows']>[1],
): void {
  try {
    const store = ctx.store;
    const rows = new Set(stored.filter((r) => r.quarterKey === quarter.key).map((r) => r.row));
    for (const company of companies) {
      if (!stored.some((r) => r.key === usageKey(company, quarter.key)))
        rows.add(store.ensureUsageRow(company, quarter, usageCtx));
    }
    store.refreshUsageRows([...rows], usageCtx);
  } catch (err) {
    console.warn(JSON.stringify({ event: 'usage-refresh-failed', error: errorText(err) }));
  }
}
