import { BitReader, BitWriter, CorruptBlockError } from './bits.ts';
import { MAX_RUN_INT, unzigzag, zigzag } from './streams.ts';

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
