import { z } from 'zod';
import { TagPathSchema } from '../../common/tag.ts';

/** What kind of value a binding of a property should produce (the inspector and validation use it). */
export type BindableType = 'number' | 'boolean' | 'text' | 'color' | 'any';

export interface BindableProperty {
  label: string;
  type: BindableType;
  description: string;
}

export type SymbolCategory = 'process' | 'value' | 'control' | 'basic';

/**
 * One symbol type: everything but its drawing (that lives in renderer/, keyed by `type`). The property
 * inspector is generated from `props`: every field carries a title and description (zod `.meta()`) and
 * a default, so `props.parse({})` is a complete, valid symbol.
 */
export interface SymbolDefinition<Props extends z.ZodObject = z.ZodObject> {
  type: string;
  label: string;
  description: string;
  category: SymbolCategory;
  defaultSize: { width: number; height: number };
  props: Props;
  /** Properties an expression may drive at run time, by name. */
  bindable: Readonly<Record<string, BindableProperty>>;
}

/** Bindable on every element, whatever its type. */
export const COMMON_BINDABLE: Readonly<Record<string, BindableProperty>> = {
  visible: { label: 'Visible', type: 'boolean', description: 'hides the element while false' },
};

export function defineSymbol<Props extends z.ZodObject>(definition: SymbolDefinition<Props>): SymbolDefinition<Props> {
  return definition;
}

/** A labelled field for the inspector. */
export function field<T extends z.ZodType>(schema: T, title: string, description: string): T {
  return schema.meta({ title, description });
}

export function bindable(label: string, type: BindableType, description: string): BindableProperty {
  return { label, type, description };
}

/** `#rgb`/`#rrggbb(aa)` or a palette name (`process-grey`, `alarm-high`...): the palette keeps screens ISA-101 grey. */
export const ColorSchema = z.string().regex(/^#[0-9a-fA-F]{3,8}$|^[a-z][a-z0-9-]*$/, 'a colour is #rrggbb or a palette name such as process-grey');

/** A data URL of an image, or a path inside the project's `assets/` folder. */
export const ImageSourceSchema = z
  .string()
  .max(5_000_000)
  .refine(
    (s) => /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]*$/.test(s) || (/^assets\/[A-Za-z0-9_\-./ ]+$/.test(s) && !s.split('/').includes('..')),
    'an image is a data:image/...;base64 URL or a path under assets/ (no "..")',
  );

export const OrientationSchema = z.enum(['left', 'right', 'up', 'down']);
export const PointsSchema = z.array(z.tuple([z.number(), z.number()])).max(1000);

export const labelField = (what: string) => field(z.string().max(80).default(''), 'Label', `text shown with the ${what}`);
export const tagField = (title: string, description: string) => field(TagPathSchema.optional(), title, description);
export const unitsField = () => field(z.string().max(20).default(''), 'Units', 'engineering units shown after the value');
export const decimalsField = () => field(z.number().int().min(0).max(10).default(1), 'Decimals', 'digits after the decimal point');
