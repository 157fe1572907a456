import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCmmsRoutes, type CmmsSimRoutes } from '../../examples/mes-sim/cmms-routes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { until } from '../support/until.ts';
import { TestClient } from '../support/ws-client.ts';

/** The example project's maintenance.json in the whole runtime: contract calls, permissions, audit, the CMMS round trip. */
describe('maintenance in the runtime (the example, its CMMS on the MES simulator)', () => {
  let sim: MesSim;
  let cmms: CmmsSimRoutes;
  let example: ExampleRuntime;
  let client: TestClient;

  beforeAll(async () => {
    sim = new MesSim({ seed: false });
    cmms = addCmmsRoutes(sim);
    const url = await sim.listen();
    example = await startExample({ mesBaseUrl: `${url}/api`, maintenanceTickMs: 200 });
    client = await TestClient.connect(example.url, example.token);
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await example?.dispose();
    await sim?.close();
  });

  it('lists the equipment with its counters and intervals; a request is refused before sign-in', async () => {
    const list = await client.call('maintenance.list', { limit: 10 });
    expect(list.configured).toBe(true);
    expect(list.cmms).toEqual({ configured: true, format: 'json' });
    expect(list.equipment.map((e) => e.id)).toEqual(['Line1', 'Line1/TransferPump1', 'Line1/TransferPump2']);
    expect(list.equipment[0]!.intervals.map((i) => [i.name, i.unit, i.every, i.due])).toEqual([
      ['Filler lubrication', 'hours', 8, false],
      ['Filling valve seals', 'cycles', 500_000, false],
      ['Weekly inspection', 'days', 7, false],
    ]);
    const refused = await client.request('maintenance.request', { equipment: 'Line1', symptom: 'x' });
    expect(refused.ok).toBe(false);
  });

  it('a request from an alarm reaches the CMMS once, comes back accepted with its number and then done; the work is logged and audited', async () => {
    await client.loginAs('maintenance');
    const made = await client.call('maintenance.request', { equipment: 'Line1/TransferPump1', symptom: 'Pump runs hot', priority: 'high', failureCode: 'BRG', alarmId: 'Line1/TransferPump1/Fault' });
    expect(made).toMatchObject({ state: 'queued', requestedBy: 'maintenance', equipment: 'Line1/TransferPump1' });
    const accepted = await until(async () => (await client.call('maintenance.list', { limit: 10 })).requests.find((r) => r.id === made.id && r.state === 'accepted'), 'the request accepted by the CMMS', 20_000);
    expect(accepted.externalId).toBe('WR-1001');
    expect(cmms.requests.get(made.id)).toMatchObject({ symptom: 'Pump runs hot', failureCode: 'BRG', alarmId: 'Line1/TransferPump1/Fault', requestedBy: 'maintenance' });

    await fetch(`${sim.url}/admin/cmms/requests/WR-1001/state`, { method: 'POST', body: JSON.stringify({ state: 'done' }) });
    await example.maintenance!.service.poll();
    expect((await client.call('maintenance.list', { limit: 10 })).requests.find((r) => r.id === made.id)!.state).toBe('done');

    const entry = await client.call('maintenance.logWork', { equipment: 'Line1/TransferPump1', what: 'Replaced the drive-end bearing', parts: ['Bearing 6205-2RS'], intervals: ['Bearing grease'], requestId: made.id });
    expect(entry).toMatchObject({ by: 'maintenance', parts: ['Bearing 6205-2RS'], requestId: made.id });
    const pump = (await client.call('maintenance.list', { equipment: 'Line1/TransferPump1', limit: 10 })).equipment[0]!;
    expect(pump.intervals.find((i) => i.name === 'Bearing grease')).toMatchObject({ since: 0, lastDoneAt: entry.at });
    const bad = await client.request('maintenance.logWork', { equipment: 'Line1/TransferPump1', what: 'x', intervals: ['Oil change'] });
    expect(bad.error).toMatchObject({ message: 'Line1/TransferPump1 has no interval "Oil change"', path: 'intervals[0]' });

    const audit = example.audit.search({ action: 'maintenance.', limit: 50 }).records.map((r) => [r.action, r.user, r.target]);
    expect(audit).toContainEqual(['maintenance.request', 'maintenance', 'Line1/TransferPump1']);
    expect(audit).toContainEqual(['maintenance.log', 'maintenance', 'Line1/TransferPump1']);
  });
});
