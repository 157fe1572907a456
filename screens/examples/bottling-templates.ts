import type { ScreenDocumentInput } from '../screen-schema.ts';

type TemplateInput = Extract<ScreenDocumentInput, { kind: 'template' }>;

const MACHINE_STATES = [
  { value: 0, text: 'Stopped', fill: 'process-light' },
  { value: 1, text: 'Starting', fill: 'process-grey' },
  { value: 2, text: 'Running', fill: 'process-dark' },
  { value: 3, text: 'Starved', fill: 'process-grey' },
  { value: 4, text: 'Blocked', fill: 'process-grey' },
  { value: 5, text: 'Faulted', fill: 'alarm-high' },
];

/** A machine of the line (filler, capper, labeler): its state and one key measurement. */
export const machineTile: TemplateInput = {
  formatVersion: 1,
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
    {
      id: 'measure',
      kind: 'symbol',
      symbol: 'numeric-display',
      x: 8,
      y: 70,
      width: 144,
      height: 30,
      props: { units: '{{units}}', decimals: 1 },
      bindings: { value: '{ {{measure}} }' },
    },
  ],
};

/** A transfer pump on the overview; clicking it opens its faceplate. */
export const pumpTile: TemplateInput = {
  formatVersion: 1,
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
      actions: [{ type: 'faceplate', template: 'pump-faceplate', params: { pump: '{{pump}}' } }],
    },
    { id: 'speed', kind: 'symbol', symbol: 'numeric-display', x: 0, y: 54, width: 100, height: 30, props: { units: '%', decimals: 0 }, bindings: { value: '{ {{pump}}/Speed }' } },
  ],
};

/** The pump's faceplate (a level-4 popup). */
export const pumpFaceplate: TemplateInput = {
  formatVersion: 1,
  kind: 'template',
  id: 'pump-faceplate',
  name: 'Pump faceplate',
  size: { width: 240, height: 160 },
  params: [{ name: 'pump', type: 'tag' }],
  elements: [
    { id: 'title', kind: 'text', x: 12, y: 8, width: 216, height: 24, props: { text: '{{pump}}', bold: true }, bindings: { text: 'concat("Pump ", {{pump}})' } },
    {
      id: 'state',
      kind: 'symbol',
      symbol: 'multi-state',
      x: 12,
      y: 44,
      width: 216,
      height: 32,
      props: { states: [{ value: false, text: 'Stopped' }, { value: true, text: 'Running', fill: 'process-dark' }] },
      bindings: { value: '{ {{pump}}/Running }' },
    },
    { id: 'speed', kind: 'symbol', symbol: 'bar-graph', x: 12, y: 88, width: 216, height: 28, props: { orientation: 'horizontal', units: '%' }, bindings: { value: '{ {{pump}}/Speed }' } },
    { id: 'quality', kind: 'text', x: 12, y: 124, width: 216, height: 24, bindings: { text: "{ {{pump}}/Speed }.good ? '' : concat('Quality: ', { {{pump}}/Speed }.quality)" } },
  ],
};

export const BOTTLING_TEMPLATES: readonly TemplateInput[] = [machineTile, pumpTile, pumpFaceplate];
