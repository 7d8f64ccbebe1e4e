// Gmail: the inbox and one message (an invitation shows its event with Yes / No / Maybe).
import type { MailListItem, MessageView } from '../views';
import { h } from './dom';
import { rsvpButtons } from './event';
import { svgIcon } from './icons';
import { avatar } from './people';
import { syncPanel } from './panel';
import { api, asQ, go, person, render, renders, state, view } from './state';

export async function renderInbox(seq: number): Promise<void> {
  const { messages } = await api<{ messages: MailListItem[] }>('GET', `/api/mail?${asQ()}`);
  if (seq !== renders.seq) return;
  const unread = messages.filter((m) => m.unread).length;
  view.replaceChildren(
    h(
      'div',
      { class: 'mail' },
      mailSide(unread),
      h(
        'div',
        { class: 'mail-main' },
        h('h1', { class: 'sr' }, 'Inbox'),
        messages.length
          ? h(
              'ul',
              { class: 'mail-list', 'aria-label': 'Inbox' },
              messages.map((m) =>
                h(
                  'li',
                  {},
                  h(
                    'button',
                    {
                      type: 'button',
                      class: `mail-row${m.unread ? ' unread' : ''}`,
                      onclick: () => go({ app: 'mail', message: m.id }),
                    },
                    h('span', { class: 'mr-from' }, m.from),
                    h(
                      'span',
                      { class: 'mr-subject' },
                      m.invitation ? svgIcon('calendar', { size: 16, cls: 'svg-icon cal' }) : null,
                      h('span', { class: 'mr-s' }, m.subject),
                      h('span', { class: 'mr-snippet' }, ` – ${m.snippet}`),
                    ),
                    h('span', { class: 'mr-date' }, m.date),
                  ),
                ),
              ),
            )
          : h('div', { class: 'empty-state' }, h('p', {}, 'No mail here.')),
      ),
    ),
  );
  void syncPanel({ host: 'GMAIL' });
}

function mailSide(unread: number): HTMLElement {
  return h(
    'div',
    { class: 'mail-side' },
    h(
      'button',
      { type: 'button', class: 'folder active', onclick: () => go({ app: 'mail' }) },
      h('span', {}, 'Inbox'),
      unread ? h('span', { class: 'count' }, String(unread)) : null,
    ),
  );
}

export async function renderMessage(seq: number): Promise<void> {
  const { message: m } = await api<{ message: MessageView }>(
    'GET',
    `/api/mail/${encodeURIComponent(state.message ?? '')}?${asQ()}`,
  );
  if (seq !== renders.seq) return;
  const body = h('iframe', {
    class: 'mail-body',
    title: 'Message body',
    // No scripts, no same-origin access; links open in a new tab.
    sandbox: 'allow-popups allow-popups-to-escape-sandbox',
    src: `/api/mail/${encodeURIComponent(m.id)}/body?${asQ()}`,
  });
  body.addEventListener('load', () => {
    try {
      body.style.height = '';
    } catch {
      /* sandboxed: keep the default height */
    }
  });
  const ev = m.event;
  const invite = ev
    ? h(
        'div',
        { class: 'invite-box' },
        h(
          'div',
          { class: 'invite-when' },
          svgIcon('calendar', { size: 28, cls: 'svg-icon doc-icon' }),
          h('div', {}, h('div', { class: 'invite-title' }, ev.title), h('div', { class: 'muted' }, ev.when)),
        ),
        ev.cancelled
          ? h('span', { class: 'tag' }, 'cancelled')
          : ev.myResponse
            ? rsvpButtons(ev.eventId, ev.myResponse, () => void render())
            : null,
        h(
          'button',
          { type: 'button', class: 'btn text', onclick: () => go({ app: 'calendar', event: ev.eventId }) },
          'Open in Calendar',
        ),
      )
    : null;
  view.replaceChildren(
    h(
      'div',
      { class: 'mail' },
      mailSide(0),
      h(
        'article',
        { class: 'mail-main message' },
        h(
          'div',
          { class: 'msg-top' },
          h(
            'button',
            {
              type: 'button',
              class: 'icon-btn',
              'aria-label': 'Back to the inbox',
              onclick: () => go({ app: 'mail' }),
            },
            '←',
          ),
        ),
        h('h1', { class: 'msg-subject' }, m.subject),
        h(
          'div',
          { class: 'msg-head' },
          avatar(person(m.fromEmail) ?? { email: m.fromEmail, initials: (m.from[0] ?? '?').toUpperCase() }, 40),
          h(
            'div',
            {},
            h('div', {}, h('b', {}, m.from), h('span', { class: 'muted' }, ` <${m.fromEmail}>`)),
            h('div', { class: 'muted small' }, `to ${m.to.join(', ')}${m.cc.length ? `, cc ${m.cc.join(', ')}` : ''}`),
          ),
          h('span', { class: 'muted small msg-date' }, m.date),
        ),
        invite,
        body,
        m.attachments.length
          ? h(
              'ul',
              { class: 'attachments' },
              m.attachments.map((a) =>
                h(
                  'li',
                  { class: 'attachment' },
                  svgIcon('clip', { cls: 'svg-icon doc-icon' }),
                  `${a.name} (${a.contentType.split(';')[0]}, ${a.bytes} bytes)`,
                ),
              ),
            )
          : null,
      ),
    ),
  );
  void syncPanel({ host: 'GMAIL', messageId: m.id });
}
