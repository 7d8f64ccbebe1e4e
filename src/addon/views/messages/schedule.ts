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
export const defaultLabel = 'Alignment meeting';
export const timePassed = 'This time has passed. Find another time.';
export const alreadyAt = (when: string) => `The meeting is already at ${when}.`;
export const moved = 'Moved: your manager and coach are told.';
