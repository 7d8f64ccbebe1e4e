// The workbench's front end: a persona switcher, Calendar (week, editor, event view), Gmail (inbox,
// message), the usage Sheet, the add-on's side panel and the developer panel. Plain modules, no
// build step: the server sends this file as is. All state lives on the server (the World); this
// page only shows it and sends what the person does.
import { collectValues, h, renderCard, renderFooter, cardPlain } from './cards.js';
import { svgIcon } from './icons.js';

// ---- state and routing ------------------------------------------------------------------------------

const state = {
  boot: null,
  as: null,
  app: 'calendar',
  week: null,
  draft: null,
  event: null,
  message: null,
  tab: null,
};

const $ = (id) => document.getElementById(id);
const view = $('view');

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  const q = new URLSearchParams(query ?? '');
  const parts = (path ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  return {
    app: ['calendar', 'mail', 'sheet'].includes(parts[0]) ? parts[0] : 'calendar',
    draft: parts[0] === 'calendar' && parts[1] === 'edit' ? (parts[2] ?? null) : null,
    event: parts[0] === 'calendar' && parts[1] === 'event' ? (parts[2] ?? null) : null,
    message: parts[0] === 'mail' ? (parts[1] ?? null) : null,
    as: q.get('as'),
    week: q.get('week'),
    tab: q.get('tab'),
  };
}

function hashOf(s) {
  let path = s.app;
  if (s.app === 'calendar' && s.draft) path += `/edit/${encodeURIComponent(s.draft)}`;
  else if (s.app === 'calendar' && s.event) path += `/event/${encodeURIComponent(s.event)}`;
  else if (s.app === 'mail' && s.message) path += `/${encodeURIComponent(s.message)}`;
  const q = new URLSearchParams({ as: s.as });
  if (s.app === 'calendar' && s.week) q.set('week', s.week);
  if (s.app === 'sheet' && s.tab) q.set('tab', s.tab);
  return `#/${path}?${q.toString().replace(/%40/g, '@')}`;
}

/** Changes the route (and the URL) and draws the page again. */
function go(changes) {
  Object.assign(state, { draft: null, event: null, message: null }, changes);
  const hash = hashOf(state);
  if (location.hash !== hash) history.pushState(null, '', hash);
  void render();
}

window.addEventListener('popstate', () => {
  Object.assign(state, parseHash());
  if (!person(state.as)) state.as = defaultPersona();
  void render();
});

// ---- API -----------------------------------------------------------------------------------------------

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  let data;
  try {
    data = await res.json();
  } catch {
    data = { error: `The workbench answered ${res.status} without JSON` };
  }
  if (!res.ok) {
    const err = new Error(data.error || `HTTP ${res.status}`);
    err.status = res.status;
    throw err;
  }
  return data;
}

const asQ = () => `as=${encodeURIComponent(state.as)}`;

// ---- toasts -------------------------------------------------------------------------------------------

let toastTimer = null;
function toast(text, kind = 'info') {
  const t = $('toast');
  t.replaceChildren(
    h('span', {}, text),
    h(
      'button',
      { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: () => t.classList.remove('show') },
      '✕',
    ),
  );
  t.className = `toast show ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => t.classList.remove('show'), kind === 'error' ? 12000 : 4000);
}

function fail(err) {
  console.error(err);
  toast(err.message || String(err), 'error');
}

// ---- people --------------------------------------------------------------------------------------------

function person(email) {
  return state.boot?.people.find((p) => p.email === email) ?? null;
}

function defaultPersona() {
  const saved = localStorage.getItem('ccm.persona');
  if (saved && person(saved)) return saved;
  return state.boot.people[0].email;
}

function hue(email) {
  let n = 0;
  for (const c of email) n = (n * 31 + c.charCodeAt(0)) % 360;
  return n;
}

function avatar(p, size = 32) {
  return h(
    'span',
    {
      class: 'avatar',
      'aria-hidden': 'true',
      style: `--h:${hue(p.email)};width:${size}px;height:${size}px;font-size:${Math.round(size * 0.4)}px`,
    },
    p.initials,
  );
}

const ROLE_LABEL = {
  coachee: 'Coachee',
  manager: 'Manager',
  coach: 'Coach',
  admin: 'Program admin',
  service: 'Service owner',
};

function roleText(p) {
  return p.roles.length ? p.roles.map((r) => ROLE_LABEL[r]).join(', ') : 'Colleague';
}

function renderPersonaButton() {
  const p = person(state.as);
  const b = $('persona-button');
  b.replaceChildren(
    avatar(p, 30),
    h(
      'span',
      { class: 'persona-text' },
      h('span', { class: 'persona-name' }, p.name),
      h('span', { class: 'persona-role' }, roleText(p)),
    ),
    h('span', { class: 'caret', 'aria-hidden': 'true' }, '▾'),
  );
  b.setAttribute('aria-label', `Acting as ${p.name}, ${roleText(p)}. Switch person`);
}

function renderPersonaMenu() {
  const menu = $('persona-menu');
  const groups = [
    ['Coachees', (p) => p.roles.includes('coachee')],
    ['Managers', (p) => p.roles.includes('manager') && !p.roles.includes('coachee')],
    ['Coaches', (p) => p.roles.includes('coach') && !p.roles.includes('coachee') && !p.roles.includes('manager')],
    [
      'Program',
      (p) =>
        (p.roles.includes('admin') || p.roles.includes('service')) &&
        !['coachee', 'manager', 'coach'].some((r) => p.roles.includes(r)),
    ],
    ['Others', (p) => p.roles.length === 0],
  ];
  menu.replaceChildren(
    ...groups.flatMap(([title, test]) => {
      const list = state.boot.people.filter(test);
      if (!list.length) return [];
      return [
        h('div', { class: 'menu-group', role: 'presentation' }, title),
        ...list.map((p) =>
          h(
            'button',
            {
              type: 'button',
              role: 'menuitemradio',
              'aria-checked': String(p.email === state.as),
              class: 'persona-item',
              onclick: () => {
                closeMenus();
                switchPersona(p.email);
              },
            },
            avatar(p, 28),
            h(
              'span',
              { class: 'pi-text' },
              h('span', { class: 'pi-name' }, p.name, p.external ? h('span', { class: 'tag ext' }, 'external') : null),
              h('span', { class: 'pi-about' }, p.about),
            ),
          ),
        ),
      ];
    }),
  );
}

function switchPersona(email) {
  localStorage.setItem('ccm.persona', email);
  $('toast').classList.remove('show');
  closePanel();
  go({ as: email, week: null, tab: null });
}

// ---- menus (persona, clock, panel) ----------------------------------------------------------------------

function setupMenu(buttonId, menuId, onOpen) {
  const button = $(buttonId);
  const menu = $(menuId);
  button.addEventListener('click', (e) => {
    e.stopPropagation();
    const open = menu.hidden;
    closeMenus();
    if (open) {
      onOpen?.();
      menu.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      (menu.querySelector('[aria-checked="true"]') ?? menu.querySelector('button, input'))?.focus();
    }
  });
  menu.addEventListener('click', (e) => e.stopPropagation());
  menu.addEventListener('keydown', (e) => {
    const items = [...menu.querySelectorAll('[role^="menuitem"]')];
    const i = items.indexOf(document.activeElement);
    if (e.key === 'Escape') {
      closeMenus();
      button.focus();
    } else if (items.length && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      const next = e.key === 'ArrowDown' ? (i + 1) % items.length : (i - 1 + items.length) % items.length;
      items[next].focus();
    }
  });
}

function closeMenus() {
  for (const m of document.querySelectorAll('.menu')) m.hidden = true;
  for (const b of document.querySelectorAll('[aria-haspopup][aria-expanded="true"]'))
    b.setAttribute('aria-expanded', 'false');
}

document.addEventListener('click', closeMenus);

// ---- clock -----------------------------------------------------------------------------------------------

function renderClock(clock) {
  state.boot.clock = clock;
  $('clock-text').textContent = `${clock.text} ${clock.zone}`;
  $('clock-button').setAttribute('aria-label', `Now: ${clock.text} ${clock.zone}. Move the clock`);
}

async function advanceClock(body) {
  try {
    const res = await api('POST', '/api/clock', { ...body, as: state.as });
    renderClock(res.clock);
    closeMenus();
    toast(`The clock moved to ${res.clock.text} ${res.clock.zone}`);
    // The week view follows "today" to the new now.
    if (state.app === 'calendar' && !state.draft && !state.event) {
      state.week = null;
      history.replaceState(null, '', hashOf(state));
    }
    await render();
  } catch (err) {
    fail(err);
  }
}

// ---- rendering ----------------------------------------------------------------------------------------

let renderSeq = 0;

async function render() {
  const seq = ++renderSeq;
  for (const b of document.querySelectorAll('.app-tab')) {
    if (b.dataset.app === state.app) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  renderPersonaButton();
  document.title = `${{ calendar: 'Calendar', mail: 'Gmail', sheet: 'Usage Sheet' }[state.app]} · ${person(state.as).name} · CCM Workbench`;
  view.dataset.ready = 'false';
  try {
    if (state.app === 'calendar' && state.draft) await renderEditor(seq);
    else if (state.app === 'calendar' && state.event) await renderEventView(seq);
    else if (state.app === 'calendar') await renderWeek(seq);
    else if (state.app === 'mail' && state.message) await renderMessage(seq);
    else if (state.app === 'mail') await renderInbox(seq);
    else await renderSheet(seq);
  } catch (err) {
    if (seq !== renderSeq) return;
    view.replaceChildren(
      h(
        'div',
        { class: 'empty-state' },
        h('h1', {}, 'This page could not be shown'),
        h('p', {}, err.message),
        h('button', { type: 'button', class: 'btn filled', onclick: () => go({ app: state.app }) }, 'Back'),
      ),
    );
    void syncPanel(null);
  }
  if (seq === renderSeq) {
    view.dataset.view = state.app;
    view.dataset.ready = 'true';
    // The control that was used may be gone with the old page: keep keyboard users in the page.
    if (seq > 1 && (!document.activeElement || document.activeElement === document.body))
      view.focus({ preventScroll: true });
  }
  void refreshExecutions();
}

// ---- Calendar: the week ---------------------------------------------------------------------------------

const HOUR_PX = 48;

function layoutDay(segs) {
  // Overlapping events share the column: greedy lanes within each cluster of overlaps.
  const sorted = [...segs].sort((a, b) => a.from - b.from || b.to - a.to);
  let cluster = [];
  let clusterEnd = -1;
  const flush = () => {
    const lanes = Math.max(...cluster.map((s) => s.lane + 1));
    for (const s of cluster) s.lanes = lanes;
    cluster = [];
  };
  for (const s of sorted) {
    if (cluster.length && s.from >= clusterEnd) flush();
    const used = new Set(cluster.filter((c) => c.to > s.from).map((c) => c.lane));
    let lane = 0;
    while (used.has(lane)) lane++;
    s.lane = lane;
    cluster.push(s);
    clusterEnd = Math.max(clusterEnd, s.to);
  }
  if (cluster.length) flush();
  return sorted;
}

async function renderWeek(seq) {
  const week = await api('GET', `/api/calendar?${asQ()}${state.week ? `&week=${state.week}` : ''}`);
  if (seq !== renderSeq) return;
  const cols = week.days.map((d, i) => {
    const col = h('div', { class: `day-col${d.isToday ? ' today' : ''}`, 'data-day': d.date });
    col.addEventListener('click', (e) => {
      if (e.target !== col) return;
      const minute = Math.max(0, Math.min(23 * 60 + 30, Math.floor(e.offsetY / (HOUR_PX / 2)) * 30));
      void createEvent(
        `${d.date}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
      );
    });
    const segs = week.events.flatMap((ev) => ev.segments.filter((s) => s.day === i).map((s) => ({ ...s, ev })));
    for (const s of layoutDay(segs)) {
      const ev = s.ev;
      const cls = ['ev'];
      if (ev.ccm) cls.push('ccm');
      if (!ev.isOrganizer && ev.myResponse === 'needsAction') cls.push('unanswered');
      if (ev.myResponse === 'declined') cls.push('declined');
      if (ev.isOrganizer) cls.push('mine');
      const height = Math.max(18, ((s.to - s.from) / 60) * HOUR_PX - 2);
      const chip = h(
        'button',
        {
          type: 'button',
          class: cls.join(' '),
          'data-event-id': ev.id,
          'aria-label': `${ev.title}, ${ev.timeText}${ev.ccm ? ', CCM alignment meeting' : ''}`,
          style: `top:${(s.from / 60) * HOUR_PX}px;height:${height}px;left:calc(${(s.lane / s.lanes) * 100}% + 2px);width:calc(${100 / s.lanes}% - 6px)`,
          onclick: () => void openEvent(ev.id),
        },
        h(
          'span',
          { class: 'ev-title' },
          ev.ccm ? h('span', { class: 'ev-badge', 'aria-hidden': 'true' }, 'CCM') : null,
          ev.title,
        ),
        height > 30 ? h('span', { class: 'ev-time' }, ev.timeText.split(' · ')[1] ?? '') : null,
      );
      col.append(chip);
    }
    if (week.now && week.now.day === i)
      col.append(
        h('div', { class: 'now-line', style: `top:${(week.now.minute / 60) * HOUR_PX}px`, 'aria-hidden': 'true' }),
      );
    return col;
  });
  const hours = Array.from({ length: 24 }, (_, i) =>
    h('div', { class: 'hour-label' }, i === 0 ? '' : `${String(i).padStart(2, '0')}:00`),
  );
  const scroller = h(
    'div',
    { class: 'cal-scroll' },
    h('div', { class: 'cal-body' }, h('div', { class: 'gutter' }, hours), cols),
  );
  view.replaceChildren(
    h(
      'div',
      { class: 'calendar' },
      h(
        'div',
        { class: 'cal-toolbar' },
        h(
          'button',
          { type: 'button', class: 'create', onclick: () => void createEvent() },
          h('span', { class: 'plus', 'aria-hidden': 'true' }, '+'),
          'Create',
        ),
        h(
          'button',
          { type: 'button', class: 'btn outlined', onclick: () => go({ app: 'calendar', week: week.thisWeek }) },
          'Today',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'icon-btn',
            'aria-label': 'Previous week',
            onclick: () => go({ app: 'calendar', week: week.prevWeek }),
          },
          '‹',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'icon-btn',
            'aria-label': 'Next week',
            onclick: () => go({ app: 'calendar', week: week.nextWeek }),
          },
          '›',
        ),
        h('h1', { class: 'cal-title' }, week.title),
        h('span', { class: 'tz-note' }, `${person(state.as).name}'s calendar · ${week.timeZone} (${week.zoneLabel})`),
      ),
      h(
        'div',
        { class: 'cal-head' },
        h('div', { class: 'gutter-head', text: week.zoneLabel }),
        week.days.map((d) =>
          h(
            'div',
            { class: `day-head${d.isToday ? ' today' : ''}` },
            h('span', { class: 'dh-wd' }, d.weekday),
            h('span', { class: 'dh-day' }, String(d.day)),
          ),
        ),
      ),
      scroller,
    ),
  );
  scroller.scrollTop = 7.5 * HOUR_PX;
  state.week = week.weekStart;
  void syncPanel({ host: 'CALENDAR' });
}

async function createEvent(start) {
  try {
    const res = await api('POST', '/api/editor', { as: state.as, ...(start ? { start } : {}) });
    go({ app: 'calendar', draft: res.editor.draftId });
  } catch (err) {
    fail(err);
  }
}

async function openEvent(eventId) {
  try {
    const res = await api('POST', `/api/events/${encodeURIComponent(eventId)}/open`, { as: state.as });
    if (res.editor) go({ app: 'calendar', draft: res.editor.draftId });
    else go({ app: 'calendar', event: eventId });
  } catch (err) {
    fail(err);
  }
}

// ---- Calendar: the event editor ------------------------------------------------------------------------

const editor = { view: null, dirty: {}, flushing: null };

function guestRow(g, canRemove) {
  const p = person(g.email) ?? { email: g.email, initials: g.email[0].toUpperCase(), name: g.name };
  const status =
    { accepted: 'Going', declined: 'Not going', tentative: 'Maybe', needsAction: 'Awaiting' }[g.response] ?? g.response;
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

function attachmentList(list) {
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

function fillEditor(v) {
  editor.view = v;
  const set = (id, value) => {
    const el = $(id);
    if (el && document.activeElement !== el && el.value !== value) el.value = value;
  };
  set('ed-title', v.title);
  set('ed-start', v.start);
  set('ed-end', v.end);
  set('ed-location', v.location);
  set('ed-description', v.description);
  const repeat = $('ed-repeat');
  if (repeat) repeat.value = v.repeatsWeekly ? 'weekly' : 'none';
  $('ed-guests')?.replaceChildren(...v.guests.map((g) => guestRow(g, true)));
  $('ed-guest-count').textContent = v.guests.length ? `${v.guests.length} guests` : 'No guests yet';
  const att = $('ed-attachments');
  if (att) att.replaceChildren(...[attachmentList(v.attachments)].filter(Boolean));
}

async function renderEditor(seq) {
  const { editor: v } = await api('GET', `/api/editor/${encodeURIComponent(state.draft)}`);
  if (seq !== renderSeq) return;
  editor.dirty = {};
  const mark = (field, id) => () => {
    editor.dirty[field] = $(id).value;
  };
  const flushSoon = () => void flushEditor().catch(fail);
  const guestInput = h('input', {
    id: 'ed-guest-input',
    type: 'email',
    list: 'people-list',
    placeholder: 'Add guests',
    autocomplete: 'off',
    'aria-label': 'Add guests',
    onkeydown: (e) => {
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
              editor.dirty.repeatsWeekly = $('ed-repeat').value === 'weekly';
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
                { type: 'button', class: 'btn text danger', onclick: () => void deleteEvent(v.eventId) },
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

function onTimeChange(which) {
  const v = editor.view;
  const start = $('ed-start').value;
  const end = $('ed-end').value;
  if (which === 'start' && start && v) {
    // Like Calendar: moving the start keeps the event's length.
    const dur = Date.parse(`${v.end}Z`) - Date.parse(`${v.start}Z`);
    const newEnd = new Date(Date.parse(`${start}Z`) + dur).toISOString().slice(0, 16);
    $('ed-end').value = newEnd;
    editor.dirty.end = newEnd;
  }
  editor.dirty[which] = which === 'start' ? start : end;
  void flushEditor().catch(fail);
}

function addGuest() {
  const input = $('ed-guest-input');
  const emails = input.value
    .split(/[,;\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (!emails.length) return;
  input.value = '';
  void changeGuests((list) => [...list, ...emails.filter((e) => !list.includes(e))]);
}

async function changeGuests(fn) {
  const current = editor.view.guests.map((g) => g.email);
  editor.dirty.guests = fn(current);
  await flushEditor().catch(fail);
}

/** Sends what the person typed to the server's draft (before any add-on action and before Save). */
async function flushEditor() {
  if (editor.flushing) await editor.flushing;
  const changes = editor.dirty;
  if (!state.draft || !Object.keys(changes).length) return;
  editor.dirty = {};
  const draftId = state.draft;
  editor.flushing = (async () => {
    try {
      const res = await api('PATCH', `/api/editor/${encodeURIComponent(draftId)}`, { changes, panelId: panel.id });
      if (state.draft === draftId) fillEditor(res.editor);
      if (res.panel) showPanel(res.panel);
    } catch (err) {
      if (state.draft === draftId) fillEditor(editor.view);
      throw err;
    } finally {
      editor.flushing = null;
    }
  })();
  await editor.flushing;
  void refreshExecutions();
}

async function saveEditor() {
  try {
    await flushEditor();
    const res = await api('POST', `/api/editor/${encodeURIComponent(state.draft)}/save`, {});
    closePanel();
    toast('Event saved');
    go({ app: 'calendar', week: res.weekStart });
  } catch (err) {
    fail(err);
  }
}

async function discardEditor() {
  try {
    await api('POST', `/api/editor/${encodeURIComponent(state.draft)}/discard`, {});
  } catch (err) {
    if (err.status !== 404) return fail(err);
  }
  closePanel();
  go({ app: 'calendar' });
}

async function deleteEvent(eventId) {
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

// ---- Calendar: an event someone else organised (or a recurring one) ----------------------------------------

/** Event descriptions hold a little HTML: show it as text with line breaks, links kept as text. */
function descriptionText(desc) {
  return cardPlain(desc.replace(/<\/(p|div|li)>/gi, '\n').replace(/<li>/gi, '• '));
}

function rsvpButtons(eventId, mine, onDone) {
  const answer = async (response) => {
    try {
      const res = await api('POST', `/api/events/${encodeURIComponent(eventId)}/respond`, { as: state.as, response });
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
    [
      ['accepted', 'Yes'],
      ['declined', 'No'],
      ['tentative', 'Maybe'],
    ].map(([value, label]) =>
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

function eventDetails(ev) {
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
          'This is one occurrence of a weekly series. The workbench shows series read-only; create a single event to edit it.',
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

async function renderEventView(seq) {
  const { event: ev } = await api('GET', `/api/events/${encodeURIComponent(state.event)}?${asQ()}`);
  if (seq !== renderSeq) return;
  view.replaceChildren(eventDetails(ev));
  void syncPanel({ host: 'CALENDAR', eventId: ev.eventId });
}

// ---- Gmail ------------------------------------------------------------------------------------------------

async function renderInbox(seq) {
  const { messages } = await api('GET', `/api/mail?${asQ()}`);
  if (seq !== renderSeq) return;
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

function mailSide(unread) {
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

async function renderMessage(seq) {
  const { message: m } = await api('GET', `/api/mail/${encodeURIComponent(state.message)}?${asQ()}`);
  if (seq !== renderSeq) return;
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
  const invite = m.event
    ? h(
        'div',
        { class: 'invite-box' },
        h(
          'div',
          { class: 'invite-when' },
          svgIcon('calendar', { size: 28, cls: 'svg-icon doc-icon' }),
          h('div', {}, h('div', { class: 'invite-title' }, m.event.title), h('div', { class: 'muted' }, m.event.when)),
        ),
        m.event.cancelled
          ? h('span', { class: 'tag' }, 'cancelled')
          : m.event.myResponse
            ? rsvpButtons(m.event.eventId, m.event.myResponse, () => void render())
            : null,
        h(
          'button',
          { type: 'button', class: 'btn text', onclick: () => go({ app: 'calendar', event: m.event.eventId }) },
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

// ---- the usage Sheet ------------------------------------------------------------------------------------------

function colName(n) {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

async function renderSheet(seq) {
  const sheet = await api('GET', `/api/sheet?${asQ()}`);
  if (seq !== renderSeq) return;
  void syncPanel(null);
  if (!sheet.access) {
    view.replaceChildren(
      h(
        'div',
        { class: 'empty-state access' },
        h('div', { class: 'lock' }, svgIcon('lock', { size: 56 })),
        h('h1', {}, 'You need access'),
        h(
          'p',
          {},
          `${person(state.as).name} cannot open "${sheet.name}". It is shared with the program admins only (the usage Sheet never holds meeting content, but it is still nobody else's business).`,
        ),
        h('p', { class: 'muted' }, `Owner: ${sheet.owner}. Switch to a program admin to see it.`),
      ),
    );
    return;
  }
  const tab = sheet.tabs.find((t) => t.name === state.tab) ?? sheet.tabs[0];
  const cols = Math.max(tab.columns, 1);
  const table = h(
    'table',
    { class: 'grid', 'aria-label': `${tab.name} tab` },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { class: 'corner', scope: 'col' }, h('span', { class: 'sr' }, 'Row')),
        Array.from({ length: cols }, (_, c) => h('th', { scope: 'col', class: 'col-head' }, colName(c + 1))),
      ),
    ),
    h(
      'tbody',
      {},
      tab.rows.length
        ? tab.rows.map((row, r) =>
            h(
              'tr',
              { class: r < tab.frozenRows ? 'frozen' : '' },
              h('th', { scope: 'row', class: 'row-head' }, String(r + 1)),
              Array.from({ length: cols }, (_, c) => {
                const text = row[c] ?? '';
                return h(
                  'td',
                  { title: text.length > 40 ? text : null, class: /^-?[\d.,]+$/.test(text) ? 'num' : '' },
                  text,
                );
              }),
            ),
          )
        : h('tr', {}, h('td', { colspan: cols + 1, class: 'muted' }, 'This tab is empty')),
    ),
  );
  view.replaceChildren(
    h(
      'div',
      { class: 'sheet' },
      h(
        'div',
        { class: 'sheet-top' },
        h('span', { class: 'sheets-icon', 'aria-hidden': 'true' }),
        h(
          'div',
          {},
          h('h1', { class: 'sheet-name' }, sheet.name),
          h(
            'div',
            { class: 'muted small' },
            `Owner ${sheet.owner} · you can ${sheet.access === 'reader' ? 'view' : 'edit'} (shown read-only here) · `,
            // The whole Sheet as a real .xlsx (src/local/admin/workbench-routes.ts).
            h('a', { href: `/api/sheet.xlsx?${asQ()}`, download: '' }, 'Download .xlsx'),
          ),
        ),
      ),
      h('div', { class: 'grid-wrap' }, table),
      h(
        'div',
        {
          class: 'sheet-tabs',
          role: 'tablist',
          'aria-label': 'Sheet tabs',
          onkeydown: (e) => {
            // Tabs pattern: arrow keys move between tabs (one tab stop for the whole list).
            const i = sheet.tabs.indexOf(tab);
            const next =
              e.key === 'ArrowRight'
                ? i + 1
                : e.key === 'ArrowLeft'
                  ? i - 1
                  : e.key === 'Home'
                    ? 0
                    : e.key === 'End'
                      ? sheet.tabs.length - 1
                      : null;
            if (next === null) return;
            e.preventDefault();
            const t = sheet.tabs[(next + sheet.tabs.length) % sheet.tabs.length];
            go({ app: 'sheet', tab: t.name });
            view.addEventListener(
              'sheet-drawn',
              () => document.querySelector('.sheet-tab[aria-selected="true"]')?.focus(),
              { once: true },
            );
          },
        },
        sheet.tabs.map((t) =>
          h(
            'button',
            {
              type: 'button',
              role: 'tab',
              class: 'sheet-tab',
              'aria-selected': String(t === tab),
              tabindex: t === tab ? '0' : '-1',
              onclick: () => go({ app: 'sheet', tab: t.name }),
            },
            t.name,
          ),
        ),
      ),
    ),
  );
  view.dispatchEvent(new Event('sheet-drawn'));
}

// ---- the add-on side panel -------------------------------------------------------------------------------------

const panel = {
  id: null,
  rev: 0,
  key: null,
  ctx: null,
  open: localStorage.getItem('ccm.panel') !== 'closed',
  busy: false,
  view: null,
  toastTimer: null,
};
const panelEl = $('addon-panel');

function panelKey(ctx) {
  return ctx ? JSON.stringify({ as: state.as, ...ctx }) : null;
}

function closePanel() {
  if (panel.id) void api('DELETE', `/api/panels/${panel.id}`).catch(() => undefined);
  panel.id = null;
  panel.key = null;
  panel.view = null;
}

/** Shows the add-on for the page's context: an event, a message, a homepage, or nothing (the Sheet). */
async function syncPanel(ctx) {
  panel.ctx = ctx;
  $('rail').hidden = !ctx;
  $('rail-addon').setAttribute('aria-pressed', String(panel.open));
  if (!ctx || !panel.open) {
    panelEl.hidden = true;
    return;
  }
  panelEl.hidden = false;
  const key = panelKey(ctx);
  if (key === panel.key && panel.view) return;
  closePanel();
  panel.key = key;
  // A notification belongs to the panel that showed it.
  $('addon-toast').classList.remove('show');
  setBusy(true);
  $('panel-body').replaceChildren();
  $('panel-footer').replaceChildren();
  try {
    const res = await api('POST', '/api/panels', { as: state.as, ...ctx });
    if (panel.key !== key) {
      void api('DELETE', `/api/panels/${res.panel.id}`).catch(() => undefined);
      return;
    }
    handlePanelResponse(res);
  } catch (err) {
    if (panel.key === key) showHostError(err.message, null);
  } finally {
    if (panel.key === key) setBusy(false);
  }
}

function setBusy(busy) {
  panel.busy = busy;
  panelEl.setAttribute('aria-busy', String(busy));
  panelEl.dataset.state = busy ? 'loading' : 'ready';
  $('panel-progress').hidden = !busy;
  for (const el of panelEl.querySelectorAll('.panel-body button, .panel-footer button'))
    el.disabled = busy || el.dataset.disabled === 'true';
}

function panelToast(text) {
  const t = $('addon-toast');
  t.replaceChildren(
    h('span', {}, text),
    h(
      'button',
      { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: () => t.classList.remove('show') },
      '✕',
    ),
  );
  t.classList.add('show');
  clearTimeout(panel.toastTimer);
  panel.toastTimer = setTimeout(() => t.classList.remove('show'), 8000);
}

function offsetMinutes(ms) {
  const zone = person(state.as)?.timeZone ?? 'UTC';
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(ms));
  const get = (t) => Number(parts.find((p) => p.type === t)?.value);
  return Math.round(
    (Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute')) -
      Math.floor(ms / 60000) * 60000) /
      60000,
  );
}

const cardCtx = {
  run: (ref) => void runWidget(ref),
  openLink: (url) => window.open(url, '_blank', 'noopener'),
  offsetMinutes,
};

function showPanel(p) {
  // Same panel, same card (an action that only notified): leave the card as the person left it,
  // typed values included, as the host does. A new card is drawn afresh, scrolled to the top.
  const sameCard =
    panel.id === p.id &&
    panel.rev === p.rev &&
    panel.view &&
    !panel.view.crash &&
    $('panel-body').querySelector('.card');
  panel.id = p.id;
  panel.rev = p.rev;
  panel.view = p;
  if (sameCard && !p.crash?.trigger) {
    renderPanelMenu(p);
    return;
  }
  $('panel-body').scrollTop = 0;
  const hadFocus =
    $('panel-body').contains(document.activeElement) || $('panel-footer').contains(document.activeElement);
  $('panel-title').textContent = p.addon.name;
  $('panel-back').hidden = p.depth <= 1;
  const body = $('panel-body');
  const problems = $('panel-problems');
  problems.hidden = !p.renderProblems.length;
  problems.replaceChildren(
    ...(p.renderProblems.length
      ? [h('b', {}, 'Google would refuse part of this card: '), p.renderProblems.join('; ')]
      : []),
  );
  if (p.crash && (p.crash.trigger || !p.card)) {
    showHostError(p.crash.message, p.crash.execId);
  } else if (p.card) {
    body.replaceChildren(renderCard(p.card, cardCtx));
    const footer = renderFooter(p.card, cardCtx);
    $('panel-footer').replaceChildren(...(footer ? [footer] : []));
    for (const b of panelEl.querySelectorAll('.panel-body button[disabled], .panel-footer button[disabled]'))
      b.dataset.disabled = 'true';
    // A new card replaced the one the keyboard was in: start again at its title.
    if (hadFocus) {
      const title = body.querySelector('.card-title');
      title?.setAttribute('tabindex', '-1');
      title?.focus({ preventScroll: true });
    }
  } else {
    body.replaceChildren(h('p', { class: 'muted pad' }, 'The add-on returned no card.'));
  }
  renderPanelMenu(p);
  panelEl.style.setProperty('--addon-primary', p.addon.primaryColor);
}

/** What the host shows when the add-on crashed or could not be reached: never a blank panel. */
function showHostError(message, execId) {
  $('panel-footer').replaceChildren();
  $('panel-body').replaceChildren(
    h(
      'div',
      { class: 'host-error', role: 'alert' },
      h('div', { class: 'he-icon' }, svgIcon('warning', { size: 36 })),
      h('h2', {}, 'The add-on ran into a problem'),
      h('p', {}, 'Google would show its own error message here. What the add-on reported:'),
      h('pre', { class: 'he-text' }, message),
      h(
        'div',
        { class: 'w-buttons' },
        h('button', { type: 'button', class: 'btn filled', onclick: () => void reloadPanel() }, 'Try again'),
        execId
          ? h(
              'button',
              { type: 'button', class: 'btn text', onclick: () => openDev(execId) },
              'Open in the developer panel',
            )
          : null,
      ),
    ),
  );
}

function renderPanelMenu(p) {
  const menu = $('panel-menu');
  const items = [
    ...(p.card?.cardActions ?? []).map((a, i) =>
      h(
        'button',
        {
          type: 'button',
          role: 'menuitem',
          onclick: () => {
            closeMenus();
            void runWidget({ kind: 'cardAction', index: i });
          },
        },
        cardPlain(a.actionLabel),
      ),
    ),
    ...(p.card?.cardActions?.length ? [h('hr', { role: 'separator' })] : []),
    ...p.addon.universalActions.map((label) =>
      h(
        'button',
        {
          type: 'button',
          role: 'menuitem',
          onclick: () => {
            closeMenus();
            void universal(label);
          },
        },
        label,
      ),
    ),
  ];
  menu.replaceChildren(...items);
  $('panel-menu-button').hidden = !items.length;
}

function handlePanelResponse(res) {
  const p = res.panel;
  showPanel(p);
  if (p.notification) panelToast(p.notification);
  if (p.openLink) window.open(p.openLink, '_blank', 'noopener');
  if (p.crash) {
    toast(`The add-on crashed: ${p.crash.message}`, 'error');
    void refreshExecutions().then(() => openDev(p.crash.execId));
  }
  if ('editor' in res && state.draft) {
    if (res.editor) fillEditor(res.editor);
    else {
      toast('The event was deleted');
      go({ app: 'calendar' });
    }
  }
  if (res.event && state.event) document.getElementById('event-view')?.replaceWith(eventDetails(res.event));
  void refreshExecutions();
}

async function panelCall(fn) {
  if (panel.busy || !panel.id) return;
  setBusy(true);
  try {
    handlePanelResponse(await fn());
  } catch (err) {
    if (err.status === 410) {
      panel.key = null;
      void syncPanel(panel.ctx);
    } else if (err.status === 409) {
      panelToast(err.message);
      try {
        handlePanelResponse(await api('GET', `/api/panels/${panel.id}`));
      } catch (e2) {
        fail(e2);
      }
    } else {
      panelToast(err.message);
    }
  } finally {
    setBusy(false);
  }
}

async function runWidget(ref) {
  if (panel.busy) return;
  if (state.draft) {
    try {
      await flushEditor();
    } catch (err) {
      return fail(err);
    }
  }
  const values = collectValues($('panel-body'));
  $('addon-toast').classList.remove('show');
  await panelCall(() => api('POST', `/api/panels/${panel.id}/action`, { rev: panel.rev, ref, values }));
  // A homepage action may change the calendar under the panel (scheduling creates the event): redraw
  // the week, leaving the panel and the keyboard focus where they are.
  if (state.app === 'calendar' && !state.draft && !state.event) void renderWeek(++renderSeq).catch(() => undefined);
}

async function universal(label) {
  await panelCall(() => api('POST', `/api/panels/${panel.id}/universal`, { label }));
}

async function reloadPanel() {
  if (!panel.id) {
    panel.key = null;
    return syncPanel(panel.ctx);
  }
  if (state.draft) await flushEditor().catch(fail);
  await panelCall(() => api('POST', `/api/panels/${panel.id}/reload`, {}));
}

$('panel-back').addEventListener(
  'click',
  () => void panelCall(() => api('POST', `/api/panels/${panel.id}/back`, { rev: panel.rev })),
);
$('panel-reload').addEventListener('click', () => void reloadPanel());
$('panel-close').addEventListener('click', () => togglePanel(false));
$('rail-addon').addEventListener('click', () => togglePanel(!panel.open));

function togglePanel(open) {
  panel.open = open;
  localStorage.setItem('ccm.panel', open ? 'open' : 'closed');
  if (!open) closePanel();
  void syncPanel(panel.ctx);
  if (!open) $('rail-addon').focus();
}

// ---- the developer panel ----------------------------------------------------------------------------------------

const dev = { open: false, items: [], lastSeq: 0, selected: null, fetching: null, crashes: 0 };

async function refreshExecutions() {
  if (dev.fetching) return dev.fetching;
  dev.fetching = (async () => {
    try {
      const { executions } = await api('GET', `/api/executions?after=${dev.lastSeq}`);
      if (!executions.length) return;
      dev.items.push(...executions);
      if (dev.items.length > 400) dev.items.splice(0, dev.items.length - 400);
      dev.lastSeq = executions[executions.length - 1].seq;
      dev.crashes += executions.filter((x) => !x.ok).length;
      $('dev-count').textContent = String(dev.items.filter((x) => !x.parentId).length);
      $('dev-toggle').classList.toggle('has-crash', dev.crashes > 0);
      if (dev.open) renderDev();
    } catch {
      /* the next call will try again */
    } finally {
      dev.fetching = null;
    }
  })();
  return dev.fetching;
}

function openDev(execId) {
  dev.open = true;
  if (execId) dev.selected = execId;
  $('devpanel').hidden = false;
  $('dev-toggle').setAttribute('aria-expanded', 'true');
  renderDev();
  document.querySelector(`[data-exec="${execId}"]`)?.scrollIntoView({ block: 'nearest' });
}

function renderDev() {
  const roots = dev.items.filter((x) => !x.parentId || !dev.items.some((y) => y.execId === x.parentId)).reverse();
  const children = (id) => dev.items.filter((x) => x.parentId === id);
  const row = (x, depth) => {
    const selected = dev.selected === x.execId;
    const result = x.ok ? 'OK' : x.timedOut ? 'Timed out' : (x.error?.name ?? 'Failed');
    const tr = h(
      'tr',
      { class: `${x.ok ? '' : 'bad'}${selected ? ' selected' : ''}`, 'data-exec': x.execId },
      h('td', {}, x.at.slice(11, 19)),
      h('td', { class: 'cause' }, depth ? '' : x.cause),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'linkish',
            'aria-expanded': String(selected),
            onclick: () => {
              dev.selected = selected ? null : x.execId;
              renderDev();
            },
          },
          `${depth ? '↳ ' : ''}${x.project}.${x.fn}`,
        ),
      ),
      h('td', {}, x.user),
      h('td', { class: x.ok ? 'ok' : 'bad' }, result),
      h('td', { class: 'num' }, `${x.wallMs} ms`),
      h('td', { class: 'num' }, String(x.serviceCalls)),
      h('td', { class: 'num' }, `${x.cellsRead} / ${x.cellsWritten}`),
      h('td', { class: 'num' }, String(x.logs.length)),
    );
    const out = [tr];
    if (selected) {
      out.push(
        h(
          'tr',
          { class: 'detail' },
          h(
            'td',
            { colspan: 9 },
            x.error
              ? h(
                  'div',
                  { class: 'dev-error' },
                  h('b', {}, `${x.error.name}: `),
                  x.error.message,
                  x.error.stack ? h('pre', {}, x.error.stack) : null,
                )
              : null,
            h(
              'div',
              { class: 'dev-cols' },
              h(
                'div',
                {},
                h('h3', {}, 'Logs'),
                x.logs.length
                  ? h(
                      'ol',
                      { class: 'logs' },
                      x.logs.map((l) => h('li', { class: l.level }, h('span', { class: 'lvl' }, l.level), l.message)),
                    )
                  : h('p', { class: 'muted' }, 'No logs'),
              ),
              h(
                'div',
                {},
                h('h3', {}, 'Service calls'),
                Object.keys(x.byService).length
                  ? h(
                      'table',
                      { class: 'mini' },
                      Object.entries(x.byService)
                        .sort((a, b) => b[1] - a[1])
                        .map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', { class: 'num' }, String(v)))),
                    )
                  : h('p', { class: 'muted' }, 'None'),
                h('p', { class: 'muted small' }, `CPU ${x.cpuMs} ms · execution ${x.execId}`),
              ),
            ),
          ),
        ),
      );
    }
    for (const c of children(x.execId)) out.push(...row(c, depth + 1));
    return out;
  };
  $('dev-body').replaceChildren(
    dev.items.length
      ? h(
          'table',
          { class: 'dev-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [
                'Time',
                'What the person did',
                'Function',
                'Runs as',
                'Result',
                'Time taken',
                'Service calls',
                'Cells read / written',
                'Logs',
              ].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            roots.flatMap((x) => row(x, 0)),
          ),
        )
      : h('p', { class: 'muted pad' }, 'Nothing has run yet.'),
  );
}

$('dev-toggle').addEventListener('click', () => {
  dev.open = !dev.open;
  $('devpanel').hidden = !dev.open;
  $('dev-toggle').setAttribute('aria-expanded', String(dev.open));
  if (dev.open) renderDev();
});
$('dev-close').addEventListener('click', () => {
  dev.open = false;
  $('devpanel').hidden = true;
  $('dev-toggle').setAttribute('aria-expanded', 'false');
  $('dev-toggle').focus();
});
$('dev-reset').addEventListener('click', async () => {
  if (!confirm('Start again from the demo company? Everything you did in the workbench is replaced.')) return;
  try {
    await api('POST', '/api/reset', {});
    closePanel();
    dev.items = [];
    dev.lastSeq = 0;
    dev.crashes = 0;
    await boot();
    toast('The demo company was reset');
  } catch (err) {
    fail(err);
  }
});

// ---- start ------------------------------------------------------------------------------------------------------

for (const b of document.querySelectorAll('.app-tab')) {
  b.addEventListener('click', () => {
    if (state.draft) void flushEditor().catch(() => undefined);
    closePanel();
    go({ app: b.dataset.app });
  });
}
setupMenu('persona-button', 'persona-menu', renderPersonaMenu);
setupMenu('panel-menu-button', 'panel-menu');
setupMenu('clock-button', 'clock-menu', () => {
  $('clock-to').value = '';
});
for (const b of document.querySelectorAll('[data-advance]'))
  b.addEventListener('click', () => void advanceClock({ ms: Number(b.dataset.advance) }));
$('clock-jump').addEventListener('submit', (e) => {
  e.preventDefault();
  void advanceClock({ to: $('clock-to').value });
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !document.querySelector('.menu:not([hidden])')) $('toast').classList.remove('show');
});

async function boot() {
  state.boot = await api('GET', '/api/bootstrap');
  $('company-name').textContent = `${state.boot.company.name} demo`;
  $('clock-icon').replaceChildren(svgIcon('clock', { size: 16 }));
  $('people-list').replaceChildren(...state.boot.people.map((p) => h('option', { value: p.email }, p.name)));
  renderClock(state.boot.clock);
  Object.assign(state, parseHash());
  if (!person(state.as)) state.as = defaultPersona();
  history.replaceState(null, '', hashOf(state));
  await render();
}

boot().catch((err) => {
  view.replaceChildren(
    h(
      'div',
      { class: 'empty-state' },
      h('h1', {}, 'The workbench is not answering'),
      h('p', {}, err.message),
      h('p', { class: 'muted' }, 'Is `npm start` still running?'),
    ),
  );
});
