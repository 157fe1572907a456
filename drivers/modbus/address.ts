import { fail, ok, type Result } from '../../common/result.ts';
import { BYTE_ORDERS, type ByteOrder, type ModbusConfig } from './config.ts';

/**
 * Modbus addresses: `hr:100`, `ir:5`, `co:3`, `di:7` (zero-based protocol addresses, as sent on the
 * wire) or the classic one-based 5/6-digit register numbers (`40101` = `hr:100`, `300001` = `ir:0`).
 * Everything else (type, order, bit, length, unit id, poll group) is a tag option.
 */
export type Table = 'co' | 'di' | 'hr' | 'ir';
export const ITEM_TYPES = ['bool', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64', 'string'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export interface ModbusItem {
  table: Table;
  /** Zero-based protocol address of the first coil/register. */
  address: number;
  unitId: number;
  type: ItemType;
  order: ByteOrder;
  /** A single bit (0 = least significant) of a register. */
  bit?: number;
  /** Characters of a string (two per register). */
  length?: number;
  pollGroup?: string;
  /** The function code a write uses when the device wants another than the default (FC15 for one coil, FC16 for one register). */
  writeFunction?: WriteFunction;
  /** Coils or registers the item spans. */
  count: number;
  /** Items with the same key read the same thing. */
  key: string;
}

const TABLE_NAMES: Record<Table, string> = { co: 'coil', di: 'discrete input', hr: 'holding register', ir: 'input register' };
const CLASSIC: Record<string, Table> = { '0': 'co', '1': 'di', '3': 'ir', '4': 'hr' };
const OPTION_NAMES = ['type', 'order', 'bit', 'length', 'unitId', 'pollGroup', 'writeFunction'];
export const WRITE_FUNCTIONS = [5, 6, 15, 16] as const;
export type WriteFunction = (typeof WRITE_FUNCTIONS)[number];
/** Tag data types that decode a register as they are; `bool` on a register without `bit` reads it as uint16 (non-zero is true). */
const REGISTER_TYPE_OF_TAG: Readonly<Record<string, ItemType | undefined>> = {
  int16: 'int16', uint16: 'uint16', int32: 'int32', uint32: 'uint32', float32: 'float32', float64: 'float64', string: 'string',
};
const HINT = 'use hr:<n>, ir:<n>, co:<n> or di:<n> (zero-based), or a classic number such as 40001';

export function isBitTable(table: Table): boolean {
  return table === 'co' || table === 'di';
}

export function registersOf(type: ItemType, length = 0): number {
  switch (type) {
    case 'bool':
    case 'int16':
    case 'uint16':
      return 1;
    case 'int32':
    case 'uint32':
    case 'float32':
      return 2;
    case 'float64':
      return 4;
    case 'string':
      return Math.ceil(length / 2);
  }
}

function parseLocation(text: string): Result<{ table: Table; address: number }> {
  const source = text.trim().toLowerCase();
  const prefixed = /^(hr|ir|co|di)\s*:\s*(\d+)$/.exec(source);
  if (prefixed) {
    const address = Number(prefixed[2]);
    if (address > 65535) return fail('config-error', `'${text}': a Modbus address is 0..65535`);
    return ok({ table: prefixed[1] as Table, address });
  }
  if (/^\d{5,6}$/.test(source)) {
    const table = CLASSIC[source.charAt(0)];
    const number = Number(source.slice(1));
    if (table === undefined) return fail('config-error', `'${text}': a classic address starts with 0 (coil), 1 (discrete input), 3 (input register) or 4 (holding register)`);
    if (number < 1 || number > 65536) return fail('config-error', `'${text}': the number after the leading digit is 1..65536 (one-based)`);
    return ok({ table, address: number - 1 });
  }
  return fail('config-error', `'${text}' is not a Modbus address: ${HINT}`);
}

/**
 * Parses an address with its tag options and checks them against the device config. The register
 * type is `options.type` when given, else the tag's data type (`dataType`), else uint16.
 */
export function parseItem(address: string, config: ModbusConfig, options: Readonly<Record<string, unknown>> = {}, dataType?: string): Result<ModbusItem> {
  const location = parseLocation(address);
  if (!location.ok) return location;
  const { table, address: start } = location.value;
  const unknown = Object.keys(options).filter((k) => !OPTION_NAMES.includes(k));
  if (unknown.length > 0) return fail('config-error', `unknown Modbus option(s) ${unknown.join(', ')} (known: ${OPTION_NAMES.join(', ')})`, `options.${unknown[0]}`);
  const { type: rawType, order: rawOrder, bit, length, unitId: rawUnit, pollGroup, writeFunction } = options;

  if (rawType !== undefined && !ITEM_TYPES.includes(rawType as ItemType)) {
    return fail('config-error', `type must be one of ${ITEM_TYPES.join(', ')}, not ${JSON.stringify(rawType)}`, 'options.type');
  }
  const bitTable = isBitTable(table);
  const fromTag = dataType === undefined ? undefined : REGISTER_TYPE_OF_TAG[dataType];
  const type: ItemType = (rawType as ItemType | undefined) ?? (bitTable || bit !== undefined ? 'bool' : (fromTag ?? 'uint16'));
  if (bitTable && type !== 'bool') return fail('config-error', `${address}: a ${TABLE_NAMES[table]} holds one bit: its type is bool, not ${type}`, 'options.type');
  if (rawOrder !== undefined && !BYTE_ORDERS.includes(rawOrder as ByteOrder)) {
    return fail('config-error', `order must be one of ${BYTE_ORDERS.join(', ')}, not ${JSON.stringify(rawOrder)}`, 'options.order');
  }
  if (bit !== undefined) {
    if (bitTable) return fail('config-error', `${address}: bit selects a bit of a register; a ${TABLE_NAMES[table]} is already one bit`, 'options.bit');
    if (!Number.isInteger(bit) || (bit as number) < 0 || (bit as number) > 15) return fail('config-error', `bit must be an integer 0..15 (0 = least significant), not ${JSON.stringify(bit)}`, 'options.bit');
    if (type !== 'bool') return fail('config-error', `a single bit (bit: ${String(bit)}) is read as type bool, not ${type}`, 'options.type');
  } else if (type === 'bool' && !bitTable) {
    return fail('config-error', `${address}: a bool from a ${TABLE_NAMES[table]} needs bit (0..15)`, 'options.bit');
  }
  if (type === 'string') {
    if (!Number.isInteger(length) || (length as number) < 1) return fail('config-error', `a string needs length: its number of characters (1..${config.maxRegistersPerRequest * 2})`, 'options.length');
  } else if (length !== undefined) {
    return fail('config-error', `length is only for type string (this is ${type})`, 'options.length');
  }
  const count = bitTable ? 1 : registersOf(type, length as number | undefined);
  if (count > config.maxRegistersPerRequest) {
    return fail('config-error', `${address}: ${count} registers do not fit in one request (the device reads at most ${config.maxRegistersPerRequest})`);
  }
  if (start + count > 65536) return fail('config-error', `${address}: ${type} runs past address 65535`);
  if (rawUnit !== undefined && (!Number.isInteger(rawUnit) || (rawUnit as number) < 0 || (rawUnit as number) > 255)) {
    return fail('config-error', `unitId must be an integer 0..255, not ${JSON.stringify(rawUnit)}`, 'options.unitId');
  }
  if (pollGroup !== undefined) {
    const groups = Object.keys(config.pollGroups);
    if (typeof pollGroup !== 'string' || !Object.hasOwn(config.pollGroups, pollGroup)) {
      return fail('config-error', `poll group ${JSON.stringify(pollGroup)} is not in the device's pollGroups (${groups.length > 0 ? groups.join(', ') : 'none defined'})`, 'options.pollGroup');
    }
  }
  if (writeFunction !== undefined) {
    const allowed: readonly number[] = table === 'co' ? [5, 15] : table === 'hr' && bit === undefined ? (count === 1 ? [6, 16] : [16]) : [];
    if (!allowed.includes(writeFunction as number)) {
      const why = allowed.length === 0 ? `${address} is not written with a function code of its own` : `writes to ${address} use ${allowed.join(' or ')}`;
      return fail('config-error', `writeFunction ${JSON.stringify(writeFunction)}: ${why}`, 'options.writeFunction');
    }
  }
  const unitId = (rawUnit as number | undefined) ?? config.unitId;
  const order = (rawOrder as ByteOrder | undefined) ?? config.order;
  const item: ModbusItem = { table, address: start, unitId, type, order, count, key: '' };
  if (bit !== undefined) item.bit = bit as number;
  if (length !== undefined) item.length = length as number;
  if (pollGroup !== undefined) item.pollGroup = pollGroup as string;
  if (writeFunction !== undefined) item.writeFunction = writeFunction as WriteFunction;
  item.key = `${unitId}/${table}:${start}/${type}/${order}/${item.bit ?? ''}/${item.length ?? ''}`;
  return ok(item);
}
