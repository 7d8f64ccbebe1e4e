/**
 * What the cards that are not about one meeting say (views/info.ts): what the add-on is for, the
 * connection check, the neutral card, the toolkit's link and the error card. Imported as a namespace,
 * `INFO_TEXT`; the toolkit's own texts stay in core/toolkit.ts, error sentences in core/errors.ts.
 */
export const ABOUT_LINES = [
  'CCM Alignment helps a coachee, their manager and their coach hold a Coach-Coachee-Manager alignment meeting: a short meeting to agree on a development goal that serves the company, and on how the manager will support it.',
  'Coachees: create an event in Google Calendar, open this panel, add your manager, coach and the toolkit, save, then write your goal, agenda and action plan and confirm.',
  'Managers and coaches: open the invitation (in Calendar or Gmail) to see the plan, your part in it, and how to prepare.',
];
export const aboutSubtitle = 'Coach-Coachee-Manager alignment meetings';
/** On the organizer's own event: a coachee just added to the program asks again at once. */
export const recheck = 'I am a coachee: check again';
export const aboutTitle = 'What this add-on is for';
export const goodToKnow = 'Good to know';
export const managerToolkit = 'Manager toolkit';
export const checkConnection = 'Check connection';
export const connectionTitle = 'Connection check';
export const needsFixing = 'What needs fixing';
export const setupDetails = 'Setup details';
export const clientId = "This add-on's OAuth client id (the gateway's ADDON_CLIENT_ID)";
export const notAvailable = 'not available';
export const addonVersion = 'Add-on version';
export const gatewayVersion = 'Gateway version';
export const checkAgain = 'Check again';
/** For anyone with no part in a meeting. */
export const nothingToDo = 'There is nothing for you to do in this panel for this event.';
export const orgToolkit = "Open your organisation's toolkit";
export const tryAgainTitle = 'Please try again';
export const tryAgain = 'Try again';
