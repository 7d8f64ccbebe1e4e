/**
 * Moving a meeting the manager declined (issue 13 item 10): "Find another time" searches the
 * meeting's OWN quarter or milestone window (core/allowance.ts declinedMoveWindow) with the homepage's
 * find-a-time (schedule.ts suggestTimes), and "Move the meeting here" moves the same event.
 */
import type { BookingView, PanelData } from '../../core/api';
import { declinedMoveWindow } from '../../core/allowance';
import { CcmError } from '../../core/errors';
import { civilDateOf, formatCivilDate, MINUTE_MS } from '../../core/time';
import { eventTimes, getEvent, type CalEvent } from '../adapters/calendar';
import { callGateway } from '../adapters/gateway';
import { Budget, currentUserEmail, parameters, viewerTimeZone } from '../env';
import type { AddonEvent } from '../types';
import { titleText, whenText } from '../views/view-model';
import { movedCard } from '../views/schedule';
import { notify } from '../views/ui';
import { NOTIFIED_START_KEY, writeWithEtag } from './enrich';
import { isOrganizer, rememberBooking } from './facts';
import {
  DEFAULT_MINUTES,
  EVENT_ID_ANY,
  MAX_MINUTES,
  MIN_MINUTES,
  planParams,
  readPlan,
  STALE,
  type Plan,
} from './schedule';

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

/**
 * "Find another time" for a meeting the manager declined: a search in ITS OWN quarter (or six-month
 * milestone window, core/allowance.ts declinedMoveWindow) whose suggestions move that event; null
 * when the meeting cannot be placed (no quarter shown, unreadable times).
 */
export function declinedFind(
  data: PanelData,
  booking: BookingView,
  ev: CalEvent,
  timeZone: string,
  nowMs: number,
): Record<string, string> | null {
  const eng = data.engagement;
  const shown = data.allowance?.quarter ?? data.decision?.quarter ?? null;
  const { start, end } = eventTimes(ev);
  const [startMs, endMs] = [Date.parse(start), Date.parse(end)];
  if (!eng || eng.status !== 'active' || !shown || !(endMs > startMs) || !ev.id) return null;
  const w = declinedMoveWindow({
    meetingStartMs: startMs,
    engagement: eng,
    ...(booking.milestone ? { milestone: booking.milestone } : {}),
    shown,
    companyTimeZone: data.companyTimeZone,
    nowMs,
    dayZone: timeZone,
  });
  if (!w) return null;
  const day = (ms: number) => formatCivilDate(civilDateOf(ms, data.companyTimeZone));
  const open = w.fromMs < w.toMs;
  const plan: Plan = {
    manager: eng.manager,
    coach: eng.coach,
    coachLink: eng.videoLink ?? '',
    companyTz: data.companyTimeZone,
    engStart: eng.start,
    engEnd: eng.end,
    winFrom: day(open ? w.fromMs : w.quarter.startMs),
    winTo: day(open ? w.toMs : w.quarter.endMs),
    label: w.quarter.label,
  };
  const move: Move = {
    eventId: ev.id,
    calendarId: booking.calendarId ?? '',
    fromMs: w.fromMs,
    toMs: w.toMs,
    minutes: Math.round((endMs - startMs) / MINUTE_MS),
    quarter: w.quarter.label,
  };
  return { ...planParams(plan), ...moveParamsOf(move) };
}

/**
 * "Move the meeting here" (a suggestion for a meeting the manager declined): the SAME event moves to
 * the suggested start, keeping its length and everything else (description, guests, toolkit). The
 * gateway decides first (`book` again, confirmed, at the new times: the same booking re-dated,
 * nothing counted twice; a refusal reaches the coachee before anything is sent); then the event's
 * start and end are patched with its etag, guests told (sendUpdates all). Should that patch fail,
 * the booking is put back at the event's times (best effort: the next open reconciles it anyway).
 */
export function moveMeeting(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  const budget = new Budget();
  const me = currentUserEmail();
  const p = parameters(e);
  const move = readMove(p);
  const plan = readPlan(e);
  const startMs = Number(p.start);
  if (!move || !(startMs > 0)) throw new CcmError('BAD_REQUEST', STALE);
  const tz = viewerTimeZone(e, plan.companyTz);
  if (startMs <= Date.now()) return notify('This time has passed. Find another time.');
  const calendarId = move.calendarId || 'primary';
  budget.check('calendar get');
  const ev = getEvent(calendarId, move.eventId);
  if (!ev || ev.status === 'cancelled') throw new CcmError('EVENT_NOT_FOUND');
  if (!isOrganizer(ev, me)) throw new CcmError('BAD_REQUEST', STALE);
  const was = eventTimes(ev);
  const length = Date.parse(was.end) - Date.parse(was.start);
  if (!(length > 0)) throw new CcmError('BAD_REQUEST', STALE);
  const start = new Date(startMs).toISOString();
  const end = new Date(startMs + length).toISOString();
  if (Date.parse(was.start) === startMs) return notify(`The meeting is already at ${whenText(start, tz)}.`);
  // Only inside the window this card searched (its own quarter): anything else is a stale card.
  if (startMs < move.fromMs || startMs + length > move.toMs) throw new CcmError('BAD_REQUEST', STALE);
  const ref = (s: string, t: string) => ({
    eventId: move.eventId,
    start: s,
    end: t,
    ...(move.calendarId && move.calendarId !== 'primary' ? { calendarId: move.calendarId } : {}),
  });
  // 1. The decision, before anyone is told anything.
  const booked = callGateway('book', { event: ref(start, end), status: 'confirmed' }, budget);
  rememberBooking(move.eventId, true, move.calendarId || undefined);
  // 2. The event itself: only its times (and the time guests were told, on the organizer's copy).
  const build = (cur: CalEvent): CalEvent => ({
    start: { dateTime: start, ...(cur.start?.timeZone ? { timeZone: cur.start.timeZone } : {}) },
    end: { dateTime: end, ...(cur.end?.timeZone ? { timeZone: cur.end.timeZone } : {}) },
    extendedProperties: { private: { ...(cur.extendedProperties?.private ?? {}), [NOTIFIED_START_KEY]: start } },
  });
  let moved: CalEvent;
  try {
    budget.check('calendar move');
    moved = writeWithEtag(calendarId, ev, build, budget, 'all').event;
  } catch (err) {
    console.warn(`ccm: move ${move.eventId}: not moved (${err instanceof CcmError ? err.code : 'error'})`);
    try {
      callGateway('book', { event: ref(was.start, was.end), status: 'confirmed' }, budget);
    } catch {
      // The next open reports the event's real times and the booking follows them.
    }
    throw err;
  }
  console.log(`ccm: moved ${move.eventId}`);
  const done = movedCard({
    title: titleText(moved.summary),
    when: whenText(moved.start?.dateTime ?? start, tz),
    quarter: booked.decision.quarter?.label ?? move.quarter,
    link: moved.htmlLink ?? null,
  });
  return CardService.newActionResponseBuilder()
    .setNavigation(CardService.newNavigation().popToRoot().updateCard(done))
    .setNotification(CardService.newNotification().setText('Moved: your manager and coach are told.'))
    .build();
}
