import { z } from 'zod';
import { ScalarValueSchema } from '../common/data-value.ts';
import { ColorSchema } from './symbols/symbol-definition.ts';

/** The format this Lineside writes and reads; older documents are migrated (screen-migrations.ts). */
export const SCREEN_FORMAT_VERSION = 2;

/** Element, screen and template ids: short, stable, safe in paths and URLs. */
export const IdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'an id is up to 64 letters, digits, _ and -, starting with a letter or digit');
/** Template parameter names, as written in `{{name}}`. */
export const ParameterNameSchema = z.string().regex(/^(?!__)[A-Za-z_][A-Za-z0-9_]{0,31}$/, 'a parameter name is letters, digits and _ (not starting with a digit or __)');

/** Property name → expression text (screens/expression): `{ "fill": "{Line1/Tank101/Level} > 90 ? 'alarm-high' : 'process-light'" }`. */
export const BindingsSchema = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'a bound property is a property name'), z.string().min(1).max(2000));

/** Parameter values of a template instance or faceplate popup. */
export const ParameterValuesSchema = z.record(ParameterNameSchema, z.union([z.string().max(200), z.number().refine(Number.isFinite, 'a number parameter must be finite')]));

export const ActionSchema = z.discriminatedUnion('type', [
  /** Go to another screen (its id). */
  z.strictObject({ type: z.literal('navigate'), screen: IdSchema }),
  /** Open a screen as a popup beside the element. */
  z.strictObject({ type: z.literal('popup'), screen: IdSchema }),
  /** Open a template (a faceplate) as a popup with these parameter values. */
  z.strictObject({ type: z.literal('faceplate'), template: IdSchema, params: ParameterValuesSchema.default({}) }),
  z.strictObject({ type: z.literal('back') }),
  z.strictObject({ type: z.literal('forward') }),
  /** Write a value to a tag (path may hold `{{param}}` in templates); the operator confirms unless told otherwise. */
  z.strictObject({ type: z.literal('write'), tag: z.string().min(1).max(200), value: ScalarValueSchema, confirm: z.boolean().default(true) }),
]);
export type ScreenAction = z.infer<typeof ActionSchema>;

const elementBase = {
  id: IdSchema,
  /** What the engineer calls it in the editor's layer list. */
  name: z.string().max(80).optional(),
  x: z.number(),
  y: z.number(),
  width: z.number().min(0).max(100_000),
  height: z.number().min(0).max(100_000),
  /** Degrees clockwise about the element centre. */
  rotation: z.number().min(-360).max(360).default(0),
  locked: z.boolean().default(false),
  bindings: BindingsSchema.default({}),
  /** Run in order when the operator clicks or taps the element. */
  actions: z.array(ActionSchema).max(8).default([]),
};
const Props = z.record(z.string(), z.unknown()).default({});

export const SymbolElementSchema = z.strictObject({ ...elementBase, kind: z.literal('symbol'), symbol: z.string().min(1), props: Props });
export const ShapeElementSchema = z.strictObject({ ...elementBase, kind: z.literal('shape'), shape: z.enum(['rect', 'ellipse', 'line', 'polyline']), props: Props });
export const TextElementSchema = z.strictObject({ ...elementBase, kind: z.literal('text'), props: Props });
export const ImageElementSchema = z.strictObject({ ...elementBase, kind: z.literal('image'), props: Props });
export const TemplateElementSchema = z.strictObject({ ...elementBase, kind: z.literal('template'), template: IdSchema, params: ParameterValuesSchema.default({}) });

/** Elements are drawn in array order: later elements are on top (z-order is the order). */
export type ScreenElement = z.infer<typeof SymbolElementSchema> | z.infer<typeof ShapeElementSchema> | z.infer<typeof TextElementSchema> | z.infer<typeof ImageElementSchema> | z.infer<typeof TemplateElementSchema> | GroupElement;

/** Children are placed relative to the group; with `contentSize` they are drawn in that space scaled to the group box. */
export type GroupElement = z.infer<typeof GroupShape> & { children: ScreenElement[] };
const GroupShape = z.strictObject({
  ...elementBase,
  kind: z.literal('group'),
  contentSize: z.strictObject({ width: z.number().positive(), height: z.number().positive() }).optional(),
});

/** An element as written, before defaults are filled in. */
export type ScreenElementInput =
  | z.input<typeof SymbolElementSchema>
  | z.input<typeof ShapeElementSchema>
  | z.input<typeof TextElementSchema>
  | z.input<typeof ImageElementSchema>
  | z.input<typeof TemplateElementSchema>
  | (z.input<typeof GroupShape> & { children: ScreenElementInput[] });

export const GroupElementSchema = GroupShape.extend({
  get children(): z.ZodArray<z.ZodType<ScreenElement, ScreenElementInput>> {
    return z.array(ElementSchema).max(2000);
  },
});

export const ElementSchema: z.ZodType<ScreenElement, ScreenElementInput> = z.discriminatedUnion('kind', [
  SymbolElementSchema,
  ShapeElementSchema,
  TextElementSchema,
  ImageElementSchema,
  TemplateElementSchema,
  GroupElementSchema as unknown as typeof SymbolElementSchema,
]) as unknown as z.ZodType<ScreenElement, ScreenElementInput>;

const SizeSchema = z.strictObject({ width: z.number().int().min(100).max(10_000), height: z.number().int().min(100).max(10_000) });

/** ISA-101 display hierarchy: 1 overview, 2 area/line, 3 unit, 4 detail. */
export const ScreenLevelSchema = z.enum(['overview', 'area', 'unit', 'detail']);
export type ScreenLevel = z.infer<typeof ScreenLevelSchema>;

export const ScreenSchema = z.strictObject({
  formatVersion: z.literal(SCREEN_FORMAT_VERSION),
  kind: z.literal('screen'),
  id: IdSchema,
  name: z.string().min(1).max(80),
  level: ScreenLevelSchema,
  /** The screen "up" from this one in the hierarchy (none for the overview). */
  parent: IdSchema.optional(),
  /**
   * The plant area it shows (`Line1`, `Line1/Filler`: the alarm areas' and tag paths' words), grouping
   * it in the Screens tab's navigator; without one a screen is in its parent's area. Since format 2.
   */
  area: z.string().trim().min(1, 'an area is a name (leave it out for none)').max(100).optional(),
  size: SizeSchema,
  background: ColorSchema.default('background'),
  elements: z.array(ElementSchema).max(5000),
});
export type Screen = z.infer<typeof ScreenSchema>;

export const TemplateParameterSchema = z.strictObject({
  name: ParameterNameSchema,
  description: z.string().max(200).default(''),
  /** `tag`: a path or path fragment placed into tag references; `text`/`number`: a value shown or compared. */
  type: z.enum(['tag', 'text', 'number']).default('tag'),
  default: z.union([z.string(), z.number()]).optional(),
});
export type TemplateParameter = z.infer<typeof TemplateParameterSchema>;

/** A faceplate or reusable group: parameters plus elements, instantiated by id and resolved at render time. */
export const TemplateSchema = z.strictObject({
  formatVersion: z.literal(SCREEN_FORMAT_VERSION),
  kind: z.literal('template'),
  id: IdSchema,
  name: z.string().min(1).max(80),
  description: z.string().max(500).default(''),
  size: z.strictObject({ width: z.number().positive().max(10_000), height: z.number().positive().max(10_000) }),
  params: z.array(TemplateParameterSchema).max(32).default([]),
  elements: z.array(ElementSchema).max(2000),
});
export type Template = z.infer<typeof TemplateSchema>;

export const ScreenDocumentSchema = z.discriminatedUnion('kind', [ScreenSchema, TemplateSchema]);
export type ScreenDocument = z.infer<typeof ScreenDocumentSchema>;
/** What an engineer writes (defaults may be left out). */
export type ScreenDocumentInput = z.input<typeof ScreenDocumentSchema>;
