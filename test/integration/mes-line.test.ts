import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesConfigSchema, RestConnectorOptionsSchema } from '../../common/mes-config.ts';
import { ok } from '../../common/result.ts';
import { TagDefinitionSchema } from '../../common/tag.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { MesService } from '../../main/core/mes/mes-service.ts';
import { MemoryAuditSink } from '../support/memory-audit-sink.ts';
import { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { TagWriter } from '../../main/core/tags/tag-writer.ts';
import { until } from '../support/until.ts';

/**
 * A line driven by the test: counters and machine state are set as a PLC would report them, and the
 * PLC echoes parameter writes (or, when `stubborn`, keeps its old value so read-back must fail).
 */
const dir = mkdtempSync(join(tmpdir(), 'lineside-mes-line-'));
const clock = { now: () => Date.now() };
const tags = [
  { path: 'L1/Good', dataType: 'uint16' },
  { path: 'L1/Reject', dataType: 'uint16' },
  { path: 'L1/State', dataType: 'int16' },
  { path: 'L1/Speed', dataType: 'float64', writable: true },
].map((t, i) => TagDefinitionSchema.parse({ ...t, source: { device: 'plc', address: `r${i}` } }));
const engine = new TagEngine(tags, clock);
const set = (handle: number, value: number) => engine.ingest([{ handle, value: { value, quality: 'Good', sourceTime: clock.now(), serverTime: clock.now() } }]);
let stubborn = false;
const writer = new TagWriter(engine, { write: async (_d, address, raw) => (stubborn ? undefined : set(Number(address.slice(1)), raw as number), ok(undefined)) }, clock);
const config = MesConfigSchema.parse({
  connectors: [
    {
      id: 'erp',
      type: 'rest',
      options: {},
      mappings: {
        workCentres: [{ external: 'WC-BTL-01', local: 'Line1' }],
        reasonCodes: [
          { external: 'D10', local: 'JAM' },
          { external: 'Q01', local: 'REJECT' },
        ],
      },
    },
  ],
  lines: [
    {
      workCentre: 'Line1',
      equipment: 'Line1',
      counters: { good: { tag: 'L1/Good', rolloverAt: 65535 }, reject: { tag: 'L1/Reject', rolloverAt: 65535 } },
      stateTag: 'L1/State',
      downStates: [{ value: 5, category: 'unplanned' }],
      parameters: [{ name: 'LineSpeed', tag: 'L1/Speed', tolerance: 0.5, required: true }],
    },
  ],
  reasonCodes: [
    { code: 'JAM', label: 'Bottle jam', kind: 'downtime', category: 'unplanned' },
    { code: 'REJECT', label: 'Rejected', kind: 'scrap' },
  ],
});
let sim: MesSim;
let mes: MesService;
const audit = new MemoryAuditSink();
const operator = { name: 'olga', role: 'operator' };

beforeAll(async () => {
  sim = new MesSim();
  await sim.listen();
  set(0, 65500);
  set(1, 10);
  set(2, 2);
  set(3, 300);
  const connector = new RestConnector(config.connectors[0]!, RestConnectorOptionsSchema.parse({ baseUrl: `${sim.url}/api`, pollIntervalMs: 0 }));
  mes = new MesService({ file: join(dir, 'mes.sqlite'), config, connectors: [connector], engine, writer, audit, timeZone: 'Europe/Berlin', verifyTimeoutMs: 300, dispatch: { baseDelayMs: 20, maxDelayMs: 100 } });
  await mes.start();
  for (const id of ['WO-1001', 'WO-1002']) mes.receive({ connector: 'erp', messageId: id, kind: 'order', order: sim.state.order(id), raw: '' });
});

afterAll(async () => {
  await mes.dispose();
  engine.dispose();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a line running a work order', () => {
  it('refuses to start when a parameter does not read back, and changes nothing', async () => {
    stubborn = true;
    // Reset even when start_ throws: the tests after this one need a PLC that reads back.
    const r = await mes.start_('erp/WO-1001', operator).finally(() => (stubborn = false));
    expect(r).toMatchObject({ ok: false, error: { code: 'device-error', message: 'parameter LineSpeed did not read back: wrote 320 to L1/Speed, read 300' } });
    expect(mes.store.order('erp/WO-1001')!.status).toBe('Released');
  });

  it('counts across a counter rollover and a PLC reset, and not while held', async () => {
    expect(await mes.start_('erp/WO-1001', operator)).toMatchObject({ ok: true });
    set(0, 65530);
    set(0, 4); // wrapped at 65535: 5 + 5 = 10 since 65530
    expect(mes.store.order('erp/WO-1001')!.progress.good).toBe(40);
    set(0, 3); // a PLC reset: counts from 0
    expect(mes.store.order('erp/WO-1001')!.progress.good).toBe(43);
    set(1, 12);
    expect(mes.hold('erp/WO-1001', 'quality check', operator)).toMatchObject({ ok: true, value: { status: 'Held' } });
    set(0, 100);
    expect(mes.store.order('erp/WO-1001')!.progress.good).toBe(43);
    expect(mes.resume('erp/WO-1001', operator)).toMatchObject({ ok: true, value: { status: 'Running' } });
    set(0, 110);
    expect(mes.store.order('erp/WO-1001')!.progress).toMatchObject({ good: 53, reject: 2 });
    const done = mes.confirm('erp/WO-1001', true, 'REJECT', operator);
    expect(done).toMatchObject({ ok: true, value: { completion: { good: { value: 53 }, scrap: [{ quantity: { value: 2 }, reason: 'REJECT' }], final: true } } });
    await until(() => sim.state.has('WO-1001.c1'), 'the completion at the MES');
    expect(sim.state.received.find((m) => m.key === 'WO-1001.c1')!.body['scrap']).toEqual([{ quantity: { value: 2, unit: 'H87' }, reason: 'Q01' }]);
  });

  it('records a stop from the machine state and reports it as it starts, ends, and once the operator gives the reason', async () => {
    expect(await mes.start_('erp/WO-1002', operator)).toMatchObject({ ok: true });
    set(2, 5);
    const open = mes.lineStatuses()[0]!.downtime!;
    expect(open).toMatch(/^Line1\.dt\d+$/);
    await until(() => sim.state.has(`${open}.v1`), 'the start of the stop at the MES');
    expect(sim.state.received.find((m) => m.key === `${open}.v1`)!.body).not.toHaveProperty('end');
    set(2, 2);
    expect(mes.lineStatuses()[0]!.downtime).toBeUndefined();
    await until(() => sim.state.has(`${open}.v2`), 'the end of the unclassified stop at the MES');
    expect(mes.classify(open, 'NOT-A-CODE', operator)).toMatchObject({ ok: false, error: { message: 'NOT-A-CODE is not a downtime reason code of this project' } });
    expect(mes.classify(open, 'JAM', operator)).toMatchObject({ ok: true, value: { event: { reason: 'JAM', operator: 'olga' } } });
    await until(() => sim.state.has(`${open}.v3`), 'the classified stop at the MES');
    const v3 = sim.state.received.find((m) => m.key === `${open}.v3`)!.body;
    expect(v3).toMatchObject({ id: open, reason: 'D10', category: 'unplanned', workOrder: { id: 'WO-1002' } });
    expect(typeof v3['end']).toBe('string');
  });

  it('audits who did what', () => {
    const rows = audit.entries.map(({ user, role, action, target }) => ({ user, role, action, target }));
    expect(rows).toEqual(
      expect.arrayContaining([
        { user: 'olga', role: 'operator', action: 'workOrders.start.refused', target: 'erp/WO-1001' },
        { user: 'olga', role: 'operator', action: 'workOrders.start', target: 'erp/WO-1001' },
        { user: 'olga', role: 'operator', action: 'workOrders.hold', target: 'erp/WO-1001' },
        { user: 'olga', role: 'operator', action: 'workOrders.complete', target: 'erp/WO-1001' },
        { user: 'olga', role: 'operator', action: 'downtime.classify', target: expect.stringMatching(/^Line1\.dt/) },
      ]),
    );
  });
});
