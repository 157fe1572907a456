import { statSync } from 'node:fs';
import { join } from 'node:path';
import { exampleOrders } from '../../examples/mes-sim/example-orders.ts';
import { scheduledOrders } from '../../examples/mes-sim/sim-modes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import type { SnapshotEntry } from '../../main/core/mes/connector.ts';
import type { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { jsonSnapshotEntries } from '../../main/core/mes/snapshot.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { MesFixture, OPERATOR } from '../support/mes-service-fixture.ts';
import type { Figure } from './figure.ts';

const DAYS = Number(process.env['MES_BENCH_DAYS'] ?? 60);
const POLL_MS = 5_000;
const PER_DAY = 86_400_000 / POLL_MS;
const PER_HOUR = 3_600_000 / POLL_MS;
/** The line confirms every 30 minutes; an order is 8 confirmations (4 h, 2400 bottles). */
const CONFIRM_EVERY = PER_HOUR / 2;
const CONFIRMATIONS_PER_ORDER = 8;
/** The MES re-plans one waiting order every 2 h; the line stops for 10 min every 4 h, classified after 3 min. */
const REVISE_AT = (tick: number) => tick % (2 * PER_HOUR) === 700;
const STOP_EVERY = 4 * PER_HOUR;
const SCHEDULED = 13;

/**
 * A month and more of a 13-order snapshot MES polled every 5 s, in simulated time (an injected clock,
 * no sleeping), against the runtime's MesService on a real SQLite file with its defaults (30-day
 * retention, compaction every hour). The MES simulator runs in this process and is the MES: it holds
 * the schedule, takes the confirmations over REST and drops an order from its schedule once its final
 * confirmation arrives; the bench plays planner and operator. A poll after anything happened goes
 * through the connector over HTTP; the unchanged polls in between hand the sink the entries the
 * connector builds from that same answer (jsonSnapshotEntries), without the GET: they cost nothing by
 * design, and the bench checks that each made no write.
 */
export async function storeMonth(report: (figure: Figure) => void): Promise<void> {
  const wall0 = performance.now();
  const sim = new MesSim({ seed: false });
  sim.state.modes.snapshot = true;
  await sim.listen();
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 0));
  const f = await MesFixture.start({
    connectors: [{ id: 'mes', type: 'rest', inbound: 'snapshot', disappeared: 'cancel', options: { baseUrl: `${sim.url}/api`, pollIntervalMs: 0 } }],
    now: () => clock.now(),
    reasonCodes: [{ code: 'JAM', label: 'Bottle jam', kind: 'downtime', category: 'unplanned' }],
  });
  try {
    const db = f.mes.store.db;
    const file = join(f.dir, 'mes.sqlite');
    const bytes = () => size(file) + size(`${file}-wal`);
    const writes = db.prepare('SELECT total_changes() AS n').pluck();
    const undelivered = db.prepare("SELECT 1 FROM outbox WHERE state != 'delivered' LIMIT 1").pluck();
    const connector = f.mes.connector('mes') as RestConnector;
    const line = f.mes.lines[0]!;
    const template = exampleOrders(clock.now())[0]!;
    let made = 0;
    const queue: string[] = [];
    const plan = () => {
      const id = `WO-M${String(++made).padStart(5, '0')}`;
      const at = (hours: number) => new Date(clock.now() + (queue.length * 4 + hours) * 3_600_000).toISOString();
      sim.state.putOrder({ ...template, id, revision: 1, scheduledStart: at(0), scheduledEnd: at(4), due: at(8) });
      queue.push(id);
    };
    const schedule = (): SnapshotEntry[] => jsonSnapshotEntries('mes', (JSON.parse(JSON.stringify({ orders: scheduledOrders(sim.state.ordersSince(0).orders) })) as { orders: unknown[] }).orders);
    const delivered = async () => {
      while (undelivered.get()) await new Promise((resolve) => setImmediate(resolve));
    };
    const fig = { polls: 0, unchanged: 0, unchangedWrites: 0, confirmations: 0, orders: 0, revisions: 0, stops: 0, compactedOutbox: 0, compactedInbox: 0, maxBytes: 0, day30: 0 };
    let running: string | undefined;
    let confirmed = 0;
    let reject = 0;
    const startNext = async () => {
      running = `mes/${queue.shift()!}`;
      confirmed = 0;
      const started = await f.mes.start_(running, OPERATOR);
      if (!started.ok) throw new Error(`start ${running}: ${started.error.message}`);
    };
    const poll = async () => {
      await connector.pollNow();
      if (connector.health().status !== 'ok') throw new Error(`poll at ${new Date(clock.now()).toISOString()}: ${connector.health().lastError}`);
      fig.polls++;
    };

    for (let i = 0; i < SCHEDULED; i++) plan();
    await poll();
    await startNext();
    let entries = schedule();
    for (let tick = 1; tick <= DAYS * PER_DAY; tick++) {
      clock.advance(POLL_MS);
      let event = true;
      if (tick % CONFIRM_EVERY === 0) {
        reject += 3;
        f.produce(300);
        f.engine.ingest([{ handle: 1, value: { value: reject, quality: 'Good', sourceTime: clock.now(), serverTime: clock.now() } }]);
        const final = ++confirmed === CONFIRMATIONS_PER_ORDER;
        const done = f.mes.confirm(running!, final, undefined, OPERATOR);
        if (!done.ok) throw new Error(`confirm ${running}: ${done.error.message}`);
        fig.confirmations++;
        await delivered();
        if (final) {
          fig.orders++;
          plan();
          await poll();
          await startNext();
        }
      } else if (REVISE_AT(tick)) {
        sim.state.putOrder({ id: queue.at(-1)!, priority: 1 + (tick % 900), description: `re-planned at ${new Date(clock.now()).toISOString()}` });
        fig.revisions++;
      } else if (tick % STOP_EVERY === 1000 || tick % STOP_EVERY === 1120) {
        const down = tick % STOP_EVERY === 1000;
        f.engine.ingest([{ handle: 2, value: { value: down ? 0 : 2, quality: 'Good', sourceTime: clock.now(), serverTime: clock.now() } }]);
        if (down) fig.stops++;
        await delivered();
      } else if (tick % STOP_EVERY === 1036) {
        const classified = f.mes.classify(line.downtime.open!, 'JAM', OPERATOR);
        if (!classified.ok) throw new Error(`classify: ${classified.error.message}`);
        await delivered();
      } else event = false;
      if (tick % PER_HOUR === 0) {
        const run = await f.mes.compact();
        fig.compactedOutbox += run.outbox;
        fig.compactedInbox += run.inbox;
        event = true;
      }
      if (event) {
        await poll();
        entries = schedule();
      } else {
        const before = writes.get() as number;
        const receipt = f.mes.receiveSnapshot('mes', entries);
        fig.unchangedWrites += (writes.get() as number) - before;
        if (receipt.changed.length > 0 || receipt.disappeared.length > 0) throw new Error(`an unchanged poll changed ${receipt.changed.length} orders`);
        fig.polls++;
        fig.unchanged++;
      }
      if (tick % PER_DAY === 0) {
        fig.maxBytes = Math.max(fig.maxBytes, bytes());
        if (tick / PER_DAY === 30) fig.day30 = bytes();
      }
    }
    const status = f.mes.status();
    const stuck = status.connectors[0]!;
    if (stuck.quarantined + stuck.blocked + stuck.pending > 0) throw new Error(`messages not delivered: ${JSON.stringify(stuck)}`);
    if (fig.unchangedWrites !== 0) throw new Error(`${fig.unchangedWrites} writes by unchanged polls`);
    const tables = (db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 6').all() as Array<{ name: string; bytes: number }>).map((t) => `${t.name} ${mb(t.bytes)} MB`).join(', ');
    const store = status.store!;
    const end = bytes();
    const wall = Math.round((performance.now() - wall0) / 1000);
    report({
      name: 'mes.store_bytes_month',
      value: mb(Math.max(fig.maxBytes, end)),
      unit: 'MB',
      target: '<= 50',
      against:
        `largest mes.sqlite + -wal measured once a simulated day over ${DAYS} days (${DAYS > 30 ? `day 30: ${mb(fig.day30)} MB; ` : ''}day ${DAYS}: ${mb(end)} MB, of which -wal ${mb(size(`${file}-wal`))} MB` +
        `${DAYS > 30 ? `; after the first month it grows ${mb(((end - fig.day30) * 30) / (DAYS - 30))} MB a month: compaction takes outbox and inbox rows only, consumptions, audit entries, work orders, downtime and each order's last outbox row are kept` : ''}) ` +
        `of a 13-order snapshot MES (REST, disappeared: cancel) polled every 5 s: ` +
        `${fig.polls} polls, ${fig.unchanged} unchanged ones handed to the sink without the GET (their writes: ${fig.unchangedWrites}), the others over HTTP; ` +
        `one line, ${fig.confirmations} confirmations every 30 min (each with 4 backflushed materials), ${fig.orders} orders of 4 h completed and replaced in the schedule, ${fig.revisions} re-planned orders (every 2 h), ${fig.stops} stops of 10 min (started, classified, ended); ` +
        `every message delivered to the simulator (in this process) before time moved on; compaction hourly at the default 30-day retention removed ${fig.compactedOutbox} outbox and ${fig.compactedInbox} inbox rows, no report periods held back; ` +
        `at the end ${store.outboxRows} outbox and ${store.inboxRows} inbox rows, oldest from ${new Date(store.oldestRowAt ?? 0).toISOString().slice(0, 10)}, ${mb(store.freeBytes)} MB free pages; largest tables: ${tables}. Counters move once per confirmation (a count updates the order's row in place). ${wall} s wall`,
    });
  } finally {
    await f.dispose();
    await sim.close();
  }
}

function size(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function mb(bytes: number): number {
  return Math.round((bytes / 1_048_576) * 100) / 100;
}
