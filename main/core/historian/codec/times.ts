import { BitReader, BitWriter, CorruptBlockError } from './bits.ts';
import { unzigzag, zigzag } from './streams.ts';

// A block's times: delta-of-delta for whole milliseconds, raw 64-bit floats for anything else.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

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
    return this.section(new BitWriter()).bytes();
  }

  /** The finished stream: its writer, or (with the pending zeros written) `scratch` made a copy of it. */
  section(scratch: BitWriter): BitWriter {
    if (this.zeros === 0) return this.w;
    writeZeros(scratch.copyFrom(this.w), this.zeros);
    return scratch;
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

  section(): BitWriter {
    return this.w;
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
