/**
 * What the coachee's panel and homepage offer next, as the parameters of the button that leads there:
 * "Find a time" for the next meeting with room (the homepage's schedule flow), "Find another time"
 * for a meeting the manager declined (the move flow), and, after "No, it did not take place", one of
 * the two. The flows and the homepage ask here, so no flow imports another for these.
 */
import type { BookingView, EngagementView, PanelData } from '../../core/api';
import { declinedMoveWindow } from '../../core/allowance';
import { civilDateOf, formatCivilDate, MINUTE_MS } from '../../core/time';
import { eventTimes, type CalEvent } from '../adapters/calendar';
import type { FindTimeModel } from '../views/coachee-home';
import { type AfterNotHeld, MOVE_NEW_TIME_LABEL, SCHEDULE_NEW_LABEL } from '../views/held';
import { rangeText } from '../views/view-model';
import { encodePrevious } from './carry';
import { defaultDates, moveParamsOf, planParams, type Move, type Plan } from './shared';
import * as SCHEDULE_TEXT from '../views/messages/schedule';

/** The plan a find-a-time button carries: the engagement's people and days, and the window [from, to) to search. */
function planFor(eng: EngagementView, companyTz: string, winFrom: string, winTo: string, label: string): Plan {
  return {
    manager: eng.manager,
    coach: eng.coach,
    coachLink: eng.videoLink ?? '',
    companyTz,
    engStart: eng.start,
    engEnd: eng.end,
    winFrom,
    winTo,
    label,
  };
}

/** The homepage's "Find a time" section, or null when nothing can be booked now. */
export function homeFind(data: PanelData, timeZone: string, nowMs: number): FindTimeModel | null {
  const eng = data.engagement;
  const milestone = data.allowance?.nextMilestone;
  if (!eng || eng.status !== 'active' || !milestone) return null;
  const plan = planFor(eng, data.companyTimeZone, milestone.from, milestone.to, milestone.label);
  plan.milestone = milestone.id;
  // Ids and start times only (no plan text): the schedule form reads those events itself.
  const prev = encodePrevious(data.bookings);
  if (prev) plan.prev = prev;
  const dates = defaultDates(plan, nowMs, timeZone);
  if (!dates) return null;
  return {
    params: planParams(plan),
    from: dates.from,
    to: dates.to,
    lead: SCHEDULE_TEXT.findLead(milestone.label, rangeText(milestone.from, milestone.to), dates.passed),
  };
}

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
  const [from, to] = open ? [w.fromMs, w.toMs] : [w.quarter.startMs, w.quarter.endMs];
  const plan = planFor(eng, data.companyTimeZone, day(from), day(to), w.quarter.label);
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

type RoomData = Pick<PanelData, 'engagement' | 'allowance' | 'companyTimeZone'> & Partial<PanelData>;

/** What to offer once a meeting did not take place: move it within its quarter, or schedule anew. */
export function afterNotHeld(data: RoomData, booking: BookingView, tz: string, nowMs: number): AfterNotHeld | null {
  const panel = { decision: null, ...data } as PanelData;
  const ev = { id: booking.eventId, start: { dateTime: booking.start }, end: { dateTime: booking.end } };
  const move = declinedFind(panel, booking, ev, tz, nowMs);
  // Room for the meeting's length in its own window (else suggestTimes would say there is no time left).
  if (move && Number(move.moveTo) - Number(move.moveFrom) >= Number(move.minutes) * MINUTE_MS)
    return { label: MOVE_NEW_TIME_LABEL, action: 'suggestTimes', params: move };
  const find = homeFind(panel, tz, nowMs);
  return find ? { label: SCHEDULE_NEW_LABEL, action: 'openSchedule', params: find.params } : null;
}
