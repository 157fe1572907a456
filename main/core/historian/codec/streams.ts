import { BitReader, BitWriter, CorruptBlockError } from './bits.ts';

// The value streams of a block. Each one is written as samples arrive (an open block grows batch by
// batch) and can be turned into bytes at any moment without being closed.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('the history codec needs a little-endian machine');

/** Integers kept by the run-length number stream: small enough that deltas and zigzag stay exact. */
export const MAX_RUN_INT = 2 ** 50;
export const isRunInt = (v: number) => Number.isInteger(v) && Math.abs(v) <= MAX_RUN_INT && !Object.is(v, -0);
export const zigzag = (d: number) => (d >= 0 ? d * 2 : -d * 2 - 1);
export const unzigzag = (z: number) => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
const ctz = (x: number) => 31 - Math.clz32(x & -x);

/** Runs of equal values: (value, count) pairs; the open run is written only into a copy when bytes are asked for. */
export class RunWriter<V> {
  private readonly w = new BitWriter();
  private value: V | undefined;
  private count = 0;
  private readonly put: (w: BitWriter, v: V) => void;

  constructor(put: (w: BitWriter, v: V) => void) {
    this.put = put;
  }

  add(v: V): void {
    if (this.count > 0 && v === this.value) {
      this.count++;
      return;
    }
    if (this.count > 0) this.flush(this.w);
    this.value = v;
    this.count = 1;
  }

  bytes(): Uint8Array {
    return this.section(new BitWriter()).bytes();
  }

  /** The finished stream: its writer, or (with the open run written) `scratch` made a copy of it. */
  section(scratch: BitWriter): BitWriter {
    if (this.count === 0) return this.w;
    this.flush(scratch.copyFrom(this.w));
    return scratch;
  }

  private flush(w: BitWriter): void {
    this.put(w, this.value as V);
    w.writeVarint(this.count);
  }
}

/** Reads `total` values written by a RunWriter. */
export function readRuns<V>(r: BitReader, total: number, get: (r: BitReader) => V, each: (v: V, from: number, count: number) => void): void {
  let i = 0;
  while (i < total) {
    const v = get(r);
    const count = r.readVarint();
    if (count === 0 || i + count > total) throw new CorruptBlockError(`a run of ${count} values where ${total - i} are left`);
    each(v, i, count);
    i += count;
  }
  r.expectEnd();
}

/** Numbers that are all integers: run-length coded deltas (a counter, a state, a boolean cost a few bytes per run). */
export class IntRuns {
  private readonly runs = new RunWriter<number>((w, z) => w.writeVarint(z));
  private prev = 0;

  add(v: number): void {
    this.runs.add(zigzag(v - this.prev));
    this.prev = v;
  }

  bytes(): Uint8Array {
    return this.runs.bytes();
  }

  section(scratch: BitWriter): BitWriter {
    return this.runs.section(scratch);
  }
}

export function readIntRuns(r: BitReader, total: number, out: Float64Array): void {
  let prev = 0;
  readRuns(
    r,
    total,
    (reader) => reader.readVarint(),
    (z, from, count) => {
      const d = unzigzag(z);
      for (let k = 0; k < count; k++) out[from + k] = prev += d;
    },
  );
}

/** Gorilla's XOR coding of float64 values: a repeated value is one bit, a close one a few; every bit pattern comes back. */
export class XorFloats {
  private readonly w = new BitWriter();
  private n = 0;
  private prevHi = 0;
  private prevLo = 0;
  private lz = -1;
  private tz = 0;

  add(v: number): void {
    f64[0] = v;
    const lo = u32[0]!;
    const hi = u32[1]!;
    const w = this.w;
    if (this.n++ === 0) {
      w.writeBits(hi, 32);
      w.writeBits(lo, 32);
    } else {
      const xh = (hi ^ this.prevHi) >>> 0;
      const xl = (lo ^ this.prevLo) >>> 0;
      if (xh === 0 && xl === 0) w.writeBits(0, 1);
      else {
        const lz = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl);
        const tz = xl !== 0 ? ctz(xl) : 32 + ctz(xh);
        if (this.lz >= 0 && lz >= this.lz && tz >= this.tz) {
          w.writeBits(2, 2);
          writeShifted(w, xh, xl, this.tz, 64 - this.lz - this.tz);
        } else {
          const lead = lz > 31 ? 31 : lz;
          const len = 64 - lead - tz;
          w.writeBits(3, 2);
          w.writeBits(lead, 5);
          w.writeBits(len - 1, 6);
          writeShifted(w, xh, xl, tz, len);
          this.lz = lead;
          this.tz = tz;
        }
      }
    }
    this.prevHi = hi;
    this.prevLo = lo;
  }

  bytes(): Uint8Array {
    return this.w.bytes();
  }

  section(): BitWriter {
    return this.w;
  }
}

function writeShifted(w: BitWriter, hi: number, lo: number, shift: number, len: number): void {
  let h: number;
  let l: number;
  if (shift >= 32) {
    l = hi >>> (shift - 32);
    h = 0;
  } else if (shift === 0) {
    l = lo;
    h = hi;
  } else {
    l = ((lo >>> shift) | (hi << (32 - shift))) >>> 0;
    h = hi >>> shift;
  }
  if (len > 32) {
    w.writeBits(h, len - 32);
    w.writeBits(l, 32);
  } else w.writeBits(l, len);
}

export function readXorFloats(r: BitReader, total: number, put: (i: number, v: number) => void): void {
  let hi = 0;
  let lo = 0;
  let lz = -1;
  let tz = 0;
  for (let i = 0; i < total; i++) {
    if (i === 0) {
      hi = r.readBits(32);
      lo = r.readBits(32);
    } else if (r.readBit() === 1) {
      let len: number;
      if (r.readBit() === 0) {
        if (lz < 0) throw new CorruptBlockError('a float reuses a bit window before one was set');
        len = 64 - lz - tz;
      } else {
        lz = r.readBits(5);
        len = r.readBits(6) + 1;
        if (lz + len > 64) throw new CorruptBlockError(`a float's bit window (${lz} + ${len}) is wider than 64 bits`);
        tz = 64 - lz - len;
      }
      let h = 0;
      let l: number;
      if (len > 32) {
        h = r.readBits(len - 32);
        l = r.readBits(32);
      } else l = r.readBits(len);
      if (tz >= 32) {
        hi ^= l * 2 ** (tz - 32);
        hi >>>= 0;
      } else if (tz === 0) {
        hi = (hi ^ h) >>> 0;
        lo = (lo ^ l) >>> 0;
      } else {
        hi = (hi ^ ((h << tz) | (l >>> (32 - tz)))) >>> 0;
        lo = (lo ^ (l << tz)) >>> 0;
      }
    }
    u32[0] = lo;
    u32[1] = hi;
    put(i, f64[0]!);
  }
  r.expectEnd();
}
