import { z } from 'zod';
import { bindable, ColorSchema, defineSymbol, field, ImageSourceSchema, PointsSchema } from './symbol-definition.ts';

const fill = () => field(ColorSchema.default('process-light'), 'Fill', 'fill colour');
const stroke = () => field(ColorSchema.default('process-grey'), 'Stroke', 'outline colour');
const strokeWidth = () => field(z.number().min(0).max(40).default(1), 'Stroke width', 'outline width in px');
const colorBindings = { fill: bindable('Fill', 'color', 'fill colour'), stroke: bindable('Stroke', 'color', 'outline colour') };

export const textSymbol = defineSymbol({
  type: 'text',
  label: 'Text',
  description: 'Static or bound text',
  category: 'basic',
  defaultSize: { width: 120, height: 24 },
  props: z.strictObject({
    text: field(z.string().max(500).default('Text'), 'Text', 'the text shown'),
    fontSize: field(z.number().min(6).max(96).default(14), 'Font size', 'in px'),
    bold: field(z.boolean().default(false), 'Bold', 'bold weight'),
    align: field(z.enum(['left', 'center', 'right']).default('left'), 'Alignment', 'horizontal alignment'),
    color: field(ColorSchema.default('text'), 'Colour', 'text colour'),
  }),
  bindable: { text: bindable('Text', 'text', 'the text shown'), color: bindable('Colour', 'color', 'text colour') },
});

export const rectangleSymbol = defineSymbol({
  type: 'rectangle',
  label: 'Rectangle',
  description: 'Rectangle with optional rounded corners',
  category: 'basic',
  defaultSize: { width: 100, height: 60 },
  props: z.strictObject({ fill: fill(), stroke: stroke(), strokeWidth: strokeWidth(), cornerRadius: field(z.number().min(0).max(100).default(0), 'Corner radius', 'in px') }),
  bindable: colorBindings,
});

export const ellipseSymbol = defineSymbol({
  type: 'ellipse',
  label: 'Ellipse',
  description: 'Ellipse filling the element box',
  category: 'basic',
  defaultSize: { width: 60, height: 60 },
  props: z.strictObject({ fill: fill(), stroke: stroke(), strokeWidth: strokeWidth() }),
  bindable: colorBindings,
});

export const lineSymbol = defineSymbol({
  type: 'line',
  label: 'Line',
  description: 'Straight line between two points of the element box',
  category: 'basic',
  defaultSize: { width: 100, height: 2 },
  props: z.strictObject({
    from: field(z.tuple([z.number(), z.number()]).default([0, 1]), 'From', 'start point in the element box'),
    to: field(z.tuple([z.number(), z.number()]).default([100, 1]), 'To', 'end point in the element box'),
    stroke: stroke(),
    strokeWidth: strokeWidth(),
  }),
  bindable: { stroke: colorBindings.stroke },
});

export const polylineSymbol = defineSymbol({
  type: 'polyline',
  label: 'Polyline',
  description: 'Line through points; closed, it is a polygon',
  category: 'basic',
  defaultSize: { width: 100, height: 100 },
  props: z.strictObject({
    points: field(
      PointsSchema.min(2).default([
        [0, 0],
        [100, 0],
        [100, 100],
      ]),
      'Points',
      'points in the element box',
    ),
    closed: field(z.boolean().default(false), 'Closed', 'joins the last point to the first and fills'),
    fill: fill(),
    stroke: stroke(),
    strokeWidth: strokeWidth(),
  }),
  bindable: colorBindings,
});

export const imageSymbol = defineSymbol({
  type: 'image',
  label: 'Image',
  description: 'A picture from a data URL or the project assets folder',
  category: 'basic',
  defaultSize: { width: 120, height: 90 },
  props: z.strictObject({
    src: field(ImageSourceSchema.default('data:image/png;base64,'), 'Source', 'data:image URL or assets/ path'),
    fit: field(z.enum(['contain', 'cover', 'fill']).default('contain'), 'Fit', 'how the image fills the box'),
  }),
  bindable: {},
});

/** Imported SVG drawings are shown as images (never inlined), so their scripts and links cannot run. */
export const svgSymbol = defineSymbol({
  type: 'svg',
  label: 'SVG import',
  description: 'An imported SVG drawing, shown as an image',
  category: 'basic',
  defaultSize: { width: 120, height: 120 },
  props: z.strictObject({
    src: field(
      ImageSourceSchema.refine((s) => s.startsWith('data:image/svg+xml;') || s.toLowerCase().endsWith('.svg'), 'an SVG import is an image/svg+xml data URL or an assets/ path ending in .svg').default('data:image/svg+xml;base64,'),
      'Source',
      'image/svg+xml data URL or assets/*.svg path',
    ),
    fit: field(z.enum(['contain', 'cover', 'fill']).default('contain'), 'Fit', 'how the drawing fills the box'),
  }),
  bindable: {},
});
