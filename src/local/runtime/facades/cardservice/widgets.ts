// CardService: the widgets a section holds: text, icons, buttons, decorated text, images, inputs, pickers.
import type {
  ButtonJson,
  ColorJson,
  IconJson,
  MaterialIconJson,
  SelectionType,
  WidgetJson,
} from '../../../cards/card-json';
import { BUTTON_OF, Facade, JSON_OF, Kit, NAME_OF, color } from './kit';
import { ActionImpl, Clickable } from './actions';

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

export class TextButtonImpl extends Clickable(WidgetImpl, 'TextButton') {
  private text?: string;
  private style?: ButtonJson['type'];
  private disabled?: boolean;
  private bg?: ColorJson;
  private altText?: string;
  setText(...a: unknown[]): this {
    this.text = this.k.str('TextButton.setText', a);
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
    const onClick = this.clickJson();
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

export class DecoratedTextImpl extends Clickable(WidgetImpl, 'DecoratedText') {
  private text?: string;
  private topLabel?: string;
  private bottomLabel?: string;
  private wrapText?: boolean;
  private startIcon?: IconImageImpl;
  private endIcon?: IconImageImpl;
  private btn?: TextButtonImpl;
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
    const onClick = this.clickJson();
    if (onClick) out.onClick = onClick;
    return { decoratedText: out };
  }
}

export class ImageImpl extends Clickable(WidgetImpl, 'Image') {
  private url?: string;
  private altText?: string;
  setImageUrl(...a: unknown[]): this {
    this.url = this.k.str('Image.setImageUrl', a);
    return this;
  }
  setAltText(...a: unknown[]): this {
    this.altText = this.k.str('Image.setAltText', a);
    return this;
  }
  [JSON_OF](): WidgetJson {
    if (!this.url) this.k.fail('Image must have an image URL (setImageUrl).');
    const out: NonNullable<WidgetJson['image']> = { imageUrl: this.url };
    if (this.altText !== undefined) out.altText = this.altText;
    const onClick = this.clickJson();
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
export abstract class InputImpl extends WidgetImpl {
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

export function msArg(k: Kit, method: string, a: unknown[]): number {
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
