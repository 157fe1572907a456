import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { AlarmEngine } from '../../main/core/alarms/alarm-engine.ts';
import { AlarmJournal } from '../../main/core/alarms/alarm-journal.ts';
import type { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { QualityAlarms } from '../../main/core/quality/quality-alarms.ts';
import { MesFixture, OPERATOR } from '../support/mes-service-fixture.ts';
import { seededRandom } from '../support/seeded-random.ts';

/**
 * Inspection alarms through the real alarm engine and journal (alarms.sqlite in the fixture's
 * folder), the clock moved by the test: a sample overdue raises the low-priority Quality alarm and
 * taking it clears it; a sample that breaks a rule raises the latched SPC alarm naming the rule; a
 * restart of the alarm engine resumes the SPC alarm's state instead of raising it again.
 */
const KEY = 'erp/WO-1001';
const LINE = 'WC-BTL-01';
let t = Date.UTC(2026, 11, 7, 8, 0);
const clock = { now: () => t };
let sim: MesSim;
let f: MesFixture;
let journal: AlarmJournal;
let engine: AlarmEngine;
let quality: QualityAlarms;

const open = () => {
  journal = new AlarmJournal(join(f.dir, 'alarms.sqlite'));
  engine = new AlarmEngine([], f.engine, clock, journal);
  quality = new QualityAlarms({ engine: f.engine, alarms: engine, inspection: f.mes.inspection, lines: () => [LINE], clock });
};
const close = () => {
  quality.dispose();
  engine.dispose();
  journal.dispose();
};
const alarm = (id: string) => engine.list({ states: ['normal', 'unackActive', 'ackActive', 'rtnUnack', 'latched', 'shelved', 'suppressed', 'outOfService'] }).find((a) => a.id === id);

beforeAll(async () => {
  sim = new MesSim();
  await sim.listen();
  f = await MesFixture.start({
    now: () => t,
    connectors: [{ id: 'erp', type: 'rest', options: { baseUrl: `${sim.url}/api`, pollIntervalMs: 0 } }],
    products: [{ material: '100234', inspection: [{ id: 'FILL', name: 'Fill volume', kind: 'variable', unit: 'MLT', nominal: 500, lsl: 495, usl: 505, sampleSize: 5, every: { minutes: 30 } }] }],
  });
  await (f.mes.connector('erp') as RestConnector).pollNow();
  open();
}, 60_000);

afterAll(async () => {
  close();
  await f?.dispose();
  await sim?.close();
});

describe('quality alarms', () => {
  it('defines an overdue and an SPC alarm per line and characteristic, in the area Quality', () => {
    expect(alarm('Quality/WC-BTL-01/FILL/Overdue')).toMatchObject({ area: 'Quality', priority: 'low', state: 'normal', tag: 'Quality/WC-BTL-01/FILL/Overdue' });
    expect(alarm('Quality/WC-BTL-01/FILL/Spc')).toMatchObject({ area: 'Quality', priority: 'medium', state: 'normal', latched: true });
  });

  it('an overdue sample raises its alarm; recording the sample clears it', async () => {
    expect((await f.mes.start_(KEY, OPERATOR)).ok).toBe(true);
    quality.checkOverdue();
    expect(alarm('Quality/WC-BTL-01/FILL/Overdue')?.active).toBe(false);
    t += 8 * 60_000;
    quality.checkOverdue();
    expect(alarm('Quality/WC-BTL-01/FILL/Overdue')).toMatchObject({ active: true, state: 'unackActive', message: 'Fill volume on WC-BTL-01: inspection sample overdue' });
    expect(f.mes.inspection.record({ order: KEY, characteristic: 'FILL', values: [500.1, 499.8, 500.4, 500.0, 499.9] }, OPERATOR).ok).toBe(true);
    expect(alarm('Quality/WC-BTL-01/FILL/Overdue')).toMatchObject({ active: false, state: 'rtnUnack' });
  });

  it('a sample beyond 3σ raises the latched SPC alarm naming the rule; it stays until acknowledged', () => {
    // In control: normal around 500 ml, σ 0.6 (seeded); the newest sample breaks no rule each time.
    const random = seededRandom(20);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const sample = () => Array.from({ length: 5 }, () => Math.round((500 + 0.6 * normal()) * 10) / 10);
    for (let i = 0; i < 23; i++) {
      t += 30 * 60_000;
      expect(f.mes.inspection.record({ order: KEY, characteristic: 'FILL', values: sample() }, OPERATOR).ok).toBe(true);
    }
    const chart = f.mes.inspection.chart({ product: '100234', characteristic: 'FILL', limit: 200, baseline: 25 });
    if (!chart.ok) throw new Error(chart.error.message);
    expect(chart.value.violations.filter((v) => v.index === 23)).toEqual([]);
    expect(alarm('Quality/WC-BTL-01/FILL/Spc')?.active).toBe(false);
    t += 30 * 60_000;
    expect(f.mes.inspection.record({ order: KEY, characteristic: 'FILL', values: [503, 503.2, 502.9, 503.1, 503] }, OPERATOR).ok).toBe(true);
    expect(alarm('Quality/WC-BTL-01/FILL/Spc')).toMatchObject({ active: true, state: 'unackActive', message: 'Fill volume on WC-BTL-01: SPC signal, Nelson 1: one point beyond 3σ' });
    // Back in control: the condition goes, the latched alarm stays until someone acknowledges it.
    t += 30 * 60_000;
    expect(f.mes.inspection.record({ order: KEY, characteristic: 'FILL', values: [500.1, 499.9, 500.2, 499.8, 500.0] }, OPERATOR).ok).toBe(true);
    expect(alarm('Quality/WC-BTL-01/FILL/Spc')).toMatchObject({ active: false, state: 'latched' });
  });

  it('after a restart the SPC alarm resumes its state (no second raise in the journal)', () => {
    const raises = () => journal.history({ limit: 100, offset: 0 }).entries.filter((e) => e.alarmId === 'Quality/WC-BTL-01/FILL/Spc' && e.kind === 'raise').length;
    expect(raises()).toBe(1);
    close();
    open();
    expect(alarm('Quality/WC-BTL-01/FILL/Spc')).toMatchObject({ state: 'latched' });
    expect(raises()).toBe(1);
    expect(engine.act('Quality/WC-BTL-01/FILL/Spc', { type: 'acknowledge', user: 'qa', comment: 'checked the filler' }).ok).toBe(true);
    expect(alarm('Quality/WC-BTL-01/FILL/Spc')).toMatchObject({ state: 'normal' });
  });
});
