/** Domain objects to the wire shapes of src/core/api.ts. */
import type { AllowanceView, DecisionView, EngagementView, QuarterView } from '../core/api';
import type { AllowanceDecision, AllowanceStatus } from '../core/allowance';
import type { Quarter } from '../core/quarters';
import { formatCivilDate } from '../core/time';
import type { RowEngagement } from './context';

/** `end` is exclusive: the first day of the next quarter. */
export function quarterView(q: Quarter): QuarterView {
  return { key: q.key, label: q.label, start: formatCivilDate(q.start), end: formatCivilDate(q.end) };
}

export function engagementView(e: RowEngagement, name: string | undefined): EngagementView {
  const view: EngagementView = {
    coachee: e.coachee,
    manager: e.manager,
    coach: e.coach,
    company: e.company,
    program: e.program,
    start: e.start,
    end: e.end,
    status: e.status,
  };
  if (name) view.coacheeName = name;
  if (e.videoLink) view.videoLink = e.videoLink;
  return view;
}

export function decisionView(d: AllowanceDecision): DecisionView {
  const view: DecisionView = {
    allowed: d.allowed,
    message: d.message,
    quarter: quarterView(d.quarter),
    milestone: d.milestone ? { id: d.milestone.id, label: d.milestone.label } : null,
    warnings: d.warnings.map((w) => ({ code: w.code, message: w.message })),
  };
  if (d.reason) view.code = d.reason;
  return view;
}

/** A refusal that is not an allowance question (no engagement, recurring series...). */
export function refusalView(code: string, message: string): DecisionView {
  return { allowed: false, code, message, quarter: null, milestone: null, warnings: [] };
}

export function allowanceView(s: AllowanceStatus): AllowanceView {
  return {
    quarter: s.quarter ? quarterView(s.quarter) : null,
    used: s.used,
    limit: s.limit,
    usedBy: s.bookingsThisQuarter.map((b) => b.start),
    nextQuarterOpens: s.nextQuarterOpens,
    nextQuarter: s.nextQuarter
      ? {
          quarter: quarterView(s.nextQuarter.quarter),
          used: s.nextQuarter.bookings.length,
          usedBy: s.nextQuarter.bookings.map((b) => b.start),
        }
      : null,
    nextMilestone: s.nextMilestone
      ? {
          id: s.nextMilestone.id,
          label: s.nextMilestone.label,
          from: s.nextMilestone.window.start,
          to: s.nextMilestone.window.end,
        }
      : null,
  };
}
