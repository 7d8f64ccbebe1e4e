// The workbench's front end: a persona switcher, Calendar (week, editor, event view), Gmail (inbox,
// message), the usage Sheet, the add-on's side panel and the developer panel. Bundled for the
// browser by `npm run build` (build/local/workbench/public/app.js); each screen is its own module.
// This file routes to the screens, runs the clock and the menus, and starts the page.
import type { BootstrapView, ClockView } from '../views';
import { renderWeek } from './calendar';
import { $, h, valueOf } from './dom';
import { flushEditor, renderEditor } from './editor';
import { renderEventView } from './event';
import { refreshExecutions, setupExecutions } from './executions';
import { renderInbox, renderMessage } from './gmail';
import { svgIcon } from './icons';
import { closePanel, setupPanel, syncPanel } from './panel';
import { renderPersonaButton, renderPersonaMenu } from './people';
import { renderSheet } from './sheet';
import {
  api,
  hideOthersToasts,
  closeMenus,
  defaultPersona,
  fail,
  go,
  hashOf,
  me,
  messageOf,
  parseHash,
  person,
  renders,
  setRenderer,
  state,
  toast,
  view,
  type App,
} from './state';

const TITLES: Record<App, string> = { calendar: 'Calendar', mail: 'Gmail', sheet: 'Usage Sheet' };

/** Draws the page for the current route; a render overtaken by a newer one draws nothing. */
async function render(): Promise<void> {
  const seq = ++renders.seq;
  for (const b of document.querySelectorAll<HTMLElement>('.app-tab')) {
    if (b.dataset.app === state.app) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  renderPersonaButton();
  hideOthersToasts();
  document.title = `${TITLES[state.app]} · ${me().name} · CCM Workbench`;
  view.dataset.ready = 'false';
  try {
    if (state.app === 'calendar' && state.draft) await renderEditor(seq);
    else if (state.app === 'calendar' && state.event) await renderEventView(seq);
    else if (state.app === 'calendar') await renderWeek(seq);
    else if (state.app === 'mail' && state.message) await renderMessage(seq);
    else if (state.app === 'mail') await renderInbox(seq);
    else await renderSheet(seq);
  } catch (err) {
    if (seq !== renders.seq) return;
    view.replaceChildren(
      h(
        'div',
        { class: 'empty-state' },
        h('h1', {}, 'This page could not be shown'),
        h('p', {}, messageOf(err)),
        h('button', { type: 'button', class: 'btn filled', onclick: () => go({ app: state.app }) }, 'Back'),
      ),
    );
    void syncPanel(null);
  }
  if (seq === renders.seq) {
    view.dataset.view = state.app;
    view.dataset.ready = 'true';
    // The control that was used may be gone with the old page: keep keyboard users in the page.
    if (seq > 1 && (!document.activeElement || document.activeElement === document.body))
      view.focus({ preventScroll: true });
  }
  void refreshExecutions();
}

// ---- menus (persona, clock, panel) ----------------------------------------------------------------------

function setupMenu(buttonId: string, menuId: string, onOpen?: () => void): void {
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
      (
        menu.querySelector<HTMLElement>('[aria-checked="true"]') ?? menu.querySelector<HTMLElement>('button, input')
      )?.focus();
    }
  });
  menu.addEventListener('click', (e) => e.stopPropagation());
  menu.addEventListener('keydown', (e) => {
    const items = [...menu.querySelectorAll<HTMLElement>('[role^="menuitem"]')];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      closeMenus();
      button.focus();
    } else if (items.length && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      const next = e.key === 'ArrowDown' ? (i + 1) % items.length : (i - 1 + items.length) % items.length;
      items[next]?.focus();
    }
  });
}

// ---- clock -----------------------------------------------------------------------------------------------

function renderClock(clock: ClockView): void {
  if (state.boot) state.boot.clock = clock;
  $('clock-text').textContent = `${clock.text} ${clock.zone}`;
  $('clock-button').setAttribute('aria-label', `Now: ${clock.text} ${clock.zone}. Move the clock`);
}

async function advanceClock(body: { ms: number } | { to: string }): Promise<void> {
  try {
    const res = await api<{ clock: ClockView }>('POST', '/api/clock', { ...body, as: state.as });
    renderClock(res.clock);
    closeMenus();
    toast(`The clock moved to ${res.clock.text} ${res.clock.zone}`);
    // The week view follows "today" to the new now.
    if (state.app === 'calendar' && !state.draft && !state.event) {
      state.week = null;
      history.replaceState(null, '', hashOf(state));
    }
    // The open panel runs again at the new "now" (a screen that keeps its panel would otherwise show the old card).
    closePanel();
    await render();
  } catch (err) {
    fail(err);
  }
}

// ---- start ------------------------------------------------------------------------------------------------------

async function boot(): Promise<void> {
  const boot = await api<BootstrapView>('GET', '/api/bootstrap');
  state.boot = boot;
  $('company-name').textContent = `${boot.company.name} demo`;
  $('clock-icon').replaceChildren(svgIcon('clock', { size: 16 }));
  $('people-list').replaceChildren(...boot.people.map((p) => h('option', { value: p.email }, p.name)));
  renderClock(boot.clock);
  Object.assign(state, parseHash());
  if (!person(state.as)) state.as = defaultPersona();
  history.replaceState(null, '', hashOf(state));
  await render();
}

setRenderer(render);
window.addEventListener('popstate', () => {
  Object.assign(state, parseHash());
  if (!person(state.as)) state.as = defaultPersona();
  void render();
});
document.addEventListener('click', closeMenus);
for (const b of document.querySelectorAll<HTMLElement>('.app-tab')) {
  b.addEventListener('click', () => {
    if (state.draft) void flushEditor().catch(() => undefined);
    closePanel();
    go({ app: (b.dataset.app as App | undefined) ?? 'calendar' });
  });
}
setupPanel();
setupExecutions(boot);
setupMenu('persona-button', 'persona-menu', renderPersonaMenu);
setupMenu('panel-menu-button', 'panel-menu');
setupMenu('clock-button', 'clock-menu', () => {
  $<HTMLInputElement>('clock-to').value = '';
});
for (const b of document.querySelectorAll<HTMLElement>('[data-advance]'))
  b.addEventListener('click', () => void advanceClock({ ms: Number(b.dataset.advance) }));
$('clock-jump').addEventListener('submit', (e) => {
  e.preventDefault();
  void advanceClock({ to: valueOf('clock-to') });
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !document.querySelector('.menu:not([hidden])')) $('toast').classList.remove('show');
});

boot().catch((err: unknown) => {
  view.replaceChildren(
    h(
      'div',
      { class: 'empty-state' },
      h('h1', {}, 'The workbench is not answering'),
      h('p', {}, messageOf(err)),
      h('p', { class: 'muted' }, 'Is `npm start` still running?'),
    ),
  );
});
