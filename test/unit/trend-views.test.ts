import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTrendViewHandlers } from '../../main/core/trend-views/trend-view-handlers.ts';
import { TrendViewStore } from '../../main/core/trend-views/trend-view-store.ts';
import { fixedRange, liveRange, panRange, zoomRange } from '../../renderer/trends/time-range.ts';

describe('saved trend views in the runtime', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lineside-trend-views-'));
    file = join(dir, 'trend-views.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('saves by name (replacing), lists sorted, deletes, and keeps them across restarts', async () => {
    const store = new TrendViewStore(file);
    expect(store.list()).toEqual([]);
    expect(store.save({ name: 'Tank', pens: ['Line1/Tank101/Level'], live: true, span: 3_600_000 }, 'operator', 1).ok).toBe(true);
    expect(store.save({ name: 'Conveyor', pens: ['Line1/Conveyor/Speed'], live: false, span: 900_000, from: 5 }, 'operator', 2).ok).toBe(true);
    expect(store.save({ name: 'Tank', pens: ['Line1/Tank101/Level', 'Line1/Tank101/Temperature'], live: true, span: 900_000 }, 'eng', 3).ok).toBe(true);
    expect(store.list().map((v) => [v.name, v.pens.length, v.savedBy])).toEqual([
      ['Conveyor', 1, 'operator'],
      ['Tank', 2, 'eng'],
    ]);
    const again = new TrendViewStore(file);
    expect(again.list()).toEqual(store.list());
    expect(again.delete('Conveyor')).toEqual({ ok: true, value: { name: 'Conveyor' } });
    expect(again.delete('Conveyor')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(new TrendViewStore(file).list().map((v) => v.name)).toEqual(['Tank']);
  });

  it('refuses invalid views with a readable reason', () => {
    const handlers = createTrendViewHandlers(new TrendViewStore(file), () => 7);
    const refused = handlers['trends.views.save']({ name: ' ', pens: ['Line1/Tank101/Level'], live: true, span: 60_000 }, { user: { name: 'op' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const saved = handlers['trends.views.save']({ name: 'Shift', pens: ['Line1/Tank101/Level'], live: true, span: 60_000 }, { user: { name: 'op' } });
    expect(saved).toMatchObject({ ok: true, value: { name: 'Shift', savedBy: 'op', savedAt: 7 } });
    expect(handlers['trends.views.list']({}, { user: { name: 'op' } })).toMatchObject({ ok: true, value: [{ name: 'Shift' }] });
  });

  it('starts empty from an unreadable file and keeps that file aside', async () => {
    await writeFile(file, '{ not json');
    expect(new TrendViewStore(file).list()).toEqual([]);
    expect(await readFile(`${file}.broken`, 'utf8')).toBe('{ not json');
  });
});

describe('trend time ranges', () => {
  const now = 10_000_000;
  it('zooms live around now, fixed around the middle; panning back leaves live and never goes past now', () => {
    expect(zoomRange(liveRange(600_000, now), 0.5, now)).toEqual({ live: true, from: now - 300_000, to: now });
    expect(zoomRange(fixedRange(now - 800_000, now - 400_000, now), 2, now)).toEqual({ live: false, from: now - 1_000_000, to: now - 200_000 });
    expect(panRange(liveRange(600_000, now), -0.5, now)).toEqual({ live: false, from: now - 900_000, to: now - 300_000 });
    expect(panRange(fixedRange(now - 600_000, now - 100_000, now), 0.5, now)).toEqual({ live: false, from: now - 500_000, to: now });
  });
});
