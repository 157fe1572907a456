import type { ScreenDocumentInput, ScreenElementInput } from '../screen-schema.ts';
import { panel, readout, text } from './example-helpers.ts';

type ScreenInput = Extract<ScreenDocumentInput, { kind: 'screen' }>;

const AREAS: readonly [string, string][] = [
  ['Line1/Tank101', 'Tank T101'],
  ['Line1/TransferPump1', 'Pump P101'],
  ['Line1/TransferPump2', 'Pump P102'],
  ['Line1/Filler', 'Filler'],
  ['Line1/Capper', 'Capper'],
  ['Line1/Labeler', 'Labeler'],
  ['Line1/Conveyor', 'Conveyor'],
];

const areaAlarms: ScreenElementInput[] = AREAS.flatMap(([area, label], i): ScreenElementInput[] => {
  const y = 372 + i * 40;
  return [{ id: `alarm-${i}`, kind: 'symbol', symbol: 'alarm-indicator', x: 40, y, width: 26, height: 26, props: { area } }, text(`alarm-label-${i}`, 78, y + 1, 200, label)];
});

const SPARKS: readonly [string, string][] = [
  ['Line1/Tank101/Level', 'T101 level'],
  ['Line1/Conveyor/Speed', 'Line speed'],
  ['Line1/Filler/BowlTemperature', 'Filler bowl'],
  ['Line1/Labeler/GlueTemperature', 'Glue'],
];

const OEE: readonly [string, string][] = [
  ['OEE', 'OEE'],
  ['Availability', 'Availability'],
  ['Performance', 'Performance'],
  ['Quality', 'Quality'],
];

/** Level 1: the plant at a glance — production KPIs, OEE of the shift, alarms per area, key trends; the line one click away. */
export const bottlingOverview: ScreenInput = {
  formatVersion: 2,
  kind: 'screen',
  id: 'overview',
  name: 'Plant overview',
  level: 'overview',
  size: { width: 1280, height: 680 },
  background: 'background',
  elements: [
    text('title', 24, 12, 700, 'Example bottling plant · overview', { fontSize: 20, bold: true }),
    // Production KPIs
    panel('kpi-panel', 24, 52, 760, 260),
    text('kpi-title', 40, 60, 300, 'Line 1 production', { bold: true }),
    readout('good', 40, 96, 230, 'Good', 'Line1/Counters/Good', 'bottles', 0),
    readout('rejected', 40, 136, 230, 'Rejected', 'Line1/Counters/Rejected', 'bottles', 0),
    {
      id: 'reject-rate',
      kind: 'text',
      x: 40,
      y: 176,
      width: 230,
      height: 24,
      props: { text: '', align: 'right' },
      bindings: { text: "concat('Reject rate ', format(100 * {Line1/Counters/Rejected} / max(1, {Line1/Counters/Good} + {Line1/Counters/Rejected}), 2, '%'))" },
    },
    readout('line-speed', 300, 96, 230, 'Line speed', 'Line1/Conveyor/Speed', 'bpm', 0),
    readout('line-sp', 300, 136, 230, 'Setpoint', 'Line1/Conveyor/SpeedSetpoint', 'bpm', 0),
    {
      id: 'speed-bar',
      kind: 'symbol',
      symbol: 'bar-graph',
      x: 300,
      y: 180,
      width: 230,
      height: 14,
      props: { orientation: 'horizontal', min: 0, max: 600, units: 'bpm' },
      bindings: { value: '{Line1/Conveyor/Speed}', setpoint: '{Line1/Conveyor/SpeedSetpoint}' },
    },
    readout('tank-level', 560, 96, 200, 'T101', 'Line1/Tank101/Level', '%', 1),
    {
      id: 'line-state',
      kind: 'template',
      template: 'machine-tile',
      x: 560,
      y: 140,
      width: 176,
      height: 121,
      params: { machine: 'Line1/Conveyor', title: 'Line 1 · conveyor', measure: 'Line1/Conveyor/Speed', units: 'bpm' },
      actions: [{ type: 'faceplate', template: 'conveyor-faceplate', params: { conveyor: 'Line1/Conveyor', title: 'Conveyor C101' } }],
    },
    { id: 'to-line', kind: 'symbol', symbol: 'button', x: 40, y: 226, width: 220, height: 48, props: { label: 'Line 1 mimic ›' }, actions: [{ type: 'navigate', screen: 'line1' }] },
    { id: 'to-filler', kind: 'symbol', symbol: 'button', x: 300, y: 226, width: 230, height: 48, props: { label: 'Filler ›' }, actions: [{ type: 'navigate', screen: 'filler' }] },
    // Alarms per area
    panel('alarm-panel', 24, 328, 300, 330),
    text('alarm-title', 40, 336, 260, 'Alarms by area', { bold: true }),
    ...areaAlarms,
    // Key trends
    panel('trend-panel', 340, 328, 444, 330),
    text('trend-title', 356, 336, 300, 'Key trends · 15 min', { bold: true }),
    ...SPARKS.map(([tag], i): ScreenElementInput => ({
      id: `spark-${i}`,
      kind: 'symbol',
      symbol: 'sparkline',
      x: 356,
      y: 368 + i * 70,
      width: 412,
      height: 64,
      props: { tag, windowMinutes: 15 },
    })),
    // Machines
    panel('machines-panel', 800, 52, 456, 606),
    text('machines-title', 816, 60, 300, 'Machines', { bold: true }),
    {
      id: 'filler',
      kind: 'template',
      template: 'machine-tile',
      x: 816,
      y: 96,
      width: 176,
      height: 121,
      params: { machine: 'Line1/Filler', title: 'Filler', measure: 'Line1/Filler/Speed', units: 'bpm' },
      actions: [{ type: 'navigate', screen: 'filler' }],
    },
    { id: 'capper', kind: 'template', template: 'machine-tile', x: 1012, y: 96, width: 176, height: 121, params: { machine: 'Line1/Capper', title: 'Capper', measure: 'Line1/Capper/Torque', units: 'N·m' } },
    { id: 'labeler', kind: 'template', template: 'machine-tile', x: 816, y: 236, width: 176, height: 121, params: { machine: 'Line1/Labeler', title: 'Labeler', measure: 'Line1/Labeler/GlueTemperature', units: '°C' } },
    { id: 'pump1', kind: 'template', template: 'pump-tile', x: 1036, y: 244, width: 90, height: 81, params: { pump: 'Line1/TransferPump1' } },
    { id: 'pump2', kind: 'template', template: 'pump-tile', x: 1146, y: 244, width: 90, height: 81, params: { pump: 'Line1/TransferPump2' } },
    text('pumps-label', 1036, 330, 200, 'Transfer pumps P101 · P102', { fontSize: 12, color: 'text-muted' }),
    // OEE of the current shift (the runtime's live Line1/OEE/* tags)
    text('oee-title', 816, 384, 420, 'OEE · current shift', { bold: true }),
    ...OEE.flatMap(([field, label], i): ScreenElementInput[] => {
      const id = i === 0 ? 'oee' : `oee-${field.toLowerCase()}`;
      const y = 420 + i * 44;
      return [
        readout(id, 816, y, 200, label, `Line1/OEE/${field}`, '%', 1),
        { id: `${id}-bar`, kind: 'symbol', symbol: 'bar-graph', x: 1032, y: y + 8, width: 208, height: 14, props: { orientation: 'horizontal', min: 0, max: 100, units: '%' }, bindings: { value: `{Line1/OEE/${field}}` } },
      ];
    }),
    readout('oee-downtime', 816, 596, 200, 'Downtime', 'Line1/OEE/DowntimeMinutes', 'min', 0),
    // Time with no good state from the line (links down): not downtime, shown apart.
    readout('oee-unknown', 1032, 596, 208, 'Unknown', 'Line1/OEE/UnknownMinutes', 'min', 0),
  ],
};
