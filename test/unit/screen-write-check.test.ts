import { describe, expect, it } from 'vitest';
import { TagDefinitionSchema, tagInfo } from '../../common/tag.ts';
import { createI18n } from '../../renderer/i18n/i18n.ts';
import { agreeTolerance, checkEntry } from '../../renderer/screens/runtime/write-check.ts';
import { agrees } from '../../renderer/screens/runtime/WriteDialog.tsx';

const SETPOINT = tagInfo(
  TagDefinitionSchema.parse({
    path: 'Line1/Conveyor/SpeedSetpoint',
    dataType: 'float64',
    source: { device: 'plant', address: 'x' },
    units: 'bpm',
    decimals: 0,
    range: { min: 0, max: 600 },
    writable: true,
    writeLimits: { min: 60, max: 480 },
  }),
);

const en = createI18n('en').getFixedT('en', 'screens');
const de = createI18n('de').getFixedT('de', 'screens');

describe('the screen write dialog checks an entry before it sends it', () => {
  it('takes a number within the write limits, trimmed', () => {
    expect(checkEntry(SETPOINT, ' 240 ', en)).toEqual({ ok: true, value: 240 });
    expect(checkEntry(SETPOINT, '60', en)).toEqual({ ok: true, value: 60 });
    expect(checkEntry(undefined, '-5', en)).toEqual({ ok: true, value: -5 });
  });

  it('refuses what is not a number, and a number outside the limits, saying which limits', () => {
    expect(checkEntry(SETPOINT, '', en)).toEqual({ ok: false, reason: 'Enter a number.' });
    expect(checkEntry(SETPOINT, 'fast', en)).toEqual({ ok: false, reason: 'Enter a number.' });
    expect(checkEntry(SETPOINT, '900', en)).toEqual({ ok: false, reason: '900 bpm is outside the write limits 60 – 480 bpm.' });
    expect(checkEntry(SETPOINT, '59.6', en)).toMatchObject({ ok: false });
    // In the reader's language.
    expect(checkEntry(SETPOINT, 'fast', de)).toEqual({ ok: false, reason: 'Bitte eine Zahl eingeben.' });
    expect(checkEntry(SETPOINT, '900', de)).toMatchObject({ ok: false, reason: expect.stringContaining('liegt außerhalb der Schreibgrenzen') });
  });

  it('calls commanded and actual in agreement within 1 % of the write span, on/off by state', () => {
    expect(agreeTolerance(SETPOINT)).toBeCloseTo(4.2);
    expect(agrees(240, 244, SETPOINT)).toBe(true);
    expect(agrees(240, 230, SETPOINT)).toBe(false);
    expect(agrees(true, true, undefined)).toBe(true);
    expect(agrees(true, 0, undefined)).toBe(false);
    expect(agrees(false, null, undefined)).toBe(false);
  });
});
