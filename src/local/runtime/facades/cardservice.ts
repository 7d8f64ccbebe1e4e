// CardService (script side). Builders are answered inside the worker: no World state is involved, so no
// RPC, but every call is counted (ctx.count) for the benchmark like any other service call.
//
// What it produces: Google's card JSON (google.apps.card.v1) and the HTTP add-on response JSON; the
// representation, and how hosts tell responses apart, is documented in src/local/cards/model.ts.
//
// Fidelity rules:
// - Method names and chaining are Google's (test/runtime/cardservice.types.ts fails the type-check if
//   a name here is not in @types/google-apps-script, except the few listed there as newer than it).
// - Anything not provided fails loudly with its name (strict()).
// - Arguments of the wrong kind fail as Apps Script fails them: "The parameters (...) don't match the
//   method signature for CardService.X.y."; enum arguments must be CardService enum values, not strings.
// - Structural validation happens where Google documents it: `build()` ("builds ... and validates it").
//   Where Google's behaviour is not documented, the strict answer is chosen and marked STRICT below.
import type { FacadeContext, FacadeInstaller } from './context';
import { strict } from './context';
import { TO_JSON } from '../protocol';
import { TYPE_KEY } from '../../cards/model';
import type {
  ActionJson,
  ActionResponseJson,
  AttachmentJson,
  BorderStyleJson,
  ButtonJson,
  CalendarActionJson,
  CalendarEventActionResponseJson,
  CardActionJson,
  CardHeaderJson,
  CardJson,
  ColorJson,
  GridItemJson,
  IconJson,
  MaterialIconJson,
  NavigationJson,
  OnClickJson,
  OpenLinkJson,
  RenderActionJson,
  SectionJson,
  SelectionType,
  UniversalActionResponseJson,
  WidgetJson,
} from '../../cards/model';

/** Per-card limits (Google: "You can add up to 100 widgets per card"; PLATFORM.md: 100 sections). */
export const MAX_WIDGETS_PER_CARD = 100;
export const MAX_SECTIONS_PER_CARD = 100;
/** PLATFORM.md: at most 25 attachments per event. */
export const MAX_ATTACHMENTS = 25;

// Symbol-keyed internals: invisible to scripts' name lookups and to the @types name check.
const JSON_OF = Symbol('ccm.cardservice.json');
const BUTTON_OF = Symbol('ccm.cardservice.button');
const NAME_OF = Symbol('ccm.cardservice.fieldName');
const WIDGETS_OF = Symbol('ccm.cardservice.widgets');

// ---- enums -----------------------------------------------------------------------------------------

/** Enum value names, exactly as @types/google-apps-script (and Google's reference) spell them. */
export const ENUMS = {
  SelectionInputType: ['CHECK_BOX', 'RADIO_BUTTON', 'DROPDOWN', 'SWITCH', 'MULTI_SELECT'],
  TextButtonStyle: ['OUTLINED', 'FILLED', 'FILLED_TONAL', 'BORDERLESS'],
  OpenAs: ['FULL_SIZE', 'OVERLAY'],
  OnClose: ['NOTHING', 'RELOAD', 'RELOAD_ADD_ON'],
  LoadIndicator: ['SPINNER', 'NONE'],
  ImageStyle: ['SQUARE', 'CIRCLE'],
  ImageCropType: ['SQUARE', 'CIRCLE', 'RECTANGLE_CUSTOM', 'RECTANGLE_4_3'],
  InputType: ['TEXT', 'INTEGER', 'FLOAT', 'EMAIL'],
  DisplayStyle: ['PEEK', 'REPLACE'],
  GridItemLayout: ['TEXT_BELOW', 'TEXT_ABOVE'],
  HorizontalAlignment: ['START', 'CENTER', 'END'],
  BorderType: ['NO_BORDER', 'STROKE'],
  Icon: [
    'NONE',
    'AIRPLANE',
    'BOOKMARK',
    'BUS',
    'CAR',
    'CLOCK',
    'CONFIRMATION_NUMBER_ICON',
    'DOLLAR',
    'DESCRIPTION',
    'EMAIL',
    'EVENT_PERFORMER',
    'EVENT_SEAT',
    'FLIGHT_ARRIVAL',
    'FLIGHT_DEPARTURE',
    'HOTEL',
    'HOTEL_ROOM_TYPE',
    'INVITE',
    'MAP_PIN',
    'MEMBERSHIP',
    'MULTIPLE_PEOPLE',
    'OFFER',
    'PERSON',
    'PHONE',
    'RESTAURANT_ICON',
    'SHOPPING_CART',
    'STAR',
    'STORE',
    'TICKET',
    'TRAIN',
    'VIDEO_CAMERA',
    'VIDEO_PLAY',
  ],
} as const;
export type EnumName = keyof typeof ENUMS;
type EnumValueName<E extends EnumName> = (typeof ENUMS)[E][number];

/** An Apps Script enum value: `String(v)` and `v.name()` give its name; it is not a string. */
class EnumValue {
  constructor(
    readonly enumName: EnumName,
    private readonly valueName: string,
    private readonly ord: number,
  ) {}
  name(): string {
    return this.valueName;
  }
  ordinal(): number {
    return this.ord;
  }
  toString(): string {
    return this.valueName;
  }
  toJSON(): string {
    return this.valueName;
  }
}

// ---- the kit: wrapping, unwrapping, argument checks -------------------------------------------------

type Ctor<T> = abstract new (...args: never[]) => T;

/** One per execution: the facade objects of one execution and the helpers they share. */
class Kit {
  private readonly targets = new WeakMap<object, { target: object; name: string }>();
  private readonly enumValues = new WeakMap<object, EnumValue>();
  readonly enums = {} as Record<EnumName, Record<string, object>>;

  constructor(readonly ctx: FacadeContext) {
    for (const name of Object.keys(ENUMS) as EnumName[]) {
      const values: Record<string, object> = {};
      ENUMS[name].forEach((v, i) => {
        const value = new EnumValue(name, v, i);
        const wrapped = strict(ctx, `CardService.${name}.${v}`, value);
        this.enumValues.set(wrapped, value);
        values[v] = wrapped;
      });
      this.enums[name] = strict(ctx, `CardService.${name}`, Object.freeze(values));
    }
  }

  /**
   * The script-visible object for `target`: a strict proxy whose public methods are counted as
   * `<name>.<method>` and return the proxy (not the raw target) when they chain.
   */
  wrap<T extends object>(name: string, target: T): T {
    const count = (method: string) => this.ctx.count(`${name}.${method}`);
    const counted = new Proxy(target, {
      // Opaque like Apps Script objects: no enumerable internals (JSON.stringify, Object.keys). A
      // facade that has a JSON form (a Card, a response) gives it to JSON.stringify, so a card nested
      // in a returned object serializes as card JSON; any other gives {}.
      ownKeys: () => [],
      getOwnPropertyDescriptor: () => undefined,
      has: (t, prop) => prop === 'toJSON' || Reflect.has(t, prop),
      get(t, prop) {
        if (prop === 'toJSON') {
          const own = (t as Record<string, unknown>)[TO_JSON];
          return typeof own === 'function' ? () => (own as () => unknown).call(t) : () => ({});
        }
        const v: unknown = Reflect.get(t, prop, t);
        if (typeof v !== 'function') return v;
        if (typeof prop === 'symbol' || prop === TO_JSON) return (v as (...a: unknown[]) => unknown).bind(t);
        return (...args: unknown[]) => {
          count(prop);
          const r = (v as (...a: unknown[]) => unknown).apply(t, args);
          return r === t ? outer : r;
        };
      },
    });
    const outer: T = strict(this.ctx, name, counted);
    this.targets.set(outer, { target, name });
    return outer;
  }

  /** The implementation behind a script-visible object, if it is one of class `cls`. */
  unwrap<C>(x: unknown, cls: Ctor<C>): C | undefined {
    const t = typeof x === 'object' && x !== null ? this.targets.get(x)?.target : undefined;
    return t instanceof cls ? (t as C) : undefined;
  }

  fail(message: string): never {
    throw this.ctx.makeError(message, 'Exception');
  }

  /** Apps Script's wording when arguments do not fit a method. */
  mismatch(method: string, args: unknown[]): never {
    return this.fail(
      `The parameters (${args.map((a) => this.describe(a)).join(',')}) don't match the method signature for CardService.${method}.`,
    );
  }

  private describe(a: unknown): string {
    if (a === null || a === undefined) return 'null';
    if (typeof a === 'string') return 'String';
    if (typeof a === 'number') return 'number';
    if (typeof a === 'boolean') return 'Boolean';
    if (Array.isArray(a)) return 'Object[]';
    const known = typeof a === 'object' ? this.targets.get(a) : undefined;
    if (known) return known.name;
    if (typeof a === 'object' && this.enumValues.has(a)) return `CardService.${this.enumValues.get(a)!.enumName}`;
    return 'Object';
  }

  /** A String parameter: primitives convert as Apps Script converts them; objects and null do not. */
  str(method: string, args: unknown[], i = 0): string {
    const v = args[i];
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.mismatch(method, args);
  }

  bool(method: string, args: unknown[], i = 0): boolean {
    const v = args[i];
    if (typeof v === 'boolean') return v;
    return this.mismatch(method, args);
  }

  /** An Integer parameter (a numeric string is accepted, as Google's own sample passes '10'). */
  int(method: string, args: unknown[], i = 0): number {
    const v = args[i];
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (Number.isInteger(n)) return n;
    return this.mismatch(method, args);
  }

  num(method: string, args: unknown[], i = 0): number {
    const v = args[i];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    return this.mismatch(method, args);
  }

  obj<C>(method: string, args: unknown[], cls: Ctor<C>, i = 0): C {
    return this.unwrap(args[i], cls) ?? this.mismatch(method, args);
  }

  enumArg<E extends EnumName>(method: string, args: unknown[], enumName: E, i = 0): EnumValueName<E> {
    const v = args[i];
    const ev = typeof v === 'object' && v !== null ? this.enumValues.get(v) : undefined;
    if (!ev || ev.enumName !== enumName) return this.mismatch(method, args);
    return ev.name() as EnumValueName<E>;
  }
}

/** Base of every script-visible CardService object. `k` is protected so it is not part of the API. */
abstract class Facade {
  constructor(protected readonly k: Kit) {}
}

// ---- click behaviour shared by buttons, decorated text, images, card actions, grids ---------------

type Click =
  | { kind: 'action'; action: ActionImpl }
  | { kind: 'openLink'; link: OpenLinkImpl }
  | { kind: 'dynamic'; action: ActionImpl };

class ClickSlot {
  private readonly set: Click[] = [];
  add(c: Click): void {
    this.set.push(c);
  }
  get isSet(): boolean {
    return this.set.length > 0;
  }
  /** STRICT: Google says an object takes one click behaviour; setting two is refused at build. */
  json(k: Kit, owner: string): OnClickJson | undefined {
    if (this.set.length === 0) return undefined;
    if (this.set.length > 1)
      k.fail(`${owner} can only have one of setOnClickAction, setOpenLink or setOnClickOpenLinkAction.`);
    const c = this.set[0]!;
    if (c.kind === 'action') return { action: c.action[JSON_OF]() };
    if (c.kind === 'dynamic') return { openDynamicLinkAction: c.action[JSON_OF]() };
    return { openLink: c.link[JSON_OF]() };
  }
}

function color(k: Kit, method: string, args: unknown[]): ColorJson {
  const s = k.str(method, args);
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(s.trim());
  if (!m) return k.fail(`Invalid argument: ${s} is not a color in #RRGGBB form`);
  let hex = m[1]!;
  if (hex.length === 3)
    hex = hex
      .split('')
      .map((c) => c + c)
      .join('');
  const byte = (i: number) => Math.round((parseInt(hex.slice(i, i + 2), 16) / 255) * 1000) / 1000;
  const out: ColorJson = { red: byte(0), green: byte(2), blue: byte(4) };
  if (hex.length === 8) out.alpha = byte(6);
  return out;
}

// ---- actions and links ---------------------------------------------------------------------------

export class ActionImpl extends Facade {
  private functionName?: string;
  private parameters?: [string, string][];
  private loadIndicator?: 'SPINNER' | 'NONE';
  private persistValues?: boolean;
  private requiredWidgets: string[] = [];
  private allRequired?: boolean;

  setFunctionName(...a: unknown[]): this {
    this.functionName = this.k.str('Action.setFunctionName', a);
    return this;
  }
  /** Google: "Both the keys and values must be strings." Non-string values are refused, not converted. */
  setParameters(...a: unknown[]): this {
    const p = a[0];
    if (typeof p !== 'object' || p === null || Array.isArray(p) || this.k.unwrap(p, Facade))
      return this.k.mismatch('Action.setParameters', a);
    const entries: [string, string][] = [];
    for (const [key, value] of Object.entries(p as Record<string, unknown>)) {
      if (typeof value !== 'string') {
        this.k.fail(
          `Invalid argument: parameters. Action parameter values must be strings; "${key}" is ${value === null ? 'null' : typeof value}.`,
        );
      }
      entries.push([key, value]);
    }
    this.parameters = entries;
    return this;
  }
  setLoadIndicator(...a: unknown[]): this {
    this.loadIndicator = this.k.enumArg('Action.setLoadIndicator', a, 'LoadIndicator');
    return this;
  }
  setPersistValues(...a: unknown[]): this {
    this.persistValues = this.k.bool('Action.setPersistValues', a);
    return this;
  }
  addRequiredWidget(...a: unknown[]): this {
    this.requiredWidgets.push(this.k.str('Action.addRequiredWidget', a));
    return this;
  }
  setAllWidgetsAreRequired(...a: unknown[]): this {
    this.allRequired = this.k.bool('Action.setAllWidgetsAreRequired', a);
    return this;
  }
  [JSON_OF](): ActionJson {
    if (!this.functionName) this.k.fail('Action must have a function name (setFunctionName).');
    const out: ActionJson = { function: this.functionName };
    if (this.parameters && this.parameters.length)
      out.parameters = this.parameters.map(([key, value]) => ({ key, value }));
    if (this.loadIndicator) out.loadIndicator = this.loadIndicator;
    if (this.persistValues !== undefined) out.persistValues = this.persistValues;
    if (this.requiredWidgets.length) out.requiredWidgets = [...this.requiredWidgets];
    if (this.allRequired !== undefined) out.allWidgetsAreRequired = this.allRequired;
    return out;
  }
}

export class OpenLinkImpl extends Facade {
  private url?: string;
  private openAs?: 'FULL_SIZE' | 'OVERLAY';
  private onClose?: 'NOTHING' | 'RELOAD';

  setUrl(...a: unknown[]): this {
    this.url = this.k.str('OpenLink.setUrl', a);
    return this;
  }
  setOpenAs(...a: unknown[]): this {
    this.openAs = this.k.enumArg('OpenLink.setOpenAs', a, 'OpenAs');
    return this;
  }
  setOnClose(...a: unknown[]): this {
    // RELOAD_ADD_ON is the deprecated name of RELOAD; card JSON only knows NOTHING and RELOAD.
    const v = this.k.enumArg('OpenLink.setOnClose', a, 'OnClose');
    this.onClose = v === 'RELOAD_ADD_ON' ? 'RELOAD' : v;
    return this;
  }
  [JSON_OF](): OpenLinkJson {
    if (!this.url) this.k.fail('OpenLink must have a URL (setUrl).');
    const out: OpenLinkJson = { url: this.url };
    if (this.openAs) out.openAs = this.openAs;
    if (this.onClose) out.onClose = this.onClose;
    return out;
  }
}

// ---- widgets ---------------------------------------------------------------------------------------

/** Everything `CardSection.addWidget` accepts. */
export abstract class WidgetImpl extends Facade {
  abstract [JSON_OF](): WidgetJson;
}

export class TextParagraphImpl extends WidgetImpl {
  private text?: string;
  private maxLines?: number;
  setText(...a: unknown[]): this {
    this.text = this.k.str('TextParagraph.setText', a);
    return this;
  }
  /** Newer than @types/google-apps-script 2.0.13 (Google's reference has it). */
  setMaxLines(...a: unknown[]): this {
    const n = this.k.int('TextParagraph.setMaxLines', a);
    if (n < 1) this.k.fail('Invalid argument: maxLines must be at least 1');
    this.maxLines = n;
    return this;
  }
  [JSON_OF](): WidgetJson {
    if (this.text === undefined) this.k.fail('TextParagraph must have text (setText).');
    return { textParagraph: { text: this.text, ...(this.maxLines !== undefined ? { maxLines: this.maxLines } : {}) } };
  }
}

export class MaterialIconImpl extends Facade {
  private icon: Partial<MaterialIconJson> = {};
  setName(...a: unknown[]): this {
    this.icon.name = this.k.str('MaterialIcon.setName', a);
    return this;
  }
  setFill(...a: unknown[]): this {
    this.icon.fill = this.k.bool('MaterialIcon.setFill', a);
    return this;
  }
  setWeight(...a: unknown[]): this {
    this.icon.weight = this.k.int('MaterialIcon.setWeight', a);
    return this;
  }
  setGrade(...a: unknown[]): this {
    this.icon.grade = this.k.int('MaterialIcon.setGrade', a);
    return this;
  }
  [JSON_OF](): MaterialIconJson {
    if (!this.icon.name) this.k.fail('MaterialIcon must have a name (setName).');
    return { ...this.icon, name: this.icon.name };
  }
}

export class IconImageImpl extends Facade {
  private knownIcon?: string;
  private iconUrl?: string;
  private material?: MaterialIconImpl;
  private altText?: string;
  private crop?: 'SQUARE' | 'CIRCLE';
  setIcon(...a: unknown[]): this {
    this.knownIcon = this.k.enumArg('IconImage.setIcon', a, 'Icon');
    return this;
  }
  setIconUrl(...a: unknown[]): this {
    this.iconUrl = this.k.str('IconImage.setIconUrl', a);
    return this;
  }
  setMaterialIcon(...a: unknown[]): this {
    this.material = this.k.obj('IconImage.setMaterialIcon', a, MaterialIconImpl);
    return this;
  }
  setAltText(...a: unknown[]): this {
    this.altText = this.k.str('IconImage.setAltText', a);
    return this;
  }
  /** Google: only SQUARE or CIRCLE apply to an IconImage. */
  setImageCropType(...a: unknown[]): this {
    const v = this.k.enumArg('IconImage.setImageCropType', a, 'ImageCropType');
    if (v !== 'SQUARE' && v !== 'CIRCLE')
      this.k.fail('Invalid argument: an IconImage can only use the SQUARE or CIRCLE crop type');
    this.crop = v;
    return this;
  }
  [JSON_OF](): IconJson {
    const sources = [this.knownIcon, this.iconUrl, this.material].filter((x) => x !== undefined).length;
    if (sources !== 1) this.k.fail('IconImage must have exactly one of setIcon, setIconUrl or setMaterialIcon.');
    const out: IconJson = {};
    if (this.knownIcon) out.knownIcon = this.knownIcon;
    if (this.iconUrl) out.iconUrl = this.iconUrl;
    if (this.material) out.materialIcon = this.material[JSON_OF]();
    if (this.altText !== undefined) out.altText = this.altText;
    if (this.crop) out.imageType = this.crop;
    return out;
  }
}

export class TextButtonImpl extends WidgetImpl {
  private text?: string;
  private readonly click = new ClickSlot();
  private style?: ButtonJson['type'];
  private disabled?: boolean;
  private bg?: ColorJson;
  private altText?: string;
  setText(...a: unknown[]): this {
    this.text = this.k.str('TextButton.setText', a);
    return this;
  }
  setOnClickAction(...a: unknown[]): this {
    this.click.add({ kind: 'action', action: this.k.obj('TextButton.setOnClickAction', a, ActionImpl) });
    return this;
  }
  setOnClickOpenLinkAction(...a: unknown[]): this {
    this.click.add({ kind: 'dynamic', action: this.k.obj('TextButton.setOnClickOpenLinkAction', a, ActionImpl) });
    return this;
  }
  setOpenLink(...a: unknown[]): this {
    this.click.add({ kind: 'openLink', link: this.k.obj('TextButton.setOpenLink', a, OpenLinkImpl) });
    return this;
  }
  setTextButtonStyle(...a: unknown[]): this {
    this.style = this.k.enumArg('TextButton.setTextButtonStyle', a, 'TextButtonStyle');
    return this;
  }
  setDisabled(...a: unknown[]): this {
    this.disabled = this.k.bool('TextButton.setDisabled', a);
    return this;
  }
  setBackgroundColor(...a: unknown[]): this {
    this.bg = color(this.k, 'TextButton.setBackgroundColor', a);
    return this;
  }
  setAltText(...a: unknown[]): this {
    this.altText = this.k.str('TextButton.setAltText', a);
    return this;
  }
  /** The button JSON (inside a buttonList, a footer, or a decorated text). */
  [BUTTON_OF](): ButtonJson {
    if (!this.text) this.k.fail('TextButton must have text (setText).');
    const onClick = this.click.json(this.k, 'TextButton');
    // STRICT: a button that does nothing is refused (Google's builders require a click behaviour).
    if (!onClick)
      this.k.fail(
        `TextButton "${this.text}" must have an action or a link (setOnClickAction, setOpenLink or setOnClickOpenLinkAction).`,
      );
    const out: ButtonJson = { text: this.text, onClick };
    if (this.disabled !== undefined) out.disabled = this.disabled;
    if (this.style) out.type = this.style;
    if (this.bg) out.color = this.bg;
    if (this.altText !== undefined) out.altText = this.altText;
    return out;
  }
  [JSON_OF](): WidgetJson {
    // A button added on its own renders as a one-button list: card JSON has no bare button widget.
    return { buttonList: { buttons: [this[BUTTON_OF]()] } };
  }
}

export class ButtonSetImpl extends WidgetImpl {
  private readonly buttons: TextButtonImpl[] = [];
  addButton(...a: unknown[]): this {
    this.buttons.push(this.k.obj('ButtonSet.addButton', a, TextButtonImpl));
    return this;
  }
  [JSON_OF](): WidgetJson {
    // STRICT: an empty button set is refused.
    if (!this.buttons.length) this.k.fail('ButtonSet must have at least one button (addButton).');
    return { buttonList: { buttons: this.buttons.map((b) => b[BUTTON_OF]()) } };
  }
}

export class DecoratedTextImpl extends WidgetImpl {
  private text?: string;
  private topLabel?: string;
  private bottomLabel?: string;
  private wrapText?: boolean;
  private startIcon?: IconImageImpl;
  private endIcon?: IconImageImpl;
  private btn?: TextButtonImpl;
  private readonly click = new ClickSlot();
  setText(...a: unknown[]): this {
    this.text = this.k.str('DecoratedText.setText', a);
    return this;
  }
  setTopLabel(...a: unknown[]): this {
    this.topLabel = this.k.str('DecoratedText.setTopLabel', a);
    return this;
  }
  setBottomLabel(...a: unknown[]): this {
    this.bottomLabel = this.k.str('DecoratedText.setBottomLabel', a);
    return this;
  }
  setWrapText(...a: unknown[]): this {
    this.wrapText = this.k.bool('DecoratedText.setWrapText', a);
    return this;
  }
  setStartIcon(...a: unknown[]): this {
    this.startIcon = this.k.obj('DecoratedText.setStartIcon', a, IconImageImpl);
    return this;
  }
  setEndIcon(...a: unknown[]): this {
    this.endIcon = this.k.obj('DecoratedText.setEndIcon', a, IconImageImpl);
    return this;
  }
  setButton(...a: unknown[]): this {
    this.btn = this.k.obj('DecoratedText.setButton', a, TextButtonImpl);
    return this;
  }
  setOnClickAction(...a: unknown[]): this {
    this.click.add({ kind: 'action', action: this.k.obj('DecoratedText.setOnClickAction', a, ActionImpl) });
    return this;
  }
  setOnClickOpenLinkAction(...a: unknown[]): this {
    this.click.add({ kind: 'dynamic', action: this.k.obj('DecoratedText.setOnClickOpenLinkAction', a, ActionImpl) });
    return this;
  }
  setOpenLink(...a: unknown[]): this {
    this.click.add({ kind: 'openLink', link: this.k.obj('DecoratedText.setOpenLink', a, OpenLinkImpl) });
    return this;
  }
  [JSON_OF](): WidgetJson {
    if (this.text === undefined) this.k.fail('DecoratedText must have text (setText).');
    // Card JSON holds one end control: a button or an end icon.
    if (this.btn && this.endIcon) this.k.fail('DecoratedText can have a button or an end icon, not both.');
    const out: NonNullable<WidgetJson['decoratedText']> = { text: this.text };
    if (this.topLabel !== undefined) out.topLabel = this.topLabel;
    if (this.bottomLabel !== undefined) out.bottomLabel = this.bottomLabel;
    if (this.wrapText !== undefined) out.wrapText = this.wrapText;
    if (this.startIcon) out.startIcon = this.startIcon[JSON_OF]();
    if (this.endIcon) out.endIcon = this.endIcon[JSON_OF]();
    if (this.btn) out.button = this.btn[BUTTON_OF]();
    const onClick = this.click.json(this.k, 'DecoratedText');
    if (onClick) out.onClick = onClick;
    return { decoratedText: out };
  }
}

export class ImageImpl extends WidgetImpl {
  private url?: string;
  private altText?: string;
  private readonly click = new ClickSlot();
  setImageUrl(...a: unknown[]): this {
    this.url = this.k.str('Image.setImageUrl', a);
    return this;
  }
  setAltText(...a: unknown[]): this {
    this.altText = this.k.str('Image.setAltText', a);
    return this;
  }
  setOnClickAction(...a: unknown[]): this {
    this.click.add({ kind: 'action', action: this.k.obj('Image.setOnClickAction', a, ActionImpl) });
    return this;
  }
  setOnClickOpenLinkAction(...a: unknown[]): this {
    this.click.add({ kind: 'dynamic', action: this.k.obj('Image.setOnClickOpenLinkAction', a, ActionImpl) });
    return this;
  }
  setOpenLink(...a: unknown[]): this {
    this.click.add({ kind: 'openLink', link: this.k.obj('Image.setOpenLink', a, OpenLinkImpl) });
    return this;
  }
  [JSON_OF](): WidgetJson {
    if (!this.url) this.k.fail('Image must have an image URL (setImageUrl).');
    const out: NonNullable<WidgetJson['image']> = { imageUrl: this.url };
    if (this.altText !== undefined) out.altText = this.altText;
    const onClick = this.click.json(this.k, 'Image');
    if (onClick) out.onClick = onClick;
    return { image: out };
  }
}

export class DividerImpl extends WidgetImpl {
  [JSON_OF](): WidgetJson {
    return { divider: {} };
  }
}

/** Inputs carry a field name: required and unique per card (Google: "Required, must be unique"). */
abstract class InputImpl extends WidgetImpl {
  protected fieldName?: string;
  protected abstract readonly kind: string;
  /** The field name, checked: used by the card to refuse duplicates. */
  [NAME_OF](): string {
    if (!this.fieldName) return this.k.fail(`${this.kind} must have a field name (setFieldName).`);
    return this.fieldName;
  }
}

export class ValidationImpl extends Facade {
  private characterLimit?: number;
  private inputType?: 'TEXT' | 'INTEGER' | 'FLOAT' | 'EMAIL';
  setCharacterLimit(...a: unknown[]): this {
    const n = this.k.int('Validation.setCharacterLimit', a);
    if (n < 1) this.k.fail('Invalid argument: characterLimit must be a positive integer');
    this.characterLimit = n;
    return this;
  }
  setInputType(...a: unknown[]): this {
    this.inputType = this.k.enumArg('Validation.setInputType', a, 'InputType');
    return this;
  }
  [JSON_OF](): NonNullable<NonNullable<WidgetJson['textInput']>['validation']> {
    return {
      ...(this.characterLimit !== undefined ? { characterLimit: this.characterLimit } : {}),
      ...(this.inputType ? { inputType: this.inputType } : {}),
    };
  }
}

export class TextInputImpl extends InputImpl {
  protected readonly kind = 'TextInput';
  private title?: string;
  private hint?: string;
  private value?: string;
  private multiline = false;
  private onChange?: ActionImpl;
  private validation?: ValidationImpl;
  setFieldName(...a: unknown[]): this {
    this.fieldName = this.k.str('TextInput.setFieldName', a);
    return this;
  }
  setTitle(...a: unknown[]): this {
    this.title = this.k.str('TextInput.setTitle', a);
    return this;
  }
  setHint(...a: unknown[]): this {
    this.hint = this.k.str('TextInput.setHint', a);
    return this;
  }
  setValue(...a: unknown[]): this {
    this.value = this.k.str('TextInput.setValue', a);
    return this;
  }
  setMultiline(...a: unknown[]): this {
    this.multiline = this.k.bool('TextInput.setMultiline', a);
    return this;
  }
  setOnChangeAction(...a: unknown[]): this {
    this.onChange = this.k.obj('TextInput.setOnChangeAction', a, ActionImpl);
    return this;
  }
  setValidation(...a: unknown[]): this {
    this.validation = this.k.obj('TextInput.setValidation', a, ValidationImpl);
    return this;
  }
  [JSON_OF](): WidgetJson {
    const name = this[NAME_OF]();
    // Google's reference marks TextInput.setTitle "Required".
    if (!this.title) this.k.fail(`TextInput "${name}" must have a title (setTitle).`);
    const out: NonNullable<WidgetJson['textInput']> = {
      name,
      label: this.title,
      type: this.multiline ? 'MULTIPLE_LINE' : 'SINGLE_LINE',
    };
    if (this.hint !== undefined) out.hintText = this.hint;
    if (this.value !== undefined) out.value = this.value;
    if (this.onChange) out.onChangeAction = this.onChange[JSON_OF]();
    if (this.validation) out.validation = this.validation[JSON_OF]();
    return { textInput: out };
  }
}

export class SelectionInputImpl extends InputImpl {
  protected readonly kind = 'SelectionInput';
  private type: SelectionType = 'CHECK_BOX';
  private title?: string;
  private readonly items: { text: string; value: string; selected: boolean }[] = [];
  private onChange?: ActionImpl;
  setType(...a: unknown[]): this {
    this.type = this.k.enumArg('SelectionInput.setType', a, 'SelectionInputType');
    return this;
  }
  setTitle(...a: unknown[]): this {
    this.title = this.k.str('SelectionInput.setTitle', a);
    return this;
  }
  setFieldName(...a: unknown[]): this {
    this.fieldName = this.k.str('SelectionInput.setFieldName', a);
    return this;
  }
  /** Google: text and value are Objects, converted to strings; `selected` is a Boolean. */
  addItem(...a: unknown[]): this {
    const [text, value] = a;
    if (text === null || text === undefined || value === null || value === undefined || typeof a[2] !== 'boolean') {
      return this.k.mismatch('SelectionInput.addItem', a);
    }
    this.items.push({ text: String(text), value: String(value), selected: a[2] });
    return this;
  }
  setOnChangeAction(...a: unknown[]): this {
    this.onChange = this.k.obj('SelectionInput.setOnChangeAction', a, ActionImpl);
    return this;
  }
  [JSON_OF](): WidgetJson {
    const name = this[NAME_OF]();
    // STRICT: an empty selection input is refused.
    if (!this.items.length) this.k.fail(`SelectionInput "${name}" must have at least one item (addItem).`);
    // STRICT: single-choice inputs cannot start with several items selected.
    const single = this.type === 'RADIO_BUTTON' || this.type === 'DROPDOWN';
    if (single && this.items.filter((i) => i.selected).length > 1) {
      this.k.fail(`SelectionInput "${name}" (${this.type}) can have at most one selected item.`);
    }
    const out: NonNullable<WidgetJson['selectionInput']> = {
      name,
      type: this.type,
      items: this.items.map((i) => ({ ...i })),
    };
    if (this.title !== undefined) out.label = this.title;
    if (this.onChange) out.onChangeAction = this.onChange[JSON_OF]();
    return { selectionInput: out };
  }
}

function msArg(k: Kit, method: string, a: unknown[]): number {
  const v = a[0];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isInteger(n)) return k.mismatch(method, a);
  return n;
}

export class DatePickerImpl extends InputImpl {
  protected readonly kind: string = 'DatePicker';
  protected title?: string;
  protected valueMs?: number;
  protected onChange?: ActionImpl;
  setFieldName(...a: unknown[]): this {
    this.fieldName = this.k.str(`${this.kind}.setFieldName`, a);
    return this;
  }
  setTitle(...a: unknown[]): this {
    this.title = this.k.str(`${this.kind}.setTitle`, a);
    return this;
  }
  setValueInMsSinceEpoch(...a: unknown[]): this {
    this.valueMs = msArg(this.k, `${this.kind}.setValueInMsSinceEpoch`, a);
    return this;
  }
  setOnChangeAction(...a: unknown[]): this {
    this.onChange = this.k.obj(`${this.kind}.setOnChangeAction`, a, ActionImpl);
    return this;
  }
  protected picker(type: 'DATE_ONLY' | 'DATE_AND_TIME'): NonNullable<WidgetJson['dateTimePicker']> {
    const out: NonNullable<WidgetJson['dateTimePicker']> = { name: this[NAME_OF](), type };
    if (this.title !== undefined) out.label = this.title;
    if (this.valueMs !== undefined) out.valueMsEpoch = this.valueMs;
    if (this.onChange) out.onChangeAction = this.onChange[JSON_OF]();
    return out;
  }
  [JSON_OF](): WidgetJson {
    return { dateTimePicker: this.picker('DATE_ONLY') };
  }
}

export class DateTimePickerImpl extends DatePickerImpl {
  protected override readonly kind: string = 'DateTimePicker';
  private offsetMins?: number;
  setTimeZoneOffsetInMins(...a: unknown[]): this {
    const n = this.k.int('DateTimePicker.setTimeZoneOffsetInMins', a);
    if (Math.abs(n) > 14 * 60) this.k.fail('Invalid argument: timeZoneOffsetInMins must be within 14 hours of UTC');
    this.offsetMins = n;
    return this;
  }
  override [JSON_OF](): WidgetJson {
    const out = this.picker('DATE_AND_TIME');
    if (this.offsetMins !== undefined) out.timezoneOffsetDate = this.offsetMins;
    return { dateTimePicker: out };
  }
}

// ---- grid (cheap to provide; the add-on may use it for the toolkit) --------------------------------

export class BorderStyleImpl extends Facade {
  private style: BorderStyleJson = {};
  setType(...a: unknown[]): this {
    this.style.type = this.k.enumArg('BorderStyle.setType', a, 'BorderType');
    return this;
  }
  setStrokeColor(...a: unknown[]): this {
    this.style.strokeColor = color(this.k, 'BorderStyle.setStrokeColor', a);
    return this;
  }
  setCornerRadius(...a: unknown[]): this {
    this.style.cornerRadius = this.k.num('BorderStyle.setCornerRadius', a);
    return this;
  }
  [JSON_OF](): BorderStyleJson {
    return { ...this.style };
  }
}

export class ImageCropStyleImpl extends Facade {
  private type?: 'SQUARE' | 'CIRCLE' | 'RECTANGLE_CUSTOM' | 'RECTANGLE_4_3';
  private ratio?: number;
  setImageCropType(...a: unknown[]): this {
    this.type = this.k.enumArg('ImageCropStyle.setImageCropType', a, 'ImageCropType');
    return this;
  }
  setAspectRatio(...a: unknown[]): this {
    const r = this.k.num('ImageCropStyle.setAspectRatio', a);
    if (r <= 0) this.k.fail('Invalid argument: the aspect ratio must be positive');
    this.ratio = r;
    return this;
  }
  [JSON_OF](): NonNullable<GridItemJson['image']>['cropStyle'] {
    if (!this.type) return this.k.fail('ImageCropStyle must have a crop type (setImageCropType).');
    if (this.ratio !== undefined && this.type !== 'RECTANGLE_CUSTOM')
      this.k.fail('An aspect ratio applies only to the RECTANGLE_CUSTOM crop type.');
    return { type: this.type, ...(this.ratio !== undefined ? { aspectRatio: this.ratio } : {}) };
  }
}

export class ImageComponentImpl extends Facade {
  private url?: string;
  private altText?: string;
  private crop?: ImageCropStyleImpl;
  private border?: BorderStyleImpl;
  setImageUrl(...a: unknown[]): this {
    this.url = this.k.str('ImageComponent.setImageUrl', a);
    return this;
  }
  setAltText(...a: unknown[]): this {
    this.altText = this.k.str('ImageComponent.setAltText', a);
    return this;
  }
  setCropStyle(...a: unknown[]): this {
    this.crop = this.k.obj('ImageComponent.setCropStyle', a, ImageCropStyleImpl);
    return this;
  }
  setBorderStyle(...a: unknown[]): this {
    this.border = this.k.obj('ImageComponent.setBorderStyle', a, BorderStyleImpl);
    return this;
  }
  [JSON_OF](): NonNullable<GridItemJson['image']> {
    if (!this.url) return this.k.fail('ImageComponent must have an image URL (setImageUrl).');
    return {
      imageUri: this.url,
      ...(this.altText !== undefined ? { altText: this.altText } : {}),
      ...(this.crop ? { cropStyle: this.crop[JSON_OF]() } : {}),
      ...(this.border ? { borderStyle: this.border[JSON_OF]() } : {}),
    };
  }
}

export class GridItemImpl extends Facade {
  private item: GridItemJson = {};
  private image?: ImageComponentImpl;
  setIdentifier(...a: unknown[]): this {
    this.item.id = this.k.str('GridItem.setIdentifier', a);
    return this;
  }
  setTitle(...a: unknown[]): this {
    this.item.title = this.k.str('GridItem.setTitle', a);
    return this;
  }
  setSubtitle(...a: unknown[]): this {
    this.item.subtitle = this.k.str('GridItem.setSubtitle', a);
    return this;
  }
  setLayout(...a: unknown[]): this {
    this.item.layout = this.k.enumArg('GridItem.setLayout', a, 'GridItemLayout');
    return this;
  }
  setImage(...a: unknown[]): this {
    this.image = this.k.obj('GridItem.setImage', a, ImageComponentImpl);
    return this;
  }
  /** Card JSON has no per-item alignment; accepted for API compatibility and not rendered. */
  setTextAlignment(...a: unknown[]): this {
    this.k.enumArg('GridItem.setTextAlignment', a, 'HorizontalAlignment');
    return this;
  }
  [JSON_OF](): GridItemJson {
    return { ...this.item, ...(this.image ? { image: this.image[JSON_OF]() } : {}) };
  }
}

export class GridImpl extends WidgetImpl {
  private title?: string;
  private readonly items: GridItemImpl[] = [];
  private columns?: number;
  private border?: BorderStyleImpl;
  private readonly click = new ClickSlot();
  setTitle(...a: unknown[]): this {
    this.title = this.k.str('Grid.setTitle', a);
    return this;
  }
  addItem(...a: unknown[]): this {
    this.items.push(this.k.obj('Grid.addItem', a, GridItemImpl));
    return this;
  }
  setNumColumns(...a: unknown[]): this {
    const n = this.k.int('Grid.setNumColumns', a);
    if (n < 1) this.k.fail('Invalid argument: numColumns must be at least 1');
    this.columns = n;
    return this;
  }
  setBorderStyle(...a: unknown[]): this {
    this.border = this.k.obj('Grid.setBorderStyle', a, BorderStyleImpl);
    return this;
  }
  setOnClickAction(...a: unknown[]): this {
    this.click.add({ kind: 'action', action: this.k.obj('Grid.setOnClickAction', a, ActionImpl) });
    return this;
  }
  setOnClickOpenLinkAction(...a: unknown[]): this {
    this.click.add({ kind: 'dynamic', action: this.k.obj('Grid.setOnClickOpenLinkAction', a, ActionImpl) });
    return this;
  }
  setOpenLink(...a: unknown[]): this {
    this.click.add({ kind: 'openLink', link: this.k.obj('Grid.setOpenLink', a, OpenLinkImpl) });
    return this;
  }
  [JSON_OF](): WidgetJson {
    // STRICT: an empty grid is refused.
    if (!this.items.length) this.k.fail('Grid must have at least one item (addItem).');
    const out: NonNullable<WidgetJson['grid']> = { items: this.items.map((i) => i[JSON_OF]()) };
    if (this.title !== undefined) out.title = this.title;
    if (this.columns !== undefined) out.columnCount = this.columns;
    if (this.border) out.borderStyle = this.border[JSON_OF]();
    const onClick = this.click.json(this.k, 'Grid');
    if (onClick) out.onClick = onClick;
    return { grid: out };
  }
}

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

export class CardActionImpl extends Facade {
  private text?: string;
  private readonly click = new ClickSlot();
  setText(...a: unknown[]): this {
    this.text = this.k.str('CardAction.setText', a);
    return this;
  }
  setOnClickAction(...a: unknown[]): this {
    this.click.add({ kind: 'action', action: this.k.obj('CardAction.setOnClickAction', a, ActionImpl) });
    return this;
  }
  setOnClickOpenLinkAction(...a: unknown[]): this {
    this.click.add({ kind: 'dynamic', action: this.k.obj('CardAction.setOnClickOpenLinkAction', a, ActionImpl) });
    return this;
  }
  setOpenLink(...a: unknown[]): this {
    this.click.add({ kind: 'openLink', link: this.k.obj('CardAction.setOpenLink', a, OpenLinkImpl) });
    return this;
  }
  [JSON_OF](): CardActionJson {
    if (!this.text) return this.k.fail('CardAction must have text (setText).');
    const onClick = this.click.json(this.k, 'CardAction');
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

// ---- responses -------------------------------------------------------------------------------------

export class NavigationImpl extends Facade {
  private readonly steps: NavigationJson[] = [];
  pushCard(...a: unknown[]): this {
    this.steps.push({ pushCard: this.k.obj('Navigation.pushCard', a, CardImpl)[JSON_OF]() });
    return this;
  }
  popCard(): this {
    this.steps.push({ pop: true });
    return this;
  }
  popToRoot(): this {
    this.steps.push({ popToRoot: true });
    return this;
  }
  popToNamedCard(...a: unknown[]): this {
    this.steps.push({ popToCard: this.k.str('Navigation.popToNamedCard', a) });
    return this;
  }
  updateCard(...a: unknown[]): this {
    this.steps.push({ updateCard: this.k.obj('Navigation.updateCard', a, CardImpl)[JSON_OF]() });
    return this;
  }
  printJson(): string {
    return JSON.stringify(this.steps, null, 2);
  }
  [JSON_OF](): NavigationJson[] {
    return clone(this.steps);
  }
}

export class NotificationImpl extends Facade {
  private text?: string;
  setText(...a: unknown[]): this {
    this.text = this.k.str('Notification.setText', a);
    return this;
  }
  [JSON_OF](): { text: string } {
    if (!this.text) return this.k.fail('Notification must have text (setText).');
    return { text: this.text };
  }
}

/** A built response: Google's HTTP-runtime JSON; TO_JSON adds the "$type" the host dispatches on. */
abstract class ResponseImpl<J extends object> extends Facade {
  protected abstract readonly typeName: string;
  constructor(
    k: Kit,
    protected readonly json: J,
  ) {
    super(k);
  }
  printJson(): string {
    return JSON.stringify(this.json, null, 2);
  }
  [TO_JSON](): J & { [TYPE_KEY]: string } {
    return { [TYPE_KEY]: this.typeName, ...clone(this.json) } as J & { [TYPE_KEY]: string };
  }
}

export class ActionResponseImpl extends ResponseImpl<ActionResponseJson> {
  protected readonly typeName = 'ActionResponse';
}
export class UniversalActionResponseImpl extends ResponseImpl<UniversalActionResponseJson> {
  protected readonly typeName = 'UniversalActionResponse';
}
export class CalendarEventActionResponseImpl extends ResponseImpl<CalendarEventActionResponseJson> {
  protected readonly typeName = 'CalendarEventActionResponse';
}

export class ActionResponseBuilderImpl extends Facade {
  private navigation?: NavigationImpl;
  private notification?: NotificationImpl;
  private link?: OpenLinkImpl;
  private stateChanged?: boolean;
  setNavigation(...a: unknown[]): this {
    this.navigation = this.k.obj('ActionResponseBuilder.setNavigation', a, NavigationImpl);
    return this;
  }
  setNotification(...a: unknown[]): this {
    this.notification = this.k.obj('ActionResponseBuilder.setNotification', a, NotificationImpl);
    return this;
  }
  setOpenLink(...a: unknown[]): this {
    this.link = this.k.obj('ActionResponseBuilder.setOpenLink', a, OpenLinkImpl);
    return this;
  }
  setStateChanged(...a: unknown[]): this {
    this.stateChanged = this.k.bool('ActionResponseBuilder.setStateChanged', a);
    return this;
  }
  /** Google: "Builds the current action response and validates it." */
  build(): ActionResponseImpl {
    const action: RenderActionJson = {};
    if (this.navigation) {
      const steps = this.navigation[JSON_OF]();
      // STRICT: a navigation that does nothing is refused.
      if (!steps.length)
        this.k.fail(
          'Navigation must have at least one step (pushCard, popCard, popToRoot, popToNamedCard or updateCard).',
        );
      action.navigations = steps;
    }
    if (this.notification) action.notification = this.notification[JSON_OF]();
    if (this.link) action.link = this.link[JSON_OF]();
    // STRICT: an empty response is refused.
    if (!action.navigations && !action.notification && !action.link && this.stateChanged === undefined) {
      this.k.fail('ActionResponse must have a navigation, a notification, an open link or a state change.');
    }
    const json: ActionResponseJson = { renderActions: { action } };
    if (this.stateChanged !== undefined) json.stateChanged = this.stateChanged;
    return this.k.wrap('CardService.ActionResponse', new ActionResponseImpl(this.k, json));
  }
}

export class UniversalActionResponseBuilderImpl extends Facade {
  private cards?: CardJson[];
  private link?: OpenLinkImpl;
  displayAddOnCards(...a: unknown[]): this {
    const list = a[0];
    if (!Array.isArray(list)) return this.k.mismatch('UniversalActionResponseBuilder.displayAddOnCards', a);
    const cards = list.map(
      (c: unknown) =>
        this.k.unwrap(c, CardImpl) ?? this.k.mismatch('UniversalActionResponseBuilder.displayAddOnCards', a),
    );
    this.cards = cards.map((c) => c[JSON_OF]());
    return this;
  }
  setOpenLink(...a: unknown[]): this {
    this.link = this.k.obj('UniversalActionResponseBuilder.setOpenLink', a, OpenLinkImpl);
    return this;
  }
  build(): UniversalActionResponseImpl {
    const hasCards = this.cards !== undefined && this.cards.length > 0;
    if (!hasCards && !this.link)
      this.k.fail('UniversalActionResponse must display cards (displayAddOnCards) or open a link (setOpenLink).');
    // STRICT: Google's builder describes the two as alternatives.
    if (hasCards && this.link) this.k.fail('UniversalActionResponse can display cards or open a link, not both.');
    const action: RenderActionJson = hasCards
      ? { navigations: this.cards!.map((c) => ({ pushCard: c })) }
      : { link: this.link![JSON_OF]() };
    return this.k.wrap(
      'CardService.UniversalActionResponse',
      new UniversalActionResponseImpl(this.k, { renderActions: { action } }),
    );
  }
}

export class AttachmentImpl extends Facade {
  private a: Partial<AttachmentJson> = {};
  setResourceUrl(...a: unknown[]): this {
    this.a.resourceUrl = this.k.str('Attachment.setResourceUrl', a);
    return this;
  }
  setTitle(...a: unknown[]): this {
    this.a.title = this.k.str('Attachment.setTitle', a);
    return this;
  }
  setMimeType(...a: unknown[]): this {
    this.a.mimeType = this.k.str('Attachment.setMimeType', a);
    return this;
  }
  setIconUrl(...a: unknown[]): this {
    this.a.iconUrl = this.k.str('Attachment.setIconUrl', a);
    return this;
  }
  [JSON_OF](): AttachmentJson {
    // STRICT: all four fields are required (Calendar needs each to show the attachment chip).
    const missing = (['resourceUrl', 'title', 'mimeType', 'iconUrl'] as const).filter((f) => !this.a[f]);
    if (missing.length) this.k.fail(`Attachment is missing ${missing.join(', ')}.`);
    return {
      resourceUrl: this.a.resourceUrl!,
      title: this.a.title!,
      mimeType: this.a.mimeType!,
      iconUrl: this.a.iconUrl!,
    };
  }
}

/** PLATFORM.md: this builder has addAttendees, addAttachments, setConferenceData and build; nothing else. */
export class CalendarEventActionResponseBuilderImpl extends Facade {
  private readonly attendees: string[] = [];
  private readonly attachments: AttachmentImpl[] = [];
  private conferenceData?: unknown;
  addAttendees(...a: unknown[]): this {
    const list = a[0];
    if (!Array.isArray(list) || !list.every((x: unknown) => typeof x === 'string')) {
      return this.k.mismatch('CalendarEventActionResponseBuilder.addAttendees', a);
    }
    this.attendees.push(...(list as string[]));
    return this;
  }
  addAttachments(...a: unknown[]): this {
    const list = a[0];
    if (!Array.isArray(list)) return this.k.mismatch('CalendarEventActionResponseBuilder.addAttachments', a);
    for (const x of list as unknown[]) {
      this.attachments.push(
        this.k.unwrap(x, AttachmentImpl) ?? this.k.mismatch('CalendarEventActionResponseBuilder.addAttachments', a),
      );
    }
    return this;
  }
  /** Takes a ConferenceDataService ConferenceData: any runtime object that serializes itself. */
  setConferenceData(...a: unknown[]): this {
    const c = a[0] as Record<string, unknown> | null | undefined;
    if (!c || typeof c !== 'object' || typeof c[TO_JSON] !== 'function') {
      return this.k.mismatch('CalendarEventActionResponseBuilder.setConferenceData', a);
    }
    this.conferenceData = (c[TO_JSON] as () => unknown)();
    return this;
  }
  /** Google: "Builds the current Calendar event action response and validates it." */
  build(): CalendarEventActionResponseImpl {
    const action: CalendarActionJson = {};
    if (this.attendees.length) action.editAttendeesActionMarkup = { addAttendeeEmails: [...this.attendees] };
    if (this.attachments.length) {
      if (this.attachments.length > MAX_ATTACHMENTS)
        this.k.fail(
          `An event can have at most ${MAX_ATTACHMENTS} attachments; this response adds ${this.attachments.length}.`,
        );
      action.addAttachmentsActionMarkup = { addonAttachments: this.attachments.map((x) => x[JSON_OF]()) };
    }
    if (this.conferenceData !== undefined)
      action.editConferenceDataActionMarkup = { conferenceData: this.conferenceData };
    if (!Object.keys(action).length) {
      this.k.fail(
        'CalendarEventActionResponse must make a change (addAttendees, addAttachments or setConferenceData).',
      );
    }
    const json: CalendarEventActionResponseJson = { renderActions: { hostAppAction: { calendarAction: action } } };
    return this.k.wrap('CardService.CalendarEventActionResponse', new CalendarEventActionResponseImpl(this.k, json));
  }
}

// ---- the CardService global --------------------------------------------------------------------------

type EnumObject = Record<string, object>;

export class CardServiceImpl {
  readonly SelectionInputType: EnumObject;
  readonly TextButtonStyle: EnumObject;
  readonly OpenAs: EnumObject;
  readonly OnClose: EnumObject;
  readonly LoadIndicator: EnumObject;
  readonly ImageStyle: EnumObject;
  readonly ImageCropType: EnumObject;
  readonly InputType: EnumObject;
  readonly DisplayStyle: EnumObject;
  readonly GridItemLayout: EnumObject;
  readonly HorizontalAlignment: EnumObject;
  readonly BorderType: EnumObject;
  readonly Icon: EnumObject;
  readonly #k: Kit;

  constructor(k: Kit) {
    this.#k = k;
    this.SelectionInputType = k.enums.SelectionInputType;
    this.TextButtonStyle = k.enums.TextButtonStyle;
    this.OpenAs = k.enums.OpenAs;
    this.OnClose = k.enums.OnClose;
    this.LoadIndicator = k.enums.LoadIndicator;
    this.ImageStyle = k.enums.ImageStyle;
    this.ImageCropType = k.enums.ImageCropType;
    this.InputType = k.enums.InputType;
    this.DisplayStyle = k.enums.DisplayStyle;
    this.GridItemLayout = k.enums.GridItemLayout;
    this.HorizontalAlignment = k.enums.HorizontalAlignment;
    this.BorderType = k.enums.BorderType;
    this.Icon = k.enums.Icon;
  }

  #make<T extends Facade>(cls: string, obj: T): T {
    return this.#k.wrap(`CardService.${cls}`, obj);
  }

  newCardBuilder() {
    return this.#make('CardBuilder', new CardBuilderImpl(this.#k));
  }
  newCardHeader() {
    return this.#make('CardHeader', new CardHeaderImpl(this.#k));
  }
  newCardSection() {
    return this.#make('CardSection', new CardSectionImpl(this.#k));
  }
  newCardAction() {
    return this.#make('CardAction', new CardActionImpl(this.#k));
  }
  newFixedFooter() {
    return this.#make('FixedFooter', new FixedFooterImpl(this.#k));
  }
  newTextParagraph() {
    return this.#make('TextParagraph', new TextParagraphImpl(this.#k));
  }
  newDecoratedText() {
    return this.#make('DecoratedText', new DecoratedTextImpl(this.#k));
  }
  newIconImage() {
    return this.#make('IconImage', new IconImageImpl(this.#k));
  }
  newMaterialIcon() {
    return this.#make('MaterialIcon', new MaterialIconImpl(this.#k));
  }
  newImage() {
    return this.#make('Image', new ImageImpl(this.#k));
  }
  newDivider() {
    return this.#make('Divider', new DividerImpl(this.#k));
  }
  newTextInput() {
    return this.#make('TextInput', new TextInputImpl(this.#k));
  }
  newValidation() {
    return this.#make('Validation', new ValidationImpl(this.#k));
  }
  newSelectionInput() {
    return this.#make('SelectionInput', new SelectionInputImpl(this.#k));
  }
  newDatePicker() {
    return this.#make('DatePicker', new DatePickerImpl(this.#k));
  }
  newDateTimePicker() {
    return this.#make('DateTimePicker', new DateTimePickerImpl(this.#k));
  }
  newTextButton() {
    return this.#make('TextButton', new TextButtonImpl(this.#k));
  }
  newButtonSet() {
    return this.#make('ButtonSet', new ButtonSetImpl(this.#k));
  }
  newGrid() {
    return this.#make('Grid', new GridImpl(this.#k));
  }
  newGridItem() {
    return this.#make('GridItem', new GridItemImpl(this.#k));
  }
  newImageComponent() {
    return this.#make('ImageComponent', new ImageComponentImpl(this.#k));
  }
  newImageCropStyle() {
    return this.#make('ImageCropStyle', new ImageCropStyleImpl(this.#k));
  }
  newBorderStyle() {
    return this.#make('BorderStyle', new BorderStyleImpl(this.#k));
  }
  newAction() {
    return this.#make('Action', new ActionImpl(this.#k));
  }
  newOpenLink() {
    return this.#make('OpenLink', new OpenLinkImpl(this.#k));
  }
  newNavigation() {
    return this.#make('Navigation', new NavigationImpl(this.#k));
  }
  newNotification() {
    return this.#make('Notification', new NotificationImpl(this.#k));
  }
  newActionResponseBuilder() {
    return this.#make('ActionResponseBuilder', new ActionResponseBuilderImpl(this.#k));
  }
  newUniversalActionResponseBuilder() {
    return this.#make('UniversalActionResponseBuilder', new UniversalActionResponseBuilderImpl(this.#k));
  }
  newCalendarEventActionResponseBuilder() {
    return this.#make('CalendarEventActionResponseBuilder', new CalendarEventActionResponseBuilderImpl(this.#k));
  }
  newAttachment() {
    return this.#make('Attachment', new AttachmentImpl(this.#k));
  }
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export const installCardService: FacadeInstaller = (ctx: FacadeContext) => {
  const kit = new Kit(ctx);
  // The global itself: `CardService.newX()` is counted as CardService.newX.
  return { CardService: kit.wrap('CardService', new CardServiceImpl(kit)) };
};
