import { describe, expect, it } from 'vitest';
import { BlockEncoder, CorruptBlockError, decodeBlock, valueOf } from '../../main/core/historian/codec/block.ts';
import { seededRandom } from '../support/seeded-random.ts';

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
/** A float64 from its two 32-bit halves: NaN payloads, subnormals, -0 exactly as given. */
function fromBits(hi: number, lo: number): number {
  words[0] = lo;
  words[1] = hi;
  return bits[0]!;
}
function bitsOf(v: number): string {
  bits[0] = v;
  return `${words[1]!.toString(16)}:${words[0]!.toString(16)}`;
}

const SPECIAL = [
  Number.NaN,
  fromBits(0x7ff00000, 1),
  fromBits(0xfff80000, 0xdeadbeef),
  fromBits(0x7ff7ffff, 0xffffffff),
  Infinity,
  -Infinity,
  -0,
  0,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  fromBits(0x000fffff, 0xffffffff),
  Number.MAX_VALUE,
  2 ** 50,
  -(2 ** 50),
  2 ** 53,
];
const QUALITIES = [0, 0, 0, 0x40000000, 0x808a0000, 0x80310000];

type Sample = { t: number; v: number | string | null; q: number };

/** A random series: steady periods, jitter, equal timestamps, gaps, integer and float stretches, specials, nulls, strings, quality changes. */
function series(seed: number): Sample[] {
  const r = seededRandom(seed);
  const n = 1 + Math.floor(r() * 600);
  const out: Sample[] = [];
  let t = Math.floor(r() * 2 ** 41);
  let v = r() * 100;
  let q = 0;
  const style = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const step = r();
    t += step < 0.6 ? 1000 : step < 0.7 ? 0 : step < 0.85 ? Math.floor(r() * 50) : step < 0.95 ? Math.floor(r() * 3_600_000) : Math.floor(r() * 2 ** 36);
    const pick = r();
    let value: number | string | null;
    if (style === 4) value = pick < 0.03 ? Math.round(r() * 1e5) / 1e5 : pick < 0.05 ? SPECIAL[Math.floor(r() * SPECIAL.length)]! : Math.round((v += (r() - 0.5) * 2) * 100) / 100;
    else if (style === 0) value = Math.round(r() * 3) === 0 ? (v += 1) : v;
    else if (style === 1) value = r() < 0.9 ? (r() < 0.5 ? 1 : 0) : Math.floor(r() * 7);
    else if (pick < 0.05) value = SPECIAL[Math.floor(r() * SPECIAL.length)]!;
    else if (pick < 0.08) value = null;
    else if (pick < 0.1 && style === 3) value = ['RUN', 'STOP', 'Ölpumpe ✓', ''][Math.floor(r() * 4)]!;
    else if (pick < 0.5) value = v += (r() - 0.5) * 0.01;
    else value = fromBits(Math.floor(r() * 2 ** 32), Math.floor(r() * 2 ** 32));
    if (r() < 0.03) q = QUALITIES[Math.floor(r() * QUALITIES.length)]!;
    out.push({ t, v: value, q });
  }
  return out;
}

/** Encodes a series (into as many blocks as its times need) and decodes it back. */
function roundTrip(samples: Sample[], snapshotEvery = 0): { blocks: Uint8Array[]; back: Sample[] } {
  const blocks: Uint8Array[] = [];
  let enc = new BlockEncoder();
  samples.forEach((s, i) => {
    if (!enc.add(s.t, s.v, s.q)) {
      blocks.push(enc.bytes());
      enc = new BlockEncoder();
      expect(enc.add(s.t, s.v, s.q)).toBe(true);
    }
    // The open block is turned into bytes between batches and must go on growing correctly.
    if (snapshotEvery > 0 && i % snapshotEvery === 0) decodeBlock(enc.bytes());
  });
  blocks.push(enc.bytes());
  const back: Sample[] = [];
  for (const b of blocks) {
    const d = decodeBlock(b);
    for (let i = 0; i < d.count; i++) back.push({ t: d.t[i]!, v: valueOf(d, i), q: d.q[i]! });
  }
  return { blocks, back };
}

const exact = (s: Sample[]) => s.map((p) => `${bitsOf(p.t)} ${typeof p.v === 'number' ? bitsOf(p.v) : JSON.stringify(p.v)} ${p.q}`);

describe('history block codec', () => {
  it('gives back every series bit for bit (seeded random series: specials, equal times, gaps, kinds, quality changes)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const samples = series(seed);
      const { back } = roundTrip(samples, seed % 5 === 0 ? 37 : 0);
      expect(exact(back), `seed ${seed}`).toEqual(exact(samples));
    }
  });

  it('keeps NaN payloads, ±Infinity, -0 and subnormals exactly, in XOR, integer and decimal blocks', () => {
    const samples = SPECIAL.map((v, i) => ({ t: 1_000_000 + i, v, q: 0 }));
    expect(exact(roundTrip(samples).back)).toEqual(exact(samples));
    // -0 among integers must not become 0 through the integer runs.
    const ints = [3, 4, -0, 5].map((v, i) => ({ t: i, v, q: 0 }));
    expect(exact(roundTrip(ints).back)).toEqual(exact(ints));
    // A decimal block raises its places as a value needs more (the earlier ones written again), and falls back to XOR for 0.1 + 0.2.
    const decimals = [1.5, 2.25, 3, 0.001, 1e-6, 7, 0.1 + 0.2].map((v, i) => ({ t: i, v, q: 0 }));
    expect(exact(roundTrip(decimals.slice(0, 6)).back)).toEqual(exact(decimals.slice(0, 6)));
    expect(exact(roundTrip(decimals).back)).toEqual(exact(decimals));
  });

  it('takes times no millisecond stream can hold (fractions, far dates) in a block of raw times', () => {
    const samples = [0.5, 1e300, -3, -3].map((t, i) => ({ t, v: i, q: 0 }));
    const { blocks, back } = roundTrip(samples);
    expect(exact(back)).toEqual(exact(samples));
    expect(blocks.length).toBe(1);
    // An integer block refuses a fraction: the caller seals it and starts another.
    const enc = new BlockEncoder();
    expect(enc.add(1000, 1, 0)).toBe(true);
    expect(enc.add(1000.5, 1, 0)).toBe(false);
    expect(enc.count).toBe(1);
  });

  it('stores steady data in a fraction of a byte per sample', () => {
    const enc = new BlockEncoder();
    for (let i = 0; i < 3600; i++) enc.add(1_700_000_000_000 + i * 1000, i % 600 < 300 ? 1 : 0, 0);
    expect(enc.bytes().length).toBeLessThan(3600 / 8 + 120);
    // An analog of two decimals (as instruments deliver it): decimal deltas, under 2 bytes per sample.
    const analog = new BlockEncoder();
    for (let i = 0; i < 1024; i++) analog.add(1_700_000_000_000 + i * 1000, Math.round((20 + Math.sin(i / 300) * 5 + Math.sin(i * 7.3) * 0.3) * 100) / 100, 0);
    expect(analog.bytes().length / 1024).toBeLessThan(2);
    expect(decodeBlock(analog.bytes()).num).toEqual(Float64Array.from({ length: 1024 }, (_, i) => Math.round((20 + Math.sin(i / 300) * 5 + Math.sin(i * 7.3) * 0.3) * 100) / 100));
    const counter = new BlockEncoder();
    for (let i = 0; i < 3600; i++) counter.add(1_700_000_000_000 + i * 1000, 10_000 + i, 0);
    expect(counter.bytes().length).toBeLessThan(3600 / 8 + 120);
  });

  it('refuses a corrupt block with a clear error: flipped bits, truncation, garbage, a newer version (bounded fuzz)', () => {
    const r = seededRandom(99);
    let refused = 0;
    for (let round = 0; round < 1500; round++) {
      const good = roundTrip(series(1000 + (round % 40))).blocks[0]!;
      const bad = good.slice();
      const how = round % 3;
      if (how === 0) for (let k = 0; k < 1 + Math.floor(r() * 4); k++) bad[Math.floor(r() * bad.length)]! ^= 1 << Math.floor(r() * 8);
      const block = how === 1 ? good.subarray(0, Math.floor(r() * good.length)) : how === 2 ? Uint8Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256)) : bad;
      if (how === 0 && block.every((b, i) => b === good[i])) continue;
      expect(() => decodeBlock(block), `round ${round}`).toThrow(CorruptBlockError);
      refused++;
    }
    expect(refused).toBeGreaterThan(1400);
    const newer = roundTrip([{ t: 1, v: 1, q: 0 }]).blocks[0]!.slice();
    newer[1] = 2;
    expect(() => decodeBlock(newer)).toThrow(/format version 2; this version of Lineside reads version 1/);
  });

  it('never crashes or hangs on a corrupt block whose checksum was made to match (the streams are checked too)', () => {
    const r = seededRandom(7);
    for (let round = 0; round < 1500; round++) {
      const bad = roundTrip(series(2000 + (round % 40))).blocks[0]!.slice();
      for (let k = 0; k < 1 + Math.floor(r() * 3); k++) bad[12 + Math.floor(r() * (bad.length - 12))]! ^= 1 << Math.floor(r() * 8);
      forgeCrc(bad);
      try {
        const d = decodeBlock(bad);
        // When it decodes, the result is well formed: as many times, kinds and qualities as samples.
        expect([d.t.length, d.kind.length, d.q.length]).toEqual([d.count, d.count, d.count]);
      } catch (error) {
        expect(error, `round ${round}`).toBeInstanceOf(CorruptBlockError);
      }
    }
  });
});

/** Recomputes a block's checksum the way the encoder does (CRC-32 of all but bytes 8..11). */
function forgeCrc(block: Uint8Array): void {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (let i = 0; i < block.length; i++) if (i < 8 || i >= 12) crc = table[(crc ^ block[i]!) & 0xff]! ^ (crc >>> 8);
  new DataView(block.buffer, block.byteOffset).setUint32(8, (crc ^ 0xffffffff) >>> 0, true);
}
