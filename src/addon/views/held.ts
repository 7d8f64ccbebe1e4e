/**
 * "Did it take place?" (issue 14 item 2; the rule: core/held.ts): the question on the coachee's panel
 * after a meeting's end and on their homepage for the latest unanswered one, what the panel says once
 * it is answered (or presumed), and the card after an answer ("No" offers to move it or schedule).
 */
import type { HeldState } from '../../core/held';
import * as HELD_TEXT from './messages/held';
import { button, buttons, card, html, paragraph, section, type Widget } from './ui';

export {
  HELD_QUESTION,
  HELD_YES_LABEL,
  HELD_NO_LABEL,
  MOVE_NEW_TIME_LABEL,
  SCHEDULE_NEW_LABEL,
  HELD_STATUS,
} from './messages/held';

/** What to offer after "No": a button's label, action and parameters (null: nothing to offer). */
export interface AfterNotHeld {
  label: string;
  action: 'suggestTimes' | 'openSchedule';
  params: Record<string, string>;
}

/** The question, or what the answer was; `next` follows a "No". */
export function heldWidgets(state: HeldState, eventId: string, next: AfterNotHeld | null): Widget[] {
  if (state === 'unanswered') {
    const ask = (held: 'yes' | 'no') => ({ eventId, held });
    return [
      paragraph(html`<b>${HELD_TEXT.HELD_QUESTION}</b> ${HELD_TEXT.askWhy}`),
      buttons([
        button(HELD_TEXT.HELD_YES_LABEL, 'markHeld', ask('yes'), true),
        button(HELD_TEXT.HELD_NO_LABEL, 'markHeld', ask('no')),
      ])!,
    ];
  }
  const text = HELD_TEXT.answered[state];
  if (!text) return [];
  const out: Widget[] = [paragraph(text)];
  if (state === 'no' && next) out.push(buttons([button(next.label, next.action, next.params, true)])!);
  return out;
}

/** The card after an answer (replaces the panel or homepage; their next open shows the rest). */
export function heldAnsweredCard(
  title: string | null,
  state: HeldState,
  next: AfterNotHeld | null,
): GoogleAppsScript.Card_Service.Card {
  return card(HELD_TEXT.cardTitle, title, [section(null, heldWidgets(state, '', next))], { name: 'held' });
}

/** The notification after an answer. */
export const heldNotification = HELD_TEXT.notification;
