import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import type { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { TagSampler } from '../../main/core/quality/tag-sampler.ts';
import { MesFixture, OPERATOR } from '../support/mes-service-fixture.ts';
import { tag } from '../support/tags.ts';

/**
 * Samples read from a tag and samples due after a changeover (issue 20, item 2), on a line with the
 * MES store in a SQLite file and the simulator's orders: the still water's fill weight is read from
 * `WC-BTL-01/Weight` (five readings, a Bad one left out); its torque check is due only when the line
 * changed over from another product.
 */
const LINE = 'WC-BTL-01';
const WEIGHT = `${LINE}/Weight`;
let t = Date.UTC(2026, 11, 7, 8, 0);
let sim: MesSim;
let f: MesFixture;
let sampler: TagSampler;

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
          { id: 'WEIGHT', name: 'Fill weight', kind: 'variable', unit: 'g', sampleSize: 5, tag: '{line}/Weight', every: { minutes: 30 } },
          { id: 'TORQUE', name: 'Cap torque', kind: 'variable', unit: 'Nm', sampleSize: 1, every: { atStart: false, afterChangeover: true } },
        ],
      },
    ],
  });
  f.engine.addTag(tag({ path: WEIGHT, dataType: 'float64' }));
  await (f.mes.connector('erp') as RestConnector).pollNow();
  // Readings are taken by the test (read()), not by the timer.
  sampler = new TagSampler(f.engine, f.mes.inspection, 3_600_000);
}, 60_000);

afterAll(async () => {
  sampler?.dispose();
  await f?.dispose();
  await sim?.close();
});

const weight = (value: number, quality: 'Good' | 'BadNotConnected' = 'Good') => f.engine.ingest([{ handle: f.engine.slot(WEIGHT)!.id, value: { value, quality, sourceTime: t, serverTime: t } }]);
const due = (id: string) => f.mes.inspection.due(LINE).find((d) => d.characteristic === id);

describe('samples from tags and at changeover', () => {
  it('a sample read from a tag: one reading per round while due, Bad readings left out, recorded as taken by the tag', async () => {
    expect((await f.mes.start_('erp/WO-1001', OPERATOR)).ok).toBe(true);
    expect(due('WEIGHT')).toMatchObject({ due: true, tag: WEIGHT, reason: 'start' });
    for (const v of [501.2, 499.6, 500.3]) {
      weight(v);
      sampler.read();
    }
    weight(0, 'BadNotConnected');
    sampler.read();
    expect(f.mes.inspection.latest(LINE, 'WEIGHT')).toBeUndefined();
    for (const v of [500.9, 499.8]) {
      weight(v);
      sampler.read();
    }
    expect(f.mes.inspection.latest(LINE, 'WEIGHT')).toMatchObject({ values: [501.2, 499.6, 500.3, 500.9, 499.8], user: `tag:${WEIGHT}`, order: 'erp/WO-1001' });
    expect(f.audit.entries.at(-1)).toMatchObject({ action: 'quality.record', user: `tag:${WEIGHT}` });
    expect(due('WEIGHT')).toMatchObject({ due: false, reason: 'minutes' });
    // Not due: no readings taken.
    sampler.read();
    expect(f.mes.inspection.latest(LINE, 'WEIGHT')?.values).toHaveLength(5);
  });

  it('the first order on a line is a changeover: the torque check is due at its start', () => {
    expect(due('TORQUE')).toMatchObject({ due: true, reason: 'changeover' });
    expect(f.mes.inspection.record({ order: 'erp/WO-1001', characteristic: 'TORQUE', values: [2.1] }, OPERATOR).ok).toBe(true);
    expect(due('TORQUE')).toMatchObject({ due: false });
  });

  it('a second order of the same product on the line is no changeover', async () => {
    f.produce(10);
    expect(f.mes.confirm('erp/WO-1001', true, undefined, OPERATOR).ok).toBe(true);
    sim.state.putOrder({ ...sim.state.order('WO-1001')!, id: 'WO-1009', revision: 1 });
    await (f.mes.connector('erp') as RestConnector).pollNow();
    t += 60_000;
    expect((await f.mes.start_('erp/WO-1009', OPERATOR)).ok).toBe(true);
    expect(due('TORQUE')).toMatchObject({ due: false });
    expect(due('TORQUE')?.reason).toBeUndefined();
  });
});
