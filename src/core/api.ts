/**
 * The wire contract between the add-on (runs as each user) and the gateway (a web app that runs as
 * the program's service owner and alone opens the usage Sheet): what the ops answer. The ops, their
 * args and how each side treats them are ONE table, contract.ts (how to add an op: its top comment).
 * Both sides import these files, so a change here is a change to both.
 *
 * Transport: the add-on POSTs JSON `GatewayRequest` to the gateway's /exec URL with UrlFetchApp.
 * Apps Script web apps do not see request headers, so the caller's OpenID Connect identity token
 * (ScriptApp.getIdentityToken) travels in the body. The gateway answers HTTP 200 with a
 * `GatewayResponse` JSON body whatever happened; failures carry a stable `ErrorCode` (errors.ts).
 *
 * Authorisation never trusts the body's claims about who the caller is or what role they have: the
 * gateway reads the caller's email from the verified token and roles from its own Engagements and
 * Settings tabs.
 *
 * Round trips: every person's action costs at most one gateway call (the benchmark checks it). That
 * is why `panel` carries the calendar facts for reconciliation along with the status question, and
 * answers an admin's homepage with the program overview. The one exception is homepage scheduling
 * (book pending, create the event, book confirmed: see src/addon/flows/schedule.ts).
 */
import type { Held } from './held';
import type { BookingStatus } from './ledger';
import type { ArgsOf } from './contract';
import type { OutcomeFigures } from './outcomes';

// The ops, their args and the request are the table's (contract.ts); the args types keep their names.
export type { CalendarFact, EventRef, GatewayOp, GatewayRequest } from './contract';
export type PanelArgs = ArgsOf<'panel'>;
export type BookArgs = ArgsOf<'book'>;
export type CancelArgs = ArgsOf<'cancel'>;
export type ReconcileArgs = ArgsOf<'reconcile'>;
export type ViewerArgs = ArgsOf<'viewer'>;
export type DailyJobArgs = ArgsOf<'dailyJob'>;
export type AdminArgs = ArgsOf<'admin'>;
export type MarkHeldArgs = ArgsOf<'markHeld'>;

/** The booking after the coachee's answer to "Did it take place?", and the allowance it leaves (a "No" gives room: move or schedule). */
export interface MarkHeldData {
  booking: BookingView;
  /** False when the same answer was given before (nothing written). */
  changed: boolean;
  /** All the coachee's bookings after the answer, by start (the next meeting's form reads the previous one). */
  bookings: BookingView[];
  engagement: EngagementView | null;
  allowance: AllowanceView | null;
  companyTimeZone: string;
}

/** Whether the daily job's trigger is installed; `created` when this call installed it. */
export interface DailyJobStatus {
  installed: boolean;
  created: boolean;
  /** The hour it runs, in the gateway's time zone. */
  hour: number;
}

export type Role = 'coachee' | 'manager' | 'coach' | 'admin';

export interface EngagementView {
  coachee: string;
  coacheeName?: string;
  manager: string;
  coach: string;
  company: string;
  program: 'quarterly' | 'six-month';
  start: string;
  end: string;
  videoLink?: string;
  status: string;
}

export interface QuarterView {
  key: string;
  label: string;
  start: string;
  end: string;
}

export interface AllowanceView {
  quarter: QuarterView | null;
  used: number;
  limit: number;
  /** Start instants (ISO) of the active bookings counted in `quarter`: what used it. */
  usedBy?: string[];
  /** First day (YYYY-MM-DD) of the next quarter inside the engagement, if any. */
  nextQuarterOpens: string | null;
  /**
   * The quarter after `quarter` inside the engagement, with its use: a new event's panel shows both
   * (it cannot see the event's date before the save). Absent from an older gateway.
   */
  nextQuarter?: { quarter: QuarterView; used: number; usedBy: string[] } | null;
  /** What the next meeting serves, with its recommended window. */
  nextMilestone: { id: string; label: string; from: string; to: string } | null;
}

export interface DecisionView {
  allowed: boolean;
  code?: string;
  message: string;
  quarter: QuarterView | null;
  milestone: { id: string; label: string } | null;
  warnings: { code: string; message: string }[];
}

export interface BookingView {
  bookingId: string;
  eventId: string;
  quarterKey: string;
  start: string;
  end: string;
  status: BookingStatus;
  milestone?: string;
  countsAsSession: boolean;
  /** The calendar the event is on when not the coachee's primary calendar (EventRef.calendarId). */
  calendarId?: string;
  /** The digest of the notes the coachee last confirmed (BookArgs.notesDigest), when known. */
  notesDigest?: string;
  /** Whether the meeting took place (core/held.ts): absent = no answer yet. */
  held?: Held;
  /** When the engagement's manager confirmed "I support this goal" (ISO instant), when they did. */
  supportedAt?: string;
}

export interface ReconcileChange {
  eventId: string;
  change: 'cancelled' | 'redated' | 'expired' | 'confirmed' | 'refused';
  message: string;
}

export interface PanelData {
  me: { email: string; roles: Role[] };
  engagement: EngagementView | null;
  /** When the caller's engagement record is broken: what the coachee should be told (no details). */
  engagementProblem?: string;
  allowance: AllowanceView | null;
  decision: DecisionView | null;
  bookings: BookingView[];
  reconciled: ReconcileChange[];
  toolkitUrl: string | null;
  companyTimeZone: string;
  /** Notices about the coachee's bookings that are not refusals: OVER_ALLOWANCE per quarter. */
  notices?: PanelNotice[];
  /**
   * The program overview (what `admin` answers), when the verified caller is a program admin, no
   * event is open (the homepage) and they have no engagement of their own to show: the admin's
   * homepage costs one round trip, the first time too.
   */
  admin?: AdminData;
  /**
   * The meetings of the people the caller manages or coaches (issue 14 item 5), on the homepage (no
   * event open) when some engagement names the caller as manager or coach. Metadata only.
   */
  team?: TeamView;
}

/** One meeting of someone the caller manages or coaches (homepage; issue 14 item 5). Metadata only. */
export interface TeamMeetingView {
  coachee: string;
  coacheeName?: string;
  /** The caller's role in the meeting's engagement. */
  as: 'manager' | 'coach';
  eventId: string;
  start: string;
  end: string;
  status: BookingStatus;
  milestone?: string;
  /** When the manager confirmed "I support this goal" (ISO), when they did. */
  supportedAt?: string;
}

/** The caller's reports' and coachees' upcoming and recent meetings, bounded (TEAM_PEOPLE_CAP people). */
export interface TeamView {
  meetings: TeamMeetingView[];
  /** Coachees whose meetings were looked at. */
  people: number;
  /** Engagements naming the caller that were not looked at (past the cap): "and N more". */
  more: number;
}

/** A notice on the coachee's panel: a catalogue code (errors.ts), the quarter concerned and what to say. */
export interface PanelNotice {
  code: 'OVER_ALLOWANCE';
  quarter: QuarterView;
  message: string;
}

export interface BookData {
  booking: BookingView;
  decision: DecisionView;
  /** True when this event was already booked (idempotent replay): nothing was counted again. */
  alreadyBooked: boolean;
  engagement: EngagementView;
  toolkitUrl: string | null;
}

export interface CancelData {
  booking: BookingView;
}

export interface ReconcileData {
  reconciled: ReconcileChange[];
  bookings: BookingView[];
}

export interface ViewerData {
  /** The viewer's role in THIS meeting, decided from the gateway's own data. 'other' sees nothing about the program. */
  role: 'manager' | 'coach' | 'coachee' | 'other';
  coacheeName?: string;
  program?: 'quarterly' | 'six-month';
  milestone?: { id: string; label: string } | null;
  booking?: BookingView | null;
  toolkitUrl: string | null;
}

// ---- support (issue 14 item 4): the manager confirms "I support this goal" -----------------------

/**
 * The meeting as the manager's own copy names it (as ViewerArgs: lookup keys only). Only yes and the
 * date go to the gateway; what the manager commits to do stays in their own user properties.
 */
export type SupportArgs = ArgsOf<'support'>;

/**
 * The manager's view of the meeting after the change (what `viewer` answers, its booking with
 * `supportedAt`), so the panel is drawn again without a second round trip. Refused with FORBIDDEN
 * unless the caller is the manager of the meeting's engagement.
 */
export type SupportData = ViewerData;

/** One Usage row (company, reporting quarter) as the admin card and the admin CLI show it. */
export interface UsageFigures {
  company: string;
  /** Reporting quarter key: `2026-Q1` (calendar) or `FY2026-Q1` (fiscal). */
  quarter: string;
  /** "Q1 2026 (1 Jan 2026 – 31 Mar 2026)" */
  period: string;
  /** Coachees with an active engagement overlapping the quarter. */
  engaged: number;
  /** Coachees with a pending or confirmed meeting in the quarter. */
  met: number;
  /** Engaged coachees without one. */
  noMeeting: number;
  confirmed: number;
  pending: number;
  cancelled: number;
  expired: number;
  /** Confirmed meetings, each one of the coachee's coaching sessions (DESIGN rule 4). */
  sessions: number;
  /** Six-month coachees whose month 2 ended in this quarter without a confirmed initial meeting. */
  initialMissed: number;
  /**
   * Outcome figures (core/outcomes.ts) as the overview build last worked them out (`asOf`, the
   * company's clock); absent until it has run for this row. Counts and rates only.
   */
  outcomes?: OutcomeView;
}

export interface OutcomeView extends OutcomeFigures {
  /** Manager support as a share of held meetings, 0..1 (null when none was held). */
  supportRate: number | null;
  asOf: string;
}

export interface AdminData {
  quarter: QuarterView;
  sheetUrl: string;
  figures: UsageFigures[];
  /** Coachees due a meeting now, and those overdue (a six-month initial meeting not held by the end of month 2). */
  due: { coachee: string; company: string; reason: string; overdue: boolean }[];
  problems: { row: number; message: string }[];
  /** Coachees with more active bookings in a quarter than the allowance, after an admin's edit (nothing cancelled). */
  overAllowance?: { coachee: string; company: string; quarter: QuarterView; used: number; limit: number }[];
  /** Each list's full count (the lists above hold at most 25 each: the rest are in the Overview tab). */
  totals?: { due: number; overdue: number; problems: number; overAllowance: number };
  /**
   * When due, problems and over-allowance were worked out, when not by this request: the overview
   * job's time (ISO, and as the company's clock reads it); `at` null when the job has not run yet.
   */
  checked?: { at: string | null; label: string };
  /**
   * The usage Sheet near Google's 10,000,000-cell limit (core/capacity.ts): its cells as the overview
   * build last counted them, and the share of the limit; present from CAPACITY_WARN_PERCENT only.
   */
  capacity?: { cells: number; percent: number };
}

export interface GatewayError {
  code: string;
  message: string;
  retryable: boolean;
}

export type GatewayResponse<T = unknown> = { ok: true; data: T } | { ok: false; error: GatewayError };
