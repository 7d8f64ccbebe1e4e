// The developer panel: every add-on and gateway run, newest first, with its logs and service calls.
import type { ExecutionView } from '../views';
import { $, h } from './dom';
import { closePanel } from './panel';
import { api, fail, toast } from './state';

/** The runs seen so far (the newest 400) and the one whose details are open. */
const dev: {
  open: boolean;
  items: ExecutionView[];
  lastSeq: number;
  selected: string | null;
  crashes: number;
} = { open: false, items: [], lastSeq: 0, selected: null, crashes: 0 };

/** The fetch under way, and the one queued behind it. */
let running: Promise<void> | null = null;
let queued: Promise<void> | null = null;

/**
 * Fetches the runs that ended since the last call. A fetch already under way may have been asked for
 * before the run the caller has just seen ended, so the caller waits for one more fetch after it.
 */
export function refreshExecutions(): Promise<void> {
  if (!running) {
    running = fetchExecutions().finally(() => {
      running = null;
    });
    return running;
  }
  queued ??= running.then(() => {
    queued = null;
    return refreshExecutions();
  });
  return queued;
}

async function fetchExecutions(): Promise<void> {
  try {
    const { executions } = await api<{ executions: ExecutionView[] }>('GET', `/api/executions?after=${dev.lastSeq}`);
    if (!executions.length) return;
    dev.items.push(...executions);
    if (dev.items.length > 400) dev.items.splice(0, dev.items.length - 400);
    dev.lastSeq = executions[executions.length - 1]?.seq ?? dev.lastSeq;
    dev.crashes += executions.filter((x) => !x.ok).length;
    $('dev-count').textContent = String(dev.items.filter((x) => !x.parentId).length);
    $('dev-toggle').classList.toggle('has-crash', dev.crashes > 0);
    if (dev.open) renderDev();
  } catch {
    /* the next call will try again */
  }
}

export function openDev(execId: string | null): void {
  dev.open = true;
  if (execId) dev.selected = execId;
  $('devpanel').hidden = false;
  $('dev-toggle').setAttribute('aria-expanded', 'true');
  renderDev();
  document.querySelector(`[data-exec="${execId}"]`)?.scrollIntoView({ block: 'nearest' });
  // A run not fetched yet shows, selected, when the fetch lands (it renders the open panel).
  if (execId && !dev.items.some((x) => x.execId === execId)) void refreshExecutions();
}

function renderDev(): void {
  const roots = dev.items.filter((x) => !x.parentId || !dev.items.some((y) => y.execId === x.parentId)).reverse();
  const children = (id: string): ExecutionView[] => dev.items.filter((x) => x.parentId === id);
  const row = (x: ExecutionView, depth: number): HTMLElement[] => {
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
    const out: HTMLElement[] = [tr];
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

/** The developer panel's buttons; `restart` loads the page's data again after a reset. */
export function setupExecutions(restart: () => Promise<void>): void {
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
      await restart();
      toast('The demo company was reset');
    } catch (err) {
      fail(err);
    }
  });
}
