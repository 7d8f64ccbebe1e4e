// Calendar: the event editor (a draft, with the add-on's panel beside it).
import type { EditorChanges, EditorView, GuestView, PanelView } from '../views';
import { $, find, h, valueOf } from './dom';
import { svgIcon } from './icons';
import { avatar } from './people';
import { closePanel, panel, showPanel, syncPanel } from './panel';
import { refreshExecutions } from './executions';
import { api, fail, go, person, renders, state, statusOf, toast, view } from './state';

/** The open draft as last drawn, what the person changed since the last flush, and a flush under way. */
const editor: { view: EditorView | null; dirty: EditorChanges; flushing: Promise<void> | null } = {
  view: null,
  dirty: {},
  flushing: null,
};

const RSVP: Record<string, string> = {
  accepted: 'Going',
  declined: 'Not going',
  tentative: 'Maybe',
  needsAction: 'Awaiting',
};

export function guestRow(g: GuestView, canRemove: boolean): HTMLElement {
  const p = person(g.email) ?? { email: g.email, initials: (g.email[0] ?? '?').toUpperCase(), name: g.name };
  const status = RSVP[g.response] ?? g.response;
  return h(
    'li',
    { class: 'guest' },
    avatar(p, 28),
    h(
      'span',
      { class: 'g-text' },
      h(
        'span',
        { class: 'g-name' },
        g.name !== g.email ? g.name : g.email,
        g.organizer ? h('span', { class: 'g-org' }, ' · Organizer') : null,
      ),
      h('span', { class: 'g-mail' }, g.email, g.external ? h('span', { class: 'tag ext' }, 'external') : null),
    ),
    h('span', { class: `rsvp ${g.response}`, title: status }, status),
    canRemove && !g.organizer
      ? h(
          'button',
          {
            type: 'button',
            class: 'icon-btn small',
            'aria-label': `Remove ${g.email}`,
            onclick: () => void changeGuests((list) => list.filter((x) => x !== g.email)),
          },
          '✕',
        )
      : null,
  );
}

export function attachmentList(list: { title: string; url: string }[]): HTMLElement | null {
  if (!list.length) return null;
  return h(
    'ul',
    { class: 'attachments', 'aria-label': 'Attachments' },
    list.map((a) =>
      h(
        'li',
        {},
        h(
          'a',
          { href: a.url, target: '_blank', rel: 'noopener noreferrer', class: 'attachment' },
          svgIcon('doc', { cls: 'svg-icon doc-icon' }),
          a.title,
        ),
      ),
    ),
  );
}

export function fillEditor(v: EditorView): void {
  editor.view = v;
  const set = (id: string, value: string): void => {
    const el = find<HTMLInputElement>(id);
    if (el && document.activeElement !== el && el.value !== value) el.value = value;
  };
  set('ed-title', v.title);
  set('ed-start', v.start);
  set('ed-end', v.end);
  set('ed-location', v.location);
  set('ed-description', v.description);
  const repeat = find<HTMLSelectElement>('ed-repeat');
  if (repeat) repeat.value = v.repeatsWeekly ? 'weekly' : 'none';
  find('ed-guests')?.replaceChildren(...v.guests.map((g) => guestRow(g, true)));
  $('ed-guest-count').textContent = v.guests.length ? `${v.guests.length} guests` : 'No guests yet';
  const list = attachmentList(v.attachments);
  find('ed-attachments')?.replaceChildren(...(list ? [list] : []));
}

export async function renderEditor(seq: number): Promise<void> {
  const { editor: v } = await api<{ editor: EditorView }>(
    'GET',
    `/api/editor/${encodeURIComponent(state.draft ?? '')}`,
  );
  if (seq !== renders.seq) return;
  editor.dirty = {};
  const mark = (field: 'title' | 'location' | 'description', id: string) => (): void => {
    editor.dirty[field] = valueOf(id);
  };
  const flushSoon = () => void flushEditor().catch(fail);
  const guestInput = h('input', {
    id: 'ed-guest-input',
    type: 'email',
    list: 'people-list',
    placeholder: 'Add guests',
    autocomplete: 'off',
    'aria-label': 'Add guests',
    onkeydown: (e: KeyboardEvent) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        addGuest();
      }
    },
  });
  view.replaceChildren(
    h(
      'div',
      { class: 'editor' },
      h(
        'div',
        { class: 'ed-top' },
        h(
          'button',
          {
            type: 'button',
            class: 'icon-btn',
            'aria-label': 'Discard changes and close',
            title: 'Discard changes',
            onclick: () => void discardEditor(),
          },
          '✕',
        ),
        h('input', {
          id: 'ed-title',
          class: 'ed-title',
          placeholder: 'Add title',
          'aria-label': 'Title',
          oninput: mark('title', 'ed-title'),
          onchange: flushSoon,
        }),
        h('button', { type: 'button', class: 'btn filled', id: 'ed-save', onclick: () => void saveEditor() }, 'Save'),
      ),
      h(
        'div',
        { class: 'ed-when' },
        h('label', { for: 'ed-start', class: 'sr' }, 'Start'),
        h('input', { id: 'ed-start', type: 'datetime-local', onchange: () => onTimeChange('start') }),
        h('span', { 'aria-hidden': 'true' }, 'to'),
        h('label', { for: 'ed-end', class: 'sr' }, 'End'),
        h('input', { id: 'ed-end', type: 'datetime-local', onchange: () => onTimeChange('end') }),
        h('span', { class: 'tz-note' }, `${v.timeZone} (${v.zoneLabel})`),
        h('label', { for: 'ed-repeat', class: 'sr' }, 'Repeat'),
        h(
          'select',
          {
            id: 'ed-repeat',
            onchange: () => {
              editor.dirty.repeatsWeekly = valueOf('ed-repeat') === 'weekly';
              flushSoon();
            },
          },
          h('option', { value: 'none' }, 'Does not repeat'),
          h('option', { value: 'weekly' }, 'Weekly'),
        ),
      ),
      h(
        'div',
        { class: 'ed-cols' },
        h(
          'div',
          { class: 'ed-details' },
          h('h2', { class: 'ed-h' }, 'Event details'),
          h('label', { for: 'ed-location', class: 'field-label' }, 'Location or video link'),
          h('input', {
            id: 'ed-location',
            class: 'field',
            oninput: mark('location', 'ed-location'),
            onchange: flushSoon,
          }),
          h('div', { id: 'ed-attachments' }),
          h('label', { for: 'ed-description', class: 'field-label' }, 'Description'),
          h('textarea', {
            id: 'ed-description',
            class: 'field ed-desc',
            rows: 14,
            oninput: mark('description', 'ed-description'),
            onchange: flushSoon,
          }),
          v.eventId
            ? h(
                'button',
                { type: 'button', class: 'btn text danger', onclick: () => void deleteEvent(v.eventId ?? '') },
                'Delete event',
              )
            : null,
        ),
        h(
          'div',
          { class: 'ed-guests' },
          h('h2', { class: 'ed-h' }, 'Guests'),
          h(
            'div',
            { class: 'guest-add' },
            guestInput,
            h('button', { type: 'button', class: 'btn outlined', onclick: addGuest }, 'Add'),
          ),
          h('div', { class: 'muted', id: 'ed-guest-count' }),
          h('ul', { class: 'guests', id: 'ed-guests', 'aria-label': 'Guests' }),
        ),
      ),
    ),
  );
  fillEditor(v);
  $('ed-title').focus();
  void syncPanel({ host: 'CALENDAR', draftId: v.draftId });
}

function onTimeChange(which: 'start' | 'end'): void {
  const v = editor.view;
  const start = valueOf('ed-start');
  const end = valueOf('ed-end');
  if (which === 'start' && start && v) {
    // Like Calendar: moving the start keeps the event's length.
    const dur = Date.parse(`${v.end}Z`) - Date.parse(`${v.start}Z`);
    const newEnd = new Date(Date.parse(`${start}Z`) + dur).toISOString().slice(0, 16);
    $<HTMLInputElement>('ed-end').value = newEnd;
    editor.dirty.end = newEnd;
  }
  editor.dirty[which] = which === 'start' ? start : end;
  void flushEditor().catch(fail);
}

function addGuest(): void {
  const input = $<HTMLInputElement>('ed-guest-input');
  const emails = input.value
    .split(/[,;\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (!emails.length) return;
  input.value = '';
  void changeGuests((list) => [...list, ...emails.filter((e) => !list.includes(e))]);
}

async function changeGuests(fn: (emails: string[]) => string[]): Promise<void> {
  const current = (editor.view?.guests ?? []).map((g) => g.email);
  editor.dirty.guests = fn(current);
  await flushEditor().catch(fail);
}

/** Sends what the person typed to the server's draft (before any add-on action and before Save). */
export async function flushEditor(): Promise<void> {
  if (editor.flushing) await editor.flushing;
  const changes = editor.dirty;
  if (!state.draft || !Object.keys(changes).length) return;
  editor.dirty = {};
  const draftId = state.draft;
  editor.flushing = (async () => {
    try {
      const res = await api<{ editor: EditorView; panel?: PanelView }>(
        'PATCH',
        `/api/editor/${encodeURIComponent(draftId)}`,
        { changes, panelId: panel.id },
      );
      if (state.draft === draftId) fillEditor(res.editor);
      if (res.panel) showPanel(res.panel);
    } catch (err) {
      if (state.draft === draftId && editor.view) fillEditor(editor.view);
      throw err;
    } finally {
      editor.flushing = null;
    }
  })();
  await editor.flushing;
  void refreshExecutions();
}

async function saveEditor(): Promise<void> {
  try {
    await flushEditor();
    const res = await api<{ eventId: string; weekStart: string }>(
      'POST',
      `/api/editor/${encodeURIComponent(state.draft ?? '')}/save`,
      {},
    );
    closePanel();
    toast('Event saved');
    go({ app: 'calendar', week: res.weekStart });
  } catch (err) {
    fail(err);
  }
}

async function discardEditor(): Promise<void> {
  try {
    await api('POST', `/api/editor/${encodeURIComponent(state.draft ?? '')}/discard`, {});
  } catch (err) {
    if (statusOf(err) !== 404) return fail(err);
  }
  closePanel();
  go({ app: 'calendar' });
}

async function deleteEvent(eventId: string): Promise<void> {
  if (!confirm('Delete this event for everyone? Guests get a cancellation email.')) return;
  try {
    await api('POST', `/api/events/${encodeURIComponent(eventId)}/delete`, { as: state.as });
    closePanel();
    toast('Event deleted');
    go({ app: 'calendar' });
  } catch (err) {
    fail(err);
  }
}
