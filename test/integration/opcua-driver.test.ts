import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType, StatusCodes } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opcuaDriverFactory } from '../../drivers/opcua/opcua-driver.ts';
import { Probe } from '../fixtures/opcua/probe.ts';
import { TEST_NAMESPACE, TestServer } from '../fixtures/opcua/test-server.ts';

// One server for the file (restarted once, on the same port, by the reconnection test).
let dir: string;
let server: TestServer;
let probe: Probe;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-opcua-'));
  server = new TestServer({ pkiDir: dir });
  await server.start();
  probe = new Probe({ endpointUrl: server.endpointUrl, reconnectMinMs: 100, reconnectMaxMs: 500, publishingInterval: 50, samplingInterval: 0 }, join(dir, 'client'));
  await probe.driver.connect();
  await probe.status('ok');
});

afterAll(async () => {
  await probe?.close();
  await server?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const ns = 2;

describe('opcua driver against a node-opcua server', () => {
  it('reads values of several data types, with the source timestamp and quality', async () => {
    const before = Date.now();
    const values = await probe.driver.read([
      { handle: 1, address: `ns=${ns};s=Line1.Speed` },
      { handle: 2, address: `ns=${ns};s=Line1.Count` },
      { handle: 3, address: `ns=${ns};s=Line1.Running` },
      { handle: 4, address: `ns=${ns};s=Line1.Name` },
      { handle: 5, address: `ns=${ns};i=1001` },
      { handle: 6, address: `nsu=${TEST_NAMESPACE};s=Line1.Speed` },
      { handle: 7, address: `ns=${ns};s=Nope` },
      { handle: 8, address: 'not a node id' },
    ]);
    expect(values.map((v) => v.value)).toEqual([3.5, 42, true, 'Bottling', 7, 3.5, null, null]);
    expect(values.slice(0, 6).every((v) => v.quality === 'Good')).toBe(true);
    expect(values[6]?.quality).toBe('BadNodeIdUnknown');
    expect(values[7]?.quality).toBe('BadConfigurationError');
    expect(values[0]!.sourceTime).toBeLessThanOrEqual(values[0]!.serverTime);
    expect(values[0]!.serverTime).toBeGreaterThanOrEqual(before);
    const stats = probe.driver.stats();
    expect(stats.requests).toBeGreaterThan(0);
    expect(stats.lastRoundTripMs).toBeGreaterThanOrEqual(0);
  });

  it("writes with the variable's own data type and refuses what does not fit", async () => {
    expect(await probe.driver.write(`ns=${ns};s=Line1.Count`, 43)).toEqual({ ok: true, value: undefined });
    expect(server.variables.get('Line1.Count')?.readValue().value).toMatchObject({ dataType: DataType.Int32, value: 43 });
    expect((await probe.driver.write(`ns=${ns};i=1001`, 9)).ok).toBe(true);
    expect(server.variables.get('Line1.Ticks')?.readValue().value).toMatchObject({ dataType: DataType.UInt16, value: 9 });
    expect((await probe.driver.write(`ns=${ns};s=Line1.Speed`, 4)).ok).toBe(true);
    expect(server.variables.get('Line1.Speed')?.readValue().value).toMatchObject({ dataType: DataType.Double, value: 4 });
    expect((await probe.driver.write(`ns=${ns};s=Line1.Running`, false)).ok).toBe(true);
    expect((await probe.driver.write(`ns=${ns};s=Line1.Name`, 'Canning')).ok).toBe(true);
    const [running, name] = await probe.driver.read([
      { handle: 1, address: `ns=${ns};s=Line1.Running` },
      { handle: 2, address: `ns=${ns};s=Line1.Name` },
    ]);
    expect([running?.value, name?.value]).toEqual([false, 'Canning']);

    expect(await probe.driver.write(`ns=${ns};s=Line1.Count`, 1.5)).toMatchObject({ ok: false, error: { code: 'type-mismatch' } });
    expect(await probe.driver.write(`ns=${ns};i=1001`, 70000)).toMatchObject({ ok: false, error: { code: 'out-of-range' } });
    expect(await probe.driver.write(`ns=${ns};s=Line1.Name`, 3)).toMatchObject({ ok: false, error: { code: 'type-mismatch' } });
    expect(await probe.driver.write(`ns=${ns};s=Line1.Fixed`, 2)).toMatchObject({ ok: false, error: { code: 'not-writable' } });
    expect(await probe.driver.write(`ns=${ns};s=Nope`, 2)).toMatchObject({ ok: false, error: { code: 'config-error' } });
  });

  it('subscribes: current values first, then changes, with per-item deadband', async () => {
    server.set('Line1.Speed', DataType.Double, 10);
    server.set('Line1.Filler.Temperature', DataType.Double, 20);
    const subscription = probe.driver.subscribe(
      [
        { handle: 1, address: `ns=${ns};s=Line1.Speed` },
        { handle: 2, address: `ns=${ns};s=Line1.Filler.Temperature`, options: { deadband: 5, deadbandType: 'absolute', publishingInterval: 100 } },
        { handle: 3, address: `ns=${ns};s=Line1.Level`, options: { deadband: 10, deadbandType: 'percent' } },
        { handle: 4, address: `ns=${ns};s=Nope` },
      ],
      probe.listener,
    );
    try {
      await probe.until('first values', () => [1, 2, 3, 4].every((h) => probe.latest.has(h)));
      expect(probe.latest.get(1)).toMatchObject({ value: 10, quality: 'Good' });
      expect(probe.latest.get(2)).toMatchObject({ value: 20, quality: 'Good' });
      expect(probe.latest.get(3)).toMatchObject({ value: 50, quality: 'Good' });
      expect(probe.latest.get(4)).toMatchObject({ value: null, quality: 'BadNodeIdUnknown' });

      // Within the deadband: not reported. Beyond it: reported. The sentinel change on Speed proves a publish went by.
      server.set('Line1.Filler.Temperature', DataType.Double, 22);
      server.set('Line1.Level', DataType.Double, 55);
      server.set('Line1.Speed', DataType.Double, 11);
      await probe.until('speed 11', () => probe.latest.get(1)?.value === 11);
      server.set('Line1.Speed', DataType.Double, 12);
      await probe.until('speed 12', () => probe.latest.get(1)?.value === 12);
      expect(probe.changesOf(2).map((v) => v.value)).toEqual([20]);
      expect(probe.changesOf(3).map((v) => v.value)).toEqual([50]);
      server.set('Line1.Filler.Temperature', DataType.Double, 30);
      server.set('Line1.Level', DataType.Double, 70);
      await probe.until('beyond the deadbands', () => probe.latest.get(2)?.value === 30 && probe.latest.get(3)?.value === 70);

      // A bad status from the device becomes the item's quality, and the source timestamp is the device's.
      server.setStatus('Line1.Speed', StatusCodes.BadSensorFailure);
      await probe.until('sensor failure', () => probe.latest.get(1)?.quality === 'BadSensorFailure');
      const sourceTime = server.variables.get('Line1.Speed')!.readValue().sourceTimestamp!.getTime();
      expect(probe.latest.get(1)?.sourceTime).toBe(sourceTime);
      // The unknown node was refused by the server, so only three items exist there.
      expect(server.monitoredItemCount()).toBe(3);
    } finally {
      subscription.dispose();
      server.set('Line1.Speed', DataType.Double, 10);
    }
    await probe.driver.settled();
    expect(server.monitoredItemCount()).toBe(0);
  });

  it('browses the address space: folders to open, variables with NodeId, data type and description', async () => {
    const root = await probe.driver.browse();
    if (!root.ok) throw new Error(root.error.message);
    const line = root.value.find((n) => n.name === 'Line1');
    expect(line?.browsePath).toBe(`ns=${ns};s=Line1`);
    const children = await probe.driver.browse(line!.browsePath);
    if (!children.ok) throw new Error(children.error.message);
    expect(children.value.find((n) => n.name === 'Speed')).toEqual({ name: 'Speed', address: `ns=${ns};s=Line1.Speed`, dataType: 'Double', description: 'Conveyor speed' });
    expect(children.value.find((n) => n.name === 'Ticks')).toMatchObject({ address: `ns=${ns};i=1001`, dataType: 'UInt16' });
    expect(children.value.find((n) => n.name === 'Filler')).toMatchObject({ browsePath: `ns=${ns};s=Line1.Filler` });
    for (const node of children.value.filter((n) => n.address)) expect(opcuaDriverFactory.validateAddress(node.address!, {} as never).ok).toBe(true);
    expect(await probe.driver.browse('garbage')).toMatchObject({ ok: false, error: { code: 'config-error' } });
  });

  it('reports error within 2 s when the server stops, and ok again by itself when it returns, without duplicate items', async () => {
    const items = [
      { handle: 10, address: `ns=${ns};s=Line1.Speed` },
      { handle: 11, address: `ns=${ns};s=Line1.Count`, options: { publishingInterval: 200 } },
      { handle: 12, address: `ns=${ns};i=1001` },
    ];
    const subscription = probe.driver.subscribe(items, probe.listener);
    try {
      await probe.until('first values', () => items.every((i) => probe.latest.has(i.handle)));
      expect(server.monitoredItemCount()).toBe(3);
      // Two publishing intervals (the file's 50 ms default and 200 ms): two OPC UA subscriptions.
      expect(server.subscriptionCount()).toBe(2);
      const batchesBefore = probe.batches.length;

      const stoppedAt = Date.now();
      await server.stop();
      await probe.status('error', 2000);
      expect(Date.now() - stoppedAt).toBeLessThan(2000);
      expect(probe.statuses.at(-1)?.error).toBeTruthy();
      expect((await probe.driver.read([items[0]!]))[0]?.quality).toBe('BadNotConnected');
      expect(await probe.driver.write(items[0]!.address, 1)).toMatchObject({ ok: false, error: { code: 'device-offline' } });

      await server.start();
      const restartedAt = Date.now();
      await probe.status('ok', 5000);
      expect(Date.now() - restartedAt).toBeLessThan(5000);
      // Every item reports its current value again (a fresh server: the initial values).
      await probe.until('values again', () => items.every((i) => probe.batches.slice(batchesBefore).some((b) => b.some((c) => c.handle === i.handle))));
      expect(probe.latest.get(10)).toMatchObject({ value: 3.5, quality: 'Good' });
      expect(probe.latest.get(11)).toMatchObject({ value: 42, quality: 'Good' });
      expect(server.monitoredItemCount()).toBe(3);
      expect(server.subscriptionCount()).toBe(2);
      expect(server.sessionCount()).toBe(1);
      expect(probe.driver.stats().errors).toBeGreaterThan(0);
    } finally {
      subscription.dispose();
    }
  });

  it('reports BadNotConnected first when subscribed before connect, then the values; off after disconnect', async () => {
    const late = new Probe({ endpointUrl: server.endpointUrl, publishingInterval: 50 }, join(dir, 'client'));
    try {
      late.driver.subscribe(
        [
          { handle: 1, address: `ns=${ns};s=Line1.Name` },
          { handle: 2, address: 'Line1.Name' },
        ],
        late.listener,
      );
      await late.until('first reports', () => late.latest.has(1) && late.latest.has(2));
      expect(late.latest.get(1)?.quality).toBe('BadNotConnected');
      expect(late.latest.get(2)?.quality).toBe('BadConfigurationError');
      await late.driver.connect();
      await late.status('ok');
      await late.until('the value', () => late.latest.get(1)?.quality === 'Good');
      expect(typeof late.latest.get(1)?.value).toBe('string');
      await late.driver.disconnect();
      expect(late.statuses.map((s) => s.status)).toEqual(['connecting', 'ok', 'off']);
    } finally {
      await late.close();
    }
  });
});
