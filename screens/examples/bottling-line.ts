import type { ScreenAction, ScreenDocumentInput, ScreenElementInput } from '../screen-schema.ts';
import { pipe, readout, text } from './example-helpers.ts';

type ScreenInput = Extract<ScreenDocumentInput, { kind: 'screen' }>;

const PUMPS_RUN = '{Line1/TransferPump1/Running} or {Line1/TransferPump2/Running}';

const pump = (id: string, name: string, folder: string, y: number) => [
  {
    id,
    kind: 'symbol' as const,
    symbol: 'pump',
    x: 150,
    y,
    width: 48,
    height: 48,
    props: { label: name },
    bindings: { running: `{${folder}/Running}` },
    actions: [{ type: 'faceplate' as const, template: 'pump-faceplate', params: { pump: folder, title: name } }],
  },
  readout(`${id}-speed`, 214, y + 9, 130, 'Speed', `${folder}/Speed`, '%', 0),
];

const valve = (id: string, name: string, tag: string, x: number, y: number) => ({
  id,
  kind: 'symbol' as const,
  symbol: 'on-off-valve',
  x,
  y,
  width: 40,
  height: 30,
  props: { label: name },
  bindings: { open: `{${tag}}` },
  actions: [{ type: 'faceplate' as const, template: 'valve-faceplate', params: { valve: tag, title: name } }],
});

const machine = (id: string, title: string, folder: string, measure: string, units: string, x: number, action: ScreenAction): ScreenElementInput => ({
  id,
  kind: 'template' as const,
  template: 'machine-tile',
  x,
  y: 400,
  width: 176,
  height: 121,
  params: { machine: folder, title, measure, units },
  actions: [action],
});

/** Level 2: Line 1 as the product flows — supply, transfer pumps, buffer tank T101, filler, capper, labeler, conveyor. */
export const bottlingLine: ScreenInput = {
  formatVersion: 2,
  kind: 'screen',
  id: 'line1',
  name: 'Line 1 · Bottling',
  level: 'area',
  parent: 'overview',
  area: 'Line1',
  size: { width: 1280, height: 680 },
  background: 'background',
  elements: [
    text('title', 24, 12, 600, 'Line 1 · Bottling', { fontSize: 20, bold: true }),
    // Supply to the pumps, pumps to the tank
    pipe(
      'supply',
      [
        [20, 205],
        [100, 205],
      ],
      '{Line1/Tank101/SupplyAvailable}',
    ),
    pipe(
      'manifold',
      [
        [100, 164],
        [100, 299],
      ],
      PUMPS_RUN,
    ),
    pipe(
      'to-p101',
      [
        [100, 164],
        [150, 164],
      ],
      '{Line1/TransferPump1/Running}',
    ),
    pipe(
      'to-p102',
      [
        [100, 299],
        [150, 299],
      ],
      '{Line1/TransferPump2/Running}',
    ),
    pipe(
      'from-p101',
      [
        [198, 164],
        [400, 164],
        [400, 299],
        [198, 299],
      ],
      PUMPS_RUN,
    ),
    pipe(
      'to-tank',
      [
        [400, 230],
        [440, 230],
        [440, 70],
        [580, 70],
        [580, 110],
      ],
      '{Line1/Tank101/InletValve}',
    ),
    {
      id: 'no-supply',
      kind: 'text',
      x: 20,
      y: 218,
      width: 80,
      height: 22,
      props: { text: '! No supply', fontSize: 12, bold: true },
      bindings: { visible: 'not {Line1/Tank101/SupplyAvailable}' },
    },
    ...pump('p101', 'P101', 'Line1/TransferPump1', 140),
    ...pump('p102', 'P102', 'Line1/TransferPump2', 275),
    valve('xv101', 'XV101', 'Line1/Tank101/InletValve', 486, 55),
    // Buffer tank
    { id: 'tank', kind: 'symbol', symbol: 'tank', x: 500, y: 110, width: 160, height: 240, props: { label: 'T101 buffer tank', units: '%', decimals: 1, showValue: false }, bindings: { level: '{Line1/Tank101/Level}' } },
    { id: 'level-bar', kind: 'symbol', symbol: 'bar-graph', x: 672, y: 110, width: 18, height: 240, props: { min: 0, max: 100, lowLimit: 10, highLimit: 90, units: '%' }, bindings: { value: '{Line1/Tank101/Level}' } },
    readout('level', 712, 120, 170, 'Level', 'Line1/Tank101/Level', '%', 1),
    readout('temperature', 712, 160, 170, 'Product', 'Line1/Tank101/Temperature', '°C', 1),
    { id: 'temp-bar', kind: 'symbol', symbol: 'bar-graph', x: 712, y: 196, width: 170, height: 10, props: { orientation: 'horizontal', min: 0, max: 20 }, bindings: { value: '{Line1/Tank101/Temperature}' } },
    // Tank to the filler
    pipe(
      'to-filler',
      [
        [660, 330],
        [800, 330],
        [800, 400],
      ],
      '{Line1/Tank101/OutletValve}',
    ),
    valve('xv102', 'XV102', 'Line1/Tank101/OutletValve', 716, 315),
    // Packaging machines
    machine('filler', 'Filler ›', 'Line1/Filler', 'Line1/Filler/Speed', 'bpm', 715, { type: 'navigate', screen: 'filler' }),
    machine('capper', 'Capper', 'Line1/Capper', 'Line1/Capper/Torque', 'N·m', 905, {
      type: 'faceplate',
      template: 'motor-faceplate',
      params: { machine: 'Line1/Capper', title: 'Capper', measure: 'Line1/Capper/Torque', label: 'Torque', units: 'N·m', max: 5 },
    }),
    machine('labeler', 'Labeler', 'Line1/Labeler', 'Line1/Labeler/GlueTemperature', '°C', 1095, {
      type: 'faceplate',
      template: 'motor-faceplate',
      params: { machine: 'Line1/Labeler', title: 'Labeler', measure: 'Line1/Labeler/GlueTemperature', label: 'Glue', units: '°C', max: 200 },
    }),
    {
      id: 'conveyor',
      kind: 'symbol',
      symbol: 'conveyor',
      x: 400,
      y: 548,
      width: 865,
      height: 22,
      props: { label: 'Conveyor C101', units: 'bpm', decimals: 0 },
      bindings: { running: '{Line1/Conveyor/State} == 2', fault: '{Line1/Conveyor/State} == 5', speed: '{Line1/Conveyor/Speed}' },
      actions: [{ type: 'faceplate', template: 'conveyor-faceplate', params: { conveyor: 'Line1/Conveyor', title: 'Conveyor C101' } }],
    },
    // Line controls
    text('controls-title', 24, 560, 300, 'Line controls', { bold: true }),
    { id: 'run', kind: 'symbol', symbol: 'switch', x: 24, y: 596, width: 110, height: 40, props: { tag: 'Line1/RunCommand', onText: 'Run', offText: 'Stop' }, bindings: { value: '{Line1/RunCommand}' } },
    {
      id: 'speed-sp',
      kind: 'symbol',
      symbol: 'setpoint-entry',
      x: 150,
      y: 596,
      width: 200,
      height: 40,
      props: { tag: 'Line1/Conveyor/SpeedSetpoint', label: 'Speed SP', units: 'bpm', decimals: 0 },
      bindings: { value: '{Line1/Conveyor/SpeedSetpoint}' },
    },
    readout('conveyor-speed', 400, 600, 220, 'Actual', 'Line1/Conveyor/Speed', 'bpm', 0),
    {
      id: 'conveyor-bar',
      kind: 'symbol',
      symbol: 'bar-graph',
      x: 640,
      y: 608,
      width: 300,
      height: 14,
      props: { orientation: 'horizontal', min: 0, max: 600 },
      bindings: { value: '{Line1/Conveyor/Speed}', setpoint: '{Line1/Conveyor/SpeedSetpoint}' },
    },
    readout('good', 970, 600, 290, 'Good', 'Line1/Counters/Good', 'bottles', 0),
  ],
};
