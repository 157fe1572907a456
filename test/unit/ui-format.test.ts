import { afterEach, describe, expect, it } from 'vitest';
import { formatValue, shown } from '../../renderer/ui/value-format.ts';
import { formatClock, formatCount, formatDate, formatDateTime, formatDayTime, formatIsoDateTime, formatNumber, formatQuantity, setPlantFormat } from '../../renderer/ui/format.ts';

// 2026-07-01 12:30:05.250 UTC: 07:30 in Chicago, 21:30 in Tokyo.
const AT = Date.UTC(2026, 6, 1, 12, 30, 5, 250);

describe("dates and times in the plant's time zone, whatever the browser's", () => {
  afterEach(() => setPlantFormat({ timeZone: undefined }));

  it('uses the plant zone from the session for every kind of time text', () => {
    setPlantFormat({ timeZone: 'America/Chicago' });
    expect(formatClock(AT)).toBe('07:30:05');
    expect(formatClock(AT, undefined, 'minutes')).toBe('07:30');
    expect(formatClock(AT, undefined, 'tenths')).toBe('07:30:05.2');
    expect(formatDateTime(AT)).toBe('01/07/2026, 07:30:05');
    expect(formatDayTime(AT)).toBe('01 Jul, 07:30');
    expect(formatDate(AT)).toBe('1 Jul 2026');
    expect(formatIsoDateTime(AT)).toBe('2026-07-01 07:30:05');
    setPlantFormat({ timeZone: 'Asia/Tokyo' });
    expect(formatClock(AT)).toBe('21:30:05');
    expect(formatIsoDateTime(AT)).toBe('2026-07-01 21:30:05');
  });

  it("takes a zone given by the caller over the plant's", () => {
    setPlantFormat({ timeZone: 'Asia/Tokyo' });
    expect(formatClock(AT, 'UTC')).toBe('12:30:05');
    expect(formatDateTime(AT, 'UTC', 'minutes')).toBe('01/07/2026, 12:30');
  });

  it('shows midnight as 00, never 24', () => {
    expect(formatClock(Date.UTC(2026, 0, 1, 0, 0, 0), 'UTC')).toBe('00:00:00');
  });
});

describe('numbers and units', () => {
  it('groups thousands and keeps the fixed decimals', () => {
    expect(formatNumber(1234.5, 2)).toBe('1,234.50');
    expect(formatCount(12400)).toBe('12,400');
    expect(formatQuantity(12.5, 1, 'kg')).toBe('12.5 kg');
    expect(formatQuantity(3, 0, undefined)).toBe('3');
  });
});

describe('the one value formatter (ui/value-format.ts)', () => {
  it('shows no value as a dash, scalar or array element, whoever asks (a tag or a screen element)', () => {
    expect(formatValue({ decimals: 2 }, null)).toBe('—');
    expect(formatValue(undefined, undefined)).toBe('—');
    expect(formatValue({ decimals: 0 }, [1, null, 3])).toBe('1, —, 3');
  });

  it('uses state names, On/Off, fixed decimals (1 unless told) and text as it is', () => {
    expect(formatValue({ states: { '2': 'Running' } }, 2)).toBe('Running');
    expect(formatValue(undefined, true)).toBe('On');
    expect(formatValue(undefined, 1234.56)).toBe('1,234.6');
    expect(formatValue({ decimals: 3 }, 2)).toBe('2.000');
    expect(formatValue(undefined, 'CIP')).toBe('CIP');
  });

  it('leaves Bad values unformatted: the quality code takes their place', () => {
    const state = { path: 'X', info: undefined, value: { value: 42, quality: 'BadNoCommunication' as const, sourceTime: 0, serverTime: 0 } };
    expect(shown(state)).toMatchObject({ text: '', severity: 'bad', code: 'COMM' });
  });
});

describe('another plant locale', () => {
  afterEach(() => setPlantFormat({ timeZone: undefined, locale: 'en-GB' }));

  it('formats dates and numbers in the locale the plant is set to', () => {
    setPlantFormat({ timeZone: 'Europe/Berlin', locale: 'de-DE' });
    expect(formatDateTime(AT)).toBe('01.07.2026, 14:30:05');
    expect(formatNumber(1234.5, 2)).toBe('1.234,50');
    expect(formatValue({ decimals: 1 }, 0.25)).toBe('0,3');
  });
});
