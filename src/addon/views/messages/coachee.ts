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
/** Why, when the event moved between the panel's read and the booking (nothing written for either time). */
export const movedMeanwhile = 'its time changed after this panel read it';
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

/** The coachee's panel (views/coachee.ts): its buttons. */
export const CONFIRM_LABEL = 'Confirm alignment meeting';
export const UPDATE_LABEL = 'Update alignment meeting';
export const ADD_LABEL = 'Add manager, coach and toolkit';
/** Homepage scheduling (find a time, then create the whole meeting): it knows the date before anything is sent. */
export const SCHEDULE_INSTEAD_LABEL = 'Schedule from the homepage';
export const CANCEL_MEETING_LABEL = 'Cancel the meeting';
export const STOP_COUNTING_LABEL = 'Keep the event, stop counting it';
export const REFRESH_LABEL = 'Refresh';
export const ADD_STEP_LABEL = 'Add a step';
export const BOOK_ANYWAY_LABEL = 'Book anyway';
export const EDIT_PLAN_LABEL = 'Edit the plan';
export const CANCEL_YES = { meeting: 'Yes, cancel it for everyone', counting: 'Yes, stop counting it' } as const;
export const GO_BACK_LABEL = 'Go back';
/** This event's booking, as the panel's status says it. */
export const pendingStatus =
  'Booked, but the meeting notes are not yet written to the event. Press Confirm to finish: nothing is counted twice.';
export const cancelledStatus =
  'Cancelled: this event no longer counts as an alignment meeting, and the allowance is back. Confirm again to book it.';
export const expiredStatus =
  'An earlier booking for this event was never completed and has lapsed. Confirm to book it again.';
export const notConfirmedStatus =
  'Not confirmed yet. Fill in the plan below and confirm to make this your alignment meeting.';
export const manager = 'Manager';
export const coach = 'Coach';
/** The allowance: this quarter's use, the next quarter and milestone. */
export const quarterOf = (which: string, label: string) => `${which}: ${label}`;
export const thisQuarter = 'This quarter';
export const nextQuarter = 'Next quarter';
export const usedOf = (used: number, limit: number) => `${used} of ${limit} used`;
export const nextQuarterOpens = 'Next quarter opens';
export const nextMilestone = 'Next milestone';
export const recommended = (range: string) => `Recommended ${range}`;
/** A used quarter, by the meetings that used it (their days). */
export const usedBy = (days: readonly string[]) =>
  days.length > 0 ? `used, by your meeting on ${days.join(' and ')}` : 'used';
// The ledger keeps milestone ids (core/allowance.ts MILESTONE_LABELS for the six-month ones).
export const MILESTONE_TEXT: Record<string, string> = {
  initial: 'Initial meeting',
  'wrap-up': 'Program wrap-up',
  quarterly: 'Quarterly alignment',
};
export const SIX_MONTH_MILESTONES: ReadonlyArray<[string, string]> = [
  ['initial', MILESTONE_TEXT.initial!],
  ['wrap-up', MILESTONE_TEXT['wrap-up']!],
];
export const bookedOn = (day: string) => `booked, your meeting on ${day}`;
export const notBookedYet = 'not booked yet';
export const nextWithRoom = 'Next with room';
export const fromDay = (day: string) => `from ${day}`;
/** Before the save the panel cannot see the date (the first part of each is bold). */
export const dateUnseen = 'This panel cannot see the event’s date until it is saved.';
export const usedQuarterRefused = (day: string) =>
  `A meeting dated in a quarter that is already used is refused after the save, when your manager and coach have already been invited: date it from ${day}.`;
export const noRoom = 'There is no room for another alignment meeting in your engagement:';
export const refusedAfterSave =
  'this event would be refused after the save, when your manager and coach have already been invited.';
export const scheduleChecksFirst = 'Scheduling from the homepage checks the date before anything is sent or counted.';
export const cannotBook = "Can't be booked:";
/** The plan form (panel and homepage schedule form). */
export const OWNER_CHOICES = { coachee: 'Me', manager: 'My manager', coach: 'My coach', together: 'Together' } as const;
export const step = (n: number) => `Step ${n}`;
export const stepWho = (n: number) => `Step ${n}: who`;
export const stepDue = (n: number) => `Step ${n}: due`;
export const stepHint = 'What will be done';
export const coachRoleTitle = "Your coach's role";
export const planTitle = 'Your plan';
export const goal = 'Goal';
export const goalHint = 'What you want to work on with your manager’s support';
export const agenda = 'Agenda';
export const agendaHint = 'One item per line';
export const actionPlan = 'Action plan';
export const roleAndLink = 'Your coach’s role and the link';
export const videoLink = 'Video link';
export const videoLinkHint = 'Your coach’s link unless you change it';
/** An unsaved event's next steps. */
export const nextSteps = 'Next steps';
export const quarterUsedStep =
  'This quarter’s alignment meeting is used: schedule the next one from the homepage (below).';
export const singleEvent = 'Keep it a single event: a repeating event (a series) cannot be an alignment meeting.';
export const guestsThere = 'Your manager and your coach are on the guest list.';
export const addWithButton = 'Add your manager, your coach and the toolkit with the button below.';
export const inviteInEditor = 'Invite your manager and your coach in the event editor.';
export const saveEvent = 'Save the event.';
export const openAgain = 'Then open it again here to write your goal, agenda and action plan, and confirm.';
export const turnInto = 'Turn this event into your CCM alignment meeting.';
export const who = 'Who';
export const allowanceTitle = 'Your allowance';
export const thisMeeting = 'This meeting';
/** The review before booking. */
export const reviewTitle = 'Before you book';
export const nothingSentYet =
  'Nothing is booked or sent yet. Edit the plan, or book it as it is: your manager and coach will see it in the invitation.';
/** "Are you sure": what each way of cancelling does. */
const noLongerCounts = 'It no longer counts as your alignment meeting, and the allowance is back.';
export const CANCEL_TITLE = { meeting: 'Cancel the meeting?', counting: 'Stop counting this event?' } as const;
export const CANCEL_EFFECTS = {
  meeting: [
    'The event is cancelled for everyone: Google Calendar sends your manager, your coach and any other guests its own cancellation.',
    noLongerCounts,
  ],
  counting: [
    'The event stays in everyone’s calendar, with its guests and your own text.',
    'The meeting notes and the alignment-meeting mark come out of it; your guests get no e-mail.',
    noLongerCounts,
  ],
} as const;

/** The coachee's homepage (views/coachee-home.ts). */
export const FIND_ANOTHER_LABEL = 'Find another time';
/** Said when the manager declined the invitation (panel and homepage). */
export const declinedText = (manager: string) =>
  `${manager} declined this meeting. Find another time that suits all three of you and move the event there; it keeps counting once, at its new time.`;
/** Said when the manager confirmed "I support this goal" (panel and homepage). */
export const supportText = (day: string) => `Your manager confirmed support on ${day}.`;
const RESPONSE_WORDS = {
  accepted: 'accepted',
  declined: 'declined',
  tentative: 'maybe',
  none: 'no answer yet',
} as const;
/** The manager's RSVP in words (panel and homepage). */
export const responseText = (r: keyof typeof RESPONSE_WORDS) =>
  `Your manager's answer to the invitation: ${RESPONSE_WORDS[r]}.`;
/** A listed booking's status. */
export const STATUS_TEXT = {
  confirmed: 'confirmed',
  pending: 'booked; not in your calendar yet',
  cancelled: 'cancelled',
  expired: 'lapsed (never saved)',
} as const;
export const from = 'From';
export const to = 'To';
export const homeTitle = 'Your alignment meetings';
export const engagementRange = (range: string) => `Engagement ${range}`;
export const lastMeeting = 'Your last alignment meeting';
export const allowance = 'Allowance';
export const upcoming = 'Upcoming';
export const noneBooked = 'No alignment meeting booked yet.';
export const past = 'Past';
export const findTitle = 'Find a time';
export const fromEvent = 'Or book from an event';
export const fromEventHow =
  'You can also create an event in Google Calendar for you, your manager and your coach (about 60 minutes, online), open this add-on’s panel on it, and follow the steps there.';
export const whatFor = 'What the meeting is for';
