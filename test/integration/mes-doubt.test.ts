import { afterEach, describe, expect, it } from 'vitest';
import { B2mmlSimRoutes } from '../../examples/mes-sim/b2mml-routes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import type { B2mmlHttpConnector } from '../../main/core/mes/b2mml/http-connector.ts';
import type { MesConnector, OutboundMessage, ReadBackOutcome } from '../../main/core/mes/connector.ts';
import type { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { MesFixture, OPERATOR } from '../support/mes-service-fixture.ts';
import { until } from '../support/until.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startSim(readBack: boolean): Promise<MesSim> {
  const sim = new MesSim();
  new B2mmlSimRoutes(sim);
  sim.state.modes.readBack = readBack;
  await sim.listen();
  cleanups.push(() => sim.close());
  return sim;
}

function readBackRequests(sim: MesSim): number {
  return [...sim.state.requests].filter(([route]) => route.startsWith('GET /api/messages') || route.startsWith('GET /b2mml/messages')).reduce((n, [, count]) => n + count, 0);
}

describe('an MES without a read-back endpoint', () => {
  it('REST: a message in doubt is resent under the same key, and the MES applies it once', async () => {
    const sim = await startSim(false);
    const f = await MesFixture.start({ connectors: [{ id: 'erp', type: 'rest', options: { baseUrl: `${sim.url}/api`, pollIntervalMs: 0, readBack: false } }] });
    cleanups.push(() => f.dispose());
    expect(f.mes.connector('erp')!.readBack).toBeUndefined();
    await (f.mes.connector('erp') as RestConnector).pollNow();
    await f.mes.start_('erp/WO-1001', OPERATOR);
    f.produce(10);
    sim.state.faults.dropReply = 1;
    f.mes.confirm('erp/WO-1001', false, undefined, OPERATOR);
    await until(() => f.mes.connectorStatuses()[0]!.pending === 0, 'everything delivered');
    expect(sim.state.completions('WO-1001').map((m) => m.key)).toEqual(['WO-1001.c1']);
    // The resend of WO-1001.c1 carried its key and was answered as a duplicate.
    expect(sim.state.duplicates).toBe(1);
    expect(readBackRequests(sim)).toBe(0);
  });

  it('B2MML: after a 5xx the document is resent with the same BODID, and the MES applies it once', async () => {
    const sim = await startSim(false);
    const f = await MesFixture.start({ connectors: [{ id: 'mes', type: 'b2mml-http', options: { baseUrl: `${sim.url}/b2mml`, pollIntervalMs: 0, messagesPath: null } }] });
    cleanups.push(() => f.dispose());
    await (f.mes.connector('mes') as B2mmlHttpConnector).pollNow();
    await f.mes.start_('mes/WO-1002', OPERATOR);
    f.produce(10);
    sim.state.faults.failAfterCommit = { status: 502, count: 1 };
    f.mes.confirm('mes/WO-1002', false, undefined, OPERATOR);
    await until(() => f.mes.connectorStatuses()[0]!.pending === 0, 'everything delivered', 60_000);
    expect(sim.state.completions('WO-1002').map((m) => m.key)).toEqual(['WO-1002.c1']);
    expect(sim.state.duplicates).toBe(1);
    expect(readBackRequests(sim)).toBe(0);
  }, 120_000);
});

describe('the read-back of a message in doubt', () => {
  it('is asked before a resend, and during an outage backs off like every other retry', async () => {
    const sim = await startSim(true);
    const asked: number[] = [];
    // A spy around the real connector: when each read-back goes out.
    const spy = (connector: MesConnector): MesConnector =>
      new Proxy(connector, {
        get(target, prop) {
          if (prop === 'readBack' && target.readBack) {
            return (m: OutboundMessage): Promise<ReadBackOutcome> => {
              asked.push(performance.now());
              return target.readBack!(m);
            };
          }
          const value = Reflect.get(target, prop, target) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
    const f = await MesFixture.start({
      connectors: [{ id: 'erp', type: 'rest', options: { baseUrl: `${sim.url}/api`, pollIntervalMs: 0, timeoutMs: 1_000 } }],
      dispatch: { baseDelayMs: 50, maxDelayMs: 60_000, random: () => 0.999 },
      wrap: spy,
    });
    cleanups.push(() => f.dispose());
    await (f.mes.connector('erp') as RestConnector).pollNow();
    await f.mes.start_('erp/WO-1001', OPERATOR);
    f.produce(10);
    // The MES applies the confirmation and goes down before it answers: in doubt, and nobody to ask.
    sim.afterApply = () => void sim.down();
    f.mes.confirm('erp/WO-1001', false, undefined, OPERATOR);
    await until(() => asked.length >= 4, 'four read-backs during the outage', 20_000);
    const row = () => f.mes.outbox.get('erp', 'WO-1001.c1')!;
    expect(row()).toMatchObject({ state: 'pending', inDoubt: true, reason: 'could not read back whether the MES has it' });
    // Each read-back counts as an attempt (the send was the first), so the ceiling doubles each time:
    // with the jitter at its top the waits are at least 199, 399 and 799 ms (~2 per second before).
    expect(row().message.attempts).toBeGreaterThanOrEqual(asked.length + 1);
    expect(asked[3]! - asked[0]!).toBeGreaterThanOrEqual(199 + 399 + 799 - 5);
    const gaps = asked.slice(1).map((t, i) => t - asked[i]!);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);

    // Back up: the next read-back finds it, and it is not sent again.
    sim.afterApply = undefined;
    await sim.up();
    expect(f.mes.retry('erp', 'WO-1001.c1', OPERATOR, false).ok).toBe(true);
    await until(() => row().state === 'delivered', 'read back as delivered');
    expect(sim.state.completions('WO-1001')).toHaveLength(1);
    expect(sim.state.duplicates).toBe(0);
  });
});
