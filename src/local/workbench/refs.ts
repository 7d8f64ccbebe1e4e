/**
 * Which widget of the card a person used. The browser names the widget by its place in the card
 * (section, widget, part) and the server looks it up in the card it holds, like a host resolves a
 * click: the browser never chooses which function runs, and a stale click (the card changed in the
 * meantime) is refused instead of running the wrong thing.
 */
import type { ActionJson, CardJson, OnClickJson } from '../cards';

export type WidgetRef =
  | { kind: 'listButton'; section: number; widget: number; index: number }
  | { kind: 'decoratedButton'; section: number; widget: number }
  | { kind: 'decorated'; section: number; widget: number }
  | { kind: 'image'; section: number; widget: number }
  | { kind: 'grid'; section: number; widget: number; index: number }
  | { kind: 'change'; section: number; widget: number }
  | { kind: 'footer'; which: 'primary' | 'secondary' }
  | { kind: 'cardAction'; index: number };

export type Resolved =
  | { what: 'click'; label: string; onClick: OnClickJson; disabled: boolean }
  | { what: 'change'; label: string; action: ActionJson };

const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Validates untrusted JSON into a WidgetRef (null when it is not one). */
export function parseRef(v: unknown): WidgetRef | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  switch (r.kind) {
    case 'listButton':
    case 'grid':
      return int(r.section) && int(r.widget) && int(r.index)
        ? { kind: r.kind, section: r.section, widget: r.widget, index: r.index }
        : null;
    case 'decoratedButton':
    case 'decorated':
    case 'image':
    case 'change':
      return int(r.section) && int(r.widget) ? { kind: r.kind, section: r.section, widget: r.widget } : null;
    case 'footer':
      return r.which === 'primary' || r.which === 'secondary' ? { kind: 'footer', which: r.which } : null;
    case 'cardAction':
      return int(r.index) ? { kind: 'cardAction', index: r.index } : null;
    default:
      return null;
  }
}

const strip = (s: string | undefined) => (s ?? '').replace(/<[^>]*>/g, '').trim();

/** The widget's click (or change) behaviour in this card; null when the card has no such widget. */
export function resolveRef(card: CardJson, ref: WidgetRef): Resolved | null {
  if (ref.kind === 'footer') {
    const b = ref.which === 'primary' ? card.fixedFooter?.primaryButton : card.fixedFooter?.secondaryButton;
    return b ? { what: 'click', label: strip(b.text), onClick: b.onClick, disabled: b.disabled === true } : null;
  }
  if (ref.kind === 'cardAction') {
    const a = card.cardActions?.[ref.index];
    return a ? { what: 'click', label: strip(a.actionLabel), onClick: a.onClick, disabled: false } : null;
  }
  const w = card.sections?.[ref.section]?.widgets?.[ref.widget];
  if (!w) return null;
  switch (ref.kind) {
    case 'listButton': {
      const b = w.buttonList?.buttons?.[ref.index];
      return b ? { what: 'click', label: strip(b.text), onClick: b.onClick, disabled: b.disabled === true } : null;
    }
    case 'decoratedButton': {
      const b = w.decoratedText?.button;
      return b ? { what: 'click', label: strip(b.text), onClick: b.onClick, disabled: b.disabled === true } : null;
    }
    case 'decorated':
      return w.decoratedText?.onClick
        ? { what: 'click', label: strip(w.decoratedText.text), onClick: w.decoratedText.onClick, disabled: false }
        : null;
    case 'image':
      return w.image?.onClick
        ? { what: 'click', label: w.image.altText ?? 'image', onClick: w.image.onClick, disabled: false }
        : null;
    case 'grid': {
      const item = w.grid?.items?.[ref.index];
      return item && w.grid?.onClick
        ? {
            what: 'click',
            label: strip(item.title) || `item ${ref.index + 1}`,
            onClick: w.grid.onClick,
            disabled: false,
          }
        : null;
    }
    case 'change': {
      const input = w.textInput ?? w.selectionInput ?? w.dateTimePicker;
      const label = w.textInput?.label ?? w.selectionInput?.label ?? w.dateTimePicker?.label ?? '';
      return input?.onChangeAction
        ? { what: 'change', label: strip(label) || input.name, action: input.onChangeAction }
        : null;
    }
  }
}
