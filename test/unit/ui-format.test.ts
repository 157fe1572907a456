import { afterEach, describe, expect, it } from 'vitest';
import { formatClock, formatCount, formatDate, formatDateTime, formatDayTime, formatIsoDateTime, formatNumber, formatQuantity, setPlantFormat } from '../../renderer/ui/format.ts';

// 2026-07-01 12:30:05.250 UTC: 07:30 in Chicago, 21:30 in Tokyo.
const AT = Date.UTC(2026, 6, 1, 12, 30, 5, 250);

describe('dates and times in the plant\'s time zone, whatever the browser\'s', () => {
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

  it('takes a zone given by the caller over the plant\'s', () => {
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
