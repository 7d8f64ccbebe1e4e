// Reading a card as a person (or a scenario) would: what it says, which buttons it offers, which
// inputs it holds. Used by the scenario runner's assertions, the workbench, and tests.
import { htmlToText } from './html';
import type {
  ActionJson,
  ButtonJson,
  CardJson,
  OnClickJson,
  OpenLinkJson,
  SelectionItemJson,
  WidgetJson,
} from './card-json';

export type CardInputKind = 'text' | 'selection' | 'date' | 'dateTime' | 'time';

export interface CardInput {
  name: string;
  kind: CardInputKind;
  label?: string;
  /** Text input: its value. Selection: the selected values. Pickers: ms since epoch. */
  value?: string | string[] | number;
  /** Selection inputs only. */
  items?: SelectionItemJson[];
  /** Selection inputs: CHECK_BOX, RADIO_BUTTON, ...; text inputs: SINGLE_LINE / MULTIPLE_LINE. */
  type?: string;
}

export interface CardText {
  /** The header title (tags stripped), if the card has a header. */
  title?: string;
  /** Every visible text in reading order. */
  text: string[];
  /** Every button label in order: body buttons, decorated-text buttons, footer, card menu. */
  buttons: string[];
  inputs: CardInput[];
}

export interface FoundButton {
  label: string;
  disabled: boolean;
  onClick: OnClickJson;
  /** The callback to run, with its parameters as the event object carries them. */
  action?: { function: string; parameters: Record<string, string>; loadIndicator?: string };
  openLink?: OpenLinkJson;
  /** setOnClickOpenLinkAction: a callback that returns the link to open. */
  openDynamicLinkAction?: { function: string; parameters: Record<string, string> };
}

function params(a: ActionJson): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of a.parameters ?? []) out[p.key] = p.value;
  return out;
}

function found(label: string, onClick: OnClickJson, disabled = false): FoundButton {
  const b: FoundButton = { label, disabled, onClick };
  if (onClick.action) {
    b.action = { function: onClick.action.function, parameters: params(onClick.action) };
    if (onClick.action.loadIndicator) b.action.loadIndicator = onClick.action.loadIndicator;
  }
  if (onClick.openLink) b.openLink = onClick.openLink;
  if (onClick.openDynamicLinkAction) {
    b.openDynamicLinkAction = {
      function: onClick.openDynamicLinkAction.function,
      parameters: params(onClick.openDynamicLinkAction),
    };
  }
  return b;
}

function fromButton(b: ButtonJson): FoundButton {
  return found(htmlToText(b.text), b.onClick, b.disabled === true);
}

/** Every clickable thing on the card, in reading order; `button` says whether it is a button. */
function clickables(card: CardJson): { button: boolean; found: FoundButton }[] {
  const out: { button: boolean; found: FoundButton }[] = [];
  for (const section of card.sections ?? []) {
    for (const w of section.widgets ?? []) {
      for (const b of w.buttonList?.buttons ?? []) out.push({ button: true, found: fromButton(b) });
      const d = w.decoratedText;
      if (d?.button) out.push({ button: true, found: fromButton(d.button) });
      if (d?.onClick) out.push({ button: false, found: found(htmlToText(d.text), d.onClick) });
      if (w.image?.onClick)
        out.push({ button: false, found: found(w.image.altText ?? w.image.imageUrl, w.image.onClick) });
    }
  }
  const footer = card.fixedFooter;
  if (footer?.primaryButton) out.push({ button: true, found: fromButton(footer.primaryButton) });
  if (footer?.secondaryButton) out.push({ button: true, found: fromButton(footer.secondaryButton) });
  for (const a of card.cardActions ?? [])
    out.push({ button: true, found: found(htmlToText(a.actionLabel), a.onClick) });
  return out;
}

function inputOf(w: WidgetJson): CardInput | undefined {
  if (w.textInput) {
    const t = w.textInput;
    return {
      name: t.name,
      kind: 'text',
      label: t.label,
      type: t.type,
      ...(t.value !== undefined ? { value: t.value } : {}),
    };
  }
  if (w.selectionInput) {
    const s = w.selectionInput;
    return {
      name: s.name,
      kind: 'selection',
      ...(s.label !== undefined ? { label: s.label } : {}),
      type: s.type,
      value: s.items.filter((i) => i.selected).map((i) => i.value),
      items: s.items.map((i) => ({ ...i })),
    };
  }
  if (w.dateTimePicker) {
    const p = w.dateTimePicker;
    const kind: CardInputKind = p.type === 'DATE_ONLY' ? 'date' : p.type === 'TIME_ONLY' ? 'time' : 'dateTime';
    return {
      name: p.name,
      kind,
      ...(p.label !== undefined ? { label: p.label } : {}),
      ...(p.valueMsEpoch !== undefined ? { value: p.valueMsEpoch } : {}),
    };
  }
  return undefined;
}

/** Every text a person sees on the widget, in order (button labels are listed apart). */
function widgetText(w: WidgetJson): string[] {
  const out: (string | undefined)[] = [];
  if (w.textParagraph) out.push(w.textParagraph.text);
  if (w.decoratedText) out.push(w.decoratedText.topLabel, w.decoratedText.text, w.decoratedText.bottomLabel);
  if (w.textInput) out.push(w.textInput.label, w.textInput.value, w.textInput.hintText);
  if (w.selectionInput) out.push(w.selectionInput.label, ...w.selectionInput.items.map((i) => i.text));
  if (w.dateTimePicker) out.push(w.dateTimePicker.label);
  if (w.image) out.push(w.image.altText);
  if (w.grid) out.push(w.grid.title, ...w.grid.items.flatMap((i) => [i.title, i.subtitle]));
  return out
    .filter((s): s is string => s !== undefined)
    .map(htmlToText)
    .filter((s) => s !== '');
}

/** What the card says: its title, its texts in reading order, its buttons and its inputs. */
export function cardText(card: CardJson): CardText {
  const text: string[] = [];
  const inputs: CardInput[] = [];
  let title: string | undefined;
  if (card.header) {
    title = htmlToText(card.header.title);
    text.push(title);
    if (card.header.subtitle) text.push(htmlToText(card.header.subtitle));
  }
  for (const section of card.sections ?? []) {
    if (section.header) text.push(htmlToText(section.header));
    for (const w of section.widgets ?? []) {
      text.push(...widgetText(w));
      const input = inputOf(w);
      if (input) inputs.push(input);
    }
  }
  const buttons = clickables(card)
    .filter((c) => c.button)
    .map((c) => c.found.label);
  return { ...(title !== undefined ? { title } : {}), text, buttons, inputs };
}

/**
 * The button (or clickable text / image) labelled `label` (tags stripped, exact match after trimming),
 * with what clicking it does. The first match in reading order; undefined when there is none.
 */
export function findButton(card: CardJson, label: string): FoundButton | undefined {
  const want = label.trim();
  const all = clickables(card);
  return (all.find((c) => c.button && c.found.label === want) ?? all.find((c) => c.found.label === want))?.found;
}

/** Every input of the card, by field name. */
export function cardInputs(card: CardJson): Map<string, CardInput> {
  return new Map(cardText(card).inputs.map((i) => [i.name, i]));
}
