// The mail Google Calendar sends for sendUpdates (invitations, updates, cancellations, answers).
import type { World } from '../../world';
import { type IcsAttendee, invitationIcs } from '../../ics';
import { deliverMessage, escapeHtml, type MessageKind } from '../gmail';
import { encodeEid, type ResponseStatus, type SharedEvent } from './model';
import { formatWhen } from './time';
import { meetLink } from './render';

// ---------------------------------------------------------------------------------------------
// Invitation mail (what Google Calendar sends; Gmail stores it per recipient).

function nameOf(world: World, email: string): string {
  const u = world.user(email);
  return u?.name && u.name !== email ? u.name : email;
}

const PARTSTAT: Record<ResponseStatus, IcsAttendee['partstat']> = {
  needsAction: 'NEEDS-ACTION',
  accepted: 'ACCEPTED',
  declined: 'DECLINED',
  tentative: 'TENTATIVE',
};

export function sendCalendarMail(
  world: World,
  kind: MessageKind,
  ev: SharedEvent,
  recipients: string[],
  from: string,
  nowMs: number,
  replyStatus?: ResponseStatus,
): void {
  const method = kind === 'cancellation' ? 'CANCEL' : kind === 'reply' ? 'REPLY' : 'REQUEST';
  const attendees = kind === 'reply' ? ev.attendees.filter((a) => a.email === from) : ev.attendees;
  const ics = invitationIcs({
    method,
    uid: ev.iCalUID,
    sequence: ev.sequence,
    startMs: ev.start.ms,
    endMs: ev.end.ms,
    allDay: ev.start.allDay,
    stampMs: nowMs,
    createdMs: ev.createdMs,
    lastModifiedMs: ev.updatedMs,
    summary: ev.summary,
    description: ev.description,
    location: ev.location,
    organizer: { email: ev.organizer, name: nameOf(world, ev.organizer) },
    attendees: attendees.map((a) => ({
      email: a.email,
      name: a.displayName ?? nameOf(world, a.email),
      partstat: PARTSTAT[a.responseStatus],
      optional: a.optional,
      rsvp: a.email !== ev.organizer && kind !== 'reply',
    })),
    status: kind === 'cancellation' ? 'CANCELLED' : ev.status === 'tentative' ? 'TENTATIVE' : 'CONFIRMED',
    recurrence: ev.recurrence,
  });
  const title = ev.summary || '(No title)';
  const prefix =
    kind === 'invitation'
      ? 'Invitation'
      : kind === 'update'
        ? 'Updated invitation'
        : kind === 'cancellation'
          ? 'Canceled event'
          : replyStatus === 'accepted'
            ? 'Accepted'
            : replyStatus === 'declined'
              ? 'Declined'
              : replyStatus === 'tentative'
                ? 'Tentatively Accepted'
                : 'Invitation';
  for (const to of recipients) {
    const reader = world.userOrGuest(to);
    const when = formatWhen(ev.start, ev.end, reader.timeZone);
    const eid = encodeEid(ev.id, to);
    const link = (action: string, extra = '') =>
      `https://calendar.google.com/calendar/event?action=${action}&eid=${eid}${extra}&ctz=${encodeURIComponent(reader.timeZone)}&hl=en&es=0`;
    const who = ev.attendees.map(
      (a) => `${a.email}${a.email === ev.organizer ? ' - organizer' : ''}${a.optional ? ' - optional' : ''}`,
    );
    const html = [
      `<div itemscope itemtype="http://schema.org/Event">`,
      `<h2 itemprop="name">${escapeHtml(title)}</h2>`,
      kind === 'cancellation' ? `<p>This event has been canceled.</p>` : '',
      kind === 'update' ? `<p>This event has been updated.</p>` : '',
      kind === 'reply'
        ? `<p>${escapeHtml(from)} has ${replyStatus === 'declined' ? 'declined' : replyStatus === 'tentative' ? 'tentatively accepted' : 'accepted'} this invitation.</p>`
        : '',
      `<p><b>When</b><br>${escapeHtml(when)}</p>`,
      ev.location ? `<p><b>Where</b><br>${escapeHtml(ev.location)}</p>` : '',
      ev.conferenceData && meetLink(ev.conferenceData)
        ? `<p><a href="${escapeHtml(meetLink(ev.conferenceData)!)}">Join with Google Meet</a></p>`
        : '',
      `<p><b>Guests</b><br>${who.map(escapeHtml).join('<br>')}</p>`,
      ev.description ? `<p>${escapeHtml(ev.description).replace(/\n/g, '<br>')}</p>` : '',
      kind === 'invitation' || kind === 'update'
        ? `<p>Reply for ${escapeHtml(to)}: <a href="${escapeHtml(link('RESPOND', '&rst=1'))}">Yes</a> <a href="${escapeHtml(link('RESPOND', '&rst=2'))}">No</a> <a href="${escapeHtml(link('RESPOND', '&rst=3'))}">Maybe</a></p>`
        : '',
      // In HTML the links' '&' are written '&amp;', as in Google's mail.
      `<p><a href="${escapeHtml(link('VIEW'))}">View event in Google Calendar</a></p>`,
      `<p>Invitation from Google Calendar</p></div>`,
    ]
      .filter(Boolean)
      .join('\n');
    const plain = [
      kind === 'cancellation'
        ? 'This event has been canceled.'
        : kind === 'update'
          ? 'This event has been updated.'
          : '',
      title,
      `When: ${when}`,
      ev.location ? `Where: ${ev.location}` : '',
      `Guests: ${who.join(', ')}`,
      ev.description ?? '',
      `View event in Google Calendar: ${link('VIEW')}`,
    ]
      .filter(Boolean)
      .join('\n');
    deliverMessage(world, {
      to: [to],
      from: `${nameOf(world, from)} <${from}>`,
      subject: `${prefix}: ${title} @ ${when} (${kind === 'reply' ? ev.organizer : to})`,
      html,
      body: plain,
      headers: { Sender: 'Google Calendar <calendar-notification@google.com>', 'Reply-To': from },
      attachments: [{ name: 'invite.ics', contentType: 'application/ics', data: ics, encoding: 'utf8' }],
      calendarPart: { method, ics },
      kind,
      calendarEventId: ev.id,
      dateMs: nowMs,
    });
  }
}
