import type { Table } from './address.ts';

/** What the planner needs of an item: where it is and how many coils/registers it spans. */
export interface PlanItem {
  unitId: number;
  table: Table;
  address: number;
  count: number;
  /** Read on its own, never joined with others (an address the device refused). */
  isolated?: boolean;
}

export interface PlanLimits {
  maxRegisters: number;
  maxBits: number;
  maxGapRegisters: number;
  maxGapBits: number;
}

/** One read request: a contiguous range of one table of one unit, and the items (indices) it serves. */
export interface ReadBlock {
  unitId: number;
  table: Table;
  start: number;
  count: number;
  items: number[];
}

const TABLE_ORDER: Record<Table, number> = { co: 0, di: 1, hr: 2, ir: 3 };

/**
 * Coalesces items into as few reads as the limits allow: items of the same unit and table, sorted by
 * address, join the current block while the unused gap before them is at most maxGap and the block
 * stays within the per-request maximum. Pure: same items, same plan.
 */
export function planReads(items: readonly PlanItem[], limits: PlanLimits): ReadBlock[] {
  const order = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.unitId - b.item.unitId || TABLE_ORDER[a.item.table] - TABLE_ORDER[b.item.table] || a.item.address - b.item.address || b.item.count - a.item.count || a.index - b.index);
  const blocks: ReadBlock[] = [];
  let current: ReadBlock | undefined;
  for (const { item, index } of order) {
    const bits = item.table === 'co' || item.table === 'di';
    const max = bits ? limits.maxBits : limits.maxRegisters;
    const maxGap = bits ? limits.maxGapBits : limits.maxGapRegisters;
    if (item.isolated) {
      // A block never spans an address the device refused.
      current = undefined;
      blocks.push({ unitId: item.unitId, table: item.table, start: item.address, count: item.count, items: [index] });
      continue;
    }
    if (current && current.unitId === item.unitId && current.table === item.table) {
      const end = current.start + current.count;
      const newEnd = Math.max(end, item.address + item.count);
      if (item.address - end <= maxGap && newEnd - current.start <= max) {
        current.count = newEnd - current.start;
        current.items.push(index);
        continue;
      }
    }
    current = { unitId: item.unitId, table: item.table, start: item.address, count: item.count, items: [index] };
    blocks.push(current);
  }
  return blocks;
}

/** Splits a refused block's items in two halves, each re-planned tightly (no gap), to find the bad address. */
export function splitBlock(block: ReadBlock, items: readonly PlanItem[]): ReadBlock[] {
  if (block.items.length < 2) return [];
  const sorted = [...block.items].sort((a, b) => (items[a]?.address ?? 0) - (items[b]?.address ?? 0));
  const half = Math.ceil(sorted.length / 2);
  return [sorted.slice(0, half), sorted.slice(half)].map((part) => {
    const start = Math.min(...part.map((i) => items[i]?.address ?? 0));
    const end = Math.max(...part.map((i) => (items[i]?.address ?? 0) + (items[i]?.count ?? 1)));
    return { unitId: block.unitId, table: block.table, start, count: end - start, items: part };
  });
}
