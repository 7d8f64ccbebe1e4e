/**
 * What "Did it take place?" says (views/held.ts; the rule: core/held.ts): the question, its buttons, the
 * answer on the panel, the homepage list's status and the notification after an answer.
 */
import { type HeldState, PRESUMED_HELD_DAYS } from '../../../core/held';

export const HELD_QUESTION = 'Did it take place?';
export const HELD_YES_LABEL = 'Yes';
export const HELD_NO_LABEL = 'No';
/** After "No": the same event moved inside its own quarter (flows/move.ts). */
export const MOVE_NEW_TIME_LABEL = 'Move it to a new time';
/** After "No", when its quarter has no time left: the homepage's schedule form. */
export const SCHEDULE_NEW_LABEL = 'Schedule a new time';
/** Follows the question: what each answer (or none) does to the allowance. */
export const askWhy = `“No” gives the allowance back. Without an answer it counts as held ${PRESUMED_HELD_DAYS} days after its end.`;
/** What the panel says once the question is answered (or presumed). */
export const answered: Partial<Record<HeldState, string>> = {
  yes: 'Held: you said this meeting took place. It stays counted and can no longer be cancelled.',
  presumed: `Held: nobody said otherwise within ${PRESUMED_HELD_DAYS} days of its end, so it counts as held and can no longer be cancelled.`,
  no: 'You said this meeting did not take place: it no longer counts, and the allowance is back.',
};
/** The card after an answer: its header. */
export { meetingTitle as cardTitle } from './coachee';
/** A past meeting's status on the homepage list, once answered or presumed. */
export const HELD_STATUS: Partial<Record<HeldState, string>> = {
  yes: 'held',
  presumed: 'held (presumed)',
  no: 'did not take place',
};
/** The notification after an answer. */
export const notification = (held: boolean) =>
  held ? 'Thanks: marked as held.' : 'Noted: it did not take place, and the allowance is back.';
