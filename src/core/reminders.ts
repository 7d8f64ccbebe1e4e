/**
 * The daily job's reminder rules (DESIGN rule 12): which reminder is due for whom, when, and the key
 * that makes each one go out at most once. Pure: the gateway's daily job (src/gateway/daily.ts) reads
 * the Sheet, asks these functions, records the keys and sends; the words are in reminder-mail.ts.
 *
 * Kinds:
 * - manager-prep: the manager, about MANAGER_REMINDER_DAYS before a confirmed meeting (or at the first
 *   run after booking when it was booked later than that), with the toolkit link.
 * - coachee-plan: the coachee, about COACHEE_PLAN_REMINDER_DAYS before, when the booking's "plan
 *   written" flag (metadata, set by the add-on at booking) says the action plan is still empty.
 * - milestone-open: a six-month coachee, once when a milestone's recommended window (initial: month 2;
 *   wrap-up: the last month) is open and nothing is booked for it.
 * - quarter-open: a quarterly coachee, once at the start of each quarter with nothing booked in it
 *   (within QUARTER_OPEN_DAYS of the quarter's first day, so a job deployed late does not nag).
 * - admin-digest: each program admin, once a week (keyed by the ISO week), who is due or overdue.
 * Each kind can be switched off in Settings (REMINDER_SETTINGS). No reminder carries plan text.
 */
import { allowanceStatus, type AllowanceSettings, type BookingRef } from './allowance';
import type { Engagement } from './engagement';
import { emailKey } from './email';
import { isActive, type BookingStatus } from './ledger';
import { addDays, civilDateOf, dayNumber, formatCivilDate, parseCivilDate, parseIsoInstant } from './time';

export const REMINDER_KINDS = [
  'manager-prep',
  'coachee-plan',
  'milestone-open',
  'quarter-open',
  'admin-digest',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** The Settings key that switches each kind off ("off", "no", "false" or "0"; anything else = on). */
export const REMINDER_SETTINGS: Record<ReminderKind, string> = {
  'manager-prep': 'remindManagers',
  'coachee-plan': 'remindCoacheePlan',
  'milestone-open': 'remindMilestones',
  'quarter-open': 'remindQuarterStart',
  'admin-digest': 'adminDigest',
};

export const MANAGER_REMINDER_DAYS = 7;
export const COACHEE_PLAN_REMINDER_DAYS = 2;
/** A quarter-start reminder goes out only in the first days of the quarter. */
export const QUARTER_OPEN_DAYS = 14;

export type ReminderSwitches = Record<ReminderKind, boolean>;

const settingKey = (k: string) => k.toLowerCase().replace(/[^a-z]/g, '');

/** Which kinds are on, from the Settings tab's key/value pairs (keys compared as the Sheet's: letters, any case). */
export function reminderSwitches(settings: Record<string, unknown>): ReminderSwitches {
  const byKey = new Map(Object.entries(settings).map(([k, v]) => [settingKey(k), v]));
  const out = {} as ReminderSwitches;
  for (const kind of REMINDER_KINDS) {
    const v = String(byKey.get(settingKey(REMINDER_SETTINGS[kind])) ?? '')
      .trim()
      .toLowerCase();
    out[kind] = !['off', 'no', 'false', '0'].includes(v);
  }
  return out;
}

/** The idempotency key of a reminder: kind + what it is about (a booking, a milestone, a week). */
export function reminderKey(kind: ReminderKind, subject: string): string {
  return `${kind}:${subject}`;
}

/** What the booking reminders need of a booking (metadata only). */
export interface ReminderBooking {
  bookingId: string;
  status: BookingStatus;
  /** ISO instant. */
  start: string;
  /** The add-on's yes/no "the action plan has at least one step" at booking; undefined = not known. */
  planWritten?: boolean;
}

/**
 * The booking reminders due at `nowMs` (not yet filtered by what was sent or switched off). Counted
 * in calendar days of the company's time zone: a job that runs once a day sends the 7-day reminder on
 * the day that is 7 days before the meeting's day, whatever the hour of either.
 */
export function bookingRemindersDue(
  b: ReminderBooking,
  nowMs: number,
  timeZone: string,
): { kind: ReminderKind; key: string }[] {
  if (b.status !== 'confirmed') return [];
  const start = parseIsoInstant(b.start);
  if (start === null || start <= nowMs) return [];
  const daysAhead = dayNumber(civilDateOf(start, timeZone)) - dayNumber(civilDateOf(nowMs, timeZone));
  const out: { kind: ReminderKind; key: string }[] = [];
  if (daysAhead <= MANAGER_REMINDER_DAYS)
    out.push({ kind: 'manager-prep', key: reminderKey('manager-prep', b.bookingId) });
  if (b.planWritten === false && daysAhead <= COACHEE_PLAN_REMINDER_DAYS)
    out.push({ kind: 'coachee-plan', key: reminderKey('coachee-plan', b.bookingId) });
  return out;
}

export interface MilestoneReminder {
  kind: 'milestone-open' | 'quarter-open';
  key: string;
  /** The milestone's label and recommended window (words for the mail, no content). */
  label: string;
  windowLabel: string;
}

/**
 * The milestone reminder due for one engagement today, or null: its next milestone's window is open
 * and nothing active is booked for it. Keyed by coachee, engagement start and milestone (six-month)
 * or quarter (quarterly), so each goes out once.
 */
export function milestoneReminderDue(
  engagement: Engagement,
  settings: AllowanceSettings,
  nowMs: number,
  bookings: readonly BookingRef[],
): MilestoneReminder | null {
  if (engagement.status !== 'active') return null;
  const s = allowanceStatus(engagement, settings, nowMs, bookings);
  if (s.phase !== 'running' || !s.nextMilestone || s.remaining <= 0) return null;
  const today = formatCivilDate(civilDateOf(nowMs, settings.timeZone));
  const m = s.nextMilestone;
  if (!(m.window.start <= today && today < m.window.end)) return null;
  const who = `${emailKey(engagement.coachee)}:${engagement.start}`;
  if (engagement.program === 'six-month') {
    return { kind: 'milestone-open', key: reminderKey('milestone-open', `${who}:${m.id}`), ...labels(m) };
  }
  if (!s.quarter || s.used > 0) return null;
  const quarterStart =
    formatCivilDate(s.quarter.start) < engagement.start ? engagement.start : formatCivilDate(s.quarter.start);
  const first = parseCivilDate(quarterStart)!;
  if (dayNumber(parseCivilDate(today)!) >= dayNumber(addDays(first, QUARTER_OPEN_DAYS))) return null;
  return { kind: 'quarter-open', key: reminderKey('quarter-open', `${who}:${s.quarter.key}`), ...labels(m) };
}

const labels = (m: { label: string; windowLabel: string }) => ({ label: m.label, windowLabel: m.windowLabel });

/** The weekly digest's key for an admin: their address and the ISO week (Monday's date) of today. */
export function digestKey(admin: string, nowMs: number, timeZone: string): string {
  const today = civilDateOf(nowMs, timeZone);
  const weekday = (new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() + 6) % 7;
  return reminderKey('admin-digest', `${emailKey(admin)}:${formatCivilDate(addDays(today, -weekday))}`);
}

/** The "plan written" flag the add-on sends with a booking: the action plan has a step (yes/no, no text). */
export function planWritten(meeting: { actionPlan: readonly { step: string }[] }): boolean {
  return meeting.actionPlan.some((a) => a.step.trim() !== '');
}

/** Active bookings only count as "something booked" (re-exported for the job's filters). */
export { isActive };
