import { describe, expect, it } from 'vitest';
import { counterDelta } from '../../main/core/mes/counters.ts';
import { retryAfterMs } from '../../main/core/mes/rest/rest-connector.ts';
import { CodeMapper, describeMissing } from '../../main/core/mes/mappings.ts';
import { EMPTY_MAPPINGS, MappingTablesSchema, UnitCodeSchema, WorkOrderSchema } from '../../common/mes.ts';

describe('counterDelta', () => {
  it.each([
    ['first reading counts nothing', undefined, 500, 65535, 0],
    ['counts up', 100, 130, 65535, 30],
    ['unchanged', 130, 130, 65535, 0],
    ['wraps past the rollover value', 65530, 4, 65535, 10],
    ['a PLC reset counts from zero', 4000, 12, 65535, 12],
    ['a reset to exactly zero counts nothing', 4000, 0, 65535, 0],
    ['a large drop near the top is a reset, not a wrap', 65000, 30000, 65535, 30000],
  ])('%s', (_name, previous, current, rolloverAt, expected) => {
    expect(counterDelta(previous, current, rolloverAt)).toBe(expected);
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates, and ignores nonsense', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs(new Date(1_000_000 + 3000).toUTCString(), 1_000_000)).toBeGreaterThanOrEqual(2000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe('mapping tables', () => {
  const tables = MappingTablesSchema.parse({
    materials: [{ external: '100234', local: 'WATER' }],
    units: [{ external: 'CS', local: 'H87', factor: 24 }],
  });

  it('maps inbound codes and converts units; an empty table passes codes through', () => {
    const m = new CodeMapper(tables, 'inbound');
    expect(m.code('materials', '100234')).toBe('WATER');
    expect(m.quantity({ value: 10, unit: 'CS' })).toEqual({ value: 240, unit: 'H87' });
    expect(m.code('workCentres', 'ANY')).toBe('ANY');
    expect(m.problems).toEqual([]);
  });

  it('maps outbound the other way and names every missing code once', () => {
    const m = new CodeMapper(tables, 'outbound');
    expect(m.quantity({ value: 48, unit: 'H87' })).toEqual({ value: 2, unit: 'CS' });
    m.code('materials', 'NEW');
    m.code('materials', 'NEW');
    m.quantity({ value: 1, unit: 'KGM' });
    expect(m.problems).toEqual([
      { table: 'materials', code: 'NEW' },
      { table: 'units', code: 'KGM' },
    ]);
    expect(describeMissing(m.problems)).toBe('no mapping for material NEW, unit KGM');
  });

  it('has an empty default', () => {
    expect(EMPTY_MAPPINGS).toEqual({ materials: [], workCentres: [], units: [], reasonCodes: [] });
  });
});

describe('the work order model', () => {
  const base = {
    system: 'erp',
    id: 'WO-1',
    revision: 1,
    material: { code: 'M' },
    quantity: { value: 10, unit: 'H87' },
    workCentre: 'Line1',
    scheduledStart: '2026-03-01T08:00:00+02:00',
    scheduledEnd: '2026-03-01T10:00:00Z',
  };

  it('stores times in UTC and fills the defaults', () => {
    const o = WorkOrderSchema.parse(base);
    expect(o.scheduledStart).toBe('2026-03-01T06:00:00.000Z');
    expect(o).toMatchObject({ status: 'Released', priority: 500, operations: [], bom: [], parameters: [] });
  });

  it.each([
    [{ quantity: { value: 1, unit: 'pcs' } }, 'quantity.unit', 'UNECE Rec 20'],
    [{ status: 'Paused' }, 'status', ''],
    [{ scheduledStart: 'tomorrow' }, 'scheduledStart', 'ISO 8601'],
    [{ id: 'has space' }, 'id', 'letters, digits'],
  ])('refuses %j naming the field', (patch, field, text) => {
    const r = WorkOrderSchema.safeParse({ ...base, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join('.')).toBe(field);
    expect(r.error!.issues[0]!.message).toContain(text);
  });

  it('accepts UNECE codes of two or three characters only', () => {
    expect(UnitCodeSchema.safeParse('H87').success).toBe(true);
    expect(UnitCodeSchema.safeParse('CS').success).toBe(true);
    expect(UnitCodeSchema.safeParse('kg').success).toBe(false);
    expect(UnitCodeSchema.safeParse('ABCD').success).toBe(false);
  });
});
