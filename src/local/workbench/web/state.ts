// The page's state and routing (the URL hash), the JSON API client, toasts, and who is acting. All
// real state lives on the server (the World); this page only shows it and sends what the person does.
import type { BootstrapView, PersonView } from '../views';
import { $, h } from './dom';

export type App = 'calendar' | 'mail' | 'sheet';

export interface Route {
  app: App;
  as: string;
  week: string | null;
  draft: string | null;
  event: string | null;
  message: string | null;
  tab: string | null;
}

export const state: Route & { boot: BootstrapView | null } = {
  boot: null,
  as: '',
  app: 'calendar',
  week: null,
  draft: null,
  event: null,
  message: null,
  tab: null,
};

/** The main view, and the number of the latest render (an older render that finishes late draws nothing). */
export const view = $('view');
export const renders = { seq: 0 };

const APPS: App[] = ['calendar', 'mail', 'sheet'];

export function parseHash(): Route {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  const q = new URLSearchParams(query ?? '');
  const parts = (path ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  const app = APPS.find((a) => a === parts[0]) ?? 'calendar';
  return {
    app,
    draft: parts[0] === 'calendar' && parts[1] === 'edit' ? (parts[2] ?? null) : null,
    event: parts[0] === 'calendar' && parts[1] === 'event' ? (parts[2] ?? null) : null,
    message: parts[0] === 'mail' ? (parts[1] ?? null) : null,
    as: q.get('as') ?? '',
    week: q.get('week'),
    tab: q.get('tab'),
  };
}

export function hashOf(s: Route): string {
  let path: string = s.app;
  if (s.app === 'calendar' && s.draft) path += `/edit/${encodeURIComponent(s.draft)}`;
  else if (s.app === 'calendar' && s.event) path += `/event/${encodeURIComponent(s.event)}`;
  else if (s.app === 'mail' && s.message) path += `/${encodeURIComponent(s.message)}`;
  const q = new URLSearchParams({ as: s.as });
  if (s.app === 'calendar' && s.week) q.set('week', s.week);
  if (s.app === 'sheet' && s.tab) q.set('tab', s.tab);
  return `#/${path}?${q.toString().replace(/%40/g, '@')}`;
}

let drawPage: () => Promise<void> = async () => undefined;

/** Who draws the page for the current route (main.ts), so that screens can change the route. */
export function setRenderer(render: () => Promise<void>): void {
  drawPage = render;
}

/** Draws the page for the current route again. */
export function render(): Promise<void> {
  return drawPage();
}

/** Changes the route (and the URL) and draws the page again. */
export function go(changes: Partial<Route>): void {
  Object.assign(state, { draft: null, event: null, message: null }, changes);
  const hash = hashOf(state);
  if (location.hash !== hash) history.pushState(null, '', hash);
  void render();
}

// ---- API -----------------------------------------------------------------------------------------------

/** A refusal from the workbench's API, with its HTTP status (404: gone, 409: stale card, 410: panel closed). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function api<T = { ok: true }>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    data = { error: `The workbench answered ${res.status} without JSON` };
  }
  if (!res.ok) throw new ApiError((data as { error?: string }).error || `HTTP ${res.status}`, res.status);
  return data as T;
}

export const asQ = (): string => `as=${encodeURIComponent(state.as)}`;

/** The message of anything thrown. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The HTTP status of an API refusal (0 for anything else). */
export function statusOf(err: unknown): number {
  return err instanceof ApiError ? err.status : 0;
}

// ---- toasts -------------------------------------------------------------------------------------------

let toastTimer: ReturnType<typeof setTimeout> | undefined;

/** Puts `text` and a Dismiss button into a toast (the page's or the panel's). */
export function showToast(t: HTMLElement, text: string): void {
  t.replaceChildren(
    h('span', {}, text),
    h(
      'button',
      { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: () => t.classList.remove('show') },
      '✕',
    ),
  );
}

/**
 * Notifications belong to the persona whose action caused them: each toast remembers who was acting,
 * one for somebody else is never shown, and switching persona hides the previous persona's (hideOthers).
 */
export function ownToast(t: HTMLElement, who: string | null = state.as): boolean {
  if (who !== state.as) return false;
  t.dataset.as = who ?? '';
  return true;
}

/** Hides any toast shown for another persona than the one acting now. */
export function hideOthersToasts(): void {
  for (const t of document.querySelectorAll<HTMLElement>('.toast, #addon-toast'))
    if (t.dataset.as !== undefined && t.dataset.as !== (state.as ?? '')) t.classList.remove('show');
}

export function toast(text: string, kind: 'info' | 'error' = 'info', who: string | null = state.as): void {
  const t = $('toast');
  if (!ownToast(t, who)) return;
  showToast(t, text);
  t.className = `toast show ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => t.classList.remove('show'), kind === 'error' ? 12000 : 4000);
}

export function fail(err: unknown): void {
  console.error(err);
  toast(messageOf(err) || String(err), 'error');
}

// ---- people --------------------------------------------------------------------------------------------

export function person(email: string | null | undefined): PersonView | null {
  return state.boot?.people.find((p) => p.email === email) ?? null;
}

/** The person acting now (the route always names one once the page has booted). */
export function me(): PersonView {
  const p = person(state.as);
  if (!p) throw new Error(`${state.as} is not in the demo company`);
  return p;
}

export function defaultPersona(): string {
  const saved = localStorage.getItem('ccm.persona');
  if (saved && person(saved)) return saved;
  return state.boot?.people[0]?.email ?? '';
}

// ---- menus (persona, clock, panel) ----------------------------------------------------------------------

export function closeMenus(): void {
  for (const m of document.querySelectorAll<HTMLElement>('.menu')) m.hidden = true;
  for (const b of document.querySelectorAll('[aria-haspopup][aria-expanded="true"]'))
    b.setAttribute('aria-expanded', 'false');
}
