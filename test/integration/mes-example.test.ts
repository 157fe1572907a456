import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredWorkOrder } from '../../common/mes-contract.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TestClient } from '../support/ws-client.ts';
import { until } from '../support/until.ts';

/** This file's waits (longer than `until`'s default of 10 s, as they always were here). */
const WAIT_MS = 20_000;

let sim: MesSim;
let example: ExampleRuntime;
let client: TestClient;

beforeAll(async () => {
  sim = new MesSim();
  const url = await sim.listen();
  example = await startExample({ mesBaseUrl: `${url}/api` });
  client = await (await TestClient.connect(example.url, example.token)).loginAs('operator');
});

afterAll(async () => {
  client?.close();
  await example?.dispose();
  await sim?.close();
});

describe('an order from the MES runs on the example plant', () => {
  it('pulls the orders, maps them to the plant codes, and lists them in the line queue', async () => {
    const list = await until(
      async () => {
        const r = await client.call('workOrders.list', {});
        return r.orders.length >= 3 ? r : undefined;
      },
      'the three example orders',
      WAIT_MS,
    );
    const wo = list.orders.find((o) => o.order.id === 'WO-1001')!;
    expect(wo.key).toBe('erp/WO-1001');
    expect(wo.order.material.code).toBe('WATER-STILL-05');
    expect(wo.order.workCentre).toBe('Line1');
    expect(wo.order.quantity).toEqual({ value: 2400, unit: 'H87' });
    // Cases are converted to bottles by the unit mapping (CS → H87 × 24).
    expect(list.orders.find((o) => o.order.id === 'WO-1002')!.order.quantity).toEqual({ value: 2400, unit: 'H87' });
    expect(list.lines[0]).toMatchObject({ workCentre: 'Line1', countUnit: 'H87' });
  });

  it('starts the order only after its line speed reads back, counts production, and confirms to the MES in order', async () => {
    const started = await client.call('workOrders.start', { key: 'erp/WO-1001' });
    expect(started.checks).toEqual([expect.objectContaining({ name: 'LineSpeed', tag: 'Line1/Conveyor/SpeedSetpoint', written: 320, ok: true })]);
    expect(started.order.status).toBe('Running');
    const speed = await client.call('tags.read', { paths: ['Line1/Conveyor/SpeedSetpoint'] });
    expect(speed[0]!.value).toBe(320);

    await until(
      async () => {
        const r = await client.call('workOrders.list', {});
        const o = r.orders.find((x: StoredWorkOrder) => x.key === 'erp/WO-1001');
        return o && o.progress.good > 0 ? o : undefined;
      },
      'good bottles counted',
      WAIT_MS,
    );
    const partial = await client.call('workOrders.confirm', { key: 'erp/WO-1001' });
    expect(partial.completion).toMatchObject({ id: 'WO-1001.c1', sequence: 1, final: false, workOrder: { system: 'erp', id: 'WO-1001' } });
    expect(partial.completion.good.value).toBeGreaterThan(0);

    await until(
      async () => {
        const r = await client.call('workOrders.list', {});
        const o = r.orders.find((x: StoredWorkOrder) => x.key === 'erp/WO-1001');
        return o && o.progress.good > o.progress.confirmedGood ? o : undefined;
      },
      'more bottles after the partial',
      WAIT_MS,
    );
    const final = await client.call('workOrders.complete', { key: 'erp/WO-1001' });
    expect(final.order.status).toBe('Completed');
    expect(final.completion).toMatchObject({ sequence: 2, final: true });

    const received = await until(() => (sim.state.completions('WO-1001').length === 2 ? sim.state.completions('WO-1001') : undefined), 'both confirmations at the MES', WAIT_MS);
    expect(received.map((m) => m.key)).toEqual(['WO-1001.c1', 'WO-1001.c2']);
    // Sent in the MES's codes: H87 → EA, REJECT → Q01.
    expect(received[0]!.body['good']).toEqual({ value: partial.completion.good.value, unit: 'EA' });
    expect(sim.state.order('WO-1001')!['status']).toBe('Completed');
    expect(sim.state.outOfOrder).toBe(0);
    expect(sim.state.duplicates).toBe(0);

    // Backflush: each confirmation consumed good + rejected bottles × BOM requirement / planned, in
    // the BOM line's unit; labels (rule `good`) only for good bottles, glue (rule `manual`) not at all.
    const expected = (c: { id: string; good: { value: number }; scrap: Array<{ quantity: { value: number } }> }) => {
      const all = c.good.value + c.scrap.reduce((n, s) => n + s.quantity.value, 0);
      return [
        [`${c.id}.m1`, '200100', all, 'EA'],
        [`${c.id}.m2`, '200200', all, 'EA'],
        [`${c.id}.m3`, '300100', all * 0.5, 'LTR'],
        [`${c.id}.m4`, '400100', c.good.value, 'EA'],
      ];
    };
    expect(partial.consumptions.map((c) => c.id)).toEqual(['WO-1001.c1.m1', 'WO-1001.c1.m2', 'WO-1001.c1.m3', 'WO-1001.c1.m4']);
    const consumed = await until(() => (sim.state.consumptions('WO-1001').length === 8 ? sim.state.consumptions('WO-1001') : undefined), 'the backflushed consumptions at the MES', WAIT_MS);
    // In the MES's codes (PET-05 → 200100, H87 → EA) and in stream order: each completion before what it consumed.
    expect(consumed.map((m) => [m.key, (m.body['material'] as { code: string }).code, (m.body['quantity'] as { value: number }).value, (m.body['quantity'] as { unit: string }).unit])).toEqual([
      ...expected(partial.completion),
      ...expected(final.completion),
    ]);
    const order = sim.state.received.filter((m) => m.subject === 'WO-1001').map((m) => m.key);
    expect(order).toEqual(['WO-1001.c1', ...expected(partial.completion).map((e) => e[0]), 'WO-1001.c2', ...expected(final.completion).map((e) => e[0])]);
    expect(consumed.map((m) => m.body['sequence'])).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const status = await client.call('sync.status', {});
    // The ten of WO-1001, and the plant's stops (each reported as it starts and ends).
    expect(status.connectors[0]).toMatchObject({ id: 'erp', pending: 0, quarantined: 0, delivered: sim.state.received.length });
    expect(sim.state.received.filter((m) => m.kind !== 'downtime')).toHaveLength(10);
    const stored = await client.call('workOrders.consumptions', { key: 'erp/WO-1001' });
    expect(stored.map((c) => [c.source, c.completion, c.consumption.material.code])).toEqual([
      ['backflush', 'WO-1001.c1', 'PET-05'],
      ['backflush', 'WO-1001.c1', 'CAP-28'],
      ['backflush', 'WO-1001.c1', 'WATER-TREATED'],
      ['backflush', 'WO-1001.c1', 'LABEL-05'],
      ['backflush', 'WO-1001.c2', 'PET-05'],
      ['backflush', 'WO-1001.c2', 'CAP-28'],
      ['backflush', 'WO-1001.c2', 'WATER-TREATED'],
      ['backflush', 'WO-1001.c2', 'LABEL-05'],
    ]);
  });

  it('refuses a second order on a busy line, and holds and resumes the running one', async () => {
    await client.call('workOrders.start', { key: 'erp/WO-1003' });
    const second = await client.request('workOrders.start', { key: 'erp/WO-1002' });
    expect(second.ok).toBe(false);
    expect(second.error?.message).toContain('Line1 is running erp/WO-1003');
    const held = await client.call('workOrders.hold', { key: 'erp/WO-1003', reason: 'material check' });
    expect(held.status).toBe('Held');
    expect((await client.call('workOrders.resume', { key: 'erp/WO-1003' })).status).toBe('Running');
    // Each action is in the hash-chained audit trail with who did it and from which station.
    const audited = example.audit.search({ action: 'workOrders.', text: 'WO-1003', limit: 10 }).records;
    expect(audited.map((r) => [r.action, r.user, r.role, r.station])).toEqual([
      ['workOrders.resume', 'operator', 'operator', '127.0.0.1'],
      ['workOrders.hold', 'operator', 'operator', '127.0.0.1'],
      ['workOrders.start', 'operator', 'operator', '127.0.0.1'],
    ]);
  });

  it('records material by hand on the running order (operators only, audited) and reverses a partial with what it backflushed', async () => {
    const viewer = await TestClient.connect(example.url, example.token);
    const maintenance = await (await TestClient.connect(example.url, example.token)).loginAs('maintenance');
    try {
      const input = { key: 'erp/WO-1003', material: 'GLUE-HM', lot: 'L-2207', quantity: { value: 0.35, unit: 'KGM' } };
      // A view-only client (not signed in) and a role without workOrders.run are refused before anything is recorded.
      expect((await viewer.request('workOrders.consume', input)).error?.code).toBe('unauthenticated');
      expect((await maintenance.request('workOrders.consume', input)).error).toMatchObject({ code: 'forbidden', message: 'maintenance (role maintenance) lacks the permission workOrders.run' });
      const bad = await client.request('workOrders.consume', { ...input, quantity: { value: 0, unit: 'KGM' } });
      expect(bad.error?.message).toContain('must be more than 0');
      const notRunning = await client.request('workOrders.consume', { ...input, key: 'erp/WO-1002' });
      expect(notRunning.error?.message).toContain('is Released; material is recorded on a Running or Held order');

      const recorded = await client.call('workOrders.consume', input);
      expect(recorded.consumption).toMatchObject({ id: 'WO-1003.mc1', sequence: 1, material: { code: 'GLUE-HM' }, lot: 'L-2207', quantity: { value: 0.35, unit: 'KGM' }, operator: 'operator', operation: '0010' });
      const glue = await until(() => sim.state.consumptions('WO-1003').find((m) => m.key === 'WO-1003.mc1'), 'the manual consumption at the MES', WAIT_MS);
      expect(glue.body).toMatchObject({ material: { code: '400200' }, lot: 'L-2207', quantity: { value: 0.35, unit: 'KG' } });
      const audit = example.audit.search({ action: 'workOrders.consume', limit: 5 });
      expect(audit.records[0]).toMatchObject({ user: 'operator', target: 'erp/WO-1003' });
      expect(JSON.parse(audit.records[0]!.newValue!) as unknown).toMatchObject({ consumption: 'WO-1003.mc1', material: 'GLUE-HM', lot: 'L-2207', value: 0.35, unit: 'KGM' });

      await until(
        async () => {
          const o = (await client.call('workOrders.list', {})).orders.find((x) => x.key === 'erp/WO-1003');
          return o && o.progress.good > o.progress.confirmedGood ? o : undefined;
        },
        'bottles on WO-1003',
        WAIT_MS,
      );
      const partial = await client.call('workOrders.confirm', { key: 'erp/WO-1003' });
      const before = (await client.call('workOrders.list', {})).orders.find((x) => x.key === 'erp/WO-1003')!;
      const reversed = await client.call('workOrders.reverse', { key: 'erp/WO-1003', completion: partial.completion.id });
      expect(reversed.completion).toMatchObject({ id: 'WO-1003.c2', sequence: 2, reversalOf: 'WO-1003.c1', good: partial.completion.good, final: false });
      expect(reversed.consumptions.map((c) => [c.id, c.reversalOf, c.quantity])).toEqual(partial.consumptions.map((c) => [`${c.id}.r`, c.id, c.quantity]));
      expect(reversed.order.progress.confirmedGood).toBe(before.progress.confirmedGood - partial.completion.good.value);
      const twice = await client.request('workOrders.reverse', { key: 'erp/WO-1003', completion: partial.completion.id });
      expect(twice.error?.message).toContain('is already reversed');

      const keys = [partial.completion.id, ...partial.consumptions.map((c) => c.id), reversed.completion.id, ...reversed.consumptions.map((c) => c.id)];
      await until(() => keys.every((k) => sim.state.has(k)), 'the reversal and its consumption reversals at the MES', WAIT_MS);
      expect(sim.state.received.filter((m) => m.subject === 'WO-1003').map((m) => m.key)).toEqual(['WO-1003.mc1', ...keys]);
      // The MES's books: the reversed confirmation consumed nothing; the glue stays.
      expect(sim.state.consumedTotals()['WO-1003']).toEqual({
        '400200 KG': { value: 0.35, unit: 'KG' },
        '200100 EA': { value: 0, unit: 'EA' },
        '200200 EA': { value: 0, unit: 'EA' },
        '300100 LTR': { value: 0, unit: 'LTR' },
        '400100 EA': { value: 0, unit: 'EA' },
      });
      expect(sim.state.duplicates).toBe(0);
    } finally {
      viewer.close();
      maintenance.close();
    }
  });
});
