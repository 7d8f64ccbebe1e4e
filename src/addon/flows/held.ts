/**
 * "Did it take place?" (issue 14 item 2; the rule: core/held.ts, the words: views/held.ts). The
 * coachee's Yes / No, from the event's panel or the homepage, is one `markHeld` round trip; the
 * gateway decides (only their own booking, only after its end) and answers with the room left. After
 * "No" the card offers to move the SAME event inside its own quarter (flows/move.ts: its notes,
 * guests and toolkit kept; booked again at the new time) while that quarter has time left, otherwise
 * the homepage's schedule form for the next meeting with room.
 */
import type { BookingView, PanelData } from '../../core/api';
import { CcmError } from '../../core/errors';
import { heldState } from '../../core/held';
import { MINUTE_MS } from '../../core/time';
import { callGateway } from '../adapters/gateway';
import { Budget, parameters, viewerTimeZone } from '../env';
import type { AddonEvent } from '../types';
import {
  type AfterNotHeld,
  heldAnsweredCard,
  heldNotification,
  MOVE_NEW_TIME_LABEL,
  SCHEDULE_NEW_LABEL,
} from '../views/held';
import { whenText } from '../views/view-model';
import { updateCard } from '../views/ui';
import { declinedFind } from './move';
import { homeFind } from './schedule';

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

export function markHeldAction(e: AddonEvent): GoogleAppsScript.Card_Service.ActionResponse {
  const p = parameters(e);
  const eventId = p.eventId || e.calendar?.id;
  if (!eventId || (p.held !== 'yes' && p.held !== 'no')) throw new CcmError('BAD_REQUEST');
  const held = p.held === 'yes';
  const answer = callGateway('markHeld', { eventId, held }, new Budget());
  const nowMs = Date.now();
  const tz = viewerTimeZone(e, answer.companyTimeZone);
  const state = heldState(answer.booking, nowMs);
  const next = state === 'no' ? afterNotHeld(answer, answer.booking, tz, nowMs) : null;
  return updateCard(heldAnsweredCard(whenText(answer.booking.start, tz), state, next), heldNotification(held));
}
