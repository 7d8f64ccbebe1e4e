/** What the Gmail host's short cards say (views/gmail.ts), one sentence each. Imported as `GMAIL_TEXT`. */
export const ordinary = 'Open the invitation to a CCM alignment meeting to see the plan and how to prepare.';
export const notInCalendar = "This invitation's event is not in your calendar, so there is nothing to show here.";
export const cancelled = 'This event was cancelled by its organizer.';
export const organizer =
  'This is your own alignment meeting. Open the event in Google Calendar to change the plan or confirm it.';
