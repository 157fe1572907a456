import { z } from 'zod';
import { TagPathSchema } from '../../common/tag.ts';
import { bindable, decimalsField, defineSymbol, field, labelField, unitsField } from './symbol-definition.ts';

const enabled = bindable('Enabled', 'boolean', 'greyed out and inert while false');
const confirm = () => field(z.boolean().default(true), 'Confirm', 'asks the operator to confirm before writing');

export const buttonSymbol = defineSymbol({
  type: 'button',
  label: 'Button',
  description: 'Runs the element actions (navigate, faceplate, write) when pressed',
  category: 'control',
  defaultSize: { width: 96, height: 40 },
  props: z.strictObject({ label: field(z.string().max(40).default('Button'), 'Label', 'text on the button') }),
  bindable: {
    label: bindable('Label', 'text', 'text on the button'),
    enabled,
    feedback: bindable('Feedback', 'any', 'the actual state a write action leads to, shown beside the commanded value until they agree'),
  },
});

export const setpointEntrySymbol = defineSymbol({
  type: 'setpoint-entry',
  label: 'Setpoint entry',
  description: 'Shows a writable tag and lets the operator enter a new value within limits',
  category: 'control',
  defaultSize: { width: 120, height: 40 },
  props: z.strictObject({
    tag: field(TagPathSchema.default('Line1/Conveyor/SpeedSetpoint'), 'Tag', 'the tag written'),
    label: labelField('entry'),
    min: field(z.number().optional(), 'Minimum', 'lowest value accepted here (the runtime checks the tag write limits too)'),
    max: field(z.number().optional(), 'Maximum', 'highest value accepted here'),
    units: unitsField(),
    decimals: decimalsField(),
    confirm: confirm(),
  }),
  bindable: { value: bindable('Value', 'number', 'the current value shown'), enabled },
});

export const switchSymbol = defineSymbol({
  type: 'switch',
  label: 'Switch',
  description: 'Two-state control writing true/false to a tag, showing commanded and actual state',
  category: 'control',
  defaultSize: { width: 72, height: 36 },
  props: z.strictObject({
    tag: field(TagPathSchema.default('Line1/RunCommand'), 'Tag', 'the boolean tag written'),
    onText: field(z.string().max(20).default('On'), 'On text', 'shown when on'),
    offText: field(z.string().max(20).default('Off'), 'Off text', 'shown when off'),
    confirm: confirm(),
  }),
  bindable: { value: bindable('State', 'boolean', 'the actual state shown'), enabled },
});
