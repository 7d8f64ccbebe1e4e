// CardService: card structure: header, sections, fixed footer, card actions, the card and its builder.
import { TO_JSON } from '../../protocol';
import type { CardActionJson, CardHeaderJson, CardJson, SectionJson } from '../../../cards/card-json';
import {
  BUTTON_OF,
  Facade,
  JSON_OF,
  Kit,
  MAX_SECTIONS_PER_CARD,
  MAX_WIDGETS_PER_CARD,
  NAME_OF,
  WIDGETS_OF,
  clone,
} from './kit';
import { Clickable } from './actions';
import { InputImpl, TextButtonImpl, WidgetImpl } from './widgets';

// ---- card structure --------------------------------------------------------------------------------

export class CardHeaderImpl extends Facade {
  private header: Partial<CardHeaderJson> = {};
  setTitle(...a: unknown[]): this {
    this.header.title = this.k.str('CardHeader.setTitle', a);
    return this;
  }
  setSubtitle(...a: unknown[]): this {
    this.header.subtitle = this.k.str('CardHeader.setSubtitle', a);
    return this;
  }
  setImageUrl(...a: unknown[]): this {
    this.header.imageUrl = this.k.str('CardHeader.setImageUrl', a);
    return this;
  }
  setImageStyle(...a: unknown[]): this {
    this.header.imageType = this.k.enumArg('CardHeader.setImageStyle', a, 'ImageStyle');
    return this;
  }
  setImageAltText(...a: unknown[]): this {
    this.header.imageAltText = this.k.str('CardHeader.setImageAltText', a);
    return this;
  }
  [JSON_OF](): CardHeaderJson {
    // The card JSON marks the header title "Required".
    if (!this.header.title) this.k.fail('CardHeader must have a title (setTitle).');
    return { ...this.header, title: this.header.title };
  }
}

export class CardSectionImpl extends Facade {
  private header?: string;
  private readonly widgets: WidgetImpl[] = [];
  private collapsible?: boolean;
  private uncollapsible?: number;
  setHeader(...a: unknown[]): this {
    this.header = this.k.str('CardSection.setHeader', a);
    return this;
  }
  addWidget(...a: unknown[]): this {
    this.widgets.push(this.k.obj('CardSection.addWidget', a, WidgetImpl));
    return this;
  }
  setCollapsible(...a: unknown[]): this {
    this.collapsible = this.k.bool('CardSection.setCollapsible', a);
    return this;
  }
  setNumUncollapsibleWidgets(...a: unknown[]): this {
    const n = this.k.int('CardSection.setNumUncollapsibleWidgets', a);
    if (n < 0) this.k.fail('Invalid argument: numUncollapsibleWidgets cannot be negative');
    this.uncollapsible = n;
    return this;
  }
  [WIDGETS_OF](): readonly WidgetImpl[] {
    return this.widgets;
  }
  [JSON_OF](): SectionJson {
    // STRICT: an empty section is refused at build.
    if (!this.widgets.length)
      this.k.fail(`Card section${this.header ? ` "${this.header}"` : ''} must have at least one widget.`);
    return {
      ...(this.header !== undefined ? { header: this.header } : {}),
      widgets: this.widgets.map((w) => w[JSON_OF]()),
      ...(this.collapsible !== undefined ? { collapsible: this.collapsible } : {}),
      ...(this.uncollapsible !== undefined ? { uncollapsibleWidgetsCount: this.uncollapsible } : {}),
    };
  }
}

export class FixedFooterImpl extends Facade {
  private primary?: TextButtonImpl;
  private secondary?: TextButtonImpl;
  setPrimaryButton(...a: unknown[]): this {
    this.primary = this.k.obj('FixedFooter.setPrimaryButton', a, TextButtonImpl);
    return this;
  }
  setSecondaryButton(...a: unknown[]): this {
    this.secondary = this.k.obj('FixedFooter.setSecondaryButton', a, TextButtonImpl);
    return this;
  }
  [JSON_OF](): NonNullable<CardJson['fixedFooter']> {
    if (!this.primary) return this.k.fail('FixedFooter must have a primary button (setPrimaryButton).');
    return {
      primaryButton: this.primary[BUTTON_OF](),
      ...(this.secondary ? { secondaryButton: this.secondary[BUTTON_OF]() } : {}),
    };
  }
}

export class CardActionImpl extends Clickable(Facade, 'CardAction') {
  private text?: string;
  setText(...a: unknown[]): this {
    this.text = this.k.str('CardAction.setText', a);
    return this;
  }
  [JSON_OF](): CardActionJson {
    if (!this.text) return this.k.fail('CardAction must have text (setText).');
    const onClick = this.clickJson();
    if (!onClick) return this.k.fail(`CardAction "${this.text}" must have an action or a link.`);
    return { actionLabel: this.text, onClick };
  }
}

/** A built card: immutable JSON, snapshotted when `build()` ran. */
export class CardImpl extends Facade {
  constructor(
    k: Kit,
    private readonly json: CardJson,
  ) {
    super(k);
  }
  printJson(): string {
    return JSON.stringify(this.json, null, 2);
  }
  [JSON_OF](): CardJson {
    return clone(this.json);
  }
  [TO_JSON](): CardJson {
    return clone(this.json);
  }
}

export class CardBuilderImpl extends Facade {
  private header?: CardHeaderImpl;
  private peekHeader?: CardHeaderImpl;
  private readonly sections: CardSectionImpl[] = [];
  private readonly actions: CardActionImpl[] = [];
  private footer?: FixedFooterImpl;
  private name?: string;
  private displayStyle?: 'PEEK' | 'REPLACE';
  setHeader(...a: unknown[]): this {
    this.header = this.k.obj('CardBuilder.setHeader', a, CardHeaderImpl);
    return this;
  }
  setPeekCardHeader(...a: unknown[]): this {
    this.peekHeader = this.k.obj('CardBuilder.setPeekCardHeader', a, CardHeaderImpl);
    return this;
  }
  addSection(...a: unknown[]): this {
    this.sections.push(this.k.obj('CardBuilder.addSection', a, CardSectionImpl));
    return this;
  }
  addCardAction(...a: unknown[]): this {
    this.actions.push(this.k.obj('CardBuilder.addCardAction', a, CardActionImpl));
    return this;
  }
  setFixedFooter(...a: unknown[]): this {
    this.footer = this.k.obj('CardBuilder.setFixedFooter', a, FixedFooterImpl);
    return this;
  }
  setName(...a: unknown[]): this {
    this.name = this.k.str('CardBuilder.setName', a);
    return this;
  }
  setDisplayStyle(...a: unknown[]): this {
    this.displayStyle = this.k.enumArg('CardBuilder.setDisplayStyle', a, 'DisplayStyle');
    return this;
  }
  /** Google: "Builds the current card and validates it." */
  build(): CardImpl {
    const k = this.k;
    // STRICT: a card without a section is refused.
    if (!this.sections.length) k.fail('Card must have at least one section (addSection).');
    if (this.sections.length > MAX_SECTIONS_PER_CARD)
      k.fail(`Card has ${this.sections.length} sections; the limit is ${MAX_SECTIONS_PER_CARD}.`);
    const widgets = this.sections.flatMap((s) => s[WIDGETS_OF]());
    // Google ignores widgets past the 100th; refusing them here makes that loss visible (STRICT).
    if (widgets.length > MAX_WIDGETS_PER_CARD)
      k.fail(`Card has ${widgets.length} widgets; the limit is ${MAX_WIDGETS_PER_CARD}.`);
    const sections = this.sections.map((s) => s[JSON_OF]());
    const names = new Set<string>();
    for (const input of widgets) {
      if (!(input instanceof InputImpl)) continue;
      const name = input[NAME_OF]();
      if (names.has(name))
        k.fail(`Field name "${name}" is used by more than one input on this card; field names must be unique.`);
      names.add(name);
    }
    // Keys in the order of the card JSON reference.
    const ordered: CardJson = {
      ...(this.header ? { header: this.header[JSON_OF]() } : {}),
      sections,
      ...(this.actions.length ? { cardActions: this.actions.map((x) => x[JSON_OF]()) } : {}),
      ...(this.footer ? { fixedFooter: this.footer[JSON_OF]() } : {}),
      ...(this.name !== undefined ? { name: this.name } : {}),
      ...(this.peekHeader ? { peekCardHeader: this.peekHeader[JSON_OF]() } : {}),
      ...(this.displayStyle ? { displayStyle: this.displayStyle } : {}),
    };
    return k.wrap('CardService.Card', new CardImpl(k, ordered));
  }
}
