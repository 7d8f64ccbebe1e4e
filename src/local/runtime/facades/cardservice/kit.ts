// CardService (script side), one file per concern in this folder; this one holds what they share.
// Builders are answered inside the worker: no World state is involved, so no
// RPC, but every call is counted (ctx.count) for the benchmark like any other service call.
//
// What it produces: Google's card JSON (google.apps.card.v1) and the HTTP add-on response JSON; the
// representation, and how hosts tell responses apart, is documented in src/local/cards/card-json.ts.
//
// Fidelity rules:
// - Method names and chaining are Google's (test/runtime/cardservice.types.ts fails the type-check if
//   a name here is not in @types/google-apps-script, except the few listed there as newer than it).
// - Anything not provided fails loudly with its name (strict()).
// - Arguments of the wrong kind fail as Apps Script fails them: "The parameters (...) don't match the
//   method signature for CardService.X.y."; enum arguments must be CardService enum values, not strings.
// - Structural validation happens where Google documents it: `build()` ("builds ... and validates it").
//   Where Google's behaviour is not documented, the strict answer is chosen and marked STRICT below.
import type { FacadeContext } from '../context';
import { strict } from '../context';
import { TO_JSON } from '../../protocol';
import type { ColorJson, OnClickJson } from '../../../cards/card-json';
import type { ActionImpl, OpenLinkImpl } from './actions';

/** Per-card limits (Google: "You can add up to 100 widgets per card"; PLATFORM.md: 100 sections). */
export const MAX_WIDGETS_PER_CARD = 100;
export const MAX_SECTIONS_PER_CARD = 100;
/** PLATFORM.md: at most 25 attachments per event. */
export const MAX_ATTACHMENTS = 25;

// Symbol-keyed internals: invisible to scripts' name lookups and to the @types name check.
export const JSON_OF = Symbol('ccm.cardservice.json');
export const BUTTON_OF = Symbol('ccm.cardservice.button');
export const NAME_OF = Symbol('ccm.cardservice.fieldName');
export const WIDGETS_OF = Symbol('ccm.cardservice.widgets');

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
export type EnumValueName<E extends EnumName> = (typeof ENUMS)[E][number];

/** An Apps Script enum value: `String(v)` and `v.name()` give its name; it is not a string. */
export class EnumValue {
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

export type Ctor<T> = abstract new (...args: never[]) => T;

/** One per execution: the facade objects of one execution and the helpers they share. */
export class Kit {
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
export abstract class Facade {
  constructor(protected readonly k: Kit) {}
}

// ---- click behaviour shared by buttons, decorated text, images, card actions, grids ---------------

export type Click =
  | { kind: 'action'; action: ActionImpl }
  | { kind: 'openLink'; link: OpenLinkImpl }
  | { kind: 'dynamic'; action: ActionImpl };

export class ClickSlot {
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

export function color(k: Kit, method: string, args: unknown[]): ColorJson {
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

/** A deep copy of plain JSON (a card JSON handed to two owners must not be shared). */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
