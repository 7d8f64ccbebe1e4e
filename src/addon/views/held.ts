/**
 * "Did it take place?" (issue 14 item 2; the rule: core/held.ts): the question on the coachee's panel
 * after a meeting's end and on their homepage for the latest unanswered one, what the panel says once
 * it is answered (or presumed), and the card after an answer ("No" offers to move it or schedule).
 */
import { type HeldState, PRESUMED_HELD_DAYS } from '../../core/held';
import { button, buttons, card, html, paragraph, section, type Widget } from './ui';

export const HELD_QUESTION = 'Did it take place?';
export const HELD_YES_LABEL = 'Yes';
export const HELD_NO_LABEL = 'No';
/** After "No": the same event moved inside its own quarter (flows/move.ts). */
export const MOVE_NEW_TIME_LABEL = 'Move it to a new time';
/** After "No", when its quarter has no time left: the homepage's schedule form. */
export const SCHEDULE_NEW_LABEL = 'Schedule a new time';

/** What to offer after "No": a button's label, action and parameters (null: nothing to offer). */
export interface AfterNotHeld {
  label: string;
  action: 'suggestTimes' | 'openSchedule';
  params: Record<string, string>;
}

const ASK_TEXT = `“No” gives the allowance back. Without an answer it counts as held ${PRESUMED_HELD_DAYS} days after its end.`;

const HELD_TEXT: Partial<Record<HeldState, string>> = {
  yes: 'Held: you said this meeting took place. It stays counted and can no longer be cancelled.',
  presumed: `Held: nobody said otherwise within ${PRESUMED_HELD_DAYS} days of its end, so it counts as held and can no longer be cancelled.`,
  no: 'You said this meeting did not take place: it no longer counts, and the allowance is back.',
};

/** The question, or what the answer was; `next` follows a "No". */
export function heldWidgets(state: HeldState, eventId: string, next: AfterNotHeld | null): Widget[] {
  if (state === 'unanswered') {
    const ask = (held: 'yes' | 'no') => ({ eventId, held });
    return [
      paragraph(html`<b>${HELD_QUESTION}</b> ${ASK_TEXT}`),
      buttons([button(HELD_YES_LABEL, 'markHeld', ask('yes'), true), button(HELD_NO_LABEL, 'markHeld', ask('no'))])!,
    ];
  }
  const text = HELD_TEXT[state];
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
  return card('Alignment meeting', title, [section(null, heldWidgets(state, '', next))], { name: 'held' });
}

/** A past meeting's status on the homepage list, once answered or presumed. */
export const HELD_STATUS: Partial<Record<HeldState, string>> = {
  yes: 'held',
  presumed: 'held (presumed)',
  no: 'did not take place',
};

/** The notification after an answer. */
export function heldNotification(held: boolean): string {
  return held ? 'Thanks: marked as held.' : 'Noted: it did not take place, and the allowance is back.';
}
