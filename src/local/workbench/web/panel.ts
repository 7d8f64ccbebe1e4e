// The add-on's side panel: opens the add-on for the page's context, draws its card, and sends the
// person's clicks to the host on the server.
import type { PanelResponse, PanelView } from '../views';
import { zoneOffsetMs } from '../../../core/time';
import type { WidgetRef } from '../refs';
import { collectValues, cardPlain, renderCard, renderFooter, type CardContext } from './cards';
import { $, h } from './dom';
import { fillEditor, flushEditor } from './editor';
import { eventDetails } from './event';
import { openDev, refreshExecutions } from './executions';
import { svgIcon } from './icons';
import { renderWeek } from './calendar';
import {
  api,
  closeMenus,
  fail,
  go,
  messageOf,
  ownToast,
  person,
  renders,
  showToast,
  state,
  statusOf,
  toast,
} from './state';

/** What the panel is opened for: the host, and the draft, event or message (none: the homepage). */
export type PanelContext =
  { host: 'CALENDAR'; draftId?: string; eventId?: string } | { host: 'GMAIL'; messageId?: string } | null;

/** The panel open on the server (id, and the card revision a click must name), and the person's choices. */
export const panel: {
  id: string | null;
  rev: number;
  key: string | null;
  ctx: PanelContext;
  open: boolean;
  busy: boolean;
  view: PanelView | null;
  /** Counts opens and closes: an answer that comes back after a newer one began is not shown. */
  loads: number;
  toastTimer: ReturnType<typeof setTimeout> | undefined;
} = {
  id: null,
  rev: 0,
  key: null,
  ctx: null,
  open: localStorage.getItem('ccm.panel') !== 'closed',
  busy: false,
  view: null,
  loads: 0,
  toastTimer: undefined,
};
const panelEl = $('addon-panel');

function panelKey(ctx: PanelContext): string | null {
  return ctx ? JSON.stringify({ as: state.as, ...ctx }) : null;
}

export function closePanel(): void {
  if (panel.id) void api('DELETE', `/api/panels/${panel.id}`).catch(() => undefined);
  panel.id = null;
  panel.key = null;
  panel.view = null;
  panel.loads++;
}

/** Shows the add-on for the page's context: an event, a message, a homepage, or nothing (the Sheet). */
export async function syncPanel(ctx: PanelContext): Promise<void> {
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
  // Also when the same panel is loading: two renders in a row (a persona switch, then a new address)
  // each open it, and only the last answer may be drawn, or a click on the first lands under the second.
  closePanel();
  const load = panel.loads;
  panel.key = key;
  // A notification belongs to the panel that showed it.
  $('addon-toast').classList.remove('show');
  setBusy(true);
  $('panel-body').replaceChildren();
  $('panel-footer').replaceChildren();
  try {
    const res = await api<PanelResponse>('POST', '/api/panels', { as: state.as, ...ctx });
    if (panel.loads !== load) {
      void api('DELETE', `/api/panels/${res.panel.id}`).catch(() => undefined);
      return;
    }
    handlePanelResponse(res);
  } catch (err) {
    if (panel.loads === load) showHostError(messageOf(err), null);
  } finally {
    if (panel.loads === load) setBusy(false);
  }
}

function setBusy(busy: boolean): void {
  panel.busy = busy;
  panelEl.setAttribute('aria-busy', String(busy));
  panelEl.dataset.state = busy ? 'loading' : 'ready';
  $('panel-progress').hidden = !busy;
  for (const el of panelEl.querySelectorAll<HTMLButtonElement>('.panel-body button, .panel-footer button'))
    el.disabled = busy || el.dataset.disabled === 'true';
}

function panelToast(text: string, who: string | null = state.as): void {
  const t = $('addon-toast');
  if (!ownToast(t, who)) return;
  showToast(t, text);
  t.classList.add('show');
  clearTimeout(panel.toastTimer);
  panel.toastTimer = setTimeout(() => t.classList.remove('show'), 8000);
}

/** The viewer's offset from UTC in minutes at `ms` (what a DateTimePicker shows its value in). */
function offsetMinutes(ms: number): number {
  return Math.round(zoneOffsetMs(ms, person(state.as)?.timeZone ?? 'UTC') / 60000);
}

const cardCtx: CardContext = {
  run: (ref) => void runWidget(ref),
  openLink: (url) => void window.open(url, '_blank', 'noopener'),
  offsetMinutes,
};

export function showPanel(p: PanelView): void {
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
    for (const b of panelEl.querySelectorAll<HTMLElement>(
      '.panel-body button[disabled], .panel-footer button[disabled]',
    ))
      b.dataset.disabled = 'true';
    // A new card replaced the one the keyboard was in: start again at its title.
    if (hadFocus) {
      const title = body.querySelector<HTMLElement>('.card-title');
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
function showHostError(message: string, execId: string | null): void {
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

function renderPanelMenu(p: PanelView): void {
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

function handlePanelResponse(res: PanelResponse): void {
  const p = res.panel;
  showPanel(p);
  if (p.notification) panelToast(p.notification);
  if (p.openLink) window.open(p.openLink, '_blank', 'noopener');
  const crash = p.crash;
  if (crash) {
    toast(`The add-on crashed: ${crash.message}`, 'error');
    void refreshExecutions().then(() => openDev(crash.execId));
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

async function panelCall(fn: () => Promise<PanelResponse>): Promise<void> {
  if (panel.busy || !panel.id) return;
  setBusy(true);
  // The answer belongs to the persona who clicked and the panel clicked on: after a switch, or once
  // another panel began to open, it is not shown.
  const who = state.as;
  const load = panel.loads;
  const stale = () => state.as !== who || panel.loads !== load;
  try {
    const res = await fn();
    if (stale()) return;
    handlePanelResponse(res);
  } catch (err) {
    if (stale()) return;
    if (statusOf(err) === 410) {
      panel.key = null;
      void syncPanel(panel.ctx);
    } else if (statusOf(err) === 409) {
      panelToast(messageOf(err));
      try {
        handlePanelResponse(await api<PanelResponse>('GET', `/api/panels/${panel.id}`));
      } catch (e2) {
        fail(e2);
      }
    } else {
      panelToast(messageOf(err));
    }
  } finally {
    // A panel opening meanwhile (the 410 above, a new page) is busy until its own answer comes.
    if (panel.loads === load) setBusy(false);
  }
}

async function runWidget(ref: WidgetRef): Promise<void> {
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
  await panelCall(() => api<PanelResponse>('POST', `/api/panels/${panel.id}/action`, { rev: panel.rev, ref, values }));
  // A homepage action may change the calendar under the panel (scheduling creates the event): redraw
  // the week, leaving the panel and the keyboard focus where they are.
  if (state.app === 'calendar' && !state.draft && !state.event) void renderWeek(++renders.seq).catch(() => undefined);
}

async function universal(label: string): Promise<void> {
  await panelCall(() => api<PanelResponse>('POST', `/api/panels/${panel.id}/universal`, { label }));
}

export async function reloadPanel(): Promise<void> {
  if (!panel.id) {
    panel.key = null;
    return syncPanel(panel.ctx);
  }
  if (state.draft) await flushEditor().catch(fail);
  await panelCall(() => api<PanelResponse>('POST', `/api/panels/${panel.id}/reload`, {}));
}

/** The panel bar's buttons and the add-on rail. */
export function setupPanel(): void {
  $('panel-back').addEventListener(
    'click',
    () => void panelCall(() => api<PanelResponse>('POST', `/api/panels/${panel.id}/back`, { rev: panel.rev })),
  );
  $('panel-reload').addEventListener('click', () => void reloadPanel());
  $('panel-close').addEventListener('click', () => togglePanel(false));
  $('rail-addon').addEventListener('click', () => togglePanel(!panel.open));
}

function togglePanel(open: boolean): void {
  panel.open = open;
  localStorage.setItem('ccm.panel', open ? 'open' : 'closed');
  if (!open) closePanel();
  void syncPanel(panel.ctx);
  if (!open) $('rail-addon').focus();
}
