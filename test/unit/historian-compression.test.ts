import { describe, expect, it } from 'vitest';
import { SwingingDoor, type DoorSink, type Point } from '../../main/core/historian/compression.ts';

const GOOD = 0;
const BAD = 0x808a0000;

/** Runs points through a door the way the recorder does, keeping provisional points as stored rows. */
function compress(points: Point[], settings: { deadband?: number; compressionDeviation: number; maxIntervalMs?: number }): Point[] {
  const door = new SwingingDoor({ deadband: settings.deadband ?? 0, compressionDeviation: settings.compressionDeviation, maxIntervalMs: settings.maxIntervalMs ?? 1e12 });
  const rows = new Map<number, Point>();
  const sink: DoorSink = { store: (p) => rows.set(p.t, p), discard: (t) => rows.delete(t) };
  points.forEach((p, i) => {
    door.add(p, sink);
    if (i % 7 === 6) {
      const provisional = door.provisional();
      if (provisional) rows.set(provisional.t, provisional);
    }
  });
  const last = door.provisional();
  if (last) rows.set(last.t, last);
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

function valueAt(stored: Point[], t: number): number {
  const i = stored.findIndex((p) => p.t >= t);
  const b = stored[i]!;
  if (b.t === t) return b.v as number;
  const a = stored[i - 1]!;
  return (a.v as number) + (((b.v as number) - (a.v as number)) * (t - a.t)) / (b.t - a.t);
}

function randomWalk(n: number, seed: number): Point[] {
  let x = seed;
  const random = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let v = 50;
  return Array.from({ length: n }, (_, i) => {
    v += (random() - 0.5) * 4 + Math.sin(i / 40) * 0.5;
    return { t: 1000 + i * 1000 + Math.floor(random() * 500), v, q: GOOD };
  });
}

describe('swinging-door compression', () => {
  it.each([0.05, 0.5, 2, 10])('keeps every original point within the deviation %s of the stored line', (deviation) => {
    const points = randomWalk(5000, Math.round(deviation * 100) + 7);
    const stored = compress(points, { compressionDeviation: deviation });
    expect(stored[0]).toEqual(points[0]);
    expect(stored.at(-1)).toEqual(points.at(-1));
    for (const p of points) expect(Math.abs(valueAt(stored, p.t) - (p.v as number))).toBeLessThanOrEqual(deviation + 1e-9);
    if (deviation >= 2) expect(stored.length).toBeLessThan(points.length / 3);
  });

  it('stores a straight line as its two ends', () => {
    const points = Array.from({ length: 100 }, (_, i) => ({ t: i * 1000, v: i * 0.5, q: GOOD }));
    expect(compress(points, { compressionDeviation: 0.01 }).map((p) => p.t)).toEqual([0, 99_000]);
  });

  it('stores every change when the deviation is 0 and drops changes inside the deadband', () => {
    const points = [0, 0.2, 0.4, 1.5, 1.6, 3].map((v, i) => ({ t: i * 1000, v, q: GOOD }));
    expect(compress(points, { compressionDeviation: 0 })).toHaveLength(6);
    expect(compress(points, { compressionDeviation: 0, deadband: 1 }).map((p) => p.v)).toEqual([0, 1.5, 3]);
  });

  it('stores the points around a quality change', () => {
    const points = [1, 2, 3, 4, 5].map((v, i) => ({ t: i * 1000, v, q: i === 3 ? BAD : GOOD }));
    const stored = compress(points, { compressionDeviation: 100 });
    expect(stored.map((p) => [p.t, p.q])).toEqual([
      [0, GOOD],
      [2000, GOOD],
      [3000, BAD],
      [4000, GOOD],
    ]);
  });

  it('stores at least one point per max interval, repeating a value that does not change', () => {
    const door = new SwingingDoor({ deadband: 0, compressionDeviation: 1, maxIntervalMs: 10_000 });
    const stored: Point[] = [];
    const sink: DoorSink = { store: (p) => stored.push(p), discard: () => {} };
    door.add({ t: 0, v: 5, q: GOOD }, sink);
    for (let t = 1000; t <= 8000; t += 1000) door.add({ t, v: 5 + t / 1e6, q: GOOD }, sink);
    expect(stored).toHaveLength(1);
    expect(door.tick(9000, sink)).toBeUndefined();
    door.tick(10_000, sink);
    expect(stored.map((p) => p.t)).toEqual([0, 8000]);
    const repeat = door.tick(18_000, sink);
    expect(repeat).toEqual({ t: 18_000, v: 5.008, q: GOOD });
    expect(stored.map((p) => p.t)).toEqual([0, 8000, 18_000]);
  });
});
