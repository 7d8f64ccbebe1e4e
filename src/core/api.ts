/**
 * The wire contract between the add-on (runs as each user) and the gateway (a web app that runs as
 * the program's service owner and alone opens the usage Sheet). Both sides import this file, so a
 * change here is a change to both.
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
import type { BookingStatus } from './ledger';
import type { OutcomeFigures } from './outcomes';

/** What the add-on can see in the caller's own calendar, reported for reconciliation. */
export interface CalendarFact {
  eventId: string;
  /** false: Calendar answered 404, or the event is cancelled (deleted). */
  exists: boolean;
  /** ISO instants, when the event exists. */
  start?: string;
  end?: string;
  /** The caller is the organizer of this event. */
  organizer?: boolean;
}

/** The event the coachee has open (or is about to create), as the add-on read it. */
export interface EventRef {
  eventId: string;
  iCalUID?: string;
  start: string;
  end: string;
  /** Instance of a recurring series, or a series itself. */
  recurring?: boolean;
  /**
   * The calendar the event is on, when not the coachee's primary calendar (a secondary calendar:
   * `e.calendar.calendarId`). Metadata: the next panel asks THAT calendar whether the event is there.
   */
  calendarId?: string;
}

export type GatewayRequest =
  | { op: 'panel'; idToken: string; requestId: string; args: PanelArgs }
  | { op: 'book'; idToken: string; requestId: string; args: BookArgs }
  | { op: 'cancel'; idToken: string; requestId: string; args: CancelArgs }
  | { op: 'reconcile'; idToken: string; requestId: string; args: ReconcileArgs }
  | { op: 'viewer'; idToken: string; requestId: string; args: ViewerArgs }
  | { op: 'admin'; idToken: string; requestId: string; args: AdminArgs }
  | { op: 'dailyJob'; idToken: string; requestId: string; args: DailyJobArgs };

export type GatewayOp = GatewayRequest['op'];

export interface PanelArgs {
  /** The event open in the side panel, when there is one (absent on the homepage). */
  event?: EventRef;
  /**
   * One fact per event the add-on looked at in the caller's calendar: CCM-marked events of its
   * search, the open event, and the events of the caller's active bookings. A booking is cancelled
   * only on an `exists: false` fact for its own event; an event missing from the list says nothing.
   */
  facts?: CalendarFact[];
  // (Older add-ons also sent `factsWindow`, the window they searched; absence is no evidence, so the
  // gateway never used it. The validator still accepts it and drops it.)
}

export interface BookArgs {
  event: EventRef;
  /**
   * `confirmed` when the event already exists in the coachee's calendar (the panel's confirm);
   * `pending` when the add-on books first and creates the event afterwards (homepage schedule),
   * then books the same event again as `confirmed` (idempotent: the row is promoted, nothing counted
   * twice). Rows left pending expire (ledger.ts: PENDING_EXPIRY_HOURS once their event is known to be
   * missing, UNCONFIRMED_EXPIRY_HOURS in any case) and give the allowance back.
   */
  status: 'pending' | 'confirmed';
  /**
   * core/digest.ts notesDigest of the notes this confirm writes (one-way; no text): kept with the
   * booking so managers and coaches can be shown that the notes changed after the coachee wrote them.
   */
  notesDigest?: string;
  /**
   * Whether the action plan this confirm writes has at least one step: yes/no metadata (never the
   * text), so the gateway's daily job can remind a coachee whose plan is still empty.
   */
  planWritten?: boolean;
}

export interface CancelArgs {
  eventId: string;
}

export interface ReconcileArgs {
  facts: CalendarFact[];
}

export interface ViewerArgs {
  eventId: string;
  /**
   * The organizer's email as the viewer's own copy of the event shows it: a lookup key only (for an
   * event on a secondary calendar it is the calendar's id, and the gateway finds the booking by event).
   */
  organizer: string;
  /** The event's iCalUID, to find the booking when the event id alone does not. */
  iCalUID?: string;
}

/** A program admin checks the gateway's daily job, or installs it when missing (`install`). */
export interface DailyJobArgs {
  install?: boolean;
}

/** Whether the daily job's trigger is installed; `created` when this call installed it. */
export interface DailyJobStatus {
  installed: boolean;
  created: boolean;
  /** The hour it runs, in the gateway's time zone. */
  hour: number;
}

export interface AdminArgs {
  /** A quarter key; default: the current quarter. */
  quarter?: string;
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
}

export interface GatewayError {
  code: string;
  message: string;
  retryable: boolean;
}

export type GatewayResponse<T = unknown> = { ok: true; data: T } | { ok: false; error: GatewayError };
