import type { DeviceTagSource } from '../api.ts';
import { parseItem, type ModbusItem } from './address.ts';
import type { ModbusConfig } from './config.ts';
import { isBitTable, TABLE_NAMES } from './item-types.ts';

const MAX_WARNINGS = 50;

interface Placed {
  path: string;
  address: string;
  item: ModbusItem;
}

/** How a tag reads its registers, for a warning: `hr:0 as float32 CDAB`. */
function view(p: Placed): string {
  const { item } = p;
  if (item.bit !== undefined) return `${p.address} as bit ${item.bit}`;
  const type = item.type === 'string' ? `string(${item.length})` : item.type;
  const many = item.arrayLength !== undefined ? `${item.arrayLength} × ${type}` : type;
  return `${p.address} as ${many}${item.count > 1 ? ` ${item.order}` : ''}`;
}

/**
 * Two tags may read the same registers in the same way (a tag per poll group, say), or a status word
 * and single bits of it; anything else that overlaps is read by both, but a person probably meant one
 * of them: a float32 over two registers that another tag reads as a uint16, the same float32 in two
 * byte orders.
 */
function compatible(a: ModbusItem, b: ModbusItem): boolean {
  if (a.bit !== undefined && b.bit !== undefined) return true;
  const word = (x: ModbusItem) => x.arrayLength === undefined && (x.type === 'int16' || x.type === 'uint16');
  if (a.bit !== undefined) return word(b);
  if (b.bit !== undefined) return word(a);
  return a.address === b.address && a.count === b.count && a.type === b.type && a.order === b.order && a.length === b.length && a.arrayLength === b.arrayLength;
}

/**
 * Warnings for tags whose registers overlap with different types or byte orders, naming both tags.
 * Such tags still read (each its own way); a write through one changes what the other shows.
 */
export function overlapWarnings(config: ModbusConfig, tags: readonly DeviceTagSource[]): string[] {
  const byTable = new Map<string, Placed[]>();
  for (const tag of tags) {
    const parsed = parseItem(tag.address, config, tag.options, tag.dataType);
    if (!parsed.ok || isBitTable(parsed.value.table)) continue;
    const key = `${parsed.value.unitId}/${parsed.value.table}`;
    let list = byTable.get(key);
    if (!list) byTable.set(key, (list = []));
    list.push({ path: tag.path, address: tag.address.trim(), item: parsed.value });
  }
  const warnings: string[] = [];
  let more = 0;
  for (const list of byTable.values()) {
    list.sort((a, b) => a.item.address - b.item.address || a.path.localeCompare(b.path));
    const active: Placed[] = [];
    for (const next of list) {
      for (let i = active.length - 1; i >= 0; i--) {
        if (active[i]!.item.address + active[i]!.item.count <= next.item.address) active.splice(i, 1);
      }
      for (const other of active) {
        if (compatible(other.item, next.item)) continue;
        if (warnings.length >= MAX_WARNINGS) {
          more++;
          continue;
        }
        const { unitId, table } = next.item;
        warnings.push(`tags ${other.path} (${view(other)}) and ${next.path} (${view(next)}) overlap at unit ${unitId} ${TABLE_NAMES[table]} ${next.item.address}: both read, each its own way, and a write through one changes the other`);
      }
      active.push(next);
    }
  }
  if (more > 0) warnings.push(`and ${more} more overlapping pair(s) of tags`);
  return warnings;
}
