// CardService: the global a script sees (CardService.newX() and the enums), and its installer.
// How the facade is built and what it produces: kit.ts.
import type { FacadeContext, FacadeInstaller } from '../context';
import { Facade, Kit } from './kit';
import { ActionImpl, OpenLinkImpl } from './actions';
import {
  ButtonSetImpl,
  DatePickerImpl,
  DateTimePickerImpl,
  DecoratedTextImpl,
  DividerImpl,
  IconImageImpl,
  ImageImpl,
  MaterialIconImpl,
  SelectionInputImpl,
  TextButtonImpl,
  TextInputImpl,
  TextParagraphImpl,
  ValidationImpl,
} from './widgets';
import { BorderStyleImpl, GridImpl, GridItemImpl, ImageComponentImpl, ImageCropStyleImpl } from './grid';
import { CardActionImpl, CardBuilderImpl, CardHeaderImpl, CardSectionImpl, FixedFooterImpl } from './card';
import {
  ActionResponseBuilderImpl,
  AttachmentImpl,
  CalendarEventActionResponseBuilderImpl,
  NavigationImpl,
  NotificationImpl,
  UniversalActionResponseBuilderImpl,
} from './responses';

// ---- the CardService global --------------------------------------------------------------------------

export type EnumObject = Record<string, object>;

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

export const installCardService: FacadeInstaller = (ctx: FacadeContext) => {
  const kit = new Kit(ctx);
  // The global itself: `CardService.newX()` is counted as CardService.newX.
  return { CardService: kit.wrap('CardService', new CardServiceImpl(kit)) };
};

export type { EnumName } from './kit';
// Every script-visible class, for test/runtime/cardservice.types.ts (names checked against @types).
export { MAX_WIDGETS_PER_CARD, MAX_SECTIONS_PER_CARD, MAX_ATTACHMENTS, ENUMS } from './kit';
export { ActionImpl, OpenLinkImpl } from './actions';
export {
  WidgetImpl,
  TextParagraphImpl,
  MaterialIconImpl,
  IconImageImpl,
  TextButtonImpl,
  ButtonSetImpl,
  DecoratedTextImpl,
  ImageImpl,
  DividerImpl,
  InputImpl,
  ValidationImpl,
  TextInputImpl,
  SelectionInputImpl,
  DatePickerImpl,
  DateTimePickerImpl,
} from './widgets';
export { BorderStyleImpl, ImageCropStyleImpl, ImageComponentImpl, GridItemImpl, GridImpl } from './grid';
export { CardHeaderImpl, CardSectionImpl, FixedFooterImpl, CardActionImpl, CardImpl, CardBuilderImpl } from './card';
export {
  NavigationImpl,
  NotificationImpl,
  ResponseImpl,
  ActionResponseImpl,
  UniversalActionResponseImpl,
  CalendarEventActionResponseImpl,
  ActionResponseBuilderImpl,
  UniversalActionResponseBuilderImpl,
  AttachmentImpl,
  CalendarEventActionResponseBuilderImpl,
} from './responses';
