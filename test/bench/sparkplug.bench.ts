import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../common/clock.ts';
import { dataValue } from '../../common/data-value.ts';
import type { DriverChange } from '../../drivers/api.ts';
import { SparkplugHostConfigSchema, SparkplugHostDriver } from '../../drivers/sparkplug/sparkplug-driver.ts';
import { EdgeConfigSchema } from '../../main/core/sparkplug/edge-config.ts';
import { SparkplugEdgeNode } from '../../main/core/sparkplug/edge-node.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { TestBroker } from '../support/mes-mqtt-broker.ts';
import { tag } from '../support/tags.ts';
import { until } from '../support/until.ts';
import type { BenchGroup } from './figure.ts';

const TAGS = 1_000;
const RUN_MS = 5_000;
/** Changes sent but not yet seen at the host: the sender waits above this (no unbounded queue in the broker). */
const IN_FLIGHT = 20_000;

/**
 * `sparkplug.changes_per_s`: tag changes from a station's tag engine through our edge node (DDATA by
 * alias), a real mosquitto on loopback and our host application driver, counted where the host hands
 * them to its subscriber. Every tag changes in every batch; the edge node sends what changed at most
 * every `publishPeriodMs` (here 0: each engine batch is one DDATA).
 */
export const sparkplugBench: BenchGroup = async (report) => {
  const broker = new TestBroker();
  const dataDir = mkdtempSync(join(tmpdir(), 'lineside-sparkplug-bench-'));
  const defs = Array.from({ length: TAGS }, (_, i) => tag({ path: `Line1/T${i}` }));
  const engine = new TagEngine(defs, systemClock);
  let edge: SparkplugEdgeNode | undefined;
  let host: SparkplugHostDriver | undefined;
  try {
    await broker.start();
    engine.ingest(defs.map((_, i) => ({ handle: i, value: dataValue(0, 'Good', Date.now()) })));
    edge = new SparkplugEdgeNode(EdgeConfigSchema.parse({ brokerUrl: broker.url, groupId: 'Bench', edgeNodeId: 'Line1', tags: ['Line1/'], publishPeriodMs: 0 }), {
      engine,
      clock: systemClock,
      dataDir,
      audit: { record: () => undefined },
      log: () => undefined,
      write: async () => ({ ok: true, value: undefined }),
      permissionsOf: () => [],
      needsSignature: () => false,
    });
    host = new SparkplugHostDriver(SparkplugHostConfigSchema.parse({ brokerUrl: broker.url, hostId: 'bench' }), { deviceName: 'bench', projectDir: '.', dataDir: '.', now: Date.now });
    let received = 0;
    let good = 0;
    host.subscribe(
      defs.map((d, i) => ({ handle: i, address: `Bench/Line1/Tags:${d.path}` })),
      (changes: readonly DriverChange[]) => {
        received += changes.length;
        if (good < TAGS) good = changes.filter((c) => c.value.quality === 'Good').length;
      },
    );
    await host.connect();
    edge.start();
    await until(() => good >= TAGS, 'the host to see every tag born', 30_000);

    const startReceived = received;
    const started = performance.now();
    let sent = 0;
    let round = 1;
    while (performance.now() - started < RUN_MS) {
      if (sent - (received - startReceived) > IN_FLIGHT) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      const now = Date.now();
      const batch: DriverChange[] = [];
      for (let i = 0; i < TAGS; i++) batch.push({ handle: i, value: dataValue(round + i / TAGS, 'Good', now) });
      engine.ingest(batch);
      sent += TAGS;
      round++;
      // Lets the edge node's flush timer and the sockets run.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await until(() => received - startReceived >= sent, `the host to see all ${sent} changes`, 30_000).catch(() => undefined);
    const seconds = (performance.now() - started) / 1000;
    const changes = received - startReceived;
    report({
      name: 'sparkplug.changes_per_s',
      value: Math.round(changes / seconds),
      unit: 'changes/s',
      target: '>= 50000',
      against: `our edge node → mosquitto (loopback) → our host driver; ${TAGS} float64 tags all changing per batch, ${sent} sent and ${changes} received in ${seconds.toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)}`,
    });
  } finally {
    await host?.disconnect();
    await edge?.stop();
    engine.dispose();
    await broker.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
