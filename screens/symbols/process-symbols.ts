import { z } from 'zod';
import { bindable, defineSymbol, field, labelField, OrientationSchema, unitsField, decimalsField } from './symbol-definition.ts';

const orientation = () => field(OrientationSchema.default('right'), 'Orientation', 'the direction of flow through the symbol');
const running = bindable('Running', 'boolean', 'drawn solid while running, outline while stopped');
const fault = bindable('Fault', 'boolean', 'shows the fault marker');

export const pumpSymbol = defineSymbol({
  type: 'pump',
  label: 'Pump',
  description: 'Centrifugal pump: solid when running, outline when stopped',
  category: 'process',
  defaultSize: { width: 48, height: 48 },
  props: z.strictObject({ label: labelField('pump'), orientation: orientation() }),
  bindable: { running, fault, speed: bindable('Speed', 'number', 'speed shown under the symbol') },
});

export const onOffValveSymbol = defineSymbol({
  type: 'on-off-valve',
  label: 'On/off valve',
  description: 'Two-position valve: solid when open, outline when closed',
  category: 'process',
  defaultSize: { width: 40, height: 32 },
  props: z.strictObject({ label: labelField('valve'), orientation: orientation() }),
  bindable: { open: bindable('Open', 'boolean', 'true when the valve is open'), fault },
});

export const controlValveSymbol = defineSymbol({
  type: 'control-valve',
  label: 'Control valve',
  description: 'Modulating valve with its position in %',
  category: 'process',
  defaultSize: { width: 40, height: 48 },
  props: z.strictObject({ label: labelField('valve'), orientation: orientation(), showPosition: field(z.boolean().default(true), 'Show position', 'prints the opening in %') }),
  bindable: { position: bindable('Position', 'number', 'opening, 0..100 %'), fault },
});

export const motorSymbol = defineSymbol({
  type: 'motor',
  label: 'Motor',
  description: 'Electric motor: solid when running',
  category: 'process',
  defaultSize: { width: 48, height: 40 },
  props: z.strictObject({ label: labelField('motor') }),
  bindable: { running, fault },
});

export const tankSymbol = defineSymbol({
  type: 'tank',
  label: 'Tank',
  description: 'Vessel filled to its level, with the level printed in it',
  category: 'process',
  defaultSize: { width: 80, height: 120 },
  props: z.strictObject({
    label: labelField('tank'),
    min: field(z.number().default(0), 'Empty at', 'level value of an empty tank'),
    max: field(z.number().default(100), 'Full at', 'level value of a full tank'),
    units: unitsField(),
    decimals: decimalsField(),
    showValue: field(z.boolean().default(true), 'Show value', 'prints the level inside the tank'),
  }),
  bindable: { level: bindable('Level', 'number', 'current level, between empty and full') },
});

export const pipeSymbol = defineSymbol({
  type: 'pipe',
  label: 'Pipe',
  description: 'Process line through points; darker while flowing',
  category: 'process',
  defaultSize: { width: 120, height: 8 },
  props: z.strictObject({
    points: field(
      z
        .array(z.tuple([z.number(), z.number()]))
        .min(2)
        .max(200)
        .default([
          [0, 4],
          [120, 4],
        ]),
      'Route',
      'points of the line, in the element box',
    ),
    thickness: field(z.number().min(1).max(40).default(6), 'Thickness', 'line width in px'),
  }),
  bindable: { flowing: bindable('Flowing', 'boolean', 'true while the medium flows') },
});

export const conveyorSymbol = defineSymbol({
  type: 'conveyor',
  label: 'Conveyor',
  description: 'Belt conveyor: solid while running, with its speed',
  category: 'process',
  defaultSize: { width: 200, height: 24 },
  props: z.strictObject({ label: labelField('conveyor'), units: unitsField(), decimals: decimalsField() }),
  bindable: { running, fault, speed: bindable('Speed', 'number', 'belt speed shown beside it') },
});

export const heatExchangerSymbol = defineSymbol({
  type: 'heat-exchanger',
  label: 'Heat exchanger',
  description: 'Shell-and-tube heat exchanger',
  category: 'process',
  defaultSize: { width: 80, height: 48 },
  props: z.strictObject({ label: labelField('heat exchanger') }),
  bindable: { active: bindable('Active', 'boolean', 'solid while heating or cooling'), fault },
});

export const instrumentSymbol = defineSymbol({
  type: 'instrument',
  label: 'Instrument bubble',
  description: 'ISA-5.1 instrument bubble (e.g. TT 101) with an optional value',
  category: 'process',
  defaultSize: { width: 48, height: 48 },
  props: z.strictObject({
    function: field(
      z
        .string()
        .regex(/^[A-Z]{1,4}$/)
        .default('TT'),
      'Function',
      'ISA-5.1 letters, e.g. TT, LT, FIC',
    ),
    loop: field(z.string().max(10).default(''), 'Loop', 'loop number, e.g. 101'),
    location: field(z.enum(['field', 'panel', 'control-system']).default('control-system'), 'Location', 'where the instrument lives (line through the bubble)'),
    units: unitsField(),
    decimals: decimalsField(),
  }),
  bindable: { value: bindable('Value', 'number', 'measured value shown beside the bubble'), alarm: bindable('In alarm', 'boolean', 'shows the alarm marker') },
});
