import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { newClient, type UPayload } from 'sparkplug-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataValue } from '../../common/data-value.ts';
import type { DriverChange } from '../../drivers/api.ts';
import { encodePayload } from '../../drivers/sparkplug/payload.ts';
import { SparkplugHostConfigSchema, SparkplugHostDriver } from '../../drivers/sparkplug/sparkplug-driver.ts';
import { SparkplugType } from '../../drivers/sparkplug/types.ts';
import { TestBroker } from '../support/mes-mqtt-broker.ts';
import { until } from '../support/until.ts';

// Our host application driver against an edge node that nobody on this project wrote: Eclipse Tahu's
// JavaScript client (sparkplug-client), over a real mosquitto; and against our own edge node in a process of
// its own, killed so that the broker sends its will.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type TahuClient = ReturnType<typeof newClient>;

async function broker(): Promise<TestBroker> {
  const b = new TestBroker();
  cleanups.push(() => b.dispose());
  await b.start();
  return b;
}

async function host(b: TestBroker, extra: Record<string, unknown> = {}): Promise<SparkplugHostDriver> {
  const config = SparkplugHostConfigSchema.parse({ brokerUrl: b.url, hostId: 'scada', reconnectMs: 100, rebirthIntervalMs: 200, ...extra });
  const driver = new SparkplugHostDriver(config, { deviceName: 'site', projectDir: '.', dataDir: '.', now: Date.now });
  cleanups.push(() => driver.disconnect());
  await driver.connect();
  await until(() => driver.status === 'ok', 'the host to connect');
  return driver;
}

const NODE_METRICS = [
  { name: 'Node Control/Rebirth', type: 'Boolean' as const, value: false },
  { name: 'Plant/Name', alias: 1, type: 'String' as const, value: 'Dortmund' },
];
const DEVICE_METRICS = [
  { name: 'Filler/Speed', alias: 10, type: 'Double' as const, value: 12.5 },
  { name: 'Filler/Count', alias: 11, type: 'Int32' as const, value: -3 },
  { name: 'Filler/Running', alias: 12, type: 'Boolean' as const, value: true },
];

/** A Tahu edge node in group Plant, node Line1, device Filler, that answers rebirth requests. */
interface TahuEdge {
  client: TahuClient;
  births: () => number;
  dcmds: Array<{ device: string; payload: UPayload }>;
  ncmds: UPayload[];
  /** stop() with publishDeath: the NDEATH with the birth's bdSeq, then the socket closes. */
  stop: () => Promise<void>;
}

async function tahuEdge(b: TestBroker): Promise<TahuEdge> {
  const client = newClient({ serverUrl: b.url, username: '', password: '', groupId: 'Plant', edgeNode: 'Line1', clientId: `tahu-${Math.random().toString(36).slice(2)}`, publishDeath: true });
  let births = 0;
  const dcmds: Array<{ device: string; payload: UPayload }> = [];
  const ncmds: UPayload[] = [];
  const birth = () => {
    client.publishNodeBirth({ timestamp: Date.now(), metrics: NODE_METRICS.map((m) => ({ ...m })) });
    client.publishDeviceBirth('Filler', { timestamp: Date.now(), metrics: DEVICE_METRICS.map((m) => ({ ...m })) });
    births++;
  };
  client.on('birth', birth);
  client.on('dcmd', (device, payload) => dcmds.push({ device, payload }));
  client.on('ncmd', (payload) => {
    ncmds.push(payload);
    if (payload.metrics?.some((m) => m.name === 'Node Control/Rebirth' && m.value === true)) birth();
  });
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      client.once('close', () => resolve());
      client.stop();
    }));
  cleanups.push(stop);
  await until(() => births > 0, 'the Tahu edge node to publish its births');
  return { client, births: () => births, dcmds, ncmds, stop };
}

function collect(driver: SparkplugHostDriver, addresses: string[]): { latest: Map<string, DataValue> } {
  const latest = new Map<string, DataValue>();
  const sub = driver.subscribe(
    addresses.map((address, handle) => ({ handle, address })),
    (changes: readonly DriverChange[]) => {
      for (const c of changes) latest.set(addresses[c.handle]!, c.value);
    },
  );
  cleanups.push(() => sub.dispose());
  return { latest };
}

const SPEED = 'Plant/Line1/Filler:Filler/Speed';
const COUNT = 'Plant/Line1/Filler:Filler/Count';
const NAME = 'Plant/Line1:Plant/Name';

describe('Sparkplug B host application driver against Eclipse Tahu (mosquitto)', () => {
  it('takes metrics from the births of an edge node born after the host, then DATA by alias, and browses them', async () => {
    const b = await broker();
    const driver = await host(b);
    const { latest } = collect(driver, [SPEED, COUNT, NAME]);
    const edge = await tahuEdge(b);
    await until(() => latest.get(SPEED)?.quality === 'Good' && latest.get(NAME)?.quality === 'Good', 'the born metrics');
    expect(latest.get(SPEED)!.value).toBe(12.5);
    expect(latest.get(COUNT)!.value).toBe(-3);
    expect(latest.get(NAME)!.value).toBe('Dortmund');

    // DDATA carries only the alias: the host knows the name and the datatype from the birth.
    edge.client.publishDeviceData('Filler', { timestamp: 1_700_000_000_000, metrics: [{ alias: 10, type: 'Double', value: 20.75 } as never] });
    await until(() => latest.get(SPEED)?.value === 20.75, 'the DDATA value');
    expect(latest.get(SPEED)!.sourceTime).toBe(1_700_000_000_000);

    const groups = await driver.browse();
    expect(groups).toMatchObject({ ok: true, value: [{ name: 'Plant', browsePath: 'Plant' }] });
    const nodes = await driver.browse('Plant');
    expect(nodes).toMatchObject({ ok: true, value: [{ name: 'Line1', browsePath: 'Plant/Line1' }] });
    const node = await driver.browse('Plant/Line1');
    expect(node.ok && node.value.map((n) => n.name)).toEqual(['Filler', 'Plant/Name']);
    const device = await driver.browse('Plant/Line1/Filler');
    expect(device.ok && device.value).toEqual([
      { name: 'Filler/Speed', address: SPEED, dataType: 'float64', description: 'Double' },
      { name: 'Filler/Count', address: COUNT, dataType: 'int32', description: 'Int32' },
      { name: 'Filler/Running', address: 'Plant/Line1/Filler:Filler/Running', dataType: 'bool', description: 'Boolean' },
    ]);
  });

  it('publishes its STATE retained, online while connected and offline after', async () => {
    const b = await broker();
    const driver = await host(b);
    const watcher = await mqtt.connectAsync(b.url, { clientId: 'state-watcher' });
    cleanups.push(() => watcher.endAsync());
    const states: Array<{ online: boolean; timestamp: number }> = [];
    watcher.on('message', (_topic, payload) => states.push(JSON.parse(payload.toString()) as { online: boolean; timestamp: number }));
    await watcher.subscribeAsync('spBv1.0/STATE/scada', { qos: 1 });
    await until(() => states.at(-1)?.online === true, 'the retained online STATE');
    await driver.disconnect();
    await until(() => states.at(-1)?.online === false, 'the offline STATE');
    expect(states.at(-1)!.timestamp).toBe(states[0]!.timestamp);
  });

  it('writes a device metric as a DCMD with its name, alias and datatype', async () => {
    const b = await broker();
    const driver = await host(b);
    collect(driver, [SPEED]);
    const edge = await tahuEdge(b);
    await until(async () => (await driver.read([{ handle: 0, address: SPEED }]))[0]!.quality === 'Good', 'the birth');
    expect(await driver.write(SPEED, 33.5)).toEqual({ ok: true, value: undefined });
    await until(() => edge.dcmds.length > 0, 'the DCMD at the edge node');
    expect(edge.dcmds[0]!.device).toBe('Filler');
    expect(edge.dcmds[0]!.payload.metrics![0]).toMatchObject({ name: 'Filler/Speed', type: 'Double', value: 33.5 });
    expect(Number(edge.dcmds[0]!.payload.metrics![0]!.alias)).toBe(10);

    const unknown = await driver.write('Plant/Line1/Filler:Nope', 1);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found', message: 'device Plant/Line1/Filler has not announced a metric "Nope"' } });
    const wrongType = await driver.write(SPEED, [1, 2]);
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'type-mismatch' } });
  });

  it('asks for a rebirth when DATA comes from a node it never saw born, or after a gap in seq', async () => {
    const b = await broker();
    const edge = await tahuEdge(b);
    // The host connects after the births: the next DDATA is from a node it does not know.
    const driver = await host(b);
    const { latest } = collect(driver, [SPEED]);
    const birthsBefore = edge.births();
    edge.client.publishDeviceData('Filler', { timestamp: Date.now(), metrics: [{ name: 'Filler/Speed', type: 'Double', value: 1 }] });
    await until(() => edge.births() > birthsBefore, 'the rebirth the host asked for');
    expect(edge.ncmds.at(-1)!.metrics).toEqual([expect.objectContaining({ name: 'Node Control/Rebirth', value: true })]);
    await until(() => latest.get(SPEED)?.quality === 'Good', 'the metric after the rebirth');

    // A DDATA whose seq skips some: messages were lost, so the host asks again.
    const raw = await mqtt.connectAsync(b.url, { clientId: 'gap-maker' });
    cleanups.push(() => raw.endAsync());
    const birthsBeforeGap = edge.births();
    await raw.publishAsync('spBv1.0/Plant/DDATA/Line1/Filler', Buffer.from(encodePayload({ timestamp: Date.now(), seq: 200, metrics: [{ alias: 10, datatype: SparkplugType.Double, value: 7 }] })));
    await until(() => edge.births() > birthsBeforeGap, 'the rebirth after the seq gap');
  });

  it('turns the metrics Bad on DDEATH and NDEATH, and refuses writes to a device that died', async () => {
    const b = await broker();
    const driver = await host(b);
    const { latest } = collect(driver, [SPEED, NAME]);
    const edge = await tahuEdge(b);
    await until(() => latest.get(SPEED)?.quality === 'Good', 'the birth');
    edge.client.publishDeviceDeath('Filler', { timestamp: Date.now(), metrics: [] });
    await until(() => latest.get(SPEED)?.quality === 'BadNotConnected', 'the device metric Bad after DDEATH');
    expect(latest.get(NAME)!.quality).toBe('Good');
    const written = await driver.write(SPEED, 1);
    expect(written).toMatchObject({ ok: false, error: { code: 'device-offline', message: 'device Plant/Line1/Filler is offline' } });

    // stop() with publishDeath sends the NDEATH with the birth's bdSeq.
    await edge.stop();
    await until(() => latest.get(NAME)?.quality === 'BadNotConnected', 'the node metric Bad after NDEATH');
    expect(latest.get(NAME)!.value).toBeNull();
  });

  it('ignores an NDEATH whose bdSeq is not the current birth’s (an old session’s will)', async () => {
    const b = await broker();
    const driver = await host(b);
    const { latest } = collect(driver, [NAME]);
    const edge = await tahuEdge(b);
    await until(() => latest.get(NAME)?.quality === 'Good', 'the birth');
    const raw = await mqtt.connectAsync(b.url, { clientId: 'old-will' });
    cleanups.push(() => raw.endAsync());
    // QoS 1: the broker has passed it on before the NDATA below is sent.
    await raw.publishAsync('spBv1.0/Plant/NDEATH/Line1', Buffer.from(encodePayload({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', datatype: SparkplugType.UInt64, value: 41 }] })), { qos: 1 });
    edge.client.publishNodeData({ timestamp: Date.now(), metrics: [{ name: 'Plant/Name', alias: 1, type: 'String', value: 'Essen' }] });
    await until(() => latest.get(NAME)?.value === 'Essen', 'the NDATA after the stale NDEATH');
    expect(latest.get(NAME)!.quality).toBe('Good');
    expect(edge.ncmds).toEqual([]);
  });

  it('sees an edge station killed as dead by its will, and born again with the next bdSeq when it restarts', async () => {
    const b = await broker();
    const driver = await host(b);
    const { latest } = collect(driver, ['Plant/Line1/Tags:Line1/Speed']);
    const dataDir = mkdtempSync(join(tmpdir(), 'lineside-sparkplug-kill-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const start = async () => {
      const child = fork(join(import.meta.dirname, '../support/sparkplug-edge-child.ts'), [b.url, dataDir], { execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      cleanups.push(async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      });
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const bdSeq = await until(() => /born (\d+)/.exec(out)?.[1], 'the edge station to be born', 20_000);
      return { child, exited, bdSeq: Number(bdSeq) };
    };
    const first = await start();
    await until(() => latest.get('Plant/Line1/Tags:Line1/Speed')?.value === 42, 'the metric from the first session');
    first.child.kill('SIGKILL');
    await first.exited;
    await until(() => latest.get('Plant/Line1/Tags:Line1/Speed')?.quality === 'BadNotConnected', 'the metric Bad after the will');

    const second = await start();
    expect(second.bdSeq).toBe((first.bdSeq + 1) % 256);
    await until(() => latest.get('Plant/Line1/Tags:Line1/Speed')?.quality === 'Good', 'the metric Good after the new birth');
  });
});
