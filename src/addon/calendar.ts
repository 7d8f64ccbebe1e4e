/**
 * Google Calendar host: the event side panel. `e.calendar` names the event but never carries its
 * title, description or times (PLATFORM.md), so the event is read with Calendar.Events.get; an event
 * Calendar does not know yet is an unsaved draft.
 *
 * Who sees what:
 *   organizer            → the coachee flow (flows/coachee.ts), or what the add-on is for when they
 *                          are not a coachee
 *   anyone else, CCM     → the role-aware panel (flows/viewer.ts): manager, coach, or neutral
 *   anyone else, not CCM → what the add-on is for
 */
import { sameEmail } from '../core/email';
import type { CalEvent } from './adapters/calendar';
import { Budget, currentUserEmail, parameters, viewerTimeZone } from './env';
import { coacheePanel } from './flows/coachee';
import { isOrganizer, readOpenEvent, type SearchAhead } from './flows/facts';
import { attendeePanel } from './flows/viewer';
import type { AddonEvent } from './types';
import { aboutCard } from './views/info';

export function calendarEventCards(e: AddonEvent): GoogleAppsScript.Card_Service.Card[] {
  const budget = new Budget();
  const cal = e.calendar;
  if (!cal) return [aboutCard()];
  const me = currentUserEmail();
  const calendarId = cal.calendarId || 'primary';
  // Before the first save the id may be missing, or one Calendar does not know yet (404): a draft.
  // (With the facts search at the same time when the panel will need it: readOpenEvent.)
  let ev: CalEvent | null = null;
  let ahead: SearchAhead | undefined;
  if (cal.id)
    ({ ev, ahead } = readOpenEvent(calendarId, cal.id, me, cal.organizer?.email, parameters(e).force === '1'));
  const organizerEmail = ev?.organizer?.email ?? cal.organizer?.email ?? '';
  const selfIsOrganizer = ev
    ? isOrganizer(ev, me)
    : sameEmail(organizerEmail, me) ||
      (cal.attendees ?? []).some((a) => a.self === true && a.organizer === true) ||
      organizerEmail === '';
  if (selfIsOrganizer) return [coacheePanel(e, ev, me, budget, ahead)];
  if (!ev || ev.status === 'cancelled') return [aboutCard()];
  return [attendeePanel(ev, me, budget, { compact: false, timeZone: viewerTimeZone(e, ev.start?.timeZone ?? 'UTC') })];
}
