// The usage Sheet, read-only, as its viewer may see it (program admins only, as in Google).
import type { SheetView } from '../views';
import { h } from './dom';
import { svgIcon } from './icons';
import { syncPanel } from './panel';
import { api, asQ, go, me, renders, state, view } from './state';

function colName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export async function renderSheet(seq: number): Promise<void> {
  const sheet = await api<SheetView>('GET', `/api/sheet?${asQ()}`);
  if (seq !== renders.seq) return;
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
          `${me().name} cannot open "${sheet.name}". It is shared with the program admins only (the usage Sheet never holds meeting content, but it is still nobody else's business).`,
        ),
        h('p', { class: 'muted' }, `Owner: ${sheet.owner}. Switch to a program admin to see it.`),
      ),
    );
    return;
  }
  const tab = sheet.tabs.find((t) => t.name === state.tab) ?? sheet.tabs[0];
  if (!tab) throw new Error(`"${sheet.name}" has no tabs`);
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
          onkeydown: (e: KeyboardEvent) => {
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
            if (t) go({ app: 'sheet', tab: t.name });
            view.addEventListener(
              'sheet-drawn',
              () => document.querySelector<HTMLElement>('.sheet-tab[aria-selected="true"]')?.focus(),
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
