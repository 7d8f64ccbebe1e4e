/**
 * What the Gmail host's short cards say (views/gmail.ts), one sentence each. One object, not a
 * namespace like the other messages modules: the card picks its sentence by kind.
 */
export const GMAIL_TEXT = {
  ordinary: 'Open the invitation to a CCM alignment meeting to see the plan and how to prepare.',
  notInCalendar: "This invitation's event is not in your calendar, so there is nothing to show here.",
  cancelled: 'This event was cancelled by its organizer.',
  organizer: 'This is your own alignment meeting. Open the event in Google Calendar to change the plan or confirm it.',
} as const;
