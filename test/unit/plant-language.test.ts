import { describe, expect, it } from 'vitest';
import { deviceLabel, QUALITIES, qualityWords } from '../../common/quality.ts';
import type { TagInfo } from '../../common/tag.ts';
import { unitSymbol } from '../../common/units.ts';
import { ShiftDefinitionSchema } from '../../main/core/shifts/production-schema.ts';
import { shiftGaps, shiftOverlaps } from '../../main/core/shifts/shift-coverage.ts';
import { createI18n } from '../../renderer/i18n/i18n.ts';
import { confirmQuestion, objectOf } from '../../renderer/screens/runtime/command-phrase.ts';

const info = (description: string, units = ''): TagInfo => ({ path: 'x', description, dataType: 'bool', units, decimals: 0, writable: true, device: 'd', history: false });

describe('confirmations name the action and the object', () => {
  it.each([
    ['Transfer pump P101 start/stop command (true = run); the PLC sets it too', 'Line1/TransferPump1/Command', 'transfer pump P101'],
    ['P1 start command', 'Area/Pump1/Command', 'P1'],
    ['Inlet valve XV101 open/close command', 'Line1/Tank101/InletValve/Command', 'inlet valve XV101'],
    ['', 'Line1/Conveyor/Run', 'Conveyor'],
  ])('%s → %s', (description, path, object) => {
    expect(objectOf(info(description), path)).toBe(object);
  });

  it('asks "Start transfer pump P101?" for a button, and "Set … to …?" for a number', () => {
    const pump = info('Transfer pump P101 start/stop command (true = run)');
    const en = createI18n('en').getFixedT('en', 'screens');
    expect(confirmQuestion('Start', true, pump, 'Line1/TransferPump1/Command', 'On', en)).toBe('Start transfer pump P101?');
    expect(confirmQuestion('p101-switch', false, pump, 'Line1/TransferPump1/Command', 'Off', en)).toBe('Switch off transfer pump P101?');
    expect(confirmQuestion('Speed setpoint…', 500, info('Fill volume setpoint', 'mL'), 'Line1/Filler/FillVolumeSetpoint', '500 mL', en)).toBe('Set fill volume setpoint to 500 mL?');
    // German keeps the description as written (nouns keep their capital) and puts the verb last.
    const de = createI18n('de').getFixedT('de', 'screens');
    expect(confirmQuestion('p101-switch', true, info('Transferpumpe P101 Startbefehl'), 'Line1/TransferPump1/Command', 'Ein', de)).toBe('Transferpumpe P101 Startbefehl einschalten?');
    expect(confirmQuestion('Speed setpoint…', 500, info('Füllmenge Sollwert', 'mL'), 'Line1/Filler/FillVolumeSetpoint', '500 mL', de)).toBe('Füllmenge Sollwert auf 500 mL setzen?');
  });
});

describe('quality and device states in words', () => {
  it('names the device in the words; every quality has words', () => {
    expect(qualityWords('BadNotConnected', 'tank PLC')).toBe('No communication with tank PLC');
    expect(qualityWords('BadTimeout', 'tank PLC')).toBe('Tank PLC did not answer in time');
    expect(qualityWords('UncertainLastUsableValue')).toBe('Not updated lately: last value received');
    expect(qualityWords('Good')).toBe('Good');
    for (const q of QUALITIES) expect(qualityWords(q), q).not.toMatch(/[A-Z][a-z]+[A-Z]|\{/);
  });

  it('calls a device by the subject of its description', () => {
    expect(deviceLabel('plant-modbus', 'Example plant: tank PLC over Modbus TCP (tank T101, valves, transfer pumps)')).toBe('tank PLC');
    expect(deviceLabel('plc', 'Filler PLC')).toBe('Filler PLC');
    expect(deviceLabel('plc', '')).toBe('plc');
  });
});

describe('unit symbols, not UNECE codes', () => {
  it.each([
    ['H87', 'pcs'],
    ['KGM', 'kg'],
    ['LTR', 'L'],
    ['MLT', 'mL'],
    ['CEL', '°C'],
    ['XYZ', 'XYZ'],
  ])('%s → %s', (code, symbol) => expect(unitSymbol(code)).toBe(symbol));
});

describe('shift times', () => {
  const shift = (name: string, start: string, hours: number, days?: string[]) => ShiftDefinitionSchema.parse({ name, start, durationMinutes: hours * 60, ...(days ? { days } : {}) });

  it('accepts three shifts round the clock, across midnight and the end of the week', () => {
    const shifts = [shift('Early', '06:00', 8), shift('Late', '14:00', 8), shift('Night', '22:00', 8)];
    expect(shiftOverlaps(shifts)).toEqual([]);
    expect(shiftGaps(shifts)).toEqual([]);
  });

  it('refuses overlapping shifts, naming the later one and both times', () => {
    const shifts = [shift('Early', '06:00', 8), shift('Late', '13:30', 8), shift('Night', '22:00', 8)];
    expect(shiftOverlaps(shifts)).toEqual([{ field: 'shifts[1].start', message: 'the Late shift (Monday 13:30) starts before the Early shift (Monday 06:00–14:00) ends' }]);
    const night = [shift('Night', '22:00', 9, ['sun']), shift('Early', '06:00', 8, ['mon'])];
    expect(shiftOverlaps(night)).toEqual([{ field: 'shifts[1].start', message: 'the Early shift (Monday 06:00) starts before the Night shift (Sunday 22:00–07:00) ends' }]);
  });

  it('says which times of the week no shift covers', () => {
    const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];
    expect(shiftGaps([shift('Early', '06:00', 8, weekdays), shift('Late', '14:00', 8, weekdays)])).toEqual([
      'Monday 22:00 – Tuesday 06:00',
      'Tuesday 22:00 – Wednesday 06:00',
      'Wednesday 22:00 – Thursday 06:00',
      'Thursday 22:00 – Friday 06:00',
      'Friday 22:00 – Monday 06:00',
    ]);
  });
});
