/**
 * The usage Sheet's layout: one tab per table, the header row of each, and which columns hold text
 * that must stay text. Shared by the gateway (which creates missing tabs on first use) and by the
 * Node-side seeding (src/local/host/company.ts), so both write exactly the same format.
 *
 * Tabs:
 * - Settings     key/value rows kept by program admins (company domain, time zone, quarter basis...).
 * - Engagements  one row per coaching engagement, kept by program admins.
 * - Ledger       one row per booking (metadata only: never agenda or action-plan text), updated in place.
 * - Index        one row per coachee: that coachee's bookings as JSON plus their Ledger row numbers.
 *                The allowance check reads ONE Index row, so its cost stays flat as the Ledger grows
 *                (see store.ts for why this beats scanning or TextFinder-ing the Ledger).
 * - Usage        one row per (company, reporting quarter): counters kept by the gateway inside the
 *                booking lock (usage.ts), plus figures derived from Engagements when the row is written,
 *                plus the outcome figures the overview build writes (core/outcomes.ts).
 * - Audit        append-only: time, actor, op, ids, outcome code. No content.
 * - Reminders    append-only, written by the daily job: one row per reminder sent (its key: kind + booking,
 *                milestone or week), so none goes out twice. Ids and codes only.
 *
 * Dates: the gateway keeps instants as ISO text (Ledger Start/End/Created/Updated) because that is
 * what it reads back; next to them it writes readable text in the company's time zone. Engagements'
 * Start/End are real date cells (format yyyy-mm-dd, date validation) because admins type them.
 */

import { safeCell as coreSafeCell } from '../core/ledger';
import { REMINDER_SETTINGS } from '../core/reminders';

/** A data-validation rule on a column (rows 2..end), as both SpreadsheetApp and the Sheets API can express it. */
export interface ColumnValidation {
  col: number;
  kind: 'list' | 'date' | 'email' | 'number';
  /** For 'list': the allowed values (shown as a dropdown). */
  values?: readonly string[];
  /** For 'number': inclusive bounds. */
  min?: number;
  max?: number;
  help: string;
}

export interface TabSpec {
  name: string;
  headers: readonly string[];
  /** 1-based columns formatted as plain text ('@'): free text and ids never become numbers, dates or formulas. */
  textColumns: readonly number[];
  /** 1-based columns holding date cells, shown as DATE_FORMAT. */
  dateColumns?: readonly number[];
  /**
   * Validation rules. They WARN (allowInvalid), never reject: the gateway's own check is the authority
   * and explains the problem with its row number; a rejected paste would just lose the admin's data.
   */
  validations?: readonly ColumnValidation[];
  /** Protected tabs are edited by the gateway (the owner) only. */
  protectedTab: boolean;
}

/** How date cells are shown: ISO order, unambiguous in every locale. */
export const DATE_FORMAT = 'yyyy-mm-dd';

export const SETTINGS_HEADERS = ['Key', 'Value', 'Notes'] as const;

/** Settings keys, in the order a fresh Settings tab lists them, with the note shown beside each. */
export const SETTINGS_KEYS: readonly { key: string; note: string }[] = [
  { key: 'domain', note: 'Company Workspace domain, e.g. acme.com' },
  { key: 'timeZone', note: 'IANA time zone deciding which day (and quarter) a meeting falls on, e.g. Europe/Berlin' },
  { key: 'quarters', note: 'engagement (3-month windows from each engagement start), calendar, or fiscal' },
  { key: 'fiscalStartMonth', note: 'Fiscal quarters only: first month of the fiscal year, 1-12' },
  { key: 'perQuarter', note: 'Alignment meetings allowed per coachee per quarter (default 1)' },
  { key: 'admins', note: 'Program admins (comma-separated emails): they see the admin card and this Sheet' },
  { key: 'toolkitUrl', note: 'Link to the managers’ toolkit document (https)' },
  // The daily job's reminders (core/reminders.ts): empty or "on" = sent, "off" = never sent.
  { key: REMINDER_SETTINGS['manager-prep'], note: 'E-mail the manager about 7 days before a meeting: on or off' },
  {
    key: REMINDER_SETTINGS['coachee-plan'],
    note: 'E-mail the coachee 2 days before a meeting whose action plan is empty: on or off',
  },
  {
    key: REMINDER_SETTINGS['milestone-open'],
    note: 'E-mail six-month coachees when a milestone window opens with nothing booked: on or off',
  },
  {
    key: REMINDER_SETTINGS['quarter-open'],
    note: 'E-mail quarterly coachees when a quarter starts with nothing booked: on or off',
  },
  { key: REMINDER_SETTINGS['admin-digest'], note: 'E-mail program admins a weekly digest of who is due: on or off' },
];

export const ENGAGEMENT_HEADERS = [
  'Coachee',
  'Manager',
  'Coach',
  'Company',
  'Program',
  'Start',
  'End',
  'Sessions in program',
  'Coach video link',
  'Status',
  'Coachee name',
] as const;

/**
 * Ledger columns: a booking's metadata (core/ledger.ts BookingRecord plus who it is about), read back
 * with records.ts parseLedgerRow. Reason is a code, never free text.
 */
export const LEDGER_HEADERS = [
  'Booking ID',
  'Coachee',
  'Manager',
  'Coach',
  'Company',
  'Event ID',
  'iCalUID',
  'Quarter',
  'Start',
  'End',
  'Status',
  'Counts as session',
  'Created',
  'Updated',
  'Milestone',
  'Reason',
  'Meeting (company time)',
  'Calendar ID',
  'Held',
  'Manager support',
] as const;

export const INDEX_HEADERS = ['Coachee', 'Bookings', 'Updated'] as const;
/** Overview: what the admin card shows that needs the whole Engagements tab and Index (ops/overview.ts). */
export const OVERVIEW_HEADERS = ['Kind', 'Who', 'Company', 'What', 'Data'] as const;

export const AUDIT_HEADERS = ['Time', 'Actor', 'Op', 'Event ID', 'Booking ID', 'Outcome', 'Request ID'] as const;

/** Reminders the daily job sent: the idempotency key, the kind, the booking (if any), when. */
export const REMINDER_HEADERS = ['Key', 'Kind', 'Booking ID', 'Sent'] as const;

/**
 * Usage: one row per (company, reporting quarter). Key and Detail are the gateway's own columns (the
 * row's lookup key, and the six-month counters per month-2 deadline as JSON); everything else is for
 * people. Figures only, never names of meetings or anything anyone wrote.
 */
export const USAGE_HEADERS = [
  'Company',
  'Quarter',
  'Period',
  'Engaged coachees',
  'Coachees with a meeting',
  'Coachees with no meeting',
  'Confirmed',
  'Pending',
  'Cancelled',
  'Expired',
  'Coaching sessions used',
  'Six-month: initial meeting not held by end of month 2',
  'Updated (company time)',
  'Key',
  'Detail',
  // Outcome figures (core/outcomes.ts), appended: worked out by the overview build, not by bookings.
  'Meetings held',
  'Manager support confirmed',
  'Manager support rate (% of held)',
  'Median days from start to first meeting',
  'Started this quarter: with a first meeting',
  'Started this quarter: no meeting yet',
  'Six-month: wrap-up missed at the end',
  'Outcomes as of (company time)',
] as const;

export const USAGE_COL = {
  company: 1,
  quarter: 2,
  period: 3,
  engaged: 4,
  met: 5,
  noMeeting: 6,
  confirmed: 7,
  pending: 8,
  cancelled: 9,
  expired: 10,
  sessions: 11,
  initialMissed: 12,
  updated: 13,
  key: 14,
  detail: 15,
  held: 16,
  supported: 17,
  supportRate: 18,
  medianDaysToFirst: 19,
  withFirst: 20,
  withoutFirst: 21,
  wrapUpMissed: 22,
  outcomesAsOf: 23,
} as const;

export const PROGRAM_VALUES = ['quarterly', 'six-month'] as const;
export const STATUS_VALUES = ['active', 'paused', 'ended'] as const;

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const TABS = {
  settings: { name: 'Settings', headers: SETTINGS_HEADERS, textColumns: [1, 2, 3], protectedTab: false },
  // Start/End are date cells; Sessions (column 8) stays numeric; everything else is plain text.
  engagements: {
    name: 'Engagements',
    headers: ENGAGEMENT_HEADERS,
    textColumns: [1, 2, 3, 4, 5, 9, 10, 11],
    dateColumns: [6, 7],
    validations: [
      { col: 1, kind: 'email', help: "The coachee's company email address." },
      { col: 2, kind: 'email', help: "The manager's email address." },
      { col: 3, kind: 'email', help: "The coach's email address." },
      {
        col: 5,
        kind: 'list',
        values: PROGRAM_VALUES,
        help: 'quarterly (one meeting per quarter) or six-month (initial + wrap-up).',
      },
      { col: 6, kind: 'date', help: 'First day of the engagement (yyyy-mm-dd).' },
      { col: 7, kind: 'date', help: 'First day AFTER the engagement (yyyy-mm-dd).' },
      { col: 8, kind: 'number', min: 1, max: 200, help: 'Coaching sessions in the program (a whole number).' },
      { col: 10, kind: 'list', values: STATUS_VALUES, help: 'active, paused or ended.' },
    ],
    protectedTab: false,
  },
  // Everything but "Counts as session" (a boolean) is text: ids, ISO instants, codes, readable times.
  ledger: {
    name: 'Ledger',
    headers: LEDGER_HEADERS,
    textColumns: [...range(1, 11), ...range(13, 20)],
    protectedTab: true,
  },
  index: { name: 'Index', headers: INDEX_HEADERS, textColumns: [1, 2, 3], protectedTab: true },
  usage: { name: 'Usage', headers: USAGE_HEADERS, textColumns: [1, 2, 3, 13, 14, 15, 23], protectedTab: true },
  audit: { name: 'Audit', headers: AUDIT_HEADERS, textColumns: range(1, 7), protectedTab: true },
  reminders: { name: 'Reminders', headers: REMINDER_HEADERS, textColumns: range(1, 4), protectedTab: true },
  // The admin card's overview (ops/overview.ts): one item per row, rewritten whole by the overview build.
  overview: { name: 'Overview', headers: OVERVIEW_HEADERS, textColumns: [1, 2, 3, 4, 5], protectedTab: true },
} as const satisfies Record<string, TabSpec>;

/** Tab order of a fresh usage Sheet (the admin CLI's setup). */
// Overview is made at setup too: made later by the gateway, a new tab's 26,000-cell grid could push a
// large workbook past Google's 10,000,000-cell limit.
export const TAB_ORDER: readonly TabKey[] = [
  'settings',
  'engagements',
  'usage',
  'ledger',
  'audit',
  'index',
  'overview',
];

export type TabKey = keyof typeof TABS;

/** Ledger column numbers (1-based), by field. */
export const LEDGER_COL = {
  bookingId: 1,
  coachee: 2,
  manager: 3,
  coach: 4,
  company: 5,
  eventId: 6,
  iCalUID: 7,
  quarterKey: 8,
  start: 9,
  end: 10,
  status: 11,
  countsAsSession: 12,
  createdAt: 13,
  updatedAt: 14,
  milestone: 15,
  reason: 16,
  meeting: 17,
  /** The event's calendar when not the coachee's primary one ('' = primary): metadata, never content. */
  calendarId: 18,
  /** Whether the meeting took place (core/held.ts): yes, no, presumed, or '' = no answer yet. */
  held: 19,
  /** When the manager confirmed "I support this goal", readable in the company's time ('' = not yet). */
  supportedAt: 20,
} as const;

/** Script properties the gateway reads. */
export const PROPERTY_KEYS = {
  sheetId: 'SHEET_ID',
  addonClientId: 'ADDON_CLIENT_ID',
  allowedDomain: 'ALLOWED_DOMAIN',
  /** Optional: how long a booking waits for the script lock, ms (default 10,000; 500-25,000). */
  lockWaitMs: 'LOCK_WAIT_MS',
} as const;

/**
 * Every value written with setValues/appendRow goes through core's safeCell: text that Sheets would
 * read as a formula (starting with = + - @, tab, CR, or an apostrophe) gets a leading apostrophe. On
 * top of that, text columns are formatted '@' (plain text), which also stops ids turning into numbers
 * or dates. In a '@' cell Sheets keeps the apostrophe as typed, so cellString drops it on the way back.
 */
export const safeCell = (value: unknown): string | number | boolean => {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return coreSafeCell(value === null || value === undefined ? '' : String(value));
};

/**
 * Reads a cell back as text: '' for empty; nothing trimmed (ids are exact); a Date as its ISO
 * instant. The apostrophe safeCell adds is hidden by Sheets in an ordinary cell and kept as typed in a
 * plain-text one: either way the text read back is the text that was written.
 */
export function cellString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Object.prototype.toString.call(value) === '[object Date]') {
    const d = value as Date;
    return Number.isNaN(d.getTime()) ? '' : d.toISOString();
  }
  const s = String(value);
  return /^'[=+\-@\t\r']/.test(s) ? s.slice(1) : s;
}

/** A1 letters of a 1-based column (1 → A, 27 → AA). */
export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** [first, length] runs of consecutive column numbers, so contiguous columns are one call. */
export function columnRuns(cols: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const c of [...cols].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === c) last[1]++;
    else out.push([c, 1]);
  }
  return out;
}
