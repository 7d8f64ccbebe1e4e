// Renders Google's card JSON (google.apps.card.v1, as the local CardService produces it) into the
// workbench's side panel, the way the Calendar and Gmail hosts draw add-on cards.
//
// Safety: nothing from a card is ever given to innerHTML. Card text is parsed by a tiny tokenizer
// that keeps only the tags cards allow (<b> <i> <u> <s> <font color> <a href> <br>) and turns
// everything else into visible text. Links must be http(s) or mailto and open in a new tab.
//
// Accessibility: real <button>, <label for>, <fieldset>/<legend> radio and check box groups, native
// inputs; the DOM order is the reading and tab order.

import { decodeEntities, htmlToText } from '../../cards/html';
import type {
  ButtonJson,
  CardJson,
  ColorJson,
  DateTimePickerJson,
  DecoratedTextJson,
  GridJson,
  IconJson,
  ImageJson,
  OnClickJson,
  SectionJson,
  SelectionInputJson,
  TextInputJson,
  TextParagraphJson,
  WidgetJson,
} from '../../cards/card-json';
import type { FormValue } from '../../cards/forms';
import type { WidgetRef } from '../refs';
import { h, type Props } from './dom';
import { CARD_ICONS, svgIcon } from './icons';

/** What the panel around a card does for it. */
export interface CardContext {
  /** A click or change that runs add-on code, named by the widget's place in the card. */
  run(ref: WidgetRef, label: string): void;
  /** A plain link (opens at once, in a new tab). */
  openLink(url: string): void;
  /** The viewer's zone offset from UTC in minutes at that instant. */
  offsetMinutes(ms: number): number;
}

const ALLOWED = new Set(['b', 'i', 'u', 's', 'font', 'a', 'br']);

function attrs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
  for (let m = re.exec(text); m; m = re.exec(text))
    out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

function safeHref(href: string | undefined): string | null {
  const h = (href || '').trim();
  return /^(https?:|mailto:)/i.test(h) ? h : null;
}

function safeColor(c: string | undefined): string | null {
  const v = (c || '').trim();
  return /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(v) || /^[a-z]{3,20}$/i.test(v) ? v : null;
}

/**
 * Card text (basic HTML) as a DocumentFragment. Allowed tags become elements; any other tag, stray
 * closing tag or attribute is shown as the literal text it is (like an escaped string would be).
 */
export function cardHtml(text: string): DocumentFragment {
  const root = document.createDocumentFragment();
  const stack: { tag: string | null; node: Node }[] = [{ tag: null, node: root }];
  const top = (): Node => stack[stack.length - 1]!.node;
  const re = /<(\/?)([a-zA-Z]+)([^<>]*)>/g;
  let last = 0;
  const literal = (s: string): void => {
    if (s) top().appendChild(document.createTextNode(decodeEntities(s)));
  };
  for (let m = re.exec(text); m; m = re.exec(text)) {
    literal(text.slice(last, m.index));
    last = re.lastIndex;
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    if (!ALLOWED.has(tag)) {
      literal(m[0]);
      continue;
    }
    if (tag === 'br') {
      if (closing) literal(m[0]);
      else top().appendChild(document.createElement('br'));
      continue;
    }
    if (closing) {
      const i = stack.map((s) => s.tag).lastIndexOf(tag);
      if (i <= 0) literal(m[0]);
      else stack.length = i;
      continue;
    }
    const a = attrs(m[3] ?? '');
    let el: HTMLElement;
    if (tag === 'a') {
      const href = safeHref(a.href);
      if (href) {
        const link = document.createElement('a');
        link.href = href;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        el = link;
      } else {
        el = document.createElement('span');
      }
    } else if (tag === 'font') {
      el = document.createElement('span');
      const color = safeColor(a.color);
      if (color) el.style.color = color;
    } else {
      el = document.createElement(tag);
    }
    top().appendChild(el);
    stack.push({ tag, node: el });
  }
  literal(text.slice(last));
  return root;
}

/** Card text as plain text (for labels and accessible names): the scenario runner's own reading. */
export function cardPlain(text: string | null | undefined): string {
  return htmlToText(String(text ?? ''));
}

// ---- small DOM helpers -------------------------------------------------------------------------

let uid = 0;
const nextId = (p: string): string => `${p}-${++uid}`;

function rgb(color: ColorJson | undefined): string | null {
  if (!color) return null;
  const c = (x: number | undefined): number => Math.round(Math.max(0, Math.min(1, x ?? 0)) * 255);
  return `rgba(${c(color.red)}, ${c(color.green)}, ${c(color.blue)}, ${color.alpha ?? 1})`;
}

function icon(j: IconJson | undefined): Element | null {
  if (!j) return null;
  const label = j.altText || j.knownIcon || j.materialIcon?.name || '';
  if (j.iconUrl) {
    const img = h('img', {
      class: `icon${j.imageType === 'CIRCLE' ? ' circle' : ''}`,
      src: j.iconUrl,
      alt: label,
      width: 24,
      height: 24,
    });
    img.addEventListener('error', () => img.replaceWith(svgIcon('dot', { size: 24, label, cls: 'svg-icon icon' })));
    return img;
  }
  // Known and material icons by name; an unknown name still shows (as a dot) with its name as the label.
  const name = CARD_ICONS[j.knownIcon ?? ''] ?? CARD_ICONS[j.materialIcon?.name ?? ''] ?? 'dot';
  return svgIcon(name, { size: 22, label: label || 'icon', cls: 'svg-icon icon' });
}

// ---- widgets ---------------------------------------------------------------------------------------

/**
 * What a click does: a plain link opens at once in a new tab, inside the click (no pop-up blocker,
 * no add-on code); anything else goes to the host with the widget's place (`ctx.run`).
 */
function click(onClick: OnClickJson | undefined, ref: WidgetRef, label: string, ctx: CardContext): () => void {
  return () => (onClick?.openLink ? ctx.openLink(onClick.openLink.url) : ctx.run(ref, label));
}

function button(b: ButtonJson, ref: WidgetRef, ctx: CardContext, variant?: string): HTMLButtonElement {
  const type = b.type ?? variant;
  const cls =
    type === 'FILLED'
      ? 'btn filled'
      : type === 'FILLED_TONAL'
        ? 'btn tonal'
        : type === 'OUTLINED'
          ? 'btn outlined'
          : 'btn text';
  const external = !!b.onClick?.openLink;
  const label = cardPlain(b.text);
  const el = h(
    'button',
    {
      type: 'button',
      class: cls,
      disabled: b.disabled === true,
      'aria-label': b.altText ? b.altText : external ? `${label} (opens in a new tab)` : null,
      onclick: click(b.onClick, ref, label, ctx),
    },
    icon(b.icon),
    h('span', {}, cardHtml(b.text)),
    external ? h('span', { class: 'ext', 'aria-hidden': 'true', text: '↗' }) : null,
  );
  const bg = rgb(b.color);
  if (bg && type !== 'OUTLINED' && type !== 'BORDERLESS') el.style.background = bg;
  return el;
}

function textParagraph(w: TextParagraphJson): HTMLElement {
  const el = h('div', { class: 'w-text' }, cardHtml(w.text ?? ''));
  if (w.maxLines) {
    el.classList.add('clamped');
    el.style.setProperty('--lines', String(w.maxLines));
  }
  return el;
}

function decoratedText(w: DecoratedTextJson, s: number, i: number, ctx: CardContext): HTMLElement {
  const body = h(
    'div',
    { class: `d-body${w.wrapText ? '' : ' nowrap'}` },
    w.topLabel ? h('div', { class: 'top-label' }, cardHtml(w.topLabel)) : null,
    h('div', { class: 'd-text' }, cardHtml(w.text ?? '')),
    w.bottomLabel ? h('div', { class: 'bottom-label' }, cardHtml(w.bottomLabel)) : null,
  );
  const main = w.onClick
    ? h(
        'button',
        {
          type: 'button',
          class: 'd-click',
          onclick: click(w.onClick, { kind: 'decorated', section: s, widget: i }, cardPlain(w.text), ctx),
        },
        icon(w.startIcon),
        body,
      )
    : h('div', { class: 'd-main' }, icon(w.startIcon), body);
  return h(
    'div',
    { class: 'w-decorated' },
    main,
    w.button ? button(w.button, { kind: 'decoratedButton', section: s, widget: i }, ctx) : icon(w.endIcon),
  );
}

function hint(text: string | undefined, id: string | null): HTMLElement | null {
  return text ? h('div', { class: 'hint', id }, cardPlain(text)) : null;
}

function textInput(w: TextInputJson, s: number, i: number, ctx: CardContext): HTMLElement {
  const id = nextId('in');
  const hintId = w.hintText ? `${id}-hint` : null;
  const multi = w.type === 'MULTIPLE_LINE';
  const props: Props = {
    id,
    class: 'field',
    'data-field': w.name,
    'data-kind': 'text',
    'aria-describedby': hintId,
    maxlength: w.validation?.characterLimit ?? null,
    inputmode:
      w.validation?.inputType === 'INTEGER'
        ? 'numeric'
        : w.validation?.inputType === 'FLOAT'
          ? 'decimal'
          : w.validation?.inputType === 'EMAIL'
            ? 'email'
            : null,
    onchange: w.onChangeAction ? () => ctx.run({ kind: 'change', section: s, widget: i }, cardPlain(w.label)) : null,
  };
  const input = multi
    ? h('textarea', { ...props, rows: 4 })
    : h('input', { ...props, type: 'text', autocomplete: 'off' });
  input.value = w.value ?? '';
  return h(
    'div',
    { class: 'w-input' },
    h('label', { for: id, class: 'field-label' }, cardPlain(w.label)),
    input,
    hint(w.hintText, hintId),
  );
}

function selectionInput(w: SelectionInputJson, s: number, i: number, ctx: CardContext): HTMLElement {
  const onchange = w.onChangeAction
    ? () => ctx.run({ kind: 'change', section: s, widget: i }, cardPlain(w.label ?? w.name))
    : null;
  if (w.type === 'DROPDOWN') {
    const id = nextId('sel');
    const select = h(
      'select',
      { id, class: 'field', 'data-field': w.name, 'data-kind': 'selection', onchange },
      w.items.map((it) => h('option', { value: it.value, selected: it.selected }, cardPlain(it.text))),
    );
    return h(
      'div',
      { class: 'w-input' },
      h('label', { for: id, class: 'field-label' }, cardPlain(w.label ?? '')),
      select,
    );
  }
  const group = nextId('grp');
  const kind = w.type === 'RADIO_BUTTON' ? 'radio' : 'checkbox';
  const items = w.items.map((it) => {
    const id = nextId('opt');
    const input = h('input', {
      id,
      type: kind,
      name: group,
      value: it.value,
      checked: it.selected,
      'data-field': w.name,
      'data-kind': 'selection',
      role: w.type === 'SWITCH' ? 'switch' : null,
      onchange,
    });
    return h(
      'div',
      { class: `option${w.type === 'SWITCH' ? ' switch' : ''}` },
      input,
      h('label', { for: id }, cardPlain(it.text)),
    );
  });
  const legend = w.label ? h('legend', { class: 'field-label' }, cardPlain(w.label)) : null;
  return h(
    'fieldset',
    {
      class: `w-choices ${w.type.toLowerCase()}`,
      'data-group': w.name,
      'aria-label': w.label ? null : cardPlain(w.items[0]?.text ?? w.name),
    },
    legend,
    items,
  );
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function dateTimePicker(w: DateTimePickerJson, s: number, i: number, ctx: CardContext): HTMLElement {
  const id = nextId('dt');
  const type = w.type === 'DATE_ONLY' ? 'date' : w.type === 'TIME_ONLY' ? 'time' : 'datetime-local';
  const kind = w.type === 'DATE_ONLY' ? 'date' : w.type === 'TIME_ONLY' ? 'time' : 'dateTime';
  const offset = w.timezoneOffsetDate ?? ctx.offsetMinutes(w.valueMsEpoch ?? Date.now());
  const input = h('input', {
    id,
    type,
    class: 'field',
    'data-field': w.name,
    'data-kind': kind,
    'data-offset': String(offset),
    onchange: w.onChangeAction
      ? () => ctx.run({ kind: 'change', section: s, widget: i }, cardPlain(w.label ?? w.name))
      : null,
  });
  if (typeof w.valueMsEpoch === 'number') {
    // Dates are UTC midnights and times are times of day (what the host sends back); date-times
    // show on the wall clock of the picker's offset.
    const d = new Date(w.valueMsEpoch + (kind === 'dateTime' ? offset * 60000 : 0));
    const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    input.value = kind === 'date' ? date : kind === 'time' ? time : `${date}T${time}`;
  }
  return h('div', { class: 'w-input' }, h('label', { for: id, class: 'field-label' }, cardPlain(w.label ?? '')), input);
}

function image(w: ImageJson, s: number, i: number, ctx: CardContext): HTMLElement {
  const img = h('img', { src: w.imageUrl, alt: w.altText ?? '', class: 'w-image-img' });
  img.addEventListener('error', () =>
    img.replaceWith(h('div', { class: 'img-missing', text: w.altText || 'Image not available offline' })),
  );
  return w.onClick
    ? h(
        'button',
        {
          type: 'button',
          class: 'w-image clickable',
          onclick: click(w.onClick, { kind: 'image', section: s, widget: i }, w.altText ?? 'image', ctx),
        },
        img,
      )
    : h('div', { class: 'w-image' }, img);
}

function grid(w: GridJson, s: number, i: number, ctx: CardContext): HTMLElement {
  const cols = w.columnCount ?? 2;
  return h(
    'div',
    { class: 'w-grid-wrap' },
    w.title ? h('div', { class: 'field-label' }, cardPlain(w.title)) : null,
    h(
      'div',
      { class: 'w-grid', style: `grid-template-columns: repeat(${Math.max(1, Math.min(6, cols))}, 1fr)` },
      w.items.map((it, k) => {
        const inner = [
          it.image ? h('img', { src: it.image.imageUri, alt: it.image.altText ?? '' }) : null,
          it.title ? h('div', { class: 'g-title', text: cardPlain(it.title) }) : null,
          it.subtitle ? h('div', { class: 'g-sub', text: cardPlain(it.subtitle) }) : null,
        ];
        return w.onClick
          ? h(
              'button',
              {
                type: 'button',
                class: 'g-item',
                onclick: click(
                  w.onClick,
                  { kind: 'grid', section: s, widget: i, index: k },
                  cardPlain(it.title ?? ''),
                  ctx,
                ),
              },
              inner,
            )
          : h('div', { class: 'g-item' }, inner);
      }),
    ),
  );
}

function widget(w: WidgetJson, s: number, i: number, ctx: CardContext): HTMLElement {
  if (w.textParagraph) return textParagraph(w.textParagraph);
  if (w.decoratedText) return decoratedText(w.decoratedText, s, i, ctx);
  if (w.textInput) return textInput(w.textInput, s, i, ctx);
  if (w.selectionInput) return selectionInput(w.selectionInput, s, i, ctx);
  if (w.dateTimePicker) return dateTimePicker(w.dateTimePicker, s, i, ctx);
  if (w.buttonList)
    return h(
      'div',
      { class: 'w-buttons' },
      w.buttonList.buttons.map((b, k) => button(b, { kind: 'listButton', section: s, widget: i, index: k }, ctx)),
    );
  if (w.divider) return h('hr', { class: 'w-divider' });
  if (w.image) return image(w.image, s, i, ctx);
  if (w.grid) return grid(w.grid, s, i, ctx);
  // A widget this renderer does not know: say so (a developer tool must not hide it).
  return h('div', { class: 'w-unknown', text: `Widget not drawn by the workbench: ${Object.keys(w).join(', ')}` });
}

function section(sec: SectionJson, s: number, ctx: CardContext): HTMLElement {
  const widgets = (sec.widgets ?? []).map((w, i) => widget(w, s, i, ctx));
  const el = h(
    'section',
    { class: 'card-section' },
    sec.header ? h('h3', { class: 'section-header' }, cardHtml(sec.header)) : null,
  );
  if (sec.collapsible) {
    const keep = sec.uncollapsibleWidgetsCount ?? 0;
    const more = h('div', { class: 'collapsed-widgets', id: nextId('more'), hidden: true }, widgets.slice(keep));
    const toggle = h(
      'button',
      { type: 'button', class: 'btn text more', 'aria-expanded': 'false', 'aria-controls': more.id },
      'Show more',
    );
    toggle.addEventListener('click', () => {
      const open = more.hidden;
      more.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? 'Show less' : 'Show more';
    });
    el.append(...widgets.slice(0, keep), more, toggle);
  } else {
    el.append(...widgets);
  }
  return el;
}

/**
 * The card's body: header and sections. The fixed footer and the card actions are drawn by the
 * panel around it (`renderFooter`, `cardActions`). `ctx.run(ref, label)` handles a click that runs
 * add-on code, `ctx.openLink(url)` a plain link, `ctx.offsetMinutes(ms)` gives the viewer's zone offset.
 */
export function renderCard(card: CardJson, ctx: CardContext): HTMLElement {
  const hd = card.header;
  return h(
    'div',
    { class: 'card' },
    hd
      ? h(
          'div',
          { class: 'card-header' },
          hd.imageUrl
            ? h('img', {
                class: `hd-img${hd.imageType === 'CIRCLE' ? ' circle' : ''}`,
                src: hd.imageUrl,
                alt: hd.imageAltText ?? '',
                width: 40,
                height: 40,
                onerror: (e: Event) => (e.target as Element).remove(),
              })
            : null,
          h(
            'div',
            {},
            h('h2', { class: 'card-title' }, cardHtml(hd.title ?? '')),
            hd.subtitle ? h('div', { class: 'card-subtitle' }, cardHtml(hd.subtitle)) : null,
          ),
        )
      : null,
    (card.sections ?? []).map((sec, s) => section(sec, s, ctx)),
  );
}

export function renderFooter(card: CardJson, ctx: CardContext): HTMLElement | null {
  const f = card.fixedFooter;
  if (!f) return null;
  return h(
    'div',
    { class: 'card-footer' },
    f.secondaryButton ? button(f.secondaryButton, { kind: 'footer', which: 'secondary' }, ctx, 'TEXT') : null,
    f.primaryButton ? button(f.primaryButton, { kind: 'footer', which: 'primary' }, ctx, 'FILLED') : null,
  );
}

/** The values of every input in `root`, keyed by field name, in the shape the server's fillForm takes. */
export function collectValues(root: ParentNode): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  for (const el of root.querySelectorAll<HTMLInputElement>('[data-field]')) {
    const name = el.dataset.field ?? '';
    const kind = el.dataset.kind;
    if (kind === 'text') out[name] = el.value;
    else if (kind === 'selection') {
      if (el.tagName === 'SELECT') out[name] = [el.value];
      else {
        const chosen = (out[name] ??= []) as string[];
        if (el.checked) chosen.push(el.value);
      }
    } else if (kind === 'date') {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(el.value);
      out[name] = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) : null;
    } else if (kind === 'time') {
      const m = /^(\d{2}):(\d{2})$/.exec(el.value);
      out[name] = m ? (+m[1]! * 60 + +m[2]!) * 60000 : null;
    } else if (kind === 'dateTime') {
      const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(el.value);
      out[name] = m
        ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) - Number(el.dataset.offset || 0) * 60000
        : null;
    }
  }
  return out;
}
