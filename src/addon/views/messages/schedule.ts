/**
 * What homepage scheduling and moving a declined meeting say (flows/schedule.ts, flows/move.ts,
 * flows/offers.ts, flows/shared.ts). Imported as a namespace, `SCHEDULE_TEXT`.
 */
export const stale = 'This card is out of date. Open the add-on’s homepage again.';
/** The homepage's "Find a time" lead: the next milestone, its recommended days, and what is searched. */
export const findLead = (label: string, range: string, passed: boolean) =>
  (passed
    ? `Next: ${label}. Its recommended time (${range}) has passed, so the next weeks are proposed instead.`
    : `Next: ${label}, recommended ${range}.`) +
  ' Find 60-minute times when you, your manager and your coach are all free (09:00–17:00, Monday to ' +
  'Friday, on each person’s own clock).';
export const pickDates = 'Pick the dates to search first.';
export const toBeforeFrom = 'The “To” date is before the “From” date.';
export const outsideEngagement = (range: string) =>
  `These dates are outside your engagement (${range}). Pick dates inside it.`;
export const inPast = 'These dates are in the past. Pick dates from today on.';
export const firstWeeks = (weeks: number) => `Only the first ${weeks} weeks were searched.`;
export const firstWeeksOfDates = (weeks: number) => `Only the first ${weeks} weeks of these dates were searched.`;
export const zoneUnread = (email: string, companyTz: string) =>
  `${email}’s time zone could not be read: their working hours are taken in the company’s time zone (${companyTz}).`;
export const pickStart = 'Pick the start date and time.';
export const length = (min: number, max: number) =>
  `The length must be a number of minutes between ${min} and ${max} (about 60 works best).`;
export const startInPast = 'Pick a start time in the future.';
/** After a refusal to write (the notes too long for the event): the refusal's own words first. */
export const nothingBooked = (why: string) => `${why} Nothing was booked: your allowance is as it was.`;
export const notCreated = (retryable: boolean) =>
  `Google Calendar could not create the meeting, so nothing was booked: your allowance is as it was. ` +
  `${retryable ? 'Please try again in a minute.' : 'Please try again.'}`;
export const notReleased = (hours: number) =>
  `Google Calendar could not create the meeting, and the booking could not be released just now. It is ` +
  `held as pending and released by itself within ${hours} hours if no event appears. Pressing Schedule ` +
  `again is safe: nothing is counted twice.`;
export const alreadyScheduled = 'Already scheduled: nothing was counted again.';
export const scheduled = 'Scheduled: your manager and coach are invited.';
export const scheduledPending =
  'Scheduled: your manager and coach are invited. The booking will be confirmed the next time you open the add-on.';
/** A plan from a button that named no milestone. */
export { meetingTitle as defaultLabel } from './coachee';
export const timePassed = 'This time has passed. Find another time.';
export const alreadyAt = (when: string) => `The meeting is already at ${when}.`;
export const moved = 'Moved: your manager and coach are told.';

/** The homepage's scheduling cards (views/schedule.ts): labels, headings and sentences. */
export const FIND_LABEL = 'Find times';
export const PICK_LABEL = 'Schedule a meeting';
export const SLOT_LABEL = 'Schedule';
export const SCHEDULE_LABEL = 'Schedule and invite';
export const HOME_LABEL = 'Back to my meetings';
/** On each suggestion for a meeting the manager declined: moves THAT event (flows/schedule.ts moveMeeting). */
export const MOVE_LABEL = 'Move the meeting here';
export const DEFAULT_TITLE = 'CCM alignment meeting';
export const FIND_AGAIN_LABEL = 'Find times again';
export const moveNote =
  'Moving keeps the meeting as it is (notes, guests, toolkit): only its time changes, and your manager and coach are told. It still counts once, in the same quarter.';
/** "a, b and c" */
export const both = (names: readonly string[]) =>
  names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? '');
/** "Times when you and mo@acme.test are free": exactly whose calendars were checked. */
export const checkedTitle = (checked: readonly string[]) => `Times when ${both(['you', ...checked])} are free`;
/** Whose calendars could not be seen (the bold part), then what to do about it. */
export const notSeen = (names: readonly string[]) =>
  `We could not see ${both(names)}’s calendar${names.length > 1 ? 's' : ''}`;
export const checkWith = (names: readonly string[]) =>
  `: check these times with ${names.length > 1 ? 'them' : names[0]!} before you schedule. Say where they work and ` +
  'their working hours (09:00–17:00 on their clock) are kept too.';
export const whereWorks = (email: string) => `Where ${email} works (time zone)`;
export const zoneNotKnown = 'Not known';
export const keptHours = (email: string, zone: string) => `Times below keep to ${email}’s working hours in ${zone}.`;
export const noTime =
  'No time in these dates fits everyone’s working hours (09:00–17:00, Monday to Friday, on each person’s own clock) and calendars. Try other dates on the previous card, or pick a time yourself.';
export const rangeMinutes = (range: string, minutes: number) => `${range} · ${minutes} minutes`;
export const suggestionsTitle = 'Suggestions (your time)';
export const pickMyself = 'Pick a time myself';
export const start = 'Start';
export const lengthTitle = 'Length (minutes)';
export const lengthHint = 'About 60 minutes works best';
export const title = 'Title';
export const atSuggested = (others: string) => `At the suggested time: ${others}`;
export const formTitle = 'Schedule the alignment meeting';
export const withPeople = (manager: string, coach: string) => `With ${manager} and ${coach}`;
export const formLead =
  'The add-on books your allowance, creates the event in your calendar with the meeting notes and the toolkit, and invites your manager and coach, all in one step.';
export const when = 'When';
/** What scheduling did, after "Booked" (the bold part). */
export const done = (manager: string, coach: string, toolkit: boolean) =>
  `${manager} and ${coach} are invited, the meeting notes are in the event description` +
  (toolkit ? ', the manager toolkit is attached.' : '.');
export const scheduledTitle = 'Alignment meeting scheduled';
export const booked = 'Booked and in your calendar.';
export const notConfirmedYet =
  'The meeting is created, but its booking could not be confirmed just now: it is held for you, and it will be confirmed the next time you open the add-on.';
export const openInCalendar = 'Open in Google Calendar';
export const noTimeLeftTitle = 'No time left to move it to';
/** A declined meeting's quarter has no working day left (the first part is bold). */
export const quarterEnds = (quarter: string, lastDay: string) => `${quarter} ends on ${lastDay}`;
export const noTimeLeft =
  ': no working day is left in it to move this meeting to. Cancel it from its event if it will not take place, and find a time in the next quarter from the homepage.';
export const movedTitle = 'Alignment meeting moved';
/** The moved card's lead (the first part is bold). */
export const movedTo = (when: string) => `Moved to ${when}.`;
export const guestsTold = 'Your manager and coach are told; the notes, guests and toolkit stay as they were.';
export const countsOnceIn = 'It still counts once, in';
