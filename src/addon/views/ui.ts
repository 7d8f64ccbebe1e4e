/**
 * Card-building helpers shared by the view modules. Text widgets render basic HTML, so every string
 * is escaped unless it is an `Html` value built with the `html` tag below (which escapes what it
 * interpolates). That makes "forgot to escape" impossible by construction.
 */
import { escapeHtml } from '../../core/html';
import { ACTIONS, type ActionKey } from './names';

export class Html {
  constructor(readonly value: string) {}
}

export type Text = string | Html;

/** Tagged template: the literal parts are trusted markup, every interpolated value is escaped. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += (v instanceof Html ? v.value : escapeHtml(v)) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

export function render(t: Text): string {
  return t instanceof Html ? t.value : escapeHtml(t);
}

/** Joins several texts with <br> (each escaped on its own). */
export function lines(items: readonly Text[]): Html {
  return new Html(items.map(render).join('<br>'));
}

/** A bulleted list inside one paragraph (cards have no list widget). */
export function bullets(items: readonly Text[]): Html {
  return new Html(items.map((i) => `• ${render(i)}`).join('<br>'));
}

/** A numbered list inside one paragraph. */
export function numbered(items: readonly Text[]): Html {
  return new Html(items.map((i, n) => `${n + 1}. ${render(i)}`).join('<br>'));
}

export function paragraph(t: Text): GoogleAppsScript.Card_Service.TextParagraph {
  return CardService.newTextParagraph().setText(render(t));
}

/** A problem with the field just above, in red (the card's own place for it, not only a notification). */
export function fieldProblem(message: string): GoogleAppsScript.Card_Service.TextParagraph {
  return paragraph(html`<font color="#d93025">${message}</font>`);
}

export function labeled(top: string, t: Text, bottom?: string): GoogleAppsScript.Card_Service.DecoratedText {
  const w = CardService.newDecoratedText().setTopLabel(escapeHtml(top)).setText(render(t)).setWrapText(true);
  if (bottom) w.setBottomLabel(escapeHtml(bottom));
  return w;
}

export type Widget = GoogleAppsScript.Card_Service.Widget;

export interface SectionOptions {
  collapsible?: boolean;
  /** With collapsible: how many widgets stay visible when collapsed. */
  visible?: number;
}

export function section(
  header: string | null,
  widgets: readonly Widget[],
  opts: SectionOptions = {},
): GoogleAppsScript.Card_Service.CardSection {
  const s = CardService.newCardSection();
  if (header) s.setHeader(escapeHtml(header));
  for (const w of widgets) s.addWidget(w);
  if (opts.collapsible && widgets.length > (opts.visible ?? 0) + 1) {
    s.setCollapsible(true);
    if (opts.visible) s.setNumUncollapsibleWidgets(opts.visible);
  }
  return s;
}

/** A section only when it has widgets (an empty section fails to build). */
export function sectionIf(
  header: string | null,
  widgets: readonly Widget[],
  opts: SectionOptions = {},
): GoogleAppsScript.Card_Service.CardSection | null {
  return widgets.length > 0 ? section(header, widgets, opts) : null;
}

export function card(
  title: string,
  subtitle: string | null,
  sections: ReadonlyArray<GoogleAppsScript.Card_Service.CardSection | null>,
  opts: { name?: string; footer?: GoogleAppsScript.Card_Service.FixedFooter } = {},
): GoogleAppsScript.Card_Service.Card {
  const header = CardService.newCardHeader().setTitle(escapeHtml(title));
  if (subtitle) header.setSubtitle(escapeHtml(subtitle));
  const b = CardService.newCardBuilder().setHeader(header);
  if (opts.name) b.setName(opts.name);
  for (const s of sections) if (s) b.addSection(s);
  if (opts.footer) b.setFixedFooter(opts.footer);
  return b.build();
}

// One literal setFunctionName per action, so the build test can check each target is a global.
function newAction(key: ActionKey): GoogleAppsScript.Card_Service.Action {
  switch (key) {
    case 'confirm':
      return CardService.newAction().setFunctionName(ACTIONS.confirm);
    case 'cancel':
      return CardService.newAction().setFunctionName(ACTIONS.cancel);
    case 'addParticipants':
      return CardService.newAction().setFunctionName(ACTIONS.addParticipants);
    case 'savePrep':
      return CardService.newAction().setFunctionName(ACTIONS.savePrep);
    case 'showToolkit':
      return CardService.newAction().setFunctionName(ACTIONS.showToolkit);
    case 'retry':
      return CardService.newAction().setFunctionName(ACTIONS.retry);
    case 'suggestTimes':
      return CardService.newAction().setFunctionName(ACTIONS.suggestTimes);
    case 'openSchedule':
      return CardService.newAction().setFunctionName(ACTIONS.openSchedule);
    case 'schedule':
      return CardService.newAction().setFunctionName(ACTIONS.schedule);
    case 'moveMeeting':
      return CardService.newAction().setFunctionName(ACTIONS.moveMeeting);
    case 'checkConnection':
      return CardService.newAction().setFunctionName(ACTIONS.checkConnection);
    case 'bookAnyway':
      return CardService.newAction().setFunctionName(ACTIONS.bookAnyway);
    case 'editPlan':
      return CardService.newAction().setFunctionName(ACTIONS.editPlan);
    case 'addStep':
      return CardService.newAction().setFunctionName(ACTIONS.addStep);
    case 'markHeld':
      return CardService.newAction().setFunctionName(ACTIONS.markHeld);
    case 'supportGoal':
      return CardService.newAction().setFunctionName(ACTIONS.supportGoal);
  }
}

/** An action calling one of ACTIONS (typed, so a card can only name a function main.ts exports). */
export function action(key: ActionKey, params: Record<string, string> = {}): GoogleAppsScript.Card_Service.Action {
  const a = newAction(key).setLoadIndicator(CardService.LoadIndicator.SPINNER);
  if (Object.keys(params).length > 0) a.setParameters(params);
  return a;
}

export function button(
  label: string,
  key: ActionKey,
  params: Record<string, string> = {},
  filled = false,
): GoogleAppsScript.Card_Service.TextButton {
  const b = CardService.newTextButton().setText(escapeHtml(label)).setOnClickAction(action(key, params));
  if (filled) b.setTextButtonStyle(CardService.TextButtonStyle.FILLED);
  return b;
}

export function linkButton(label: string, url: string): GoogleAppsScript.Card_Service.TextButton {
  return CardService.newTextButton().setText(escapeHtml(label)).setOpenLink(CardService.newOpenLink().setUrl(url));
}

export function buttons(
  list: ReadonlyArray<GoogleAppsScript.Card_Service.TextButton | null>,
): GoogleAppsScript.Card_Service.ButtonSet | null {
  const present = list.filter((b): b is GoogleAppsScript.Card_Service.TextButton => b !== null);
  if (present.length === 0) return null;
  const set = CardService.newButtonSet();
  for (const b of present) set.addButton(b);
  return set;
}

/** Widgets without the nulls (optional widgets are written inline as `cond ? w : null`). */
export function present(list: ReadonlyArray<Widget | null | undefined | false>): Widget[] {
  return list.filter((w): w is Widget => !!w);
}

/** An ActionResponse that shows a notification (and optionally replaces the current card). */
export function notify(
  text: string,
  replace?: GoogleAppsScript.Card_Service.Card,
): GoogleAppsScript.Card_Service.ActionResponse {
  const b = CardService.newActionResponseBuilder().setNotification(CardService.newNotification().setText(text));
  if (replace) b.setNavigation(CardService.newNavigation().updateCard(replace));
  return b.build();
}

export function pushCard(c: GoogleAppsScript.Card_Service.Card): GoogleAppsScript.Card_Service.ActionResponse {
  return CardService.newActionResponseBuilder().setNavigation(CardService.newNavigation().pushCard(c)).build();
}

export function updateCard(
  c: GoogleAppsScript.Card_Service.Card,
  note?: string,
): GoogleAppsScript.Card_Service.ActionResponse {
  const b = CardService.newActionResponseBuilder().setNavigation(CardService.newNavigation().updateCard(c));
  if (note) b.setNotification(CardService.newNotification().setText(note));
  return b.build();
}

/**
 * Links are only shown where the manifest's openLinkUrlPrefixes allow them (Google refuses to render
 * others). Keep in step with appsscript.json.
 */
const OPEN_LINK_PREFIXES = [
  /^https:\/\/docs\.google\.com\//,
  /^https:\/\/calendar\.google\.com\//,
  /^https:\/\/www\.google\.com\/calendar\//,
  /^https:\/\/meet\.google\.com\//,
  /^https:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.zoom\.us\//i,
  /^https:\/\/teams\.microsoft\.com\//,
  /^https:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.webex\.com\//i,
];

export function linkAllowed(url: string | null | undefined): url is string {
  return typeof url === 'string' && OPEN_LINK_PREFIXES.some((re) => re.test(url));
}
