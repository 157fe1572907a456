import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_MAPPINGS } from '../../common/mes.ts';
import { B2mmlSimRoutes } from '../../examples/mes-sim/b2mml-routes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { B2mmlHttpConnector } from '../../main/core/mes/b2mml/http-connector.ts';
import { B2mmlHttpOptionsSchema } from '../../main/core/mes/b2mml/options.ts';
import { completionMessage, downtimeMessage, TestInbox } from '../support/mes-b2mml-support.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: Record<string, unknown> = {}, simOptions: { token?: string } = {}) {
  const sim = new MesSim(simOptions);
  const routes = new B2mmlSimRoutes(sim);
  const url = await sim.listen();
  cleanups.push(() => sim.close());
  const inbox = new TestInbox();
  inbox.mappings = EMPTY_MAPPINGS;
  cleanups.push(() => inbox.dispose());
  const parsed = B2mmlHttpOptionsSchema.parse({ baseUrl: `${url}/b2mml`, pollIntervalMs: 0, timeoutMs: 15_000, ...options });
  const connector = new B2mmlHttpConnector('mes', parsed, { now: Date.now, log: () => undefined });
  cleanups.push(() => connector.dispose());
  await connector.start(inbox);
  return { sim, routes, inbox, connector };
}

describe('B2MML over HTTP against the MES simulator', () => {
  it('pulls every pending schedule, confirms each after commit, and pulls a new revision again', async () => {
    const { sim, routes, inbox, connector } = await setup();
    await connector.pollNow();
    expect(inbox.verdicts.map((v) => v.kind)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(inbox.store.order('mes/WO-1001')?.order).toMatchObject({ material: { code: '100234' }, quantity: { value: 2400, unit: 'EA' }, workCentre: 'WC-BTL-01', parameters: [{ name: 'LineSpeed', value: 320 }] });
    expect(routes.confirmations.map((c) => [c.originalBodId, c.accepted])).toEqual([
      ['SCHED-WO-1001-R1', true],
      ['SCHED-WO-1002-R1', true],
      ['SCHED-WO-1003-R1', true],
    ]);
    await connector.pollNow();
    expect(inbox.received).toHaveLength(3);
    sim.state.putOrder({ id: 'WO-1002', quantity: { value: 120, unit: 'CS' } });
    await connector.pollNow();
    expect(inbox.verdicts.at(-1)).toEqual({ kind: 'accepted', key: 'mes/WO-1002', revision: 2 });
    expect(inbox.store.order('mes/WO-1002')?.order.quantity).toEqual({ value: 120, unit: 'CS' });
    expect(connector.health().status).toBe('ok');
  });

  it('does not confirm what the core could not commit, so the schedule comes again', async () => {
    const { routes, inbox, connector } = await setup();
    inbox.failNext = 1;
    await connector.pollNow();
    expect(routes.confirmations).toEqual([]);
    expect(connector.health()).toMatchObject({ status: 'error', lastError: 'database is locked' });
    await connector.pollNow();
    expect(inbox.verdicts.map((v) => v.kind)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(routes.confirmations).toHaveLength(3);
  });

  it('delivers completions, consumptions and downtime once per key, each valid B2MML', async () => {
    const { sim, routes, connector } = await setup();
    const first = completionMessage('mes', 'c-1', 1, { workOrder: { system: 'mes', id: 'WO-1001' } });
    expect(await connector.deliver(first)).toEqual({ kind: 'delivered' });
    expect(await connector.deliver(first)).toEqual({ kind: 'delivered' });
    const final = completionMessage('mes', 'c-2', 2, { workOrder: { system: 'mes', id: 'WO-1001' }, final: true });
    expect(await connector.deliver(final)).toEqual({ kind: 'delivered' });
    expect(await connector.deliver(downtimeMessage('mes', 'd-1'))).toEqual({ kind: 'delivered' });
    expect(routes.invalid).toEqual([]);
    expect(sim.state.completions('WO-1001').map((m) => [m.key, m.sequence, (m.body['good'] as { value: number }).value])).toEqual([
      ['c-1', 1, 240],
      ['c-2', 2, 240],
    ]);
    expect(sim.state.duplicates).toBe(1);
    expect(sim.state.order('WO-1001')?.['status']).toBe('Completed');
    expect(sim.state.received.find((m) => m.kind === 'downtime')?.body).toMatchObject({ id: 'dt-1', equipment: 'Line1', categories: ['Downtime:unplanned', 'Reason:JAM', 'State:ended'], reason: 'JAM', state: 'ended' });
    expect(await connector.readBack!(first)).toBe('present');
    expect(await connector.readBack!(completionMessage('mes', 'c-99'))).toBe('absent');
  }, 90_000);

  it('quarantines what the MES refuses, with its reason', async () => {
    const { connector } = await setup();
    const outcome = await connector.deliver(completionMessage('mes', 'c-x', 1, { workOrder: { system: 'mes', id: 'WO-9999' } }));
    expect(outcome).toEqual({ kind: 'quarantine', reason: 'the MES refused it (HTTP 422): unknown work order WO-9999' });
  });

  it('is in doubt after a 5xx or a lost answer; retries after a refused connection and a 429 with Retry-After', async () => {
    const { sim, connector, inbox } = await setup();
    const message = completionMessage('mes', 'c-5', 1, { workOrder: { system: 'mes', id: 'WO-1001' } });
    sim.state.faults.failAfterCommit = { status: 502, count: 1 };
    expect(await connector.deliver(message)).toMatchObject({ kind: 'ambiguous', reason: 'HTTP 502 from POST /performance: simulated failure after commit' });
    expect(await connector.deliver(message)).toEqual({ kind: 'delivered' });
    expect(sim.state.completions('WO-1001')).toHaveLength(1);

    sim.state.faults.dropReply = 1;
    const dropped = completionMessage('mes', 'c-6', 2, { workOrder: { system: 'mes', id: 'WO-1001' } });
    expect((await connector.deliver(dropped)).kind).toBe('ambiguous');
    expect(await connector.readBack!(dropped)).toBe('present');

    const impatient = new B2mmlHttpConnector('mes', B2mmlHttpOptionsSchema.parse({ baseUrl: `${sim.url}/b2mml`, pollIntervalMs: 0, timeoutMs: 400 }), { now: Date.now, log: () => undefined });
    cleanups.push(() => impatient.dispose());
    await impatient.start(inbox);
    sim.state.faults.slowMs = 1_500;
    expect(await impatient.deliver(completionMessage('mes', 'c-7', 3, { workOrder: { system: 'mes', id: 'WO-1001' } }))).toEqual({ kind: 'ambiguous', reason: 'no answer within 400 ms' });
    sim.state.faults.slowMs = 0;

    sim.addRoute('POST', '/b2mml/performance', (_req, res) => void res.writeHead(429, { 'Retry-After': '7' }).end('slow down'));
    expect(await connector.deliver(message)).toEqual({ kind: 'retry', reason: 'HTTP 429 from POST /performance: slow down', retryAfterMs: 7_000 });

    await sim.down();
    const refused = await connector.deliver(message);
    expect(refused.kind).toBe('retry');
    expect(refused.kind === 'retry' && refused.reason).toMatch(/ECONNREFUSED/);
    expect(connector.health().status).toBe('error');
    expect(await connector.readBack!(message)).toBe('unknown');
  }, 90_000);

  it('retries with a readable reason when the MES refuses the token', async () => {
    const { connector } = await setup({ token: 'wrong' }, { token: 'right-token' });
    expect(await connector.deliver(completionMessage('mes', 'c-8'))).toEqual({ kind: 'retry', reason: "HTTP 401: the MES refused Lineside's credentials (check the token)" });
  });
});
