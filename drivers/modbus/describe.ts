import type { ModbusItem } from './address.ts';
import type { ModbusConfig } from './config.ts';
import { isBitTable, TABLE_NAMES } from './item-types.ts';

const READ_FUNCTION = { co: 1, di: 2, hr: 3, ir: 4 } as const;
const MODICON_DIGIT = { co: '0', di: '1', ir: '3', hr: '4' } as const;

/** The function codes a write of this item sends, in words. */
export function writeFunctionOf(item: ModbusItem, config: ModbusConfig): string {
  if (item.table === 'di' || item.table === 'ir') return 'read-only';
  if (item.table === 'co') return item.writeFunction === 15 || item.arrayLength !== undefined ? 'FC15' : 'FC5';
  if (item.bit !== undefined) return config.maskWriteRegister ? 'FC22 (mask write)' : 'FC3 + FC6 (read-modify-write)';
  return item.count === 1 && item.writeFunction !== 16 ? 'FC6' : 'FC16';
}

/**
 * What an address resolves to on the wire, for the tag form: `unit 1 · holding register 100 (400101)
 * · float32 CDAB, 2 registers · read FC3 · write FC16`. Register numbers are the zero-based protocol
 * addresses; the Modicon reference is one-based.
 */
export function describeItem(item: ModbusItem, config: ModbusConfig): string {
  const modicon = `${MODICON_DIGIT[item.table]}${String(item.address + 1).padStart(5, '0')}`;
  const where = `unit ${item.unitId} · ${TABLE_NAMES[item.table]} ${item.address} (${modicon}${item.bit !== undefined ? `.${item.bit}` : ''})`;
  const parts = [where];
  if (item.bit !== undefined) parts.push(`bit ${item.bit}`);
  else if (!isBitTable(item.table)) {
    const each = item.type === 'string' ? `string of ${item.length} characters` : item.type;
    const ordered = item.count > 1 || item.type === 'string' ? `${each} ${item.order}` : each;
    const many = item.arrayLength !== undefined ? `array of ${item.arrayLength} × ${ordered}` : ordered;
    parts.push(`${many}, ${item.count} register${item.count === 1 ? '' : 's'}`);
  } else if (item.arrayLength !== undefined) {
    parts.push(`array of ${item.arrayLength} ${TABLE_NAMES[item.table]}s`);
  }
  parts.push(`read FC${READ_FUNCTION[item.table]}`, `write ${writeFunctionOf(item, config)}`);
  return parts.join(' · ');
}
