// Calendar: an event as a guest sees it (someone else organised it, or it is one of a series).
import type { EventView } from '../views';
import { h } from './dom';
import { cardPlain } from './cards';
import { attachmentList, guestRow } from './editor';
import { closePanel, syncPanel } from './panel';
import { api, asQ, fail, go, renders, state, toast, view } from './state';

/** Event descriptions hold a little HTML: show it as text with line breaks, links kept as text. */
function descriptionText(desc: string): string {
  return cardPlain(desc.replace(/<\/(p|div|li)>/gi, '\n').replace(/<li>/gi, '• '));
}

export function rsvpButtons(eventId: string, mine: string, onDone: (next: EventView) => void): HTMLElement {
  const answer = async (response: string): Promise<void> => {
    try {
      const res = await api<{ event: EventView }>('POST', `/api/events/${encodeURIComponent(eventId)}/respond`, {
        as: state.as,
        response,
      });
      toast('Your answer was sent');
      onDone(res.event);
    } catch (err) {
      fail(err);
    }
  };
  return h(
    'div',
    { class: 'rsvp-bar', role: 'group', 'aria-label': 'Going?' },
    h('span', { class: 'muted' }, 'Going?'),
    (
      [
        ['accepted', 'Yes'],
        ['declined', 'No'],
        ['tentative', 'Maybe'],
      ] as const
    ).map(([value, label]) =>
      h(
        'button',
        {
          type: 'button',
          class: `btn ${mine === value ? 'filled' : 'outlined'}`,
          'aria-pressed': String(mine === value),
          onclick: () => void answer(value),
        },
        label,
      ),
    ),
  );
}

export function eventDetails(ev: EventView): HTMLElement {
  return h(
    'div',
    { class: 'event-view', id: 'event-view' },
    h(
      'div',
      { class: 'ev-top' },
      h(
        'button',
        {
          type: 'button',
          class: 'icon-btn',
          'aria-label': 'Back to the calendar',
          onclick: () => {
            closePanel();
            go({ app: 'calendar' });
          },
        },
        '←',
      ),
      h('span', { class: `ev-swatch${ev.ccm ? ' ccm' : ''}`, 'aria-hidden': 'true' }),
      h(
        'div',
        {},
        h(
          'h1',
          { class: 'ev-h1' },
          ev.title,
          ev.cancelled ? h('span', { class: 'tag' }, 'cancelled') : null,
          ev.ccm ? h('span', { class: 'tag ccm' }, 'CCM alignment meeting') : null,
        ),
        h('div', { class: 'muted' }, `${ev.when} (${ev.zoneLabel})${ev.recurring ? ' · repeats weekly' : ''}`),
      ),
    ),
    ev.recurring && ev.isOrganizer
      ? h(
          'p',
          { class: 'note' },
          'This is one occurrence of a weekly series. The workbench shows series read-only; create a single event to edit it. ',
          h(
            'button',
            { type: 'button', class: 'btn text danger', onclick: () => void deleteSeries(ev.eventId) },
            'Delete the whole series',
          ),
        )
      : null,
    h(
      'div',
      { class: 'ev-grid' },
      h(
        'div',
        {},
        ev.location ? h('p', {}, h('span', { class: 'muted' }, 'Where: '), ev.location) : null,
        attachmentList(ev.attachments),
        ev.description
          ? h('div', { class: 'ev-desc' }, descriptionText(ev.description))
          : h('p', { class: 'muted' }, 'No description'),
        ev.myResponse && !ev.isOrganizer && !ev.cancelled
          ? rsvpButtons(ev.eventId, ev.myResponse, (next) =>
              document.getElementById('event-view')?.replaceWith(eventDetails(next)),
            )
          : null,
      ),
      h(
        'div',
        {},
        h('h2', { class: 'ed-h' }, `${ev.guests.length} guests`),
        h(
          'ul',
          { class: 'guests' },
          ev.guests.map((g) => guestRow(g, false)),
        ),
        h('p', { class: 'muted small' }, `Organizer: ${ev.organizerName}`),
      ),
    ),
  );
}

/** The organizer deletes every occurrence of a weekly series (guests get Calendar's cancellation). */
async function deleteSeries(eventId: string): Promise<void> {
  if (!confirm('Delete every occurrence of this series for everyone? Guests get a cancellation email.')) return;
  try {
    await api('POST', `/api/events/${encodeURIComponent(eventId)}/delete`, { as: state.as });
    closePanel();
    toast('The series was deleted');
    go({ app: 'calendar' });
  } catch (err) {
    fail(err);
  }
}

export async function renderEventView(seq: number): Promise<void> {
  const { event: ev } = await api<{ event: EventView }>(
    'GET',
    `/api/events/${encodeURIComponent(state.event ?? '')}?${asQ()}`,
  );
  if (seq !== renders.seq) return;
  view.replaceChildren(eventDetails(ev));
  void syncPanel({ host: 'CALENDAR', eventId: ev.eventId });
}
