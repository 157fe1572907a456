import { exampleOrders } from '../../examples/mes-sim/example-orders.ts';
import { MesFixture } from '../support/mes-service-fixture.ts';
import { post, startSim } from './mes-sim-fork.ts';
import type { Figure } from './figure.ts';

const ORDERS = 500;
const POLLS = 50;
const TABLES = ['inbox', 'outbox', 'snapshot_orders', 'work_orders'] as const;

/**
 * One poll of an unchanged 500-order snapshot, through the runtime's own path: the connector GETs the
 * whole schedule from the MES simulator (its own process, `--snapshot`), decodes it, and hands it to
 * MesService's snapshot sink, which must find nothing changed and write nothing. Measured for the
 * REST/JSON transport and for B2MML over HTTP (a ProcessOperationsSchedule of 500 OperationsRequests,
 * parsed and decoded on every poll), each on its own SQLite file.
 */
export async function snapshotPoll(report: (figure: Figure) => void): Promise<void> {
  const sim = await startSim(['--snapshot', '--no-seed']);
  try {
    const template = exampleOrders(Date.UTC(2026, 0, 5, 6))[0]!;
    for (let i = 0; i < ORDERS; i++) await post(`${sim.url}/admin/orders`, { ...template, id: `WO-S${String(i).padStart(4, '0')}`, revision: 1, priority: 1 + (i % 999) });
    const size = async (path: string) => Math.round((await (await fetch(`${sim.url}${path}`)).arrayBuffer()).byteLength / 1024);
    await pollRuns(
      report,
      'rest',
      `${sim.url}/api`,
      '/orders',
      'mes.snapshot_poll_rest_ms',
      `REST/JSON: GET /api/orders (${await size('/api/orders')} KiB of JSON), parsed, each order looked up by id and version in the connector's last snapshot`,
    );
    await pollRuns(
      report,
      'b2mml-http',
      `${sim.url}/b2mml`,
      '/schedules',
      'mes.snapshot_poll_ms',
      `B2MML V0701 over HTTP: GET /b2mml/schedules (a ProcessOperationsSchedule of ${await size('/b2mml/schedules')} KiB, a fresh BODID each time), found identical to the schedule last taken (digest without the ApplicationArea), so not decoded again`,
    );
  } finally {
    await sim.stop();
  }
}

async function pollRuns(report: (figure: Figure) => void, type: string, baseUrl: string, path: string, name: string, how: string): Promise<void> {
  const f = await MesFixture.start({ connectors: [{ id: 'mes', type, inbound: 'snapshot', options: { baseUrl, pollIntervalMs: 0 } }] });
  try {
    const connector = f.mes.connector('mes') as unknown as { pollNow(): Promise<void>; health(): { status: string; lastError?: string } };
    await connector.pollNow();
    const stored = f.rows('work_orders');
    if (stored !== ORDERS || connector.health().status !== 'ok') throw new Error(`${type}: the first poll stored ${stored} of ${ORDERS} orders (${connector.health().lastError ?? 'no error'})`);
    const rows = () => TABLES.map((t) => f.rows(t));
    const rowsBefore = rows();
    const writesBefore = f.changes();
    const samples: number[] = [];
    const bare: number[] = [];
    let cpu = 0;
    for (let i = 0; i < POLLS; i++) {
      // The same GET without Lineside behind it, just before each poll: the MES's time to answer and the transfer.
      const t1 = performance.now();
      await (await fetch(`${baseUrl}${path}`)).arrayBuffer();
      bare.push(performance.now() - t1);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await connector.pollNow();
      samples.push(performance.now() - t0);
      const used = process.cpuUsage(cpu0);
      cpu += used.user + used.system;
      // A failed poll is said in the health, not thrown: a poll that did not happen must not count as a fast one.
      if (connector.health().status !== 'ok') throw new Error(`${type}: poll ${i} failed: ${connector.health().lastError}`);
    }
    const newRows = rows().reduce((sum, n, i) => sum + n - rowsBefore[i]!, 0);
    const writes = f.changes() - writesBefore;
    if (newRows !== 0 || writes !== 0) throw new Error(`${type}: ${POLLS} unchanged polls added ${newRows} rows and made ${writes} writes`);
    const median = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
    const max = round(Math.max(...samples));
    const cpuMs = round(cpu / 1000 / POLLS);
    const baseline = { name: `${name.replace(/_ms$/, '')}_bare_get_ms`, value: median(bare) };
    const against = `${POLLS} polls of an unchanged ${ORDERS}-order snapshot after the first poll stored them; ${how}; MES simulator in its own process on 127.0.0.1 (its time to build each answer is inside the figure: the baseline is the same GET alone, median); real SQLite file (WAL, fsync). Median; max ${max} ms; Lineside's process CPU ${cpuMs} ms per poll. New rows in inbox/outbox/snapshot_orders/work_orders: ${newRows}; SQLite writes: ${writes}; confirmations sent: none`;
    report({ name, value: median(samples), unit: 'ms', baseline, target: '<= 50', against });
    report({ name: `${name.replace(/_ms$/, '')}_new_rows`, value: newRows + writes, unit: 'rows', target: '0', against: `rows added plus rows written by the same ${POLLS} unchanged polls (${type}); the bench throws if it is not 0` });
  } finally {
    await f.dispose();
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
