/**
 * Gmail host. The contextual trigger fires on EVERY opened message, so it returns fast: the message
 * is read (with the per-message token) and, unless it is a calendar invitation (an eid link or an
 * invite.ics), the short card comes back with no Calendar and no UrlFetch call at all.
 * An invitation is looked up in the reader's OWN calendar (eid first, the ICS UID second); a message
 * about an event the reader is not invited to (a forwarded invitation) shows nothing of it.
 */
import { findByICalUID, getEvent, type CalEvent } from './adapters/calendar';
import { icsUidOf, inviteRefOf, openMessage } from './adapters/gmail';
import { Budget, currentUserEmail, viewerTimeZone } from './env';
import { isOrganizer } from './flows/facts';
import { attendeePanel } from './flows/viewer';
import type { AddonEvent } from './types';
import { gmailNoticeCard } from './views/gmail';

/** The card for ordinary mail: short, and built without touching Calendar or the network. */
export function ordinaryMailCard(): GoogleAppsScript.Card_Service.Card {
  return gmailNoticeCard('ordinary');
}

export function gmailMessageCards(e: AddonEvent): GoogleAppsScript.Card_Service.Card[] {
  const message = openMessage(e);
  if (!message) return [ordinaryMailCard()];
  const ref = inviteRefOf(message);
  if (!ref) return [ordinaryMailCard()];

  // From here on the message is an invitation: Calendar (and the gateway) may be asked.
  const budget = new Budget();
  let ev: CalEvent | null = ref.eventId ? getEvent('primary', ref.eventId) : null;
  if (!ev) {
    const uid = ref.iCalUID ?? (ref.eventId ? icsUidOf(message) : null);
    if (uid) ev = findByICalUID(uid);
  }
  if (!ev) return [gmailNoticeCard('notInCalendar')];
  if (ev.status === 'cancelled') return [gmailNoticeCard('cancelled')];
  const me = currentUserEmail();
  if (isOrganizer(ev, me)) return [gmailNoticeCard('organizer')];
  return [attendeePanel(ev, me, budget, { compact: true, timeZone: viewerTimeZone(e, ev.start?.timeZone ?? 'UTC') })];
}
