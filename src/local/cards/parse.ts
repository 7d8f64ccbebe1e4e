// From what an entry point returned (the worker's serialization, see card-json.ts) to what the host must do.
import { TYPE_KEY } from './card-json';
import type {
  ActionResponseJson,
  AttachmentJson,
  CalendarEventActionResponseJson,
  CardJson,
  NavigationJson,
  OpenLinkJson,
  UniversalActionResponseJson,
} from './card-json';

export type EntryResult =
  /** A trigger's Card or Card[]: the cards to show (a fresh stack). */
  | { kind: 'cards'; cards: CardJson[] }
  /** An ActionResponse: navigate the stack, show a notification, open a link. */
  | {
      kind: 'action';
      navigations: NavigationJson[];
      notification?: string;
      openLink?: OpenLinkJson;
      stateChanged: boolean;
    }
  /** A UniversalActionResponse: cards to show, or a link to open. */
  | { kind: 'universal'; cards?: CardJson[]; openLink?: OpenLinkJson }
  /** A CalendarEventActionResponse: changes to the event open in the editor. */
  | { kind: 'calendarEvent'; addAttendees: string[]; addAttachments: AttachmentJson[]; conferenceData?: unknown };

/** Thrown when an entry point returned something Google would not render (undefined, a string...). */
export class EntryResultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntryResultError';
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCard(v: unknown): v is CardJson {
  return isObject(v) && Array.isArray(v.sections) && !('renderActions' in v) && !(TYPE_KEY in v);
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array that is not all cards';
  if (isObject(v)) return `an object (${Object.keys(v).slice(0, 5).join(', ') || 'empty'})`;
  return `a ${typeof v} (${JSON.stringify(v)})`;
}

function fromAction(json: ActionResponseJson): EntryResult {
  const a = json.renderActions.action ?? {};
  return {
    kind: 'action',
    navigations: a.navigations ?? [],
    ...(a.notification ? { notification: a.notification.text } : {}),
    ...(a.link ? { openLink: a.link } : {}),
    stateChanged: json.stateChanged === true,
  };
}

function fromUniversal(json: UniversalActionResponseJson): EntryResult {
  const a = json.renderActions.action ?? {};
  const cards = (a.navigations ?? []).map((n) => n.pushCard).filter((c): c is CardJson => c !== undefined);
  return { kind: 'universal', ...(cards.length ? { cards } : {}), ...(a.link ? { openLink: a.link } : {}) };
}

function fromCalendar(json: CalendarEventActionResponseJson): EntryResult {
  const c = json.renderActions.hostAppAction.calendarAction ?? {};
  return {
    kind: 'calendarEvent',
    addAttendees: c.editAttendeesActionMarkup?.addAttendeeEmails ?? [],
    addAttachments: c.addAttachmentsActionMarkup?.addonAttachments ?? [],
    ...(c.editConferenceDataActionMarkup ? { conferenceData: c.editConferenceDataActionMarkup.conferenceData } : {}),
  };
}

/**
 * What an entry point's return value asks of the host. Accepts the worker's serialization (tagged
 * responses) and also Google's untagged HTTP JSON (a renderActions object is read as an
 * ActionResponse unless it holds a calendar action). Throws EntryResultError on anything else.
 */
export function parseEntryResult(value: unknown): EntryResult {
  if (Array.isArray(value)) {
    if (value.every(isCard)) return { kind: 'cards', cards: value };
    throw new EntryResultError(`The entry point returned ${describe(value)}: a trigger must return Card objects`);
  }
  if (isCard(value)) return { kind: 'cards', cards: [value] };
  if (isObject(value) && isObject(value.renderActions)) {
    const tag = value[TYPE_KEY];
    const ra = value.renderActions;
    if (
      tag === 'CalendarEventActionResponse' ||
      (tag === undefined && isObject(ra.hostAppAction) && isObject(ra.hostAppAction.calendarAction))
    ) {
      return fromCalendar(value as unknown as CalendarEventActionResponseJson);
    }
    if (tag === 'UniversalActionResponse') return fromUniversal(value as unknown as UniversalActionResponseJson);
    if ((tag === 'ActionResponse' || tag === undefined) && isObject(ra.action))
      return fromAction(value as unknown as ActionResponseJson);
  }
  throw new EntryResultError(`The entry point returned ${describe(value)}, not a Card, Card[] or a built response`);
}
