import { BitReader, BitWriter, CorruptBlockError } from './bits.ts';

// The value streams of a block. Each one is written as samples arrive (an open block grows batch by
// batch) and can be turned into bytes at any moment without being closed.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('the history codec needs a little-endian machine');

/** Integers kept by the run-length number stream: small enough that deltas and zigzag stay exact. */
const MAX_RUN_INT = 2 ** 50;
export const isRunInt = (v: number) => Number.isInteger(v) && Math.abs(v) <= MAX_RUN_INT && !Object.is(v, -0);
const zigzag = (d: number) => (d >= 0 ? d * 2 : -d * 2 - 1);
const unzigzag = (z: number) => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
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
    if (this.count === 0) return this.w.bytes();
    const w = this.w.clone();
    this.flush(w);
    return w.bytes();
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

/** Timestamps as delta-of-delta (Gorilla), a run of unchanged steps as one code: a steady period costs a few bits per block. */
export class DodTimes {
  private readonly w = new BitWriter();
  private n = 0;
  private prev = 0;
  private prevDelta = 0;
  /** Delta-of-deltas of zero not written yet. */
  private zeros = 0;

  /** Integers within ±2^52 with steps up to 2^50 fit; anything else goes into a block of raw times. */
  fits(t: number): boolean {
    return Number.isInteger(t) && Math.abs(t) <= 2 ** 52 && (this.n === 0 || Math.abs(t - this.prev) <= 2 ** 50);
  }

  add(t: number): void {
    const w = this.w;
    if (this.n === 0) writeFloat(w, t);
    else {
      const delta = t - this.prev;
      if (this.n === 1) w.writeVarint(zigzag(delta));
      else {
        const z = zigzag(delta - this.prevDelta);
        if (z === 0) {
          if (++this.zeros === MAX_ZERO_RUN) (writeZeros(w, this.zeros), (this.zeros = 0));
        } else {
          if (this.zeros > 0) (writeZeros(w, this.zeros), (this.zeros = 0));
          if (z < 128) (w.writeBits(2, 2), w.writeBits(z, 7));
          else if (z < 512) (w.writeBits(6, 3), w.writeBits(z, 9));
          else if (z < 4096) (w.writeBits(14, 4), w.writeBits(z, 12));
          else (w.writeBits(15, 4), w.writeVarint(z));
        }
      }
      this.prevDelta = delta;
    }
    this.prev = t;
    this.n++;
  }

  bytes(): Uint8Array {
    if (this.zeros === 0) return this.w.bytes();
    const w = this.w.clone();
    writeZeros(w, this.zeros);
    return w.bytes();
  }
}

const MAX_ZERO_RUN = 65_536;
/** '0' and the run's length - 1 (Exp-Golomb). */
function writeZeros(w: BitWriter, n: number): void {
  w.writeBits(0, 1);
  w.writeExpGolomb(n - 1);
}

const DOD_BITS = [0, 7, 9, 12];

export function readDodTimes(r: BitReader, total: number, out: Float64Array): void {
  let prev = 0;
  let delta = 0;
  for (let i = 0; i < total; i++) {
    if (i === 0) prev = readFloat(r);
    else if (i === 1) prev += delta = unzigzag(r.readVarint());
    else if (r.readBit() === 0) {
      const n = r.readExpGolomb() + 1;
      if (i + n > total) throw new CorruptBlockError(`a run of ${n} steady times where ${total - i} are left`);
      for (let k = 0; k < n; k++) out[i + k] = prev += delta;
      i += n - 1;
      if (!Number.isSafeInteger(prev)) throw new CorruptBlockError(`timestamp ${i} (${prev}) is not a whole millisecond`);
      continue;
    } else {
      // '10', '110', '1110' or '1111' (the first 1 is read): how many bits (or a varint) the zigzagged delta-of-delta takes.
      let ones = 1;
      while (ones < 4 && r.readBit() === 1) ones++;
      const z = ones === 4 ? r.readVarint() : r.readBits(DOD_BITS[ones]!);
      prev += delta += unzigzag(z);
    }
    if (!Number.isSafeInteger(prev)) throw new CorruptBlockError(`timestamp ${i} (${prev}) is not a whole millisecond`);
    out[i] = prev;
  }
  r.expectEnd();
}

/** Any timestamps at all (fractions of a millisecond, far dates): 64 bits each. */
export class RawTimes {
  private readonly w = new BitWriter();
  fits(): boolean {
    return true;
  }
  add(t: number): void {
    writeFloat(this.w, t);
  }
  bytes(): Uint8Array {
    return this.w.bytes();
  }
}

export function readRawTimes(r: BitReader, total: number, out: Float64Array): void {
  for (let i = 0; i < total; i++) out[i] = readFloat(r);
  r.expectEnd();
}

function writeFloat(w: BitWriter, v: number): void {
  f64[0] = v;
  w.writeBits(u32[1]!, 32);
  w.writeBits(u32[0]!, 32);
}

function readFloat(r: BitReader): number {
  u32[1] = r.readBits(32);
  u32[0] = r.readBits(32);
  return f64[0]!;
}

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];
export const MAX_DECIMALS = POW10.length - 1;

/** The fewest decimals (from `from` up) with which v is exactly k / 10^d, or -1. */
function decimalsOf(v: number, from: number): number {
  if (Object.is(v, -0)) return -1;
  for (let d = from; d <= MAX_DECIMALS; d++) {
    const k = Math.round(v * POW10[d]!);
    if (Math.abs(k) <= MAX_RUN_INT && k / POW10[d]! === v) return d;
  }
  return -1;
}

/**
 * Numbers that are all decimals of at most 6 places (what instruments and PLCs deliver: 20.37, 1013.2) as
 * integers k (v is exactly k / 10^d as a double), the differences Rice-coded with the parameter that fits the
 * block best (a counter's steps of 0 and 1 take 1-3 bits, a noisy flow's about its entropy plus two).
 * A value with more places raises d (the block's earlier values are scaled; a block is small).
 */
export class DecimalDeltas {
  decimals = 0;
  private readonly ks: number[] = [];

  /** False when v is no such decimal: the caller drops this stream. */
  add(v: number): boolean {
    let k = Math.round(v * POW10[this.decimals]!);
    if (Math.abs(k) > MAX_RUN_INT || k / POW10[this.decimals]! !== v || Object.is(v, -0)) {
      const d = decimalsOf(v, this.decimals + 1);
      if (d < 0) return false;
      const scale = POW10[d - this.decimals]!;
      for (let i = 0; i < this.ks.length; i++) if (Math.abs((this.ks[i]! *= scale)) > MAX_RUN_INT) return false;
      this.decimals = d;
      k = Math.round(v * POW10[d]!);
    }
    this.ks.push(k);
    return true;
  }

  bytes(): Uint8Array {
    const { ks } = this;
    if (ks.length === 0) return new Uint8Array(0);
    const zz = new Float64Array(ks.length);
    let sum = 0;
    for (let i = 0; i < ks.length; i++) {
      zz[i] = zigzag(ks[i]! - (i > 0 ? ks[i - 1]! : 0));
      if (i > 0) sum += zz[i]!;
    }
    const mean = ks.length > 1 ? sum / (ks.length - 1) : 0;
    const guess = mean < 1 ? 0 : Math.min(RICE_MAX_K, Math.floor(Math.log2(mean)));
    let best = guess;
    let bestCost = Infinity;
    for (let k = Math.max(0, guess - 1); k <= Math.min(RICE_MAX_K, guess + 1); k++) {
      let cost = 0;
      for (let i = 0; i < zz.length; i++) {
        const q = Math.floor(zz[i]! / 2 ** k);
        cost += q < RICE_ESCAPE ? q + 1 + k : RICE_ESCAPE + 64;
      }
      if (cost < bestCost) ((bestCost = cost), (best = k));
    }
    const w = new BitWriter(Math.ceil(bestCost / 8) + 8);
    w.writeBits(best, 5);
    const scale = 2 ** best;
    for (let i = 0; i < zz.length; i++) {
      const z = zz[i]!;
      const q = Math.floor(z / scale);
      if (q >= RICE_ESCAPE) {
        w.writeBits(0xffffff, RICE_ESCAPE);
        w.writeVarint(z);
        continue;
      }
      if (q > 0) w.writeBits(2 ** q - 1, q);
      w.writeBits(0, 1);
      if (best > 0) w.writeBits(z - q * scale, best);
    }
    return w.bytes();
  }
}

const RICE_MAX_K = 30;
/** A quotient this large (this many ones) is written as the whole number instead. */
const RICE_ESCAPE = 24;

export function readDecimalDeltas(r: BitReader, total: number, decimals: number, out: Float64Array): void {
  const scale = POW10[decimals]!;
  if (total === 0) return r.expectEnd();
  const k = r.readBits(5);
  if (k > RICE_MAX_K) throw new CorruptBlockError(`Rice parameter ${k} of the numbers is out of range`);
  const step = 2 ** k;
  let value = 0;
  for (let i = 0; i < total; i++) {
    let q = 0;
    while (q < RICE_ESCAPE && r.readBit() === 1) q++;
    const z = q === RICE_ESCAPE ? r.readVarint() : q * step + (k > 0 ? r.readBits(k) : 0);
    value += unzigzag(z);
    if (Math.abs(value) > MAX_RUN_INT) throw new CorruptBlockError(`a decimal value (${value}) is out of range`);
    out[i] = value / scale;
  }
  r.expectEnd();
}
