// CardService: the grid widget and its items, images and borders.
import type { BorderStyleJson, GridItemJson, WidgetJson } from '../../../cards/card-json';
import { Facade, JSON_OF, color } from './kit';
import { Clickable } from './actions';
import { WidgetImpl } from './widgets';

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

export class GridImpl extends Clickable(WidgetImpl, 'Grid') {
  private title?: string;
  private readonly items: GridItemImpl[] = [];
  private columns?: number;
  private border?: BorderStyleImpl;
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
  [JSON_OF](): WidgetJson {
    // STRICT: an empty grid is refused.
    if (!this.items.length) this.k.fail('Grid must have at least one item (addItem).');
    const out: NonNullable<WidgetJson['grid']> = { items: this.items.map((i) => i[JSON_OF]()) };
    if (this.title !== undefined) out.title = this.title;
    if (this.columns !== undefined) out.columnCount = this.columns;
    if (this.border) out.borderStyle = this.border[JSON_OF]();
    const onClick = this.clickJson();
    if (onClick) out.onClick = onClick;
    return { grid: out };
  }
}
