import { crc32 } from 'node:zlib';
import { BitReader, BitWriter, CorruptBlockError } from './bits.ts';
import { DecimalDeltas, MAX_DECIMALS, readDecimalDeltas } from './decimals.ts';
import { IntRuns, isRunInt, readIntRuns, readRuns, readXorFloats, RunWriter, XorFloats } from './streams.ts';
import { DodTimes, RawTimes, readDodTimes, readRawTimes } from './times.ts';

export { CorruptBlockError } from './bits.ts';

/**
 * A block of one tag's samples, losslessly compressed:
 *
 *   0  'L' (0x4c)   1  format version   2  flags (bit 0: integer runs, bit 1: raw times, bit 2: decimals)
 *   3  decimal places (0-6) with bit 2, else 0
 *   4  sample count (u32 LE)            8  CRC-32 of every byte of the block except these four
 *   12 five section lengths (varints), then the sections: times, value kinds, numbers, strings, qualities
 *
 * Times are delta-of-delta coded; numbers XOR coded (Gorilla), or when all are integers as runs of
 * deltas, or when all are decimals of a few places as deltas of k in v = k / 10^d (the smallest wins); kinds (number / no value / string), strings and quality codes as runs.
 */
export const BLOCK_VERSION = 1;
const MAGIC = 0x4c;
const HEADER = 12;
const INT_RUNS = 1;
const RAW_TIMES = 2;
const DECIMALS = 4;
const SECTIONS = ['times', 'kinds', 'numbers', 'strings', 'qualities'] as const;

/** The most samples one block takes. */
export const MAX_BLOCK_SAMPLES = 65_536;

export const KIND_NUMBER = 0;
export const KIND_NULL = 1;
export const KIND_STRING = 2;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** One tag's samples in a block, growing sample by sample; `bytes()` gives the block as it stands, any time. */
export class BlockEncoder {
  count = 0;
  firstT = Number.NaN;
  lastT = Number.NaN;
  private times: DodTimes | RawTimes | undefined;
  private readonly kinds = new RunWriter<number>((w, k) => w.writeVarint(k));
  private readonly floats = new XorFloats();
  /** Kept alongside the floats while every number is a (small enough) integer; usually much smaller then. */
  private ints: IntRuns | undefined = new IntRuns();
  /** Kept alongside while every number is a short decimal (k / 10^d exactly). */
  private decimals: DecimalDeltas | undefined = new DecimalDeltas();
  private readonly strings = new RunWriter<string>((w, s) => {
    const b = utf8.encode(s);
    w.writeVarint(b.length);
    for (const byte of b) w.writeBits(byte, 8);
  });
  private readonly qualities = new RunWriter<number>((w, q) => w.writeVarint(q));

  /** Adds a sample; false (nothing added) when the block is full or the time cannot join its times: seal it and start another. */
  add(t: number, v: number | string | null, q: number): boolean {
    if (!this.times) this.times = new DodTimes().fits(t) ? new DodTimes() : new RawTimes();
    if (!this.times.fits(t) || this.count >= MAX_BLOCK_SAMPLES) return false;
    if (!Number.isInteger(q) || q < 0 || q > 0xffffffff) throw new Error(`quality ${q} is not a 32-bit status code`);
    this.times.add(t);
    if (typeof v === 'number') {
      this.kinds.add(KIND_NUMBER);
      this.floats.add(v);
      if (this.ints && isRunInt(v)) this.ints.add(v);
      else this.ints = undefined;
      if (this.decimals && !this.decimals.add(v)) this.decimals = undefined;
    } else if (v === null) this.kinds.add(KIND_NULL);
    else {
      this.kinds.add(KIND_STRING);
      this.strings.add(v);
    }
    this.qualities.add(q);
    if (this.count++ === 0) this.firstT = t;
    this.lastT = t;
    return true;
  }

  /** The block with everything added so far (the encoder goes on taking samples). */
  bytes(): Uint8Array {
    // Each section straight into the block: no copy per section (this runs for every open block with every batch).
    let numbers: BitWriter | Uint8Array = this.floats.section();
    let mode = 0;
    const ints = this.ints?.section(SCRATCH[2]!);
    if (ints && ints.byteLength <= numbers.byteLength) ((numbers = ints), (mode = INT_RUNS));
    const decimals = this.decimals?.bytes();
    if (decimals && decimals.length < numbers.byteLength) ((numbers = decimals), (mode = DECIMALS));
    const sections = [this.times?.section(SCRATCH[0]!) ?? EMPTY, this.kinds.section(SCRATCH[1]!), numbers, this.strings.section(SCRATCH[3]!), this.qualities.section(SCRATCH[4]!)];
    let lengthBytes = 0;
    let total = 0;
    for (const s of sections) {
      const n = s.byteLength;
      lengthBytes += varintSize(n);
      total += n;
    }
    const out = new Uint8Array(HEADER + lengthBytes + total);
    out[0] = MAGIC;
    out[1] = BLOCK_VERSION;
    out[2] = mode | (this.times instanceof RawTimes ? RAW_TIMES : 0);
    out[3] = mode === DECIMALS ? this.decimals!.decimals : 0;
    putUint32(out, 4, this.count);
    let at = HEADER;
    for (const s of sections) {
      let n = s.byteLength;
      while (n >= 128) ((out[at++] = (n % 128) | 128), (n = Math.floor(n / 128)));
      out[at++] = n;
    }
    for (const s of sections) {
      if (s instanceof Uint8Array) out.set(s, at);
      else s.copyTo(out, at);
      at += s.byteLength;
    }
    putUint32(out, 8, blockCrc(out));
    return out;
  }
}

/** Writers the streams finish their open runs into while a block is put together (one per section; `bytes()` is not re-entered). */
const SCRATCH = SECTIONS.map(() => new BitWriter());
const EMPTY = new Uint8Array(0);
const varintSize = (n: number) => (n < 128 ? 1 : n < 16_384 ? 2 : n < 2_097_152 ? 3 : n < 268_435_456 ? 4 : 5);

function putUint32(out: Uint8Array, at: number, v: number): void {
  out[at] = v;
  out[at + 1] = v >>> 8;
  out[at + 2] = v >>> 16;
  out[at + 3] = v >>> 24;
}

function blockCrc(block: Uint8Array): number {
  return crc32(block.subarray(HEADER), crc32(block.subarray(0, 8)));
}

/** A decoded block, columnar: `num` holds the numbers (0 where the kind is not a number), `text` the strings. */
export interface DecodedBlock {
  count: number;
  t: Float64Array;
  kind: Uint8Array;
  num: Float64Array;
  text: Array<string | undefined>;
  q: Uint32Array;
}

export function valueOf(block: DecodedBlock, i: number): number | string | null {
  const kind = block.kind[i];
  return kind === KIND_NUMBER ? block.num[i]! : kind === KIND_STRING ? block.text[i]! : null;
}

/** Decodes a block; anything wrong with it (checksum, version, lengths, streams) is a CorruptBlockError saying what. */
export function decodeBlock(bytes: Uint8Array): DecodedBlock {
  if (bytes.length < HEADER) throw new CorruptBlockError(`${bytes.length} bytes, shorter than the ${HEADER}-byte header`);
  if (bytes[0] !== MAGIC) throw new CorruptBlockError(`it does not start with the block mark (0x${bytes[0]!.toString(16)})`);
  if (bytes[1] !== BLOCK_VERSION) throw new CorruptBlockError(`format version ${bytes[1]}; this version of Lineside reads version ${BLOCK_VERSION}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8, true) !== blockCrc(bytes)) throw new CorruptBlockError('the checksum does not match its content');
  const flags = bytes[2]!;
  if ((flags & ~(INT_RUNS | RAW_TIMES | DECIMALS)) !== 0 || (flags & INT_RUNS && flags & DECIMALS)) throw new CorruptBlockError(`unknown flags 0x${flags.toString(16)}`);
  const places = bytes[3]!;
  if (flags & DECIMALS ? places > MAX_DECIMALS : places !== 0) throw new CorruptBlockError(`${places} decimal places`);
  const count = view.getUint32(4, true);
  // No encoder makes more (and a damaged count must not allocate gigabytes).
  if (count > MAX_BLOCK_SAMPLES) throw new CorruptBlockError(`${count} samples, more than a block holds (${MAX_BLOCK_SAMPLES})`);
  const lengths = new BitReader(bytes.subarray(HEADER), 'header');
  const sizes = SECTIONS.map(() => lengths.readVarint());
  const at = HEADER + lengths.bytesRead;
  if (at + sizes.reduce((sum, n) => sum + n, 0) !== bytes.length) throw new CorruptBlockError(`its sections do not add up to its ${bytes.length} bytes`);
  const section = (k: number): BitReader => {
    const start = at + sizes.slice(0, k).reduce((sum, n) => sum + n, 0);
    return new BitReader(bytes.subarray(start, start + sizes[k]!), SECTIONS[k]!);
  };
  const t = new Float64Array(count);
  if (flags & RAW_TIMES) readRawTimes(section(0), count, t);
  else readDodTimes(section(0), count, t);
  const kind = new Uint8Array(count);
  let numbers = 0;
  let strings = 0;
  readRuns(
    section(1),
    count,
    (r) => r.readVarint(),
    (k, from, n) => {
      if (k > KIND_STRING) throw new CorruptBlockError(`unknown value kind ${k}`);
      kind.fill(k, from, from + n);
      if (k === KIND_NUMBER) numbers += n;
      else if (k === KIND_STRING) strings += n;
    },
  );
  const packed = new Float64Array(numbers);
  if (flags & INT_RUNS) readIntRuns(section(2), numbers, packed);
  else if (flags & DECIMALS) readDecimalDeltas(section(2), numbers, places, packed);
  else readXorFloats(section(2), numbers, (i, v) => (packed[i] = v));
  const texts: string[] = [];
  readRuns(
    section(3),
    strings,
    (r) => {
      const n = r.readVarint();
      if (n > r.bitsLeft() / 8) throw new CorruptBlockError(`a string of ${n} bytes where fewer are left`);
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = r.readBits(8);
      try {
        return fromUtf8.decode(b);
      } catch {
        throw new CorruptBlockError('a string is not UTF-8');
      }
    },
    (s, _from, n) => {
      for (let k = 0; k < n; k++) texts.push(s);
    },
  );
  const q = new Uint32Array(count);
  readRuns(
    section(4),
    count,
    (r) => r.readVarint(),
    (code, from, n) => {
      if (code > 0xffffffff) throw new CorruptBlockError(`quality ${code} is not a 32-bit status code`);
      q.fill(code, from, from + n);
    },
  );
  const num = new Float64Array(count);
  const text: Array<string | undefined> = [];
  for (let i = 0, ni = 0, si = 0; i < count; i++) {
    if (kind[i] === KIND_NUMBER) num[i] = packed[ni++]!;
    else if (kind[i] === KIND_STRING) text[i] = texts[si++];
  }
  return { count, t, kind, num, text, q };
}
