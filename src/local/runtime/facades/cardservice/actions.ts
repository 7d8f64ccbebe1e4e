// CardService: actions and links, and the click setters every clickable object has (one mixin).
import type { ActionJson, OnClickJson, OpenLinkJson } from '../../../cards/card-json';
import { ClickSlot, Facade, JSON_OF } from './kit';

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

/** A constructor of a CardService object (abstract ones included), as a mixin takes it. */
export type FacadeClass = abstract new (...args: any[]) => Facade;

/**
 * The three click setters Google gives every clickable object (TextButton, DecoratedText, Image,
 * Grid, CardAction), once: `owner` names the class in argument errors, and `clickJson()` gives the
 * onClick JSON (refusing two behaviours at build).
 */
export function Clickable<B extends FacadeClass>(Base: B, owner: string) {
  abstract class WithClick extends Base {
    private readonly click = new ClickSlot();
    setOnClickAction(...a: unknown[]): this {
      this.click.add({ kind: 'action', action: this.k.obj(`${owner}.setOnClickAction`, a, ActionImpl) });
      return this;
    }
    setOnClickOpenLinkAction(...a: unknown[]): this {
      this.click.add({ kind: 'dynamic', action: this.k.obj(`${owner}.setOnClickOpenLinkAction`, a, ActionImpl) });
      return this;
    }
    setOpenLink(...a: unknown[]): this {
      this.click.add({ kind: 'openLink', link: this.k.obj(`${owner}.setOpenLink`, a, OpenLinkImpl) });
      return this;
    }
    protected clickJson(): OnClickJson | undefined {
      return this.click.json(this.k, owner);
    }
  }
  return WithClick;
}
