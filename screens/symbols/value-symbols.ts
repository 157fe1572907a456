import { z } from 'zod';
import { TagPathSchema, TagRefSchema } from '../../common/tag.ts';
import { bindable, ColorSchema, decimalsField, defineSymbol, field, labelField, unitsField } from './symbol-definition.ts';

const optionalNumber = (title: string, description: string) => field(z.number().optional(), title, description);

export const numericDisplaySymbol = defineSymbol({
  type: 'numeric-display',
  label: 'Numeric display',
  description: 'A value with units and fixed decimals, right-aligned; bad/uncertain quality is marked',
  category: 'value',
  defaultSize: { width: 96, height: 32 },
  props: z.strictObject({
    label: labelField('value'),
    units: unitsField(),
    decimals: decimalsField(),
    showQuality: field(z.boolean().default(true), 'Show quality', 'marks bad and uncertain values with their short code (COMM, STALE...)'),
  }),
  bindable: { value: bindable('Value', 'any', 'the value shown') },
});

export const barGraphSymbol = defineSymbol({
  type: 'bar-graph',
  label: 'Bar / bullet graph',
  description: 'An analog value in context: its range, alarm limits and setpoint',
  category: 'value',
  defaultSize: { width: 32, height: 120 },
  props: z.strictObject({
    min: field(z.number().default(0), 'Minimum', 'bottom of the scale'),
    max: field(z.number().default(100), 'Maximum', 'top of the scale'),
    lowLimit: optionalNumber('Low limit', 'low alarm limit drawn on the scale'),
    highLimit: optionalNumber('High limit', 'high alarm limit drawn on the scale'),
    setpoint: optionalNumber('Setpoint', 'setpoint marker'),
    orientation: field(z.enum(['vertical', 'horizontal']).default('vertical'), 'Orientation', 'direction of the bar'),
    units: unitsField(),
    decimals: decimalsField(),
  }),
  bindable: {
    value: bindable('Value', 'number', 'the bar'),
    setpoint: bindable('Setpoint', 'number', 'the setpoint marker'),
    lowLimit: bindable('Low limit', 'number', 'the low limit mark'),
    highLimit: bindable('High limit', 'number', 'the high limit mark'),
  },
});

const StateSchema = z.strictObject({
  value: z.union([z.number(), z.boolean(), z.string()]),
  text: z.string().max(40),
  fill: ColorSchema.default('process-grey'),
});

export const multiStateSymbol = defineSymbol({
  type: 'multi-state',
  label: 'Multi-state indicator',
  description: 'Text and fill chosen by a discrete value (machine state, mode)',
  category: 'value',
  defaultSize: { width: 96, height: 32 },
  props: z.strictObject({
    states: field(
      z
        .array(StateSchema)
        .max(64)
        .default([
          { value: 0, text: 'Stopped', fill: 'process-grey' },
          { value: 1, text: 'Running', fill: 'process-dark' },
        ]),
      'States',
      'text and fill for each value',
    ),
    unknownText: field(z.string().max(40).default('?'), 'Unknown value text', 'shown for a value not in the list'),
  }),
  bindable: { value: bindable('Value', 'any', 'the discrete value') },
});

export const sparklineSymbol = defineSymbol({
  type: 'sparkline',
  label: 'Trend sparkline',
  description: 'A small trend of one historised tag over a recent window',
  category: 'value',
  defaultSize: { width: 160, height: 40 },
  props: z.strictObject({
    tag: field(TagRefSchema.default('Demo/Sine'), 'Tag', 'the historised tag drawn (an array element as Path[i])'),
    windowMinutes: field(z.number().int().min(1).max(1440).default(15), 'Window', 'minutes shown'),
    min: optionalNumber('Minimum', 'bottom of the scale (default: the tag range)'),
    max: optionalNumber('Maximum', 'top of the scale (default: the tag range)'),
  }),
  bindable: {},
});

export const valueListSymbol = defineSymbol({
  type: 'value-list',
  label: 'Value list',
  description: 'The elements of an array tag, one row each ([0], [1]...) with its value, units and quality',
  category: 'value',
  defaultSize: { width: 160, height: 150 },
  props: z.strictObject({
    tag: field(TagPathSchema.default('Line1/Filler/Temps'), 'Array tag', 'the array tag listed (its elements are Path[0], Path[1]...)'),
    label: labelField('list'),
    maxRows: field(z.number().int().min(1).max(50).default(8), 'Rows', 'elements shown at most (the first ones)'),
  }),
  bindable: {},
});

export const alarmIndicatorSymbol = defineSymbol({
  type: 'alarm-indicator',
  label: 'Alarm indicator',
  description: 'Priority shape, colour and text of the worst active alarm under a tag path; blinks while unacknowledged',
  category: 'value',
  defaultSize: { width: 32, height: 32 },
  props: z.strictObject({ area: field(TagPathSchema.default('Line1'), 'Area', 'alarms of tags under this path are counted') }),
  bindable: {},
});
