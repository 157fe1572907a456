/** The four Modbus tables: coils, discrete inputs, holding registers, input registers. */
export type Table = 'co' | 'di' | 'hr' | 'ir';

/** How the coils or registers of one item are decoded. */
export const ITEM_TYPES = ['bool', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64', 'bcd16', 'bcd32', 'string'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** Byte and word order of a multi-byte item: `ABCD` big-endian, high word first (README.md, "byte/word order"). */
export const BYTE_ORDERS = ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const;
export type ByteOrder = (typeof BYTE_ORDERS)[number];

export const TABLE_NAMES: Record<Table, string> = { co: 'coil', di: 'discrete input', hr: 'holding register', ir: 'input register' };

export function isBitTable(table: Table): boolean {
  return table === 'co' || table === 'di';
}

/** Registers one value of `type` spans (`length`: characters of a string, two per register). */
export function registersOf(type: ItemType, length = 0): number {
  switch (type) {
    case 'bool':
    case 'int16':
    case 'uint16':
    case 'bcd16':
      return 1;
    case 'int32':
    case 'uint32':
    case 'float32':
    case 'bcd32':
      return 2;
    case 'int64':
    case 'uint64':
    case 'float64':
      return 4;
    case 'string':
      return Math.ceil(length / 2);
  }
}
