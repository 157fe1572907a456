import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { downtimeEvents } from '../../examples/mes-sim/downtime-view.ts';
import { cancelOrder } from '../../examples/mes-sim/order-changes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { CrashHarness } from '../support/mes-crash-harness.ts';
import { until } from '../support/until.ts';

/**
 * SIGKILL right after the commits of a line stop and of a cancel from the MES: what was committed
 * (the stop's start, the final partial the cancel caused, with its backflush) is delivered once
 * after the restart; nothing is lost, nothing repeated, and a re-offered cancel changes nothing.
 */
const dir = mkdtempSync(join(tmpdir(), 'lineside-mes-crash-line-'));
const file = join(dir, 'mes.sqlite');
let sim: MesSim;
let harness: CrashHarness;
const KEY = 'erp/WO-1001';

beforeAll(async () => {
  sim = new MesSim();
  await sim.listen();
  harness = new CrashHarness(join(import.meta.dirname, 'mes-crash-child.ts'), file, `${sim.url}/api`);
});

afterAll(async () => {
  await harness.kill();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

it('delivers a stop and the final partial of a cancelled running order once each across SIGKILLs', async () => {
  await harness.boot();
  expect(await harness.send('receive', { key: KEY, order: sim.state.order('WO-1001') })).toMatchObject({ kind: 'accepted' });
  expect(await harness.send('start')).toMatchObject({ ok: true });

  // 1. The line stops while the MES is unreachable; killed right after the stop was recorded. The
  // PLC runs again when the runtime is back: the stop's start and then its end are reported.
  await sim.down();
  const stop = (await harness.send('state', { value: 0 })) as string;
  expect(stop).toMatch(/^Line1\.dt\d+$/);
  await harness.kill();
  expect(harness.outboxRow(`${stop}.v1`)?.state).toBe('pending');
  await sim.up();
  await harness.boot();
  await until(() => sim.state.has(`${stop}.v2`), 'the start and the end of the stop after the restart', 15_000);

  // 2. The MES cancels the running order; killed right after the cancel was stored (the MES is
  // down again, so the final partial it caused waits in the outbox with what it backflushed).
  await harness.send('produce', { n: 10 });
  const cancelled = (await cancelOrder(sim, 'WO-1001'))!;
  await sim.down();
  expect(await harness.send('receive', { key: KEY, order: cancelled })).toMatchObject({ kind: 'accepted' });
  await harness.kill();
  expect(harness.outboxRow('WO-1001.c1')?.state).toBe('pending');
  for (let i = 1; i <= 4; i++) expect(harness.outboxRow(`WO-1001.c1.m${i}`)?.state).toBe('pending');
  await sim.up();
  await harness.boot();
  await until(() => sim.state.has('WO-1001.c1.m4'), 'the final partial and its backflush after the restart', 15_000);
  // The transport offers the same cancel again (it was never acknowledged): a duplicate, nothing more.
  expect(await harness.send('receive', { key: KEY, order: cancelled })).toMatchObject({ kind: 'duplicate' });
  expect(await harness.send('order')).toMatchObject({ status: 'Held', progress: { good: 10, cancel: { state: 'confirmed', completion: 'WO-1001.c1' } } });

  // 3. The operator acknowledges the cancel.
  expect(await harness.send('acknowledge')).toMatchObject({ ok: true, value: { status: 'Cancelled' } });
  await harness.kill();

  const completions = sim.state.completions('WO-1001');
  expect(completions.map((m) => [m.key, (m.body['good'] as { value: number }).value, m.body['final'], m.body['cancelled']])).toEqual([['WO-1001.c1', 10, true, true]]);
  expect(sim.state.received.filter((m) => m.subject === 'WO-1001').map((m) => m.key)).toEqual(['WO-1001.c1', 'WO-1001.c1.m1', 'WO-1001.c1.m2', 'WO-1001.c1.m3', 'WO-1001.c1.m4']);
  expect(downtimeEvents(sim.state)).toEqual([expect.objectContaining({ id: stop, state: 'ended', versions: [`${stop}.v1`, `${stop}.v2`] })]);
  expect(sim.state.duplicates).toBe(0);
  expect(sim.state.order('WO-1001')!['status']).toBe('Cancelled');
  expect(harness.read((db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
}, 90_000);
