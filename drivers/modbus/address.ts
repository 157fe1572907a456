import { fail, ok, type Result } from '../../common/result.ts';
import { formatAddressError, parseLocation } from './address-syntax.ts';
import type { ModbusConfig } from './config.ts';
import { BYTE_ORDERS, isBitTable, ITEM_TYPES, registersOf, TABLE_NAMES, type ByteOrder, type ItemType, type Table } from './item-types.ts';

export { isBitTable, ITEM_TYPES, registersOf, type ItemType, type Table } from './item-types.ts';

/**
 * A tag's full Modbus address: where (unit, table, register, bit) and how to decode it (type, order,
 * length, array). Reads, writes and the planner all work from this, never from the address text alone.
 */
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
  /** Values in an array item (`[n]`); absent for a single value. */
  arrayLength?: number;
  pollGroup?: string;
  /** The function code a write uses when the device wants another than the default (FC15 for one coil, FC16 for one register). */
  writeFunction?: WriteFunction;
  /** Coils or registers the item spans. */
  count: number;
  /** Items with the same key read the same thing. */
  key: string;
}

const OPTION_NAMES = ['type', 'order', 'bit', 'length', 'unitId', 'pollGroup', 'writeFunction'];
export const WRITE_FUNCTIONS = [5, 6, 15, 16] as const;
export type WriteFunction = (typeof WRITE_FUNCTIONS)[number];
/** Tag data types that decode a register as they are; `bool` on a register without `bit` reads it as uint16 (non-zero is true). */
const REGISTER_TYPE_OF_TAG: Readonly<Record<string, ItemType | undefined>> = {
  int16: 'int16',
  uint16: 'uint16',
  int32: 'int32',
  uint32: 'uint32',
  float32: 'float32',
  float64: 'float64',
  string: 'string',
};

/**
 * Parses an address (in the device's `addressSyntax`) with its tag options and checks them against the
 * device config. The register type is what the address names (Ignition's `HRF1`), else `options.type`,
 * else the tag's data type (`dataType`), else uint16; the address and the options may not disagree.
 */
export function parseItem(address: string, config: ModbusConfig, options: Readonly<Record<string, unknown>> = {}, dataType?: string): Result<ModbusItem> {
  const parsed = parseLocation(address, config.addressSyntax);
  if (!parsed.ok) return fail('config-error', formatAddressError(address, parsed.error));
  const location = parsed.value;
  const { table, address: start } = location;
  const unknown = Object.keys(options).filter((k) => !OPTION_NAMES.includes(k));
  if (unknown.length > 0) return fail('config-error', `unknown Modbus option(s) ${unknown.join(', ')} (known: ${OPTION_NAMES.join(', ')})`, `options.${unknown[0]}`);
  const { type: rawType, order: rawOrder, bit: rawBit, length: rawLength, unitId: rawUnit, pollGroup, writeFunction } = options;
  const name = address.trim();

  if (rawType !== undefined && !ITEM_TYPES.includes(rawType as ItemType)) {
    return fail('config-error', `type must be one of ${ITEM_TYPES.join(', ')}, not ${JSON.stringify(rawType)}`, 'options.type');
  }
  if (rawOrder !== undefined && !BYTE_ORDERS.includes(rawOrder as ByteOrder)) {
    return fail('config-error', `order must be one of ${BYTE_ORDERS.join(', ')}, not ${JSON.stringify(rawOrder)}`, 'options.order');
  }
  const agree = <T>(what: string, fromAddress: T | undefined, fromOptions: unknown): Result<void> =>
    fromAddress !== undefined && fromOptions !== undefined && fromAddress !== fromOptions
      ? fail('config-error', `${name} says ${what} ${String(fromAddress)}; options.${what} says ${JSON.stringify(fromOptions)}: give it once`, `options.${what}`)
      : ok(undefined);
  for (const check of [
    agree('bit', location.bit, rawBit),
    agree('unitId', location.unitId, rawUnit),
    agree('length', location.length, rawLength),
    agree('order', location.order, rawOrder),
    location.bit === undefined ? agree('type', location.type, rawType) : ok(undefined),
  ]) {
    if (!check.ok) return check;
  }
  const bit = location.bit ?? rawBit;
  const length = location.length ?? rawLength;

  const bitTable = isBitTable(table);
  const fromTag = dataType === undefined ? undefined : REGISTER_TYPE_OF_TAG[dataType];
  const type: ItemType = location.type ?? (rawType as ItemType | undefined) ?? (bitTable || bit !== undefined ? 'bool' : (fromTag ?? 'uint16'));
  if (bitTable && type !== 'bool') return fail('config-error', `${name}: a ${TABLE_NAMES[table]} holds one bit: its type is bool, not ${type}`, 'options.type');
  if (bit !== undefined) {
    if (bitTable) return fail('config-error', `${name}: bit selects a bit of a register; a ${TABLE_NAMES[table]} is already one bit`, 'options.bit');
    if (!Number.isInteger(bit) || (bit as number) < 0 || (bit as number) > 15) return fail('config-error', `bit must be an integer 0..15 (0 = least significant), not ${JSON.stringify(bit)}`, 'options.bit');
    if (type !== 'bool') return fail('config-error', `a single bit (bit: ${String(bit)}) is read as type bool, not ${type}`, 'options.type');
    if (location.arrayLength !== undefined) return fail('config-error', `${name}: an array of register bits is not supported`);
  } else if (type === 'bool' && !bitTable) {
    return fail('config-error', `${name}: a bool from a ${TABLE_NAMES[table]} needs bit (0..15)`, 'options.bit');
  }
  if (type === 'string') {
    if (!Number.isInteger(length) || (length as number) < 1) return fail('config-error', `a string needs length: its number of characters (1..${config.maxRegistersPerRequest * 2})`, 'options.length');
  } else if (length !== undefined) {
    return fail('config-error', `length is only for type string (this is ${type})`, 'options.length');
  }
  const each = bitTable ? 1 : registersOf(type, length as number | undefined);
  const count = each * (location.arrayLength ?? 1);
  const limit = bitTable ? config.maxBitsPerRequest : config.maxRegistersPerRequest;
  if (count > limit) {
    return fail('config-error', `${name}: ${count} ${bitTable ? 'coils' : 'registers'} do not fit in one request (the device reads at most ${limit})`);
  }
  if (start + count > 65536) return fail('config-error', `${name}: ${location.arrayLength ? `${location.arrayLength} × ` : ''}${type} runs past address 65535`);
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
      const why = allowed.length === 0 ? `${name} is not written with a function code of its own` : `writes to ${name} use ${allowed.join(' or ')}`;
      return fail('config-error', `writeFunction ${JSON.stringify(writeFunction)}: ${why}`, 'options.writeFunction');
    }
  }
  const unitId = location.unitId ?? (rawUnit as number | undefined) ?? config.unitId;
  const order = location.order ?? (rawOrder as ByteOrder | undefined) ?? config.order;
  const item: ModbusItem = { table, address: start, unitId, type, order, count, key: '' };
  if (bit !== undefined) item.bit = bit as number;
  if (length !== undefined) item.length = length as number;
  if (location.arrayLength !== undefined) item.arrayLength = location.arrayLength;
  if (pollGroup !== undefined) item.pollGroup = pollGroup as string;
  if (writeFunction !== undefined) item.writeFunction = writeFunction as WriteFunction;
  item.key = `${unitId}/${table}:${start}/${type}/${order}/${item.bit ?? ''}/${item.length ?? ''}/${item.arrayLength ?? ''}`;
  return ok(item);
}
