/**
 * admin: a program admin's overview (admins from the Settings tab only): this reporting quarter's
 * figures per company, read from the Usage tab the bookings keep current (usage.ts); who is due a
 * meeting or overdue; every problem in Settings and Engagements with its row; the Sheet's URL.
 *
 * Bounded at any size (overview.ts): what needs the whole Engagements tab and Index comes from the
 * overview (built here when the program is small enough, else the overview job's Overview tab, with
 * the time it was worked out); this quarter's Usage rows are found by a search, not read whole; the
 * Ledger is never read. Lists are capped, with their full counts.
 *
 * The reporting quarter is company-wide: calendar quarters, or fiscal quarters when the company
 * counts in fiscal quarters (usage.ts explains why). Each coachee's "due" uses their own quarter.
 */
import type { AdminArgs, AdminData } from '../../core/api';
import { sheetCapacity } from '../../core/capacity';
import { CcmError } from '../../core/errors';
import { type Quarter } from '../../core/quarters';
import { formatZonedDateTime } from '../../core/time';
import type { RequestContext } from '../context';
import { quarterOfKey, reportingQuarter, usageKey } from '../../core/usage';
import { usageReport } from '../usage';
import { quarterView } from '../wire-views';
import { buildOverview, OVERVIEW_CARD_LIST, readOverview, smallEnoughToBuild } from './overview';

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
  const quarter = quarterFor(args.quarter, ctx);
  const store = ctx.store;
  const headerProblem = store.engagementHeaders().headerProblem;

  const live = smallEnoughToBuild(store);
  const ov = live ? buildOverview(ctx, quarter) : readOverview(store);
  const cap = <T>(xs: readonly T[]) => xs.slice(0, OVERVIEW_CARD_LIST);
  const liveProblems = [...read.problems, ...(headerProblem ? [{ row: 1, message: headerProblem }] : [])];
  let figures: AdminData['figures'] = [];
  if (settings) {
    // Counters as the bookings left them (live); the engagement tallies behind the derived figures
    // are the overview's. A (company, quarter) the overview did not tally: the row's own figures.
    const stored = store.readUsageOf(quarter.key);
    const tally = (company: string, q: Quarter) => {
      const t = ov?.tallies.get(usageKey(company, q.key));
      if (t) return t;
      const row = stored.find((r) => r.key === usageKey(company, q.key));
      return { engaged: row?.engaged ?? 0, due: {} };
    };
    figures = usageReport(
      stored,
      { engagements: tally, settings, nowMs: ctx.nowMs, companies: ov?.companies.get(quarter.key) ?? [] },
      quarter.key,
    );
  }

  ctx.audit({ op: 'admin', outcome: 'OK' }); // also when it comes with a panel answer
  const timeZone = settings?.timeZone ?? 'UTC';
  const size = ov?.cells === undefined ? null : sheetCapacity(ov.cells);
  return {
    quarter: quarterView(quarter),
    sheetUrl: store.url,
    figures,
    due: [...cap(ov?.overdue ?? []), ...cap(ov?.due ?? [])],
    problems: [...liveProblems, ...cap(ov?.problems ?? [])],
    overAllowance: cap(ov?.over ?? []),
    totals: {
      ...(ov?.totals ?? { due: 0, overdue: 0, overAllowance: 0, problems: 0 }),
      problems: liveProblems.length + (ov?.totals.problems ?? 0),
    },
    ...(size?.warn ? { capacity: { cells: size.cells, percent: size.percent } } : {}),
    ...(live
      ? {}
      : {
          checked: ov
            ? { at: new Date(ov.builtAtMs).toISOString(), label: formatZonedDateTime(ov.builtAtMs, timeZone) }
            : { at: null, label: '' },
        }),
  };
}
