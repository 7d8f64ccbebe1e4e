/**
 * "Did it take place?" (issue 14 item 2; the rule: core/held.ts, the words: views/held.ts). The
 * coachee's Yes / No, from the event's panel or the homepage, is one `markHeld` round trip; the
 * gateway decides (only their own booking, only after its end) and answers with the room left. After
 * "No" the card offers to move the SAME event inside its own quarter (flows/move.ts: its notes,
 * guests and toolkit kept; booked again at the new time) while that quarter has time left, otherwise
 * the homepage's schedule form for the next meeting with room (offers.ts afterNotHeld).
 */
import { CcmError } from '../../core/errors';
import { heldState } from '../../core/held';
import { callGateway } from '../adapters/gateway';
import { Budget, parameters, viewerTimeZone } from '../env';
import type { AddonEvent } from '../types';
import { heldAnsweredCard, heldNotification } from '../views/held';
import { whenText } from '../views/view-model';
import { updateCard } from '../views/ui';
import { afterNotHeld } from './offers';

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
