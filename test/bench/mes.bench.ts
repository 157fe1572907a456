import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MesConfigSchema, RestConnectorOptionsSchema } from '../../common/mes-config.ts';
import { MappingTablesSchema, type Completion } from '../../common/mes.ts';
import { ok } from '../../common/result.ts';
import { TagDefinitionSchema } from '../../common/tag.ts';
import { Dispatcher } from '../../main/core/mes/dispatcher.ts';
import { Inbox } from '../../main/core/mes/inbox.ts';
import { MesService } from '../../main/core/mes/mes-service.ts';
import { MemoryAuditSink } from '../support/memory-audit-sink.ts';
import { MesStore } from '../../main/core/mes/mes-store.ts';
import { Outbox } from '../../main/core/mes/outbox.ts';
import { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { TagWriter } from '../../main/core/tags/tag-writer.ts';
import { post, startSim } from './mes-sim-fork.ts';
import { storeMonth } from './mes-month.bench.ts';
import { snapshotPoll } from './mes-snapshot.bench.ts';
import type { BenchGroup } from './figure.ts';

const CONFIRMATIONS = 500;
const DRAIN_STREAMS = Number(process.env['MES_BENCH_STREAMS'] ?? 1000);
const DRAIN_PER_STREAM = 100;
const UPSERTS = 20_000;

function completion(order: string, seq: number, final = false): Completion {
  return {
    id: `${order}.c${seq}`,
    workOrder: { system: 'erp', id: order },
    sequence: seq,
    good: { value: 10, unit: 'H87' },
    scrap: [],
    actualStart: '2026-01-01T00:00:00.000Z',
    actualEnd: '2026-01-01T01:00:00.000Z',
    lots: [],
    operator: 'bench',
    final,
    timeZone: 'UTC',
  };
}

/**
 * MES/ERP sync: confirmation latency through the whole path (confirm → outbox commit → dispatcher →
 * REST → simulator applied and acknowledged), drain rate of a 100,000-message backlog after an outage,
 * and inbound order upserts (map, validate, upsert by revision, inbox record; one transaction each).
 */
export const mesBench: BenchGroup = async (report) => {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-mes-bench-'));
  const sim = await startSim();
  try {
    const only = process.env['MES_BENCH_ONLY'];
    if (!only || only === 'latency') await latency(sim.url, dir, report);
    if (!only || only === 'drain') await drain(sim.url, dir, report);
    if (!only || only === 'upserts') upserts(dir, report);
    if (!only || only === 'snapshot') await snapshotPoll(report);
    if (!only || only === 'month') await storeMonth(report);
  } finally {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
};

async function latency(url: string, dir: string, report: Parameters<BenchGroup>[0]): Promise<void> {
  const clock = { now: () => Date.now() };
  const tags = [
    { path: 'L1/Good', dataType: 'uint32' },
    { path: 'L1/Reject', dataType: 'uint32' },
    { path: 'L1/State', dataType: 'int16' },
  ].map((t, i) => TagDefinitionSchema.parse({ ...t, source: { device: 'plc', address: `r${i}` } }));
  const engine = new TagEngine(tags, clock);
  const set = (handle: number, value: number) => engine.ingest([{ handle, value: { value, quality: 'Good', sourceTime: clock.now(), serverTime: clock.now() } }]);
  set(0, 0);
  set(1, 0);
  set(2, 2);
  const writer = new TagWriter(engine, { write: async () => ok(undefined) }, clock);
  const config = MesConfigSchema.parse({
    connectors: [{ id: 'erp', type: 'rest', options: { baseUrl: `${url}/api`, pollIntervalMs: 0 } }],
    lines: [{ workCentre: 'WC-BTL-01', equipment: 'Line1', counters: { good: { tag: 'L1/Good' }, reject: { tag: 'L1/Reject' } }, stateTag: 'L1/State', downStates: [{ value: 0, category: 'unclassified' }] }],
  });
  const connector = new RestConnector(config.connectors[0]!, RestConnectorOptionsSchema.parse(config.connectors[0]!.options));
  const mes = new MesService({ file: join(dir, 'latency.sqlite'), config, connectors: [connector], engine, writer, audit: new MemoryAuditSink(), timeZone: 'UTC' });
  await mes.start();
  const order = (await (await fetch(`${url}/api/orders`)).json()) as { orders: Array<{ id: string }> };
  const wo = order.orders.find((o) => o.id === 'WO-1001')!;
  mes.receive({ connector: 'erp', messageId: 'bench', kind: 'order', order: wo, raw: '' });
  const user = { name: 'bench', role: 'operator' };
  const started = await mes.start_('erp/WO-1001', user);
  if (!started.ok) throw new Error(started.error.message);
  const dispatcher = mes.dispatcher('erp')!;
  const samples: number[] = [];
  for (let i = 0; i < CONFIRMATIONS; i++) {
    set(0, (i + 1) * 10);
    const before = dispatcher.stats.delivered;
    const t0 = performance.now();
    const r = mes.confirm('erp/WO-1001', false, undefined, user);
    if (!r.ok) throw new Error(r.error.message);
    while (dispatcher.stats.delivered === before) await new Promise((resolve) => setImmediate(resolve));
    samples.push(performance.now() - t0);
  }
  await mes.dispose();
  engine.dispose();
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  const against = `${CONFIRMATIONS} partial confirmations one after another, MES simulator in its own process over HTTP on 127.0.0.1, each confirmation committed with fsync`;
  report({ name: 'mes.confirm_latency_p99_ms', value: round(p(0.99)), unit: 'ms', target: '<= 1000', against });
  report({ name: 'mes.confirm_latency_p50_ms', value: round(p(0.5)), unit: 'ms', against });
}

async function drain(url: string, dir: string, report: Parameters<BenchGroup>[0]): Promise<void> {
  for (let s = 0; s < DRAIN_STREAMS; s++) await post(`${url}/admin/orders`, { id: `WO-B${s}`, status: 'Released' });
  const store = new MesStore(join(dir, 'drain.sqlite'));
  const outbox = new Outbox(store.db);
  const now = Date.now();
  store.transaction(() => {
    for (let s = 0; s < DRAIN_STREAMS; s++) {
      for (let i = 1; i <= DRAIN_PER_STREAM; i++) {
        const c = completion(`WO-B${s}`, i, i === DRAIN_PER_STREAM);
        outbox.enqueue({ connector: 'erp', key: c.id, stream: `erp/WO-B${s}`, kind: 'completion', payload: c }, now);
      }
    }
  });
  const total = DRAIN_STREAMS * DRAIN_PER_STREAM;
  const mappings = MappingTablesSchema.parse({});
  const connector = new RestConnector({ id: 'erp', type: 'rest', enabled: true, mappings, options: {} }, RestConnectorOptionsSchema.parse({ baseUrl: `${url}/api`, pollIntervalMs: 0 }));
  const concurrency = Number(process.env['MES_BENCH_CONCURRENCY'] ?? 64);
  const dispatcher = new Dispatcher(
    outbox,
    connector,
    () => mappings,
    () => {},
    { concurrency },
  );
  const t0 = performance.now();
  dispatcher.kickAll();
  while (dispatcher.stats.delivered < total) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (performance.now() - t0 > 600_000) throw new Error(`drain stalled at ${dispatcher.stats.delivered}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  await dispatcher.dispose();
  await connector.dispose();
  store.close();
  report({
    name: 'mes.drain_per_s',
    value: Math.round(total / seconds),
    unit: 'messages/s',
    target: '>= 1000',
    against: `${total} queued completions (${DRAIN_STREAMS} work orders × ${DRAIN_PER_STREAM}, each order in sequence), ${concurrency} orders in flight, REST to the simulator in its own process, each send and each outcome recorded in SQLite (WAL; bookkeeping commits without fsync, see mes-store.ts)`,
  });
}

function upserts(dir: string, report: Parameters<BenchGroup>[0]): void {
  const store = new MesStore(join(dir, 'upserts.sqlite'));
  const mappings = MappingTablesSchema.parse({ materials: [{ external: '100234', local: 'WATER' }], workCentres: [{ external: 'WC-BTL-01', local: 'Line1' }], units: [{ external: 'EA', local: 'H87' }] });
  const inbox = new Inbox(
    store,
    () => mappings,
    Date.now,
    () => {},
  );
  const order = (i: number, revision: number) => ({
    id: `WO-U${i % (UPSERTS / 2)}`,
    revision,
    material: { code: '100234' },
    quantity: { value: 1000, unit: 'EA' },
    workCentre: 'WC-BTL-01',
    scheduledStart: '2026-01-01T06:00:00Z',
    scheduledEnd: '2026-01-01T08:00:00Z',
    parameters: [{ name: 'LineSpeed', value: 300 }],
    operations: [{ id: '0010', sequence: 10 }],
    bom: [{ material: { code: '100234' }, quantity: { value: 1000, unit: 'EA' } }],
  });
  const delivery = (i: number) => {
    const o = order(i, i < UPSERTS / 2 ? 1 : 2);
    return { connector: 'erp', messageId: `${o.id}@${o.revision}`, kind: 'order' as const, order: o, raw: JSON.stringify(o) };
  };
  // Pulled pages of 100 (one durable commit per page); half new orders, half a newer revision of a stored one.
  const t0 = performance.now();
  for (let i = 0; i < UPSERTS; i += 100) {
    const verdicts = inbox.receiveAll(Array.from({ length: 100 }, (_, j) => delivery(i + j)));
    if (verdicts.some((v) => v.kind !== 'accepted')) throw new Error(`page ${i}: ${JSON.stringify(verdicts.find((v) => v.kind !== 'accepted'))}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  // Pushed one by one (a webhook call each, acknowledged after its own durable commit).
  const single = 1000;
  const t1 = performance.now();
  for (let i = 0; i < single; i++) {
    const o = { ...order(i, 3), id: `WO-S${i}` };
    inbox.receive({ connector: 'erp', messageId: `${o.id}@3`, kind: 'order', order: o, raw: '' });
  }
  const singleSeconds = (performance.now() - t1) / 1000;
  store.close();
  const what = 'mapped, validated, upserted by revision and recorded in the inbox, SQLite with fsync at each commit';
  report({ name: 'mes.upserts_per_s', value: Math.round(UPSERTS / seconds), unit: 'orders/s', against: `${UPSERTS} pulled orders in pages of 100, one commit per page (half new, half a newer revision): ${what}` });
  report({ name: 'mes.upserts_single_per_s', value: Math.round(single / singleSeconds), unit: 'orders/s', against: `${single} pushed orders, one commit each: ${what}` });
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
