/**
 * Reading the open Gmail message (with the per-message access token the host hands the add-on), only
 * as far as needed to tell whether it is a calendar invitation and which event it is about.
 * This file never calls Calendar or UrlFetch: ordinary mail must cost neither.
 */
import { eventIdFromBody, icsUid, isIcsAttachment } from '../invite';
import type { AddonEvent } from '../types';

export interface InviteRef {
  /** From an eid link (route A). */
  eventId: string | null;
  /** From invite.ics (route B). */
  iCalUID: string | null;
}

/** The open message; null when the event object carries no message. */
export function openMessage(e: AddonEvent): GoogleAppsScript.Gmail.GmailMessage | null {
  const messageId = e.gmail?.messageId ?? e.messageMetadata?.messageId;
  const token = e.gmail?.accessToken ?? e.messageMetadata?.accessToken;
  if (!messageId || !token) return null;
  GmailApp.setCurrentMessageAccessToken(token);
  return GmailApp.getMessageById(messageId);
}

/**
 * What the message says about an event, or null for ordinary mail. The body is looked at first
 * (one call); attachments only when the body has no Calendar link.
 */
export function inviteRefOf(message: GoogleAppsScript.Gmail.GmailMessage): InviteRef | null {
  const body = message.getBody() ?? '';
  const eventId = eventIdFromBody(body);
  // Route B only when route A found nothing: with an eid, the attachments are not even listed.
  const iCalUID = eventId === null ? icsUidOf(message) : null;
  if (eventId === null && iCalUID === null) return null;
  return { eventId, iCalUID };
}

/** Attachments, read only when an eid was found but its event could not be fetched. */
export function icsUidOf(message: GoogleAppsScript.Gmail.GmailMessage): string | null {
  for (const att of message.getAttachments()) {
    if (!isIcsAttachment(att.getName(), att.getContentType())) continue;
    const uid = icsUid(att.getDataAsString());
    if (uid) return uid;
  }
  return null;
}
