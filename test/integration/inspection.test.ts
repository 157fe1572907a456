import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import type { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { MesFixture, OPERATOR } from '../support/mes-service-fixture.ts';

/**
 * Inspection plans at work on a line (MES store in a SQLite file, the clock moved by the test): the
 * samples due at start, every 30 minutes and every 100 good units, overdue past the grace, results
 * stamped with person, time, order and output lot, refusals that name what is wrong, and the X̄-R
 * chart of the results with a rule violation and capability.
 */
const KEY = 'erp/WO-1001';
let t = Date.UTC(2026, 11, 7, 8, 0);
let sim: MesSim;
let f: MesFixture;

beforeAll(async () => {
  sim = new MesSim();
  await sim.listen();
  f = await MesFixture.start({
    now: () => t,
    connectors: [{ id: 'erp', type: 'rest', options: { baseUrl: `${sim.url}/api`, pollIntervalMs: 0 } }],
    products: [
      {
        material: '100234',
        inspection: [
          { id: 'FILL', name: 'Fill volume', kind: 'variable', unit: 'MLT', nominal: 500, lsl: 495, usl: 505, sampleSize: 5, every: { minutes: 30 } },
          { id: 'CAP', name: 'Cap seated', kind: 'attribute', defectCodes: ['LOOSE', 'MISSING'], every: { atStart: false, units: 100 } },
        ],
      },
    ],
  });
  await (f.mes.connector('erp') as RestConnector).pollNow();
}, 60_000);

afterAll(async () => {
  await f?.dispose();
  await sim?.close();
});

const due = (id: string) => f.mes.inspection.due('WC-BTL-01').find((d) => d.characteristic === id)!;

describe('inspection plans', () => {
  it('a sample is due at order start, overdue after the grace; one by units waits for the count', async () => {
    expect(f.mes.inspection.due(undefined)).toEqual([]);
    expect((await f.mes.start_(KEY, OPERATOR)).ok).toBe(true);
    expect(due('FILL')).toMatchObject({ order: KEY, reason: 'start', due: true, overdue: false, dueAt: t, sampleSize: 5, unit: 'MLT' });
    expect(due('CAP')).toMatchObject({ reason: 'units', due: false, overdue: false, dueAtGood: 100 });
    // The grace is a quarter of the interval (7.5 min of 30), at least 2 minutes.
    t += 7 * 60_000;
    expect(due('FILL')).toMatchObject({ due: true, overdue: false });
    t += 60_000;
    expect(due('FILL')).toMatchObject({ due: true, overdue: true });
  });

  it('stamps a result with person, time, order and output lot; the next one is due 30 minutes later', () => {
    const lot = f.mes.lots.list('', '100234', 1)[0]!.id;
    const r = f.mes.inspection.record({ order: KEY, characteristic: 'FILL', values: [500.1, 499.8, 500.4, 500.0, 499.9] }, OPERATOR);
    expect(r).toMatchObject({ ok: true, value: { order: KEY, lot, line: 'WC-BTL-01', product: '100234', characteristic: 'FILL', at: t, user: 'fixture', values: [500.1, 499.8, 500.4, 500.0, 499.9] } });
    expect(f.audit.entries.at(-1)).toMatchObject({ action: 'quality.record', target: KEY, detail: { characteristic: 'FILL', lot } });
    expect(due('FILL')).toMatchObject({ due: false, reason: 'minutes', dueAt: t + 30 * 60_000, lastAt: t });
    t += 30 * 60_000;
    expect(due('FILL')).toMatchObject({ due: true, overdue: false });
  });

  it('the attribute check is due after 100 good units; a failed one needs a defect code of the plan', () => {
    f.produce(100);
    expect(due('CAP')).toMatchObject({ due: true, reason: 'units' });
    expect(f.mes.inspection.record({ order: KEY, characteristic: 'CAP', values: [], pass: false }, OPERATOR)).toMatchObject({ ok: false, error: { message: 'a failed Cap seated needs a defect code (LOOSE, MISSING)', path: 'defect' } });
    expect(f.mes.inspection.record({ order: KEY, characteristic: 'CAP', values: [], pass: false, defect: 'LOOSE', location: 'head 3' }, OPERATOR)).toMatchObject({ ok: true, value: { pass: false, defect: 'LOOSE', location: 'head 3' } });
    expect(due('CAP')).toMatchObject({ due: false, dueAtGood: 200 });
  });

  it('refuses results that do not fit the plan, naming the field', () => {
    expect(f.mes.inspection.record({ order: KEY, characteristic: 'FILL', values: [500] }, OPERATOR)).toMatchObject({ ok: false, error: { message: 'Fill volume takes 5 value(s) a sample, not 1', path: 'values' } });
    expect(f.mes.inspection.record({ order: KEY, characteristic: 'WEIGHT', values: [1] }, OPERATOR)).toMatchObject({ ok: false, error: { path: 'characteristic' } });
    expect(f.mes.inspection.record({ order: 'erp/WO-1002', characteristic: 'FILL', values: [1, 2, 3, 4, 5] }, OPERATOR)).toMatchObject({ ok: false, error: { path: 'order' } });
  });

  it('charts the results (X̄-R, limits from the baseline), flags a shifted sample and computes capability', () => {
    // 24 more in-control samples (a repeating pattern around 500 ml), then one shifted up.
    const pattern = [
      [500.2, 499.7, 500.3, 499.9, 500.1],
      [499.8, 500.4, 500.0, 499.6, 500.2],
      [500.1, 500.0, 499.7, 500.3, 499.9],
    ];
    for (let i = 0; i < 24; i++) {
      t += 30 * 60_000;
      expect(f.mes.inspection.record({ order: KEY, characteristic: 'FILL', values: pattern[i % 3]! }, OPERATOR).ok).toBe(true);
    }
    t += 30 * 60_000;
    expect(f.mes.inspection.record({ order: KEY, characteristic: 'FILL', values: [503, 503.2, 502.9, 503.1, 503] }, OPERATOR).ok).toBe(true);
    const chart = f.mes.inspection.chart({ product: '100234', characteristic: 'FILL', limit: 200, baseline: 25 });
    if (!chart.ok) throw new Error(chart.error.message);
    const c = chart.value;
    expect(c.kind).toBe('xbar-r');
    expect(c.points).toHaveLength(26);
    expect(c.baseline).toEqual({ from: 0, to: 25 });
    // (9 × 500.04 + 16 × 500.00) / 25: the first sample and the pattern's means.
    expect(c.center.center).toBeCloseTo(500.0144, 4);
    expect(c.violations).toContainEqual({ rule: 'nelson1', index: 25, from: 25, text: 'one point beyond 3σ', chart: 'center' });
    expect(c.violations.filter((v) => v.rule === 'nelson1' && v.chart === 'center').map((v) => v.index)).toEqual([25]);
    // The repeating pattern hugs the centre line far closer than its ranges allow: stratification (rule 7).
    expect(new Set(c.violations.map((v) => v.rule))).toEqual(new Set(['nelson1', 'nelson7']));
    expect(c.capability.cp).toBeGreaterThan(2);
    expect(c.capability.ppk).toBeLessThan(c.capability.cpk!);
    expect(c.points[25]).toMatchObject({ order: KEY, lot: expect.any(String) });
    // Capability per output lot and per shift of the lot (the fixture has no shift calendar: per lot only).
    expect(c.groups.filter((g) => g.by === 'lot').reduce((n, g) => n + g.samples, 0)).toBe(26);
    expect(f.mes.inspection.chart({ product: '100234', characteristic: 'CAP', limit: 200, baseline: 25, chart: 'xbar-r' })).toMatchObject({
      ok: false,
      error: { message: 'Cap seated is pass/fail: it has no control chart of values (p, np, c or u)', path: 'chart' },
    });
    expect(f.mes.inspection.chart({ product: '100234', characteristic: 'FILL', limit: 200, baseline: 25, chart: 'i-mr' })).toMatchObject({ ok: false, error: { message: 'Fill volume takes 5 values a sample: its charts are X̄-R or X̄-S' } });
  });

  it('X̄-S of the same samples, and limits from the samples of a time window', () => {
    const s = f.mes.inspection.chart({ product: '100234', characteristic: 'FILL', limit: 200, baseline: 25, chart: 'xbar-s' });
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.kind).toBe('xbar-s');
    expect(s.value.violations.some((v) => v.rule === 'nelson1' && v.index === 25)).toBe(true);
    const all = f.mes.inspection.chart({ product: '100234', characteristic: 'FILL', limit: 200, baseline: 25 });
    if (!all.ok) throw new Error(all.error.message);
    // A baseline of samples 10…19 by their times.
    const windowed = f.mes.inspection.chart({ product: '100234', characteristic: 'FILL', limit: 200, baseline: 25, baselineFrom: all.value.points[10]!.at, baselineTo: all.value.points[19]!.at });
    expect(windowed).toMatchObject({ ok: true, value: { baseline: { from: 10, to: 20 } } });
    expect(f.mes.inspection.chart({ product: '100234', characteristic: 'FILL', limit: 200, baseline: 25, baselineFrom: t + 1 })).toMatchObject({ ok: false, error: { path: 'baselineFrom' } });
  });

  it('a p chart of the attribute check: units failing of the units inspected, a failed sample counted once unless told', () => {
    f.produce(100);
    expect(f.mes.inspection.record({ order: KEY, characteristic: 'CAP', values: [], pass: true, count: 2 }, OPERATOR)).toMatchObject({ ok: false, error: { path: 'count' } });
    expect(f.mes.inspection.record({ order: KEY, characteristic: 'CAP', values: [], pass: true }, OPERATOR)).toMatchObject({ ok: true, value: { pass: true, count: 0 } });
    const p = f.mes.inspection.chart({ product: '100234', characteristic: 'CAP', limit: 200, baseline: 25 });
    if (!p.ok) throw new Error(p.error.message);
    expect(p.value.kind).toBe('p');
    expect(p.value.points.map((x) => x.value)).toEqual([1, 0]);
    expect(p.value.center.center).toBe(0.5);
  });
});
