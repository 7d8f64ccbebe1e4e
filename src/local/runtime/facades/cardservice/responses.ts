// CardService: what an action returns: navigation, notification, and the three response builders.
import { TO_JSON } from '../../protocol';
import { TYPE_KEY } from '../../../cards/card-json';
import type {
  ActionResponseJson,
  AttachmentJson,
  CalendarActionJson,
  CalendarEventActionResponseJson,
  CardJson,
  NavigationJson,
  RenderActionJson,
  UniversalActionResponseJson,
} from '../../../cards/card-json';
import { Facade, JSON_OF, Kit, MAX_ATTACHMENTS, clone } from './kit';
import { OpenLinkImpl } from './actions';
import { CardImpl } from './card';

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
export abstract class ResponseImpl<J extends object> extends Facade {
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
