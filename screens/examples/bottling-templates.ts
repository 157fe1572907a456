import type { ScreenDocumentInput } from '../screen-schema.ts';
import { MACHINE_STATES } from './example-helpers.ts';

type TemplateInput = Extract<ScreenDocumentInput, { kind: 'template' }>;

/** A machine of the line (filler, capper, labeler): its state and one key measurement. */
export const machineTile: TemplateInput = {
  formatVersion: 2,
  kind: 'template',
  id: 'machine-tile',
  name: 'Machine tile',
  description: 'State and one measurement of a line machine',
  size: { width: 160, height: 110 },
  params: [
    { name: 'machine', type: 'tag', description: 'the machine folder, e.g. Line1/Filler' },
    { name: 'title', type: 'text', description: 'shown at the top' },
    { name: 'measure', type: 'tag', description: 'the tag of the measurement shown' },
    { name: 'units', type: 'text', default: '' },
  ],
  elements: [
    { id: 'frame', kind: 'shape', shape: 'rect', x: 0, y: 0, width: 160, height: 110, props: { fill: 'process-light', stroke: 'process-grey', cornerRadius: 4 } },
    { id: 'title', kind: 'text', x: 8, y: 6, width: 144, height: 20, props: { text: '{{title}}', bold: true } },
    { id: 'state', kind: 'symbol', symbol: 'multi-state', x: 8, y: 32, width: 144, height: 30, props: { states: MACHINE_STATES }, bindings: { value: '{ {{machine}}/State }' } },
    { id: 'measure', kind: 'symbol', symbol: 'numeric-display', x: 8, y: 70, width: 144, height: 30, props: { units: '{{units}}', decimals: 1 }, bindings: { value: '{ {{measure}} }' } },
  ],
};

/** A transfer pump on a screen; clicking it opens its faceplate. */
export const pumpTile: TemplateInput = {
  formatVersion: 2,
  kind: 'template',
  id: 'pump-tile',
  name: 'Pump tile',
  size: { width: 100, height: 90 },
  params: [{ name: 'pump', type: 'tag', description: 'the pump folder, e.g. Line1/TransferPump1' }],
  elements: [
    {
      id: 'pump',
      kind: 'symbol',
      symbol: 'pump',
      x: 26,
      y: 0,
      width: 48,
      height: 48,
      bindings: { running: '{ {{pump}}/Running }' },
      actions: [{ type: 'faceplate', template: 'pump-faceplate', params: { pump: '{{pump}}', title: '{{pump}}' } }],
    },
    { id: 'speed', kind: 'symbol', symbol: 'numeric-display', x: 0, y: 54, width: 100, height: 30, props: { units: '%', decimals: 0 }, bindings: { value: '{ {{pump}}/Speed }' } },
  ],
};

const qualityLine = (tag: string, y: number, width: number) => ({
  id: 'quality',
  kind: 'text' as const,
  x: 12,
  y,
  width,
  height: 20,
  props: { text: '', fontSize: 12, color: 'text-muted' },
  bindings: { text: `{ ${tag} }.good ? '' : concat('Quality: ', { ${tag} }.quality)` },
});

/** A transfer pump's faceplate (level 4): run state, start/stop (commanded vs running) and drive speed in context. */
export const pumpFaceplate: TemplateInput = {
  formatVersion: 2,
  kind: 'template',
  id: 'pump-faceplate',
  name: 'Pump',
  description: 'Run state, start/stop command and drive speed of a transfer pump',
  size: { width: 260, height: 240 },
  params: [
    { name: 'pump', type: 'tag', description: 'the pump folder, e.g. Line1/TransferPump1' },
    { name: 'title', type: 'text', default: '' },
  ],
  elements: [
    { id: 'symbol', kind: 'symbol', symbol: 'pump', x: 12, y: 8, width: 40, height: 40, bindings: { running: '{ {{pump}}/Running }' } },
    {
      id: 'state',
      kind: 'symbol',
      symbol: 'multi-state',
      x: 64,
      y: 12,
      width: 184,
      height: 32,
      props: {
        states: [
          { value: false, text: 'Stopped', fill: 'process-light' },
          { value: true, text: 'Running', fill: 'process-dark' },
        ],
      },
      bindings: { value: '{ {{pump}}/Running }' },
    },
    {
      id: 'commanded',
      kind: 'symbol',
      symbol: 'multi-state',
      x: 64,
      y: 50,
      width: 184,
      height: 26,
      props: {
        states: [
          { value: false, text: 'Commanded: stop', fill: 'process-light' },
          { value: true, text: 'Commanded: start', fill: 'process-light' },
        ],
      },
      bindings: { value: '{ {{pump}}/Command }' },
    },
    { id: 'speed', kind: 'symbol', symbol: 'numeric-display', x: 12, y: 86, width: 236, height: 30, props: { label: 'Speed', units: '%', decimals: 0 }, bindings: { value: '{ {{pump}}/Speed }' } },
    { id: 'speed-bar', kind: 'symbol', symbol: 'bar-graph', x: 12, y: 124, width: 236, height: 14, props: { orientation: 'horizontal', min: 0, max: 100, units: '%' }, bindings: { value: '{ {{pump}}/Speed }' } },
    qualityLine('{{pump}}/Running', 146, 236),
    commandButton('start', 12, 176, 'Start', '{{pump}}/Command', true, '{ {{pump}}/Running }'),
    commandButton('stop', 138, 176, 'Stop', '{{pump}}/Command', false, '{ {{pump}}/Running }'),
  ],
};

/** A conveyor's faceplate: state, actual speed against the setpoint, and the setpoint change. */
export const conveyorFaceplate: TemplateInput = {
  formatVersion: 2,
  kind: 'template',
  id: 'conveyor-faceplate',
  name: 'Conveyor',
  description: 'State, actual speed against the setpoint, and the speed setpoint change of a conveyor',
  size: { width: 300, height: 240 },
  params: [
    { name: 'conveyor', type: 'tag', description: 'the conveyor folder, e.g. Line1/Conveyor' },
    { name: 'title', type: 'text', default: '' },
  ],
  elements: [
    { id: 'symbol', kind: 'symbol', symbol: 'motor', x: 12, y: 10, width: 44, height: 34, bindings: { running: '{ {{conveyor}}/State } == 2', fault: '{ {{conveyor}}/State } == 5' } },
    { id: 'state', kind: 'symbol', symbol: 'multi-state', x: 68, y: 12, width: 220, height: 32, props: { states: MACHINE_STATES }, bindings: { value: '{ {{conveyor}}/State }' } },
    { id: 'speed', kind: 'symbol', symbol: 'numeric-display', x: 12, y: 58, width: 276, height: 30, props: { label: 'Actual speed', units: 'bpm', decimals: 0 }, bindings: { value: '{ {{conveyor}}/Speed }' } },
    { id: 'setpoint', kind: 'symbol', symbol: 'numeric-display', x: 12, y: 94, width: 276, height: 30, props: { label: 'Setpoint', units: 'bpm', decimals: 0 }, bindings: { value: '{ {{conveyor}}/SpeedSetpoint }' } },
    {
      id: 'speed-bar',
      kind: 'symbol',
      symbol: 'bar-graph',
      x: 12,
      y: 132,
      width: 276,
      height: 14,
      props: { orientation: 'horizontal', min: 0, max: 600, units: 'bpm' },
      bindings: { value: '{ {{conveyor}}/Speed }', setpoint: '{ {{conveyor}}/SpeedSetpoint }' },
    },
    qualityLine('{{conveyor}}/State', 152, 276),
    // A write action without a value asks for a number; the actual speed is what the setpoint leads to.
    commandButton('change-setpoint', 12, 180, 'Speed setpoint…', '{{conveyor}}/SpeedSetpoint', null, '{ {{conveyor}}/Speed }', 276),
  ],
};

function commandButton(id: string, x: number, y: number, label: string, tag: string, value: boolean | null, feedback: string, width = 110) {
  return {
    id,
    kind: 'symbol' as const,
    symbol: 'button',
    x,
    y,
    width,
    height: 48,
    props: { label },
    bindings: { feedback },
    actions: [{ type: 'write' as const, tag, value }],
  };
}

/** An on/off valve's faceplate: its position. */
export const valveFaceplate: TemplateInput = {
  formatVersion: 2,
  kind: 'template',
  id: 'valve-faceplate',
  name: 'Valve',
  description: 'Position of an on/off valve',
  size: { width: 240, height: 96 },
  params: [
    { name: 'valve', type: 'tag', description: 'the valve position tag, e.g. Line1/Tank101/InletValve' },
    { name: 'title', type: 'text', default: '' },
  ],
  elements: [
    { id: 'symbol', kind: 'symbol', symbol: 'on-off-valve', x: 12, y: 12, width: 40, height: 30, bindings: { open: '{ {{valve}} }' } },
    {
      id: 'state',
      kind: 'symbol',
      symbol: 'multi-state',
      x: 64,
      y: 12,
      width: 164,
      height: 32,
      props: {
        states: [
          { value: false, text: 'Closed', fill: 'process-light' },
          { value: true, text: 'Open', fill: 'process-dark' },
        ],
      },
      bindings: { value: '{ {{valve}} }' },
    },
    qualityLine('{{valve}}', 60, 216),
  ],
};

/** A machine's drive (filler, capper, labeler): state and its key measurement in context. */
export const motorFaceplate: TemplateInput = {
  formatVersion: 2,
  kind: 'template',
  id: 'motor-faceplate',
  name: 'Machine drive',
  description: 'State of a machine drive and its key measurement',
  size: { width: 280, height: 150 },
  params: [
    { name: 'machine', type: 'tag', description: 'the machine folder, e.g. Line1/Capper' },
    { name: 'title', type: 'text', default: '' },
    { name: 'measure', type: 'tag', description: 'the measurement shown' },
    { name: 'label', type: 'text', default: 'Value' },
    { name: 'units', type: 'text', default: '' },
    { name: 'max', type: 'number', default: 100 },
  ],
  elements: [
    { id: 'symbol', kind: 'symbol', symbol: 'motor', x: 12, y: 10, width: 44, height: 34, bindings: { running: '{ {{machine}}/State } == 2', fault: '{ {{machine}}/State } == 5' } },
    { id: 'state', kind: 'symbol', symbol: 'multi-state', x: 68, y: 12, width: 200, height: 32, props: { states: MACHINE_STATES }, bindings: { value: '{ {{machine}}/State }' } },
    { id: 'measure', kind: 'symbol', symbol: 'numeric-display', x: 12, y: 60, width: 256, height: 30, props: { label: '{{label}}', units: '{{units}}', decimals: 1 }, bindings: { value: '{ {{measure}} }' } },
    {
      id: 'measure-bar',
      kind: 'symbol',
      symbol: 'bar-graph',
      x: 12,
      y: 98,
      width: 256,
      height: 14,
      props: { orientation: 'horizontal', min: 0, max: 100 },
      bindings: { value: '100 * { {{measure}} } / {{max}}' },
    },
    qualityLine('{{machine}}/State', 122, 256),
  ],
};

export const BOTTLING_TEMPLATES: readonly TemplateInput[] = [machineTile, pumpTile, pumpFaceplate, conveyorFaceplate, valveFaceplate, motorFaceplate];
