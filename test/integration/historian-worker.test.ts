import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { HistorianStatus } from '../../common/history.ts';
import { Historian } from '../../main/core/historian/historian.ts';
import { SqliteStorage } from '../../main/core/historian/sqlite-storage.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { tag } from '../support/tags.ts';

const dir = mkdtempSync(join(tmpdir(), 'lineside-historian-worker-'));
const cleanup: Array<() => Promise<void> | void> = [];
let fileNo = 0;

afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TAGS = [
  tag({ path: 'W/Analog', history: { enabled: true, compressionDeviation: 0.5 } }),
  tag({ path: 'W/Step', dataType: 'int16', states: { '0': 'Off', '1': 'On' }, history: { enabled: true } }),
  tag({ path: 'W/Text', dataType: 'string', history: { enabled: true } }),
  tag({ path: 'W/None' }),
];

/** A historian on a manual clock, with a batch window long enough that only flush() writes. */
async function start(): Promise<{ historian: Historian; engine: TagEngine; clock: ManualClock; file: string }> {
  const clock = new ManualClock();
  const engine = new TagEngine(TAGS, clock);
  const file = join(dir, `w${fileNo++}.sqlite`);
  const started = await Historian.start(engine, clock, { file, batchMs: 60_000 });
  if (!started.ok) throw new Error(started.error.message);
  const historian = started.value;
  cleanup.push(
    () => engine.dispose(),
    () => historian.close(),
  );
  return { historian, engine, clock, file };
}

function push(engine: TagEngine, clock: ManualClock, handle: number, value: number | string): void {
  clock.advance(1000);
  const t = clock.now();
  engine.ingest([{ handle, value: { value, quality: 'Good', sourceTime: t, serverTime: t } }]);
}

function nextStatus(historian: Historian, match: (s: HistorianStatus) => boolean): Promise<HistorianStatus> {
  return new Promise((resolve) => {
    const subscription = historian.onDidChangeStatus((s) => {
      if (match(s)) (subscription.dispose(), resolve(s));
    });
  });
}

describe('the historian worker', () => {
  it('writes everything received, the pending swinging-door snapshot included, on a clean shutdown', async () => {
    const { historian, engine, clock, file } = await start();
    const from = clock.now();
    for (let i = 0; i < 30; i++) push(engine, clock, 0, i * 0.1);
    push(engine, clock, 1, 1);
    push(engine, clock, 2, 'batch 42');
    await historian.close();
    expect(historian.status().state).toBe('stopped');
    const storage = new SqliteStorage(file);
    try {
      const [analog, step, text] = storage.tagIds(['W/Analog', 'W/Step', 'W/Text']) as [number, number, number];
      // A straight ramp compresses to its two ends; the last one was only a snapshot until shutdown.
      expect(storage.readRaw(analog, from, from + 1e6, 100).map((p) => p.v)).toEqual([0, 2.9000000000000004]);
      expect(storage.readRaw(step, from, from + 1e6, 100).map((p) => p.v)).toEqual([1]);
      expect(storage.readRaw(text, from, from + 1e6, 100).map((p) => p.v)).toEqual(['batch 42']);
    } finally {
      storage.close();
    }
  });

  it('interpolates analog tags linearly and holds discrete ones, with gaps as null quality', async () => {
    const { historian, engine, clock } = await start();
    const from = clock.now();
    push(engine, clock, 0, 10);
    push(engine, clock, 1, 0);
    push(engine, clock, 0, 20);
    push(engine, clock, 1, 1);
    await historian.flush();
    const result = await historian.query({ kind: 'interpolated', tags: ['W/Analog', 'W/Step'], from, to: from + 5000, intervalMs: 500 });
    if (!result.ok) throw new Error(result.error.message);
    const [analog, step] = result.value.frames as [NonNullable<(typeof result.value.frames)[0]>, NonNullable<(typeof result.value.frames)[0]>];
    expect(analog.fields.value).toEqual([null, null, 10, 12.5, 15, 17.5, 20, 20, 20, 20]);
    expect(analog.fields.quality.slice(0, 3)).toEqual([null, null, 'Good']);
    expect(step).toMatchObject({ states: { '0': 'Off', '1': 'On' }, dataType: 'int16' });
    expect(step.fields.value).toEqual([null, null, null, null, 0, 0, 0, 0, 1, 1]);
  });

  it('refuses unknown tags, tags without history and aggregates of strings, naming the tag', async () => {
    const { historian, clock } = await start();
    const range = { from: clock.now() - 1000, to: clock.now() };
    expect(await historian.query({ kind: 'raw', tags: ['W/Analog', 'W/Nope'], ...range, limit: 10 })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no tag W/Nope with history (unknown tag, or history.enabled is not set)', path: 'tags[1]' },
    });
    expect(await historian.query({ kind: 'raw', tags: ['W/None'], ...range, limit: 10 })).toMatchObject({ ok: false, error: { code: 'not-found', path: 'tags[0]' } });
    expect(await historian.query({ kind: 'plot', tags: ['W/Text'], ...range, pixels: 100 })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: 'W/Text is a string tag: ask for raw or interpolated values, not plot' },
    });
  });

  it('reports a storage fault as retrying and catches up without losing samples', async () => {
    const { historian, engine, clock } = await start();
    const from = clock.now();
    await historian.injectFault('SQLITE_FULL: database or disk is full', 2);
    const retrying = nextStatus(historian, (s) => s.state === 'retrying');
    push(engine, clock, 1, 1);
    await historian.flush();
    expect(await retrying).toMatchObject({ error: 'SQLITE_FULL: database or disk is full', pendingSamples: 1 });
    push(engine, clock, 1, 2);
    await historian.flush();
    expect(historian.status()).toMatchObject({ state: 'retrying', pendingSamples: 2 });
    const recovered = nextStatus(historian, (s) => s.state === 'ok');
    push(engine, clock, 1, 3);
    await historian.flush();
    expect(await recovered).toMatchObject({ pendingSamples: 0, storedSamples: 3, droppedSamples: 0 });
    const result = await historian.query({ kind: 'raw', tags: ['W/Step'], from, to: clock.now() + 1, limit: 10 });
    expect(result.ok && result.value.frames[0]!.fields.value!.filter((v) => v !== null)).toEqual([1, 2, 3]);
  });
});
