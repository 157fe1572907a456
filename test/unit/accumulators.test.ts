import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Quality } from '../../common/quality.ts';
import type { TagDefinition, TagDefinitionInput } from '../../common/tag.ts';
import { Accumulators } from '../../main/core/tags/accumulators.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { TagStore } from '../../main/core/tags/tag-store.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { tag } from '../support/tags.ts';

const root = mkdtempSync(join(tmpdir(), 'lineside-accumulators-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let open: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const o of open.reverse()) o.dispose();
  open = [];
});

const acc = (path: string, accumulator: NonNullable<TagDefinitionInput['accumulator']>) => tag({ path, source: undefined, accumulator });
const HOUR = 3_600_000;

/** A runtime's worth of the pieces: engine, tag store (a real SQLite file), accumulators; `restart` keeps the file. */
function station(name: string, defs: TagDefinition[], clock = new ManualClock(), periodStart?: (at: number) => number) {
  const file = join(root, `${name}.sqlite`);
  const start = () => {
    const engine = new TagEngine(defs, clock);
    const store = new TagStore(file);
    const accumulators = new Accumulators(engine, store, clock, { tickMs: 0, ...(periodStart ? { periodStart } : {}) });
    const parts = [store, engine, accumulators];
    open.push(...parts);
    const set = (path: string, value: number | boolean | null, quality: Quality = 'Good') => engine.ingest([{ handle: engine.slot(path)!.id, value: { value, quality, sourceTime: clock.now(), serverTime: clock.now() } }]);
    const read = (path: string) => engine.slot(path)!.current;
    const stop = () => {
      accumulators.dispose();
      engine.dispose();
      store.dispose();
      open = open.filter((o) => !parts.includes(o as never));
    };
    return { engine, accumulators, set, read, stop };
  };
  return { clock, start };
}

describe('accumulators (fake clock, real tags.sqlite)', () => {
  it('a totalizer integrates a rate, rolls over keeping the excess, resets on the reset tag’s rising edge', () => {
    const s = station('total', [tag({ path: 'Flow' }), tag({ path: 'Reset', dataType: 'bool' }), acc('Total', { kind: 'totalizer', input: 'Flow', per: 'h', rollover: 1000, resetTag: 'Reset' })]);
    const t = s.start();
    t.set('Reset', false);
    t.set('Flow', 600); // m³/h
    s.clock.advance(HOUR / 2);
    t.accumulators.tick();
    expect(t.read('Total')).toMatchObject({ value: 300, quality: 'Good' });
    t.set('Flow', 1200);
    s.clock.advance(HOUR / 2);
    t.accumulators.tick();
    // 300 + 600 = 900; another half hour at 1200 m³/h: 1500 → rolls over at 1000 to 500.
    expect(t.read('Total').value).toBeCloseTo(900);
    s.clock.advance(HOUR / 2);
    t.accumulators.tick();
    expect(t.read('Total').value).toBeCloseTo(500);
    t.set('Reset', true);
    expect(t.read('Total').value).toBe(0);
    s.clock.advance(HOUR / 4);
    t.set('Reset', false);
    expect(t.read('Total').value).toBeCloseTo(300);
  });

  it('counts nothing while its input is bad, and says so', () => {
    const s = station('bad', [tag({ path: 'Flow' }), acc('Total', { kind: 'totalizer', input: 'Flow', per: 's' })]);
    const t = s.start();
    t.set('Flow', 2);
    s.clock.advance(10_000);
    t.set('Flow', null, 'BadNotConnected');
    expect(t.read('Total')).toMatchObject({ value: 20, quality: 'UncertainLastUsableValue' });
    s.clock.advance(60_000);
    t.accumulators.tick();
    expect(t.read('Total').value).toBe(20);
    t.set('Flow', 1);
    s.clock.advance(5_000);
    t.accumulators.tick();
    expect(t.read('Total')).toMatchObject({ value: 25, quality: 'Good' });
  });

  it('run hours and starts continue from the saved values after a restart (the time down is not counted)', () => {
    const s = station('run', [tag({ path: 'Running', dataType: 'bool' }), acc('Hours', { kind: 'runHours', input: 'Running' }), acc('Starts', { kind: 'starts', input: 'Running' })]);
    let t = s.start();
    t.set('Running', false);
    t.set('Running', true);
    s.clock.advance(2 * HOUR);
    t.set('Running', false);
    t.set('Running', true);
    s.clock.advance(HOUR);
    t.accumulators.tick();
    expect(t.read('Hours').value).toBeCloseTo(3);
    expect(t.read('Starts').value).toBe(2);
    t.stop();

    s.clock.advance(5 * HOUR); // the runtime was down
    t = s.start();
    expect(t.read('Hours').value).toBeCloseTo(3);
    expect(t.read('Starts').value).toBe(2);
    t.set('Running', true); // still running after the restart: not a new start
    s.clock.advance(HOUR);
    t.accumulators.tick();
    expect(t.read('Hours').value).toBeCloseTo(4);
    expect(t.read('Starts').value).toBe(2);
    t.set('Running', false);
    t.set('Running', true);
    expect(t.read('Starts').value).toBe(3);
  });

  it('a per-shift delta follows a counter through its resets and starts again at each shift, also across a restart', () => {
    const SHIFT = 8 * HOUR;
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 6, 0, 0));
    const shiftStart = (at: number) => at - (at % SHIFT);
    const s = station('shift', [tag({ path: 'Count', dataType: 'uint32' }), acc('ThisShift', { kind: 'shiftDelta', input: 'Count' })], clock, shiftStart);
    let t = s.start();
    t.set('Count', 1000);
    t.set('Count', 1150);
    expect(t.read('ThisShift').value).toBe(150);
    t.set('Count', 40); // the PLC counter was reset and counted 40 since
    expect(t.read('ThisShift').value).toBe(190);
    t.stop();
    clock.advance(HOUR);
    t = s.start();
    t.set('Count', 70); // counted on while Lineside was down
    expect(t.read('ThisShift').value).toBe(220);
    clock.advance(SHIFT);
    t.accumulators.tick();
    expect(t.read('ThisShift').value).toBe(0);
    t.set('Count', 75);
    expect(t.read('ThisShift').value).toBe(5);
  });
});
