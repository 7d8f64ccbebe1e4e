/**
 * The Gmail host's own short cards (the manager's invitation panel is views/attendee.ts). Each is one
 * sentence: ordinary mail must render without touching Calendar or the network.
 */
import { ADDON_NAME } from './names';
import { card, paragraph, section } from './ui';
import { GMAIL_TEXT } from './messages/gmail';

type Card = GoogleAppsScript.Card_Service.Card;

/** One short card for the Gmail host. */
export function gmailNoticeCard(kind: keyof typeof GMAIL_TEXT): Card {
  return card(ADDON_NAME, null, [section(null, [paragraph(GMAIL_TEXT[kind])])]);
}
