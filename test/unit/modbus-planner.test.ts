import { describe, expect, it } from 'vitest';
import { planReads, splitBlock, type PlanItem, type PlanLimits } from '../../drivers/modbus/planner.ts';
import { ModbusConfigSchema } from '../../drivers/modbus/config.ts';
import { modbusDriverFactory } from '../../drivers/modbus/modbus-driver.ts';

const LIMITS: PlanLimits = { maxRegisters: 125, maxBits: 2000, maxGapRegisters: 10, maxGapBits: 100 };
const hr = (address: number, count = 1, unitId = 1): PlanItem => ({ unitId, table: 'hr', address, count });

describe('modbus request planner', () => {
  it('joins neighbours within the gap into one read and serves every item from it', () => {
    const items = [hr(100), hr(102, 2), hr(110, 4)];
    expect(planReads(items, LIMITS)).toEqual([{ unitId: 1, table: 'hr', start: 100, count: 14, items: [0, 1, 2] }]);
  });

  it('starts a new read when the gap is larger than maxGap', () => {
    const blocks = planReads([hr(0), hr(11), hr(23)], LIMITS);
    expect(blocks.map((b) => [b.start, b.count])).toEqual([
      [0, 12],
      [23, 1],
    ]);
  });

  it('never reads more than the device limit, even when every address is wanted', () => {
    const items = Array.from({ length: 300 }, (_, i) => hr(i));
    const blocks = planReads(items, { ...LIMITS, maxRegisters: 50 });
    expect(blocks.map((b) => b.count)).toEqual([50, 50, 50, 50, 50, 50]);
    expect(blocks.flatMap((b) => b.items).sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
  });

  it('keeps a multi-register value whole: the block ends before an item that would not fit', () => {
    const blocks = planReads([hr(0), hr(123, 4)], LIMITS);
    expect(blocks.map((b) => [b.start, b.count])).toEqual([
      [0, 1],
      [123, 4],
    ]);
  });

  it('uses the bit limits for coils and discrete inputs', () => {
    const coils: PlanItem[] = Array.from({ length: 5000 }, (_, i) => ({ unitId: 1, table: 'co', address: i, count: 1 }));
    const blocks = planReads(coils, LIMITS);
    expect(blocks.map((b) => b.count)).toEqual([2000, 2000, 1000]);
    const sparse = planReads(
      [
        { unitId: 1, table: 'di', address: 0, count: 1 },
        { unitId: 1, table: 'di', address: 100, count: 1 },
      ],
      LIMITS,
    );
    expect(sparse).toHaveLength(1);
  });

  it('never joins different units or tables', () => {
    const items: PlanItem[] = [hr(0, 1, 1), hr(1, 1, 2), { unitId: 1, table: 'ir', address: 2, count: 1 }, hr(3, 1, 1)];
    const blocks = planReads(items, LIMITS);
    expect(blocks.map((b) => [b.unitId, b.table, b.items])).toEqual([
      [1, 'hr', [0, 3]],
      [1, 'ir', [2]],
      [2, 'hr', [1]],
    ]);
  });

  it('reads isolated items alone and never spans them', () => {
    const items = [hr(0), { ...hr(5), isolated: true }, hr(8)];
    expect(planReads(items, LIMITS).map((b) => b.items)).toEqual([[0], [1], [2]]);
  });

  it('with maxGap 0 only joins adjacent or overlapping items', () => {
    const blocks = planReads([hr(0, 2), hr(2), hr(4), hr(4, 2)], { ...LIMITS, maxGapRegisters: 0 });
    expect(blocks.map((b) => [b.start, b.count])).toEqual([
      [0, 3],
      [4, 2],
    ]);
  });

  it('splits a refused block into two tight halves', () => {
    const items = [hr(0), hr(5), hr(9, 2), hr(20)];
    const [block] = planReads(items, { ...LIMITS, maxGapRegisters: 20 });
    expect(splitBlock(block!, items).map((b) => [b.start, b.count, b.items])).toEqual([
      [0, 6, [0, 1]],
      [9, 12, [2, 3]],
    ]);
    expect(splitBlock({ unitId: 1, table: 'hr', start: 0, count: 1, items: [0] }, items)).toEqual([]);
  });

  it('is pure: the same items give the same plan in any order', () => {
    const items = [hr(40), hr(1), hr(300), hr(7), hr(45, 2)];
    const a = planReads(items, LIMITS).map((b) => [b.start, b.count]);
    const b = planReads([...items].reverse(), LIMITS).map((x) => [x.start, x.count]);
    expect(a).toEqual(b);
  });
});

describe('modbus reconnect settings', () => {
  it('still loads a project that sets reconnect.jitter (full jitter replaced it) and warns that it is unused', () => {
    const config = ModbusConfigSchema.parse({ host: '127.0.0.1', reconnect: { minMs: 250, maxMs: 2000, jitter: 0.2 } });
    expect(modbusDriverFactory.warnings?.(config, [])).toEqual([expect.stringMatching(/^reconnect\.jitter is no longer used .*full jitter/)]);
    expect(modbusDriverFactory.warnings?.(ModbusConfigSchema.parse({ host: '127.0.0.1' }), [])).toEqual([]);
  });
});
