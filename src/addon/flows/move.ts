/**
 * Moving a meeting the manager declined (issue 13 item 10): "Find another time" searches the
 * meeting's OWN quarter or milestone window (offers.ts declinedFind, core/allowance.ts declinedMoveWindow)
 * with the homepage's find-a-time (schedule.ts suggestTimes), and "Move the meeting here" moves the same event.
 */
import { CcmError, failureLabel } from '../../core/errors';
import { eventTimes, getEvent, type CalEvent } from '../adapters/calendar';
import { callGateway } from '../adapters/gateway';
import { Budget, currentUserEmail, parameters, viewerTimeZone } from '../env';
import type { AddonEvent } from '../types';
import { titleText, whenText } from '../views/view-model';
import { notify } from '../views/ui';
import { NOTIFIED_START_KEY, writeWithEtag } from './enrich';
import { isOrganizer, rememberBooking } from './facts';
import { movedCard } from '../views/schedule';
import { readMove, readPlan } from './shared';
import * as SCHEDULE_TEXT from '../views/messages/schedule';

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
  if (!move || !(startMs > 0)) throw new CcmError('BAD_REQUEST', SCHEDULE_TEXT.stale);
  const tz = viewerTimeZone(e, plan.companyTz);
  if (startMs <= Date.now()) return notify(SCHEDULE_TEXT.timePassed);
  const calendarId = move.calendarId || 'primary';
  budget.check('calendar get');
  const ev = getEvent(calendarId, move.eventId);
  if (!ev || ev.status === 'cancelled') throw new CcmError('EVENT_NOT_FOUND');
  if (!isOrganizer(ev, me)) throw new CcmError('BAD_REQUEST', SCHEDULE_TEXT.stale);
  const was = eventTimes(ev);
  const length = Date.parse(was.end) - Date.parse(was.start);
  if (!(length > 0)) throw new CcmError('BAD_REQUEST', SCHEDULE_TEXT.stale);
  const start = new Date(startMs).toISOString();
  const end = new Date(startMs + length).toISOString();
  if (Date.parse(was.start) === startMs) return notify(SCHEDULE_TEXT.alreadyAt(whenText(start, tz)));
  // Only inside the window this card searched (its own quarter): anything else is a stale card.
  if (startMs < move.fromMs || startMs + length > move.toMs) throw new CcmError('BAD_REQUEST', SCHEDULE_TEXT.stale);
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
    console.warn(`ccm: move ${move.eventId}: not moved (${failureLabel(err)})`);
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
    .setNotification(CardService.newNotification().setText(SCHEDULE_TEXT.moved))
    .build();
}
