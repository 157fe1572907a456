import type { Result } from '../../common/result.ts';
import { isBitTable, TABLE_NAMES, type ByteOrder, type ItemType, type Table } from './item-types.ts';

/**
 * The three ways people write Modbus addresses. A device picks one (`addressSyntax`), so an address in
 * the project file is read one way only:
 * - `lineside` (default): `hr:0` — the zero-based protocol address, as sent on the wire — and also the
 *   Modicon references below (they start with a digit, so nothing is read two ways);
 * - `modicon`: Kepware/Modicon one-based references: `40001` / `400001` = holding register 0,
 *   `40001.3` its bit 3, `40001.20H` a string of 20 characters (H: high byte first, L: low first);
 * - `ignition`: Ignition's designators, one-based: `HR1` = holding register 0 (int16), `HRF1` float32,
 *   `HRS1:20` a string, `2.HR1` on unit 2.
 * Every syntax takes `.b` for bit b of a register and `[n]` for an array of n values.
 */
export const ADDRESS_SYNTAXES = ['lineside', 'modicon', 'ignition'] as const;
export type AddressSyntax = (typeof ADDRESS_SYNTAXES)[number];

/** What an address says by itself; options and the tag's data type fill in the rest. */
export interface Location {
  table: Table;
  /** Zero-based protocol address of the first coil or register. */
  address: number;
  /** Ignition's `2.HR1`. */
  unitId?: number;
  bit?: number;
  /** The type the address names (an Ignition designator, a Kepware string). */
  type?: ItemType;
  /** Characters of a string the address names. */
  length?: number;
  /** The byte order the address names (Kepware's `L` strings: low byte first). */
  order?: ByteOrder;
  /** `[n]`: n consecutive values. */
  arrayLength?: number;
}

/** Why an address does not parse, and where: `column` is 1-based in the text as written. */
export interface AddressError {
  message: string;
  column: number;
}

export function formatAddressError(text: string, error: AddressError): string {
  return `'${text}' at column ${error.column}: ${error.message}`;
}

export const MAX_ARRAY_LENGTH = 2000;
const LINESIDE_TABLES: Readonly<Record<string, Table>> = { hr: 'hr', ir: 'ir', co: 'co', di: 'di' };
const MODICON_TABLES: Readonly<Record<string, Table>> = { '0': 'co', '1': 'di', '3': 'ir', '4': 'hr' };
const MODICON_DIGIT: Readonly<Record<Table, string>> = { co: '0', di: '1', ir: '3', hr: '4' };
/** The 6-digit Modicon reference of a zero-based protocol address: hr 0 → 400001. */
function modiconOf(table: Table, address: number): string {
  return `${MODICON_DIGIT[table]}${String(address + 1).padStart(5, '0')}`;
}
/** Ignition's designators: the table and the type each names. */
const IGNITION: Readonly<Record<string, readonly [Table, ItemType]>> = {
  C: ['co', 'bool'],
  DI: ['di', 'bool'],
  HR: ['hr', 'int16'],
  HRUS: ['hr', 'uint16'],
  HRI: ['hr', 'int32'],
  HRUI: ['hr', 'uint32'],
  HRI_64: ['hr', 'int64'],
  HRUI_64: ['hr', 'uint64'],
  HRF: ['hr', 'float32'],
  HRD: ['hr', 'float64'],
  HRBCD: ['hr', 'bcd16'],
  HRBCD_32: ['hr', 'bcd32'],
  HRS: ['hr', 'string'],
  IR: ['ir', 'int16'],
  IRUS: ['ir', 'uint16'],
  IRI: ['ir', 'int32'],
  IRUI: ['ir', 'uint32'],
  IRI_64: ['ir', 'int64'],
  IRUI_64: ['ir', 'uint64'],
  IRF: ['ir', 'float32'],
  IRD: ['ir', 'float64'],
  IRBCD: ['ir', 'bcd16'],
  IRBCD_32: ['ir', 'bcd32'],
  IRS: ['ir', 'string'],
};
/** Longest first, so `HRBCD_32` is not read as `HRBCD` followed by `_32`. */
const IGNITION_DESIGNATORS = Object.keys(IGNITION).sort((a, b) => b.length - a.length);
const HINTS: Record<AddressSyntax, string> = {
  lineside: 'write hr:<n>, ir:<n>, co:<n> or di:<n> (zero-based), or a Modicon reference such as 40001',
  modicon: 'write a Modicon reference: 0xxxx coil, 1xxxx discrete input, 3xxxx input register, 4xxxx holding register (one-based, 5 or 6 digits)',
  ignition: 'write an Ignition address such as HR1, HRF1, IR1, C1, DI1 (one-based) or 2.HR1 for unit 2',
};

type Parsed = Result<Location, AddressError>;

/** A cursor over the address text that knows its column for errors. */
class Scanner {
  readonly text: string;
  pos: number;
  readonly end: number;

  constructor(text: string) {
    this.text = text;
    let start = 0;
    let end = text.length;
    while (start < end && /\s/.test(text.charAt(start))) start++;
    while (end > start && /\s/.test(text.charAt(end - 1))) end--;
    this.pos = start;
    this.end = end;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  peek(offset = 0): string {
    return this.pos + offset < this.end ? this.text.charAt(this.pos + offset) : '';
  }

  skipSpaces(): void {
    while (!this.done && /\s/.test(this.peek())) this.pos++;
  }

  /** A run of decimal digits (at most `max`), or undefined when none is here. */
  digits(): { text: string; at: number } | undefined {
    const at = this.pos;
    while (!this.done && /[0-9]/.test(this.peek())) this.pos++;
    return this.pos > at ? { text: this.text.slice(at, this.pos), at } : undefined;
  }

  letters(): string {
    const at = this.pos;
    while (!this.done && /[A-Za-z_]/.test(this.peek())) this.pos++;
    return this.text.slice(at, this.pos);
  }

  fail(message: string, at = this.pos): { ok: false; error: AddressError } {
    return { ok: false, error: { message, column: at + 1 } };
  }

  /** What is at the cursor, in words, for "expected X, found Y". */
  found(): string {
    return this.done ? 'the end' : `'${this.peek()}'`;
  }
}

/** A whole number within min..max from the scanner, or a positioned error naming `what`. */
function number(s: Scanner, what: string, min: number, max: number): Result<number, AddressError> {
  const digits = s.digits();
  if (!digits) return s.fail(`expected ${what} (${min}..${max}), found ${s.found()}`);
  const value = digits.text.length > 7 ? Number.POSITIVE_INFINITY : Number(digits.text);
  if (value < min || value > max) return s.fail(`${what} must be ${min}..${max}, not ${digits.text}`, digits.at);
  return { ok: true, value };
}

/** Parses one address in the device's syntax; never throws. */
export function parseLocation(text: string, syntax: AddressSyntax): Parsed {
  const s = new Scanner(text);
  if (s.done) return s.fail(`an address is needed: ${HINTS[syntax]}`);
  let parsed: Parsed;
  switch (syntax) {
    case 'lineside':
      parsed = /[0-9]/.test(s.peek()) ? modicon(s, syntax) : lineside(s);
      break;
    case 'modicon':
      parsed = modicon(s, syntax);
      break;
    case 'ignition':
      parsed = ignition(s);
      break;
  }
  if (!parsed.ok) return parsed;
  const location = parsed.value;
  const array = arraySuffix(s, location);
  if (!array.ok) return array;
  if (!s.done) return s.fail(`unexpected ${s.found()} after the address: ${HINTS[syntax]}`);
  return parsed;
}

function lineside(s: Scanner): Parsed {
  const at = s.pos;
  const word = s.letters();
  const table = LINESIDE_TABLES[word.toLowerCase()];
  const designator = IGNITION[word.toUpperCase()];
  if (designator && /[0-9]/.test(s.peek())) {
    const n = s.digits()!;
    const number = Number(n.text);
    const table = designator[0];
    const meant = number >= 1 && number <= 65536 ? `Ignition's ${word}${n.text} is ${table}:${number - 1}${number <= 65535 ? ` and ${TABLE_NAMES[table]} ${number} is ${table}:${number}` : ''}` : `write ${table}:<n>`;
    return s.fail(`'${word}${n.text}' looks like Ignition's one-based form, but this device reads the lineside syntax (zero-based, with a colon): ${meant}; or set the device's addressSyntax to "ignition"`, at);
  }
  if (table === undefined) {
    return s.fail(`expected hr:, ir:, co: or di: (or a Modicon reference such as 40001), found ${word ? `'${word}'` : s.found()}`, at);
  }
  s.skipSpaces();
  if (s.peek() !== ':') return s.fail(`expected ':' after '${word}', found ${s.found()}`);
  s.pos++;
  s.skipSpaces();
  const address = number(s, `the ${TABLE_NAMES[table]} number`, 0, 65535);
  if (!address.ok) return address;
  return bitSuffix(s, { table, address: address.value });
}

/** `40001`, `400001` (one-based, after the table digit), then `.3` (a bit) or `.20H` / `.20L` (a string). */
function modicon(s: Scanner, syntax: AddressSyntax): Parsed {
  const digits = s.digits();
  if (!digits) {
    const at = s.pos;
    const word = s.letters();
    const table = LINESIDE_TABLES[word.toLowerCase()];
    s.skipSpaces();
    if (table && s.peek() === ':') {
      s.pos++;
      s.skipSpaces();
      const n = s.digits();
      const example = n && Number(n.text) <= 65535 ? modiconOf(table, Number(n.text)) : modiconOf(table, 0);
      return s.fail(`'${word}:' is the lineside syntax; this device reads Modicon references (one-based): write ${example}, or set the device's addressSyntax to "lineside"`, at);
    }
    const designator = IGNITION[word.toUpperCase()];
    const n = designator ? s.digits() : undefined;
    if (designator && n) {
      const example = modiconOf(designator[0], Math.min(65535, Math.max(0, Number(n.text) - 1)));
      return s.fail(`'${word}${n.text}' is Ignition's form; this device reads Modicon references: write ${example}, or set the device's addressSyntax to "ignition"`, at);
    }
    s.pos = at;
    return s.fail(`expected a Modicon reference, found ${s.found()}: ${HINTS[syntax]}`);
  }
  const table = MODICON_TABLES[digits.text.charAt(0)];
  if (table === undefined) return s.fail(`a Modicon reference starts with 0 (coil), 1 (discrete input), 3 (input register) or 4 (holding register), not ${digits.text.charAt(0)}`, digits.at);
  if (digits.text.length !== 5 && digits.text.length !== 6) {
    return s.fail(`a Modicon reference has 5 or 6 digits (40001 or 400001), not ${digits.text.length}`, digits.at);
  }
  const item = Number(digits.text.slice(1));
  const max = digits.text.length === 5 ? 9999 : 65536;
  if (item < 1 || item > max) return s.fail(`the number after the table digit is one-based: 1..${max}, not ${digits.text.slice(1)}`, digits.at + 1);
  const location: Location = { table, address: item - 1 };
  if (s.peek() !== '.') return { ok: true, value: location };
  // `.3` is a bit; `.20H` a Kepware string of 20 characters.
  const dot = s.pos;
  s.pos++;
  const n = s.digits();
  const kind = s.peek().toUpperCase();
  if (n && (kind === 'H' || kind === 'L')) {
    s.pos++;
    if (isBitTable(table)) return s.fail(`a string needs registers; a ${TABLE_NAMES[table]} is one bit`, dot);
    const length = Number(n.text.length > 4 ? Infinity : n.text);
    if (length < 1 || length > 250) return s.fail(`a string is 1..250 characters, not ${n.text}`, n.at);
    location.type = 'string';
    location.length = length;
    if (kind === 'L') location.order = 'BADC';
    return { ok: true, value: location };
  }
  s.pos = dot;
  return bitSuffix(s, location);
}

/** `HR1`, `HRF100`, `HRS1:20`, `2.HR1`, `HR1.3`. */
function ignition(s: Scanner): Parsed {
  let unitId: number | undefined;
  if (/[0-9]/.test(s.peek())) {
    const unit = number(s, 'the unit id', 0, 255);
    if (!unit.ok) return unit;
    if (s.peek() !== '.') return s.fail(`expected '.' after the unit id, then a designator such as HR1, found ${s.found()}`);
    s.pos++;
    unitId = unit.value;
  }
  const at = s.pos;
  const rest = s.text.slice(s.pos, s.end).toUpperCase();
  const designator = IGNITION_DESIGNATORS.find((d) => rest.startsWith(d));
  if (designator === undefined) {
    return s.fail(`expected an Ignition designator (C, DI, IR, HR, HRUS, HRI, HRUI, HRF, HRD, HRI_64, HRUI_64, HRBCD, HRBCD_32, HRS, or IR…), found ${s.found()}`);
  }
  s.pos += designator.length;
  const [table, type] = IGNITION[designator]!;
  if (s.peek() === ':' && LINESIDE_TABLES[designator.toLowerCase()]) {
    return s.fail(`'${designator}:' is the lineside syntax; this device reads Ignition's: write ${designator}<n> (one-based), or set the device's addressSyntax to "lineside"`, at);
  }
  const address = number(s, `the ${TABLE_NAMES[table]} number (one-based)`, 1, 65536);
  if (!address.ok) return address;
  const location: Location = { table, address: address.value - 1 };
  if (unitId !== undefined) location.unitId = unitId;
  if (!isBitTable(table)) location.type = type;
  if (type === 'string') {
    if (s.peek() !== ':') return s.fail(`${designator} is a string: give its length in characters, e.g. ${designator}${address.value}:20`);
    s.pos++;
    const length = number(s, 'the string length in characters', 1, 250);
    if (!length.ok) return length;
    location.length = length.value;
    return { ok: true, value: location };
  }
  if (s.peek() === ':') return s.fail(`':<length>' is only for strings (HRS, IRS), not ${designator}`);
  return bitSuffix(s, location);
}

/** `.b`: bit b (0 = least significant) of a register. */
function bitSuffix(s: Scanner, location: Location): Parsed {
  if (s.peek() !== '.') return { ok: true, value: location };
  const dot = s.pos;
  s.pos++;
  if (isBitTable(location.table)) return s.fail(`a ${TABLE_NAMES[location.table]} is already one bit: '.bit' is for registers`, dot);
  const bit = number(s, 'the bit number', 0, 15);
  if (!bit.ok) return bit;
  if (location.type !== undefined && location.type !== 'int16' && location.type !== 'uint16') {
    return s.fail(`a bit is taken from a 16-bit register, not from a ${location.type}`, dot);
  }
  location.bit = bit.value;
  location.type = 'bool';
  return { ok: true, value: location };
}

/** `[n]`: n consecutive values of the item's type. */
function arraySuffix(s: Scanner, location: Location): Result<void, AddressError> {
  if (s.peek() !== '[') return { ok: true, value: undefined };
  const open = s.pos;
  s.pos++;
  if (location.bit !== undefined) return s.fail('an array of register bits is not supported: read the register as uint16, or one tag per bit', open);
  const length = number(s, 'the array length', 1, MAX_ARRAY_LENGTH);
  if (!length.ok) return length;
  if (s.peek() !== ']') return s.fail(`expected ']' to close the array, found ${s.found()}`);
  s.pos++;
  location.arrayLength = length.value;
  return { ok: true, value: undefined };
}
