/**
 * What the coachee's flows share (the panel's coachee.ts, the homepage's schedule.ts, move.ts): the
 * plan form as typed, and what every find-a-time button carries (the plan, and for a declined meeting
 * the move), so no flow imports another for helpers. Person-facing words live in views/.
 */
import { CcmError } from '../../core/errors';
import { detectNotForTopics } from '../../core/guardrails';
import { COACH_ROLES, DEFAULT_COACH_ROLE, meetingTexts, type Meeting } from '../../core/meeting';
import { addDays, civilDateOf, formatCivilDate, isValidTimeZone, parseCivilDate } from '../../core/time';
import { parameters } from '../env';
import { actionRows, carriedInputs, rawMeetingForm } from '../form';
import type { AddonEvent } from '../types';
import type { CoacheeFormValues } from '../views/coachee';
import * as SCHEDULE_TEXT from '../views/messages/schedule';

// ---------------------------------------------------------------------------------------------
// The plan form as typed

/** Warnings the add-on computes itself from the plan text (the gateway never sees the text). */
export function topicWarnings(m: Partial<Meeting>): string[] {
  return detectNotForTopics(
    meetingTexts({ goal: m.goal ?? '', agenda: m.agenda ?? [], actionPlan: m.actionPlan ?? [] }),
  ).map((h) => h.explanation);
}

/** The plan form's values as typed (to show them again on the form). */
export function formValuesOf(inputs: Parameters<typeof rawMeetingForm>[0]): CoacheeFormValues {
  const raw = rawMeetingForm(inputs);
  const role = COACH_ROLES.find((r) => r === raw.coachRole) ?? DEFAULT_COACH_ROLE;
  return {
    goal: String(raw.goal),
    agenda: String(raw.agenda),
    actionPlan: actionRows(inputs),
    coachRole: role,
    videoLink: String(raw.videoLink),
  };
}

/** The inputs as typed: the card's own, or the ones a review card's button carries. */
export function typedInputs(e: AddonEvent) {
  return carriedInputs(parameters(e)) ?? e.commonEventObject?.formInputs;
}

// ---------------------------------------------------------------------------------------------
// What the find-a-time buttons carry

export const DEFAULT_MINUTES = 60;
export const MIN_MINUTES = 15;
export const MAX_MINUTES = 8 * 60;
/** Any event's id (an instance's id carries `_`; ids made in Calendar may use more letters). */
export const EVENT_ID_ANY = /^[A-Za-z0-9_-]{5,1024}$/;
/** When the recommended window has passed: look this far ahead instead. */
const FALLBACK_DAYS = 28;

/** What every scheduling button carries (action parameters are strings). */
export interface Plan {
  manager: string;
  coach: string;
  /** The coach's video link from the engagement ('' when none). */
  coachLink: string;
  companyTz: string;
  /** Engagement days [start, end), YYYY-MM-DD. */
  engStart: string;
  engEnd: string;
  /** The next milestone's recommended window [from, to) and its label. */
  winFrom: string;
  winTo: string;
  label: string;
  /** The next meeting's milestone id ('wrap-up' looks back at the whole program: core/carry.ts). */
  milestone?: string;
  /** The coachee's earlier meetings (flows/carry.ts encodePrevious): where the form's carried steps come from. */
  prev?: string;
}

export function planParams(p: Plan): Record<string, string> {
  return { ...p };
}

/** The plan from the pressed button's parameters; a card from an older version is refused as stale. */
export function readPlan(e: AddonEvent): Plan {
  const p = parameters(e);
  const plan: Plan = {
    manager: p.manager ?? '',
    coach: p.coach ?? '',
    coachLink: p.coachLink ?? '',
    companyTz: p.companyTz ?? '',
    engStart: p.engStart ?? '',
    engEnd: p.engEnd ?? '',
    winFrom: p.winFrom ?? '',
    winTo: p.winTo ?? '',
    label: p.label ?? SCHEDULE_TEXT.defaultLabel,
  };
  if (p.milestone) plan.milestone = p.milestone;
  if (p.prev) plan.prev = p.prev;
  const dates = [plan.engStart, plan.engEnd, plan.winFrom, plan.winTo].every((d) => parseCivilDate(d) !== null);
  if (!plan.manager || !plan.coach || !isValidTimeZone(plan.companyTz) || !dates)
    throw new CcmError('BAD_REQUEST', SCHEDULE_TEXT.stale);
  return plan;
}

export const maxDate = (a: string, b: string) => (a > b ? a : b);
export const minDate = (a: string, b: string) => (a < b ? a : b);
export const shift = (date: string, days: number) => formatCivilDate(addDays(parseCivilDate(date)!, days));

/**
 * The dates to search by default (both inclusive): the recommended window from today on, inside the
 * engagement; once that window has passed, the next four weeks. Null when nothing is left to search.
 */
export function defaultDates(
  plan: Plan,
  nowMs: number,
  timeZone: string,
): { from: string; to: string; passed: boolean } | null {
  const today = formatCivilDate(civilDateOf(nowMs, timeZone));
  let from = maxDate(maxDate(plan.winFrom, today), plan.engStart);
  let end = minDate(plan.winTo, plan.engEnd);
  let passed = false;
  if (end <= from) {
    passed = true;
    from = maxDate(today, plan.engStart);
    end = minDate(shift(from, FALLBACK_DAYS), plan.engEnd);
  }
  if (end <= from) return null;
  return { from, to: shift(end, -1), passed };
}

/** What "Find another time" for a declined meeting carries besides the plan (action parameters). */
export interface Move {
  eventId: string;
  /** The calendar the event is on ('' for the primary one). */
  calendarId: string;
  /** Where to search [fromMs, toMs): core/allowance.ts declinedMoveWindow. */
  fromMs: number;
  toMs: number;
  minutes: number;
  /** "Quarter 1", the quarter the meeting counts in. */
  quarter: string;
}

export function readMove(p: Record<string, string>): Move | null {
  if (!p.moveId) return null;
  const [fromMs, toMs, minutes] = [Number(p.moveFrom), Number(p.moveTo), Number(p.minutes)];
  if (!EVENT_ID_ANY.test(p.moveId) || !Number.isFinite(fromMs) || !Number.isFinite(toMs)) return null;
  return {
    eventId: p.moveId,
    calendarId: p.moveCal ?? '',
    fromMs,
    toMs,
    minutes: minutes >= MIN_MINUTES && minutes <= MAX_MINUTES ? minutes : DEFAULT_MINUTES,
    quarter: p.moveQuarter ?? '',
  };
}

export const moveParamsOf = (m: Move): Record<string, string> => ({
  moveId: m.eventId,
  moveCal: m.calendarId,
  moveFrom: String(m.fromMs),
  moveTo: String(m.toMs),
  minutes: String(m.minutes),
  moveQuarter: m.quarter,
});
