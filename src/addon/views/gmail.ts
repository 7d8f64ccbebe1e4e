/**
 * The Gmail host's own short cards (the manager's invitation panel is views/attendee.ts). Each is one
 * sentence: ordinary mail must render without touching Calendar or the network.
 */
import { ADDON_NAME } from './names';
import { card, paragraph, section } from './ui';

type Card = GoogleAppsScript.Card_Service.Card;

export const GMAIL_TEXT = {
  ordinary: 'Open the invitation to a CCM alignment meeting to see the plan and how to prepare.',
  notInCalendar: "This invitation's event is not in your calendar, so there is nothing to show here.",
  cancelled: 'This event was cancelled by its organizer.',
  organizer: 'This is your own alignment meeting. Open the event in Google Calendar to change the plan or confirm it.',
} as const;

/** One short card for the Gmail host. */
export function gmailNoticeCard(kind: keyof typeof GMAIL_TEXT): Card {
  return card(ADDON_NAME, null, [section(null, [paragraph(GMAIL_TEXT[kind])])]);
}
