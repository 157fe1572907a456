import type { ScreenDocumentInput } from '../screen-schema.ts';
import { MACHINE_STATES, panel, pipe, readout, text } from './example-helpers.ts';

type ScreenInput = Extract<ScreenDocumentInput, { kind: 'screen' }>;

/** Level 3: the filler — its state, speed against the line setpoint, bowl temperature, and what feeds it. */
export const bottlingFiller: ScreenInput = {
  formatVersion: 2,
  kind: 'screen',
  id: 'filler',
  name: 'Filler',
  level: 'unit',
  parent: 'line1',
  area: 'Line1/Filler',
  size: { width: 1280, height: 680 },
  background: 'background',
  elements: [
    text('title', 24, 12, 600, 'Filler · Line 1', { fontSize: 20, bold: true }),
    // Feed from the buffer tank
    { id: 'tank', kind: 'symbol', symbol: 'tank', x: 40, y: 80, width: 120, height: 180, props: { label: 'T101', units: '%', decimals: 0 }, bindings: { level: '{Line1/Tank101/Level}' } },
    pipe(
      'feed',
      [
        [160, 230],
        [330, 230],
      ],
      '{Line1/Tank101/OutletValve}',
    ),
    {
      id: 'xv102',
      kind: 'symbol',
      symbol: 'on-off-valve',
      x: 220,
      y: 215,
      width: 40,
      height: 30,
      props: { label: 'XV102' },
      bindings: { open: '{Line1/Tank101/OutletValve}' },
      actions: [{ type: 'faceplate', template: 'valve-faceplate', params: { valve: 'Line1/Tank101/OutletValve', title: 'XV102' } }],
    },
    {
      id: 'drive',
      kind: 'symbol',
      symbol: 'motor',
      x: 340,
      y: 200,
      width: 72,
      height: 60,
      props: { label: 'Filler drive' },
      bindings: { running: '{Line1/Filler/State} == 2', fault: '{Line1/Filler/State} == 5' },
      actions: [
        {
          type: 'faceplate',
          template: 'motor-faceplate',
          params: { machine: 'Line1/Filler', title: 'Filler drive', measure: 'Line1/Filler/Speed', label: 'Speed', units: 'bpm', max: 600 },
        },
      ],
    },
    { id: 'state', kind: 'symbol', symbol: 'multi-state', x: 340, y: 100, width: 220, height: 40, props: { states: MACHINE_STATES }, bindings: { value: '{Line1/Filler/State}' } },
    { id: 'alarms', kind: 'symbol', symbol: 'alarm-indicator', x: 576, y: 106, width: 28, height: 28, props: { area: 'Line1/Filler' } },
    // Speed in context
    panel('speed-panel', 640, 80, 600, 190),
    text('speed-title', 656, 88, 300, 'Speed', { bold: true }),
    readout('speed', 656, 124, 260, 'Actual', 'Line1/Filler/Speed', 'bpm', 0),
    readout('setpoint', 940, 124, 280, 'Line setpoint', 'Line1/Conveyor/SpeedSetpoint', 'bpm', 0),
    {
      id: 'speed-bar',
      kind: 'symbol',
      symbol: 'bar-graph',
      x: 656,
      y: 170,
      width: 564,
      height: 16,
      props: { orientation: 'horizontal', min: 0, max: 600 },
      bindings: { value: '{Line1/Filler/Speed}', setpoint: '{Line1/Conveyor/SpeedSetpoint}' },
    },
    { id: 'speed-trend', kind: 'symbol', symbol: 'sparkline', x: 656, y: 200, width: 540, height: 40, props: { tag: 'Line1/Filler/Speed', windowMinutes: 30 } },
    // Bowl temperature in context
    panel('bowl-panel', 640, 290, 600, 200),
    text('bowl-title', 656, 298, 300, 'Bowl temperature', { bold: true }),
    readout('bowl', 656, 334, 260, 'Bowl', 'Line1/Filler/BowlTemperature', '°C', 1),
    {
      id: 'bowl-bar',
      kind: 'symbol',
      symbol: 'bar-graph',
      x: 656,
      y: 380,
      width: 564,
      height: 16,
      props: { orientation: 'horizontal', min: 0, max: 20, highLimit: 12 },
      bindings: { value: '{Line1/Filler/BowlTemperature}' },
    },
    { id: 'bowl-trend', kind: 'symbol', symbol: 'sparkline', x: 656, y: 410, width: 540, height: 40, props: { tag: 'Line1/Filler/BowlTemperature', windowMinutes: 30 } },
    // Production and the line command
    panel('production-panel', 40, 290, 580, 200),
    text('production-title', 56, 298, 300, 'Production', { bold: true }),
    readout('good', 56, 334, 260, 'Good', 'Line1/Counters/Good', 'bottles', 0),
    readout('rejected', 56, 374, 260, 'Rejected', 'Line1/Counters/Rejected', 'bottles', 0),
    // A critical tag (project.json security.signatures.criticalTags): the write asks for an electronic signature.
    {
      id: 'fill-volume',
      kind: 'symbol',
      symbol: 'setpoint-entry',
      x: 56,
      y: 426,
      width: 260,
      height: 44,
      props: { tag: 'Line1/Filler/FillVolumeSetpoint', label: 'Fill volume', units: 'ml', decimals: 0 },
      bindings: { value: '{Line1/Filler/FillVolumeSetpoint}' },
    },
    text('fill-note', 340, 436, 270, 'Changes need an electronic signature', { fontSize: 12, color: 'text-muted' }),
    text('run-label', 340, 338, 200, 'Line run command'),
    { id: 'run', kind: 'symbol', symbol: 'switch', x: 340, y: 370, width: 110, height: 40, props: { tag: 'Line1/RunCommand', onText: 'Run', offText: 'Stop' }, bindings: { value: '{Line1/RunCommand}' } },
  ],
};
