// Small DOM helpers shared by every screen: element building and lookups by id.

export type Child = Node | string | null | undefined | false | Child[];

/** Attributes and listeners: `class`, `text`, `style` (CSSOM text), `onX` listeners, anything else as an attribute. */
export type Props = Record<string, unknown>;

/** An element with props and children; null, undefined and false are skipped (props and children). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'style')
      el.style.cssText = String(v); // CSSOM, allowed by the page's CSP (no inline style attributes)
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children) append(el, c);
  return el;
}

function append(el: Element, c: Child): void {
  if (Array.isArray(c)) for (const x of c) append(el, x);
  else if (c !== null && c !== undefined && c !== false) el.append(c);
}

/** The element with this id, which the page (index.html or a drawn screen) must have. */
export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The page has no #${id}`);
  return el as T;
}

/** The element with this id if the current screen has it. */
export function find<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

/** The value of an input, textarea or select with this id. */
export function valueOf(id: string): string {
  return $<HTMLInputElement>(id).value;
}
