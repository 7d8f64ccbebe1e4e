// The card JSON the local CardService produces, and what an add-on entry point's return value looks
// like once the worker has serialized it. Types only (plus two constants), so the worker bundle and the
// Node-side tools (scenario runner, workbench, tests) share one definition.
//
// CARDS: Google's own card JSON, `google.apps.card.v1.Card` in its JSON form: the shape HTTP add-ons
// return and that `Card.printJson()` describes (camelCase field names, enums as their names, e.g.
// `"imageType": "CIRCLE"`, `"type": "MULTIPLE_LINE"`). Only fields the builders set are present.
//
// WHAT AN ENTRY POINT RETURNS, AS SERIALIZED BY THE WORKER (protocol.ts TO_JSON):
//   Card                         -> the card JSON itself (no tag). A trigger's Card[] -> an array of them.
//   ActionResponse               -> { "$type": "ActionResponse", "renderActions": { "action": {
//                                       "navigations": [ {"pushCard": card} | {"pop": true} |
//                                         {"popToRoot": true} | {"popToCard": name} | {"updateCard": card} ],
//                                       "notification": {"text": ...}, "link": {openLink} } },
//                                     "stateChanged": true }                 (absent parts omitted)
//   UniversalActionResponse      -> { "$type": "UniversalActionResponse", "renderActions": { "action": {
//                                       "navigations": [{"pushCard": card}, ...] } | { "link": {openLink} } } }
//   CalendarEventActionResponse  -> { "$type": "CalendarEventActionResponse", "renderActions": {
//                                       "hostAppAction": { "calendarAction": {
//                                         "editAttendeesActionMarkup": {"addAttendeeEmails": [...]},
//                                         "addAttachmentsActionMarkup": {"addonAttachments": [...]},
//                                         "editConferenceDataActionMarkup": {"conferenceData": {...}} } } } }
// Everything under "renderActions" / "stateChanged" is the JSON Google's HTTP add-on runtime uses for
// the same response (add-ons "alternate runtimes" guide: renderActions.action.navigations / link /
// notification, hostAppAction.calendarAction.*ActionMarkup). "$type" is ours: a trigger's push of one
// card and an action's push of one card are the same JSON at Google, but the host must know which
// builder produced it (a UniversalActionResponse may not carry a notification, and so on).
// `printJson()` prints the same JSON without "$type".

/** The key the worker's serialization adds to every response (never to a card). */
export const TYPE_KEY = '$type';
export type ResponseTypeName = 'ActionResponse' | 'UniversalActionResponse' | 'CalendarEventActionResponse';

// ---- card JSON (google.apps.card.v1) ------------------------------------------------------------

export type ImageType = 'SQUARE' | 'CIRCLE';

export interface CardHeaderJson {
  title: string;
  subtitle?: string;
  imageUrl?: string;
  imageType?: ImageType;
  imageAltText?: string;
}

export interface ActionParameterJson {
  key: string;
  value: string;
}

export interface ActionJson {
  function: string;
  parameters?: ActionParameterJson[];
  loadIndicator?: 'SPINNER' | 'NONE';
  persistValues?: boolean;
  requiredWidgets?: string[];
  allWidgetsAreRequired?: boolean;
}

export interface OpenLinkJson {
  url: string;
  openAs?: 'FULL_SIZE' | 'OVERLAY';
  onClose?: 'NOTHING' | 'RELOAD';
}

export interface OnClickJson {
  action?: ActionJson;
  openLink?: OpenLinkJson;
  /** Action whose callback returns the link to open (setOnClickOpenLinkAction). */
  openDynamicLinkAction?: ActionJson;
}

export interface ColorJson {
  red: number;
  green: number;
  blue: number;
  alpha?: number;
}

export interface MaterialIconJson {
  name: string;
  fill?: boolean;
  weight?: number;
  grade?: number;
}

export interface IconJson {
  knownIcon?: string;
  iconUrl?: string;
  materialIcon?: MaterialIconJson;
  altText?: string;
  imageType?: ImageType;
}

export interface ButtonJson {
  text: string;
  onClick: OnClickJson;
  disabled?: boolean;
  color?: ColorJson;
  type?: 'OUTLINED' | 'FILLED' | 'FILLED_TONAL' | 'BORDERLESS';
  altText?: string;
  icon?: IconJson;
}

export interface TextParagraphJson {
  text: string;
  maxLines?: number;
}

export interface DecoratedTextJson {
  text: string;
  topLabel?: string;
  bottomLabel?: string;
  wrapText?: boolean;
  startIcon?: IconJson;
  endIcon?: IconJson;
  button?: ButtonJson;
  onClick?: OnClickJson;
}

export type TextInputType = 'SINGLE_LINE' | 'MULTIPLE_LINE';
export type ValidationInputType = 'TEXT' | 'INTEGER' | 'FLOAT' | 'EMAIL';

export interface TextInputJson {
  name: string;
  label: string;
  type: TextInputType;
  hintText?: string;
  value?: string;
  onChangeAction?: ActionJson;
  validation?: { characterLimit?: number; inputType?: ValidationInputType };
}

export type SelectionType = 'CHECK_BOX' | 'RADIO_BUTTON' | 'SWITCH' | 'DROPDOWN' | 'MULTI_SELECT';

export interface SelectionItemJson {
  text: string;
  value: string;
  selected: boolean;
}

export interface SelectionInputJson {
  name: string;
  label?: string;
  type: SelectionType;
  items: SelectionItemJson[];
  onChangeAction?: ActionJson;
}

export type DateTimePickerType = 'DATE_AND_TIME' | 'DATE_ONLY' | 'TIME_ONLY';

export interface DateTimePickerJson {
  name: string;
  label?: string;
  type: DateTimePickerType;
  /** Milliseconds since the epoch (a number, as in Google's JSON card samples). */
  valueMsEpoch?: number;
  /** Minutes from UTC (DateTimePicker.setTimeZoneOffsetInMins). */
  timezoneOffsetDate?: number;
  onChangeAction?: ActionJson;
}

export interface ImageJson {
  imageUrl: string;
  altText?: string;
  onClick?: OnClickJson;
}

export interface BorderStyleJson {
  type?: 'NO_BORDER' | 'STROKE';
  strokeColor?: ColorJson;
  cornerRadius?: number;
}

export interface GridItemJson {
  id?: string;
  title?: string;
  subtitle?: string;
  layout?: 'TEXT_BELOW' | 'TEXT_ABOVE';
  image?: {
    imageUri: string;
    altText?: string;
    cropStyle?: { type: 'SQUARE' | 'CIRCLE' | 'RECTANGLE_CUSTOM' | 'RECTANGLE_4_3'; aspectRatio?: number };
    borderStyle?: BorderStyleJson;
  };
}

export interface GridJson {
  title?: string;
  items: GridItemJson[];
  columnCount?: number;
  borderStyle?: BorderStyleJson;
  onClick?: OnClickJson;
}

/** One widget: exactly one of these keys is present. */
export interface WidgetJson {
  textParagraph?: TextParagraphJson;
  decoratedText?: DecoratedTextJson;
  textInput?: TextInputJson;
  selectionInput?: SelectionInputJson;
  dateTimePicker?: DateTimePickerJson;
  buttonList?: { buttons: ButtonJson[] };
  divider?: Record<string, never>;
  image?: ImageJson;
  grid?: GridJson;
}

export interface SectionJson {
  header?: string;
  collapsible?: boolean;
  uncollapsibleWidgetsCount?: number;
  widgets: WidgetJson[];
}

export interface CardActionJson {
  actionLabel: string;
  onClick: OnClickJson;
}

export interface CardJson {
  header?: CardHeaderJson;
  sections: SectionJson[];
  cardActions?: CardActionJson[];
  fixedFooter?: { primaryButton: ButtonJson; secondaryButton?: ButtonJson };
  name?: string;
  peekCardHeader?: CardHeaderJson;
  displayStyle?: 'PEEK' | 'REPLACE';
}

// ---- responses ------------------------------------------------------------------------------------

export interface NavigationJson {
  pushCard?: CardJson;
  updateCard?: CardJson;
  pop?: boolean;
  popToRoot?: boolean;
  popToCard?: string;
}

export interface RenderActionJson {
  navigations?: NavigationJson[];
  notification?: { text: string };
  link?: OpenLinkJson;
}

export interface AttachmentJson {
  resourceUrl: string;
  title: string;
  mimeType: string;
  iconUrl: string;
}

export interface CalendarActionJson {
  editAttendeesActionMarkup?: { addAttendeeEmails: string[] };
  addAttachmentsActionMarkup?: { addonAttachments: AttachmentJson[] };
  editConferenceDataActionMarkup?: { conferenceData: unknown };
}

export interface ActionResponseJson {
  $type?: 'ActionResponse';
  renderActions: { action: RenderActionJson };
  stateChanged?: boolean;
}

export interface UniversalActionResponseJson {
  $type?: 'UniversalActionResponse';
  renderActions: { action: RenderActionJson };
}

export interface CalendarEventActionResponseJson {
  $type?: 'CalendarEventActionResponse';
  renderActions: { hostAppAction: { calendarAction: CalendarActionJson } };
}

// ---- event-object pieces the host sends back -----------------------------------------------------

/** `commonEventObject.formInputs[name]` as Google sends it under V8 (no `['']` level). */
export type FormInputJson =
  | { stringInputs: { value: string[] } }
  | { dateTimeInput: { msSinceEpoch: string; hasDate: boolean; hasTime: boolean } }
  | { dateInput: { msSinceEpoch: string } }
  | { timeInput: { hours: number; minutes: number } };

export type FormInputs = Record<string, FormInputJson>;
