// Compile-time check (run by `tsc -p tsconfig.node.json`, not by jest): every method name the local
// CardService gives a script is a method Google's CardService has, as @types/google-apps-script
// declares it. A typo or an invented method here fails the type-check with the offending name.
// Names Google has but @types 2.0.13 lacks are listed explicitly, each with its reason.
import type * as F from '../../src/local/runtime/facades/cardservice';
import type { TO_JSON } from '../../src/local/runtime/protocol';

type CS = typeof CardService;
type Api<T> = Exclude<Extract<keyof T, string>, typeof TO_JSON>;
/** The names `Impl` exposes that `Gas` does not declare (minus the documented `Allowed` ones). */
type Extra<Impl, Gas, Allowed extends string = never> = Exclude<Api<Impl>, keyof Gas | Allowed>;
/** Fails to compile unless T is never; the error names the extra members. */
type None<T extends never> = T;

type _CardService = None<Extra<F.CardServiceImpl, CS>>;
type _CardBuilder = None<Extra<F.CardBuilderImpl, GoogleAppsScript.Card_Service.CardBuilder>>;
type _Card = None<Extra<F.CardImpl, GoogleAppsScript.Card_Service.Card>>;
type _CardHeader = None<Extra<F.CardHeaderImpl, GoogleAppsScript.Card_Service.CardHeader>>;
type _CardSection = None<Extra<F.CardSectionImpl, GoogleAppsScript.Card_Service.CardSection>>;
type _CardAction = None<Extra<F.CardActionImpl, GoogleAppsScript.Card_Service.CardAction>>;
type _FixedFooter = None<Extra<F.FixedFooterImpl, GoogleAppsScript.Card_Service.FixedFooter>>;
// TextParagraph.setMaxLines is in Google's reference (newer than @types 2.0.13).
type _TextParagraph = None<Extra<F.TextParagraphImpl, GoogleAppsScript.Card_Service.TextParagraph, 'setMaxLines'>>;
type _DecoratedText = None<Extra<F.DecoratedTextImpl, GoogleAppsScript.Card_Service.DecoratedText>>;
type _IconImage = None<Extra<F.IconImageImpl, GoogleAppsScript.Card_Service.IconImage>>;
type _MaterialIcon = None<Extra<F.MaterialIconImpl, GoogleAppsScript.Card_Service.MaterialIcon>>;
type _Image = None<Extra<F.ImageImpl, GoogleAppsScript.Card_Service.Image>>;
type _Divider = None<Extra<F.DividerImpl, GoogleAppsScript.Card_Service.Divider>>;
type _TextInput = None<Extra<F.TextInputImpl, GoogleAppsScript.Card_Service.TextInput>>;
type _Validation = None<Extra<F.ValidationImpl, GoogleAppsScript.Card_Service.Validation>>;
type _SelectionInput = None<Extra<F.SelectionInputImpl, GoogleAppsScript.Card_Service.SelectionInput>>;
type _DatePicker = None<Extra<F.DatePickerImpl, GoogleAppsScript.Card_Service.DatePicker>>;
type _DateTimePicker = None<Extra<F.DateTimePickerImpl, GoogleAppsScript.Card_Service.DateTimePicker>>;
type _TextButton = None<Extra<F.TextButtonImpl, GoogleAppsScript.Card_Service.TextButton>>;
type _ButtonSet = None<Extra<F.ButtonSetImpl, GoogleAppsScript.Card_Service.ButtonSet>>;
type _Grid = None<Extra<F.GridImpl, GoogleAppsScript.Card_Service.Grid>>;
type _GridItem = None<Extra<F.GridItemImpl, GoogleAppsScript.Card_Service.GridItem>>;
type _ImageComponent = None<Extra<F.ImageComponentImpl, GoogleAppsScript.Card_Service.ImageComponent>>;
type _ImageCropStyle = None<Extra<F.ImageCropStyleImpl, GoogleAppsScript.Card_Service.ImageCropStyle>>;
type _BorderStyle = None<Extra<F.BorderStyleImpl, GoogleAppsScript.Card_Service.BorderStyle>>;
type _Action = None<Extra<F.ActionImpl, GoogleAppsScript.Card_Service.Action>>;
type _OpenLink = None<Extra<F.OpenLinkImpl, GoogleAppsScript.Card_Service.OpenLink>>;
type _Navigation = None<Extra<F.NavigationImpl, GoogleAppsScript.Card_Service.Navigation>>;
type _Notification = None<Extra<F.NotificationImpl, GoogleAppsScript.Card_Service.Notification>>;
type _ActionResponseBuilder = None<
  Extra<F.ActionResponseBuilderImpl, GoogleAppsScript.Card_Service.ActionResponseBuilder>
>;
type _ActionResponse = None<Extra<F.ActionResponseImpl, GoogleAppsScript.Card_Service.ActionResponse>>;
type _UniversalBuilder = None<
  Extra<F.UniversalActionResponseBuilderImpl, GoogleAppsScript.Card_Service.UniversalActionResponseBuilder>
>;
type _UniversalResponse = None<
  Extra<F.UniversalActionResponseImpl, GoogleAppsScript.Card_Service.UniversalActionResponse>
>;
type _CalendarBuilder = None<
  Extra<F.CalendarEventActionResponseBuilderImpl, GoogleAppsScript.Card_Service.CalendarEventActionResponseBuilder>
>;
type _CalendarResponse = None<
  Extra<F.CalendarEventActionResponseImpl, GoogleAppsScript.Card_Service.CalendarEventActionResponse>
>;
type _Attachment = None<Extra<F.AttachmentImpl, GoogleAppsScript.Card_Service.Attachment>>;

// Enum value names: each enum's values are Google's.
type EnumExtra<E extends F.EnumName, G> = Exclude<(typeof F.ENUMS)[E][number], keyof G>;
type _SelectionInputType = None<
  EnumExtra<'SelectionInputType', typeof GoogleAppsScript.Card_Service.SelectionInputType>
>;
type _TextButtonStyle = None<EnumExtra<'TextButtonStyle', typeof GoogleAppsScript.Card_Service.TextButtonStyle>>;
type _OpenAs = None<EnumExtra<'OpenAs', typeof GoogleAppsScript.Card_Service.OpenAs>>;
type _OnClose = None<EnumExtra<'OnClose', typeof GoogleAppsScript.Card_Service.OnClose>>;
type _LoadIndicator = None<EnumExtra<'LoadIndicator', typeof GoogleAppsScript.Card_Service.LoadIndicator>>;
type _ImageStyle = None<EnumExtra<'ImageStyle', typeof GoogleAppsScript.Card_Service.ImageStyle>>;
type _ImageCropType = None<EnumExtra<'ImageCropType', typeof GoogleAppsScript.Card_Service.ImageCropType>>;
type _InputType = None<EnumExtra<'InputType', typeof GoogleAppsScript.Card_Service.InputType>>;
type _DisplayStyle = None<EnumExtra<'DisplayStyle', typeof GoogleAppsScript.Card_Service.DisplayStyle>>;
type _GridItemLayout = None<EnumExtra<'GridItemLayout', typeof GoogleAppsScript.Card_Service.GridItemLayout>>;
type _HorizontalAlignment = None<
  EnumExtra<'HorizontalAlignment', typeof GoogleAppsScript.Card_Service.HorizontalAlignment>
>;
type _BorderType = None<EnumExtra<'BorderType', typeof GoogleAppsScript.Card_Service.BorderType>>;
type _Icon = None<EnumExtra<'Icon', typeof GoogleAppsScript.Card_Service.Icon>>;
// Every enum the facade has is one CardService declares.
type _Enums = None<Exclude<F.EnumName, keyof CS>>;

// The check itself can fail: a name Google does not have is caught.
// @ts-expect-error setNope is not a CardBuilder method
type _Negative = None<Extra<F.CardBuilderImpl & { setNope(): void }, GoogleAppsScript.Card_Service.CardBuilder>>;
type _NegativeCalendar = None<
  // @ts-expect-error PLATFORM.md: CalendarEventActionResponseBuilder has no setDescription
  Extra<{ setDescription(): void }, GoogleAppsScript.Card_Service.CalendarEventActionResponseBuilder>
>;

export type CardServiceNameChecks = [
  _CardService,
  _CardBuilder,
  _Card,
  _CardHeader,
  _CardSection,
  _CardAction,
  _FixedFooter,
  _TextParagraph,
  _DecoratedText,
  _IconImage,
  _MaterialIcon,
  _Image,
  _Divider,
  _TextInput,
  _Validation,
  _SelectionInput,
  _DatePicker,
  _DateTimePicker,
  _TextButton,
  _ButtonSet,
  _Grid,
  _GridItem,
  _ImageComponent,
  _ImageCropStyle,
  _BorderStyle,
  _Action,
  _OpenLink,
  _Navigation,
  _Notification,
  _ActionResponseBuilder,
  _ActionResponse,
  _UniversalBuilder,
  _UniversalResponse,
  _CalendarBuilder,
  _CalendarResponse,
  _Attachment,
  _SelectionInputType,
  _TextButtonStyle,
  _OpenAs,
  _OnClose,
  _LoadIndicator,
  _ImageStyle,
  _ImageCropType,
  _InputType,
  _DisplayStyle,
  _GridItemLayout,
  _HorizontalAlignment,
  _BorderType,
  _Icon,
  _Enums,
  _Negative,
  _NegativeCalendar,
];
