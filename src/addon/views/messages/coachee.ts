/**
 * What the coachee's panel says in notifications, notes and banners (flows/coachee.ts, views/coachee.ts,
 * and the schedule form's shared checks). Imported as a namespace, `COACHEE_TEXT`: each sentence is
 * written here once, and tests refer to it instead of repeating it.
 */
export const cancelledForEveryone =
  'Cancelled for everyone: Google Calendar told your guests, and your allowance is back.';
export const cancelledCounting =
  'Cancelled as your alignment meeting: the event stays in your calendar, but it no longer counts, and ' +
  'the allowance is back.';
/** After "Cancel the meeting" / "stop counting", what to do to meet or count it again. */
export const meetAgain = 'To meet again, create a new event.';
export const bookAgain = 'To book it again, open the event here and confirm.';
export const notesNotRemoved =
  'The meeting notes could not be taken out of the event description; you can delete them by hand.';
/** Said on a confirmed meeting (item 5): the event is private. */
export const privateNote =
  'Only the guests see the plan: the event is private, so anyone else who can see your calendar sees only "busy".';
/** "Checked 6 min ago": said when the panel shows the kept copy rather than a fresh answer. */
export const checked = (minutes: number) =>
  minutes < 1 ? 'Checked less than a minute ago.' : `Checked ${minutes} min ago.`;
/** Said above the plan when the form came back with problems marked next to their fields. */
export const fixFields = 'Fix what is marked in red, then confirm again. Nothing was booked or written.';
/** A form's problems as one notification (the first three). */
export const fixProblems = (problems: { message: string }[]) => {
  const shown = problems.slice(0, 3).map((p) => p.message);
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return `Please fix: ${shown.join(' ')}${more}`;
};
/** The notification with a review card. */
export const review = 'Nothing is booked yet: have a look at the notes, then book or edit the plan.';
export const allDay = 'An alignment meeting needs a start and end time: this is an all-day event.';
export const allDayRefusal =
  'An alignment meeting needs a start and end time: this is an all-day event. Give it a time, save, and ' +
  'open this panel again.';
export const newEvent = 'New event';
/** Follows ERRORS.NOTES_CHANGED's message above the form. */
export const notesChanged = 'Check them below and confirm to write your version again.';
export const notesEditedByHand =
  'The meeting notes in the event were edited by hand; what could be read is filled in below. Check it ' +
  'and confirm to rewrite them.';
export const notesMissing =
  'Your alignment meeting is booked, but its notes are not in the event yet (the last attempt to write ' +
  'them did not go through). Fill them in and press the button below: nothing is counted twice.';
/** Said when this action waited for another one (two windows pressed at once). */
export const changedMeanwhile =
  'Another change to your alignment meeting (from another window) finished just before this one; this ' +
  'is the state after both.';
export const stillRunning =
  'Another change to this alignment meeting is still running. Please try again in a few seconds.';
/** Why the notes could not be written after the booking, when Calendar answered 412 twice. */
export const changedElsewhere = 'the event was being changed somewhere else at the same moment';
export const notesNotWritten = (why: string) =>
  `Your alignment meeting is booked, but the meeting notes could not be written to the event (${why}). ` +
  `Press Confirm again: it is safe, nothing is counted twice.`;
export const notesPendingBanner = 'Booked; the meeting notes still need writing.';
export const updated = 'Updated: your meeting notes are saved; nothing was counted again.';
export const confirmed = (decision: string) => `Confirmed. ${decision}`;
export const updatedBanner = 'Updated.';
export const confirmedBanner = 'Confirmed.';
export const seeNotes = ' See the notes in the panel.';
export const invited = ' Your manager and coach are invited.';
export const cannotAddGuests =
  'This event does not let the add-on add guests. Invite your manager and coach in the event editor.';
export const alreadyInvited = 'Your manager and coach are already invited.';

/** The steps of earlier meetings on the next meeting's form (views/carry.ts). */
export const CARRY_TITLE = 'From your last meeting';
export const CARRY_WRAP_TITLE = 'Your program’s action plan';
export const carryLead = 'Keep a step in this plan, or mark it done in the notes of the meeting it came from.';
export const CARRY_CHOICE = { keep: 'Keep it in the new plan', done: 'Done' } as const;
/** A carried step's due date, after its owner. */
export const carryDue = (day: string) => `due ${day}`;
/** After the new meeting is booked: the steps that could not be marked done in their old notes. */
export const notMarkedDone = (steps: readonly string[]) =>
  ` Not marked done in the earlier meeting’s notes (Calendar refused): ${steps.join('; ')}.`;

/** The header of the coachee's cards about one meeting (panel, review, cancel, held). */
export const meetingTitle = 'Alignment meeting';
/** Before the warnings that never block a booking: the first part is bold. */
export const worthALook = 'Worth a look';
export const neverBlock = '(these never block):';
/** The milestone and quarter a booking counts as. */
export const countsAs = 'This meeting counts as';
