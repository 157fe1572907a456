import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import * as tahu from 'sparkplug-payload/lib/sparkplugbpayload.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataValue } from '../../common/data-value.ts';
import { DEFAULT_ROLE_PERMISSIONS } from '../../common/permissions.ts';
import { SparkplugHostConfigSchema, SparkplugHostDriver } from '../../drivers/sparkplug/sparkplug-driver.ts';
import { TestBroker } from '../support/mes-mqtt-broker.ts';
import { startTestRuntime } from '../support/runtime.ts';
import { until } from '../support/until.ts';
import { TestClient } from '../support/ws-client.ts';

// A station as a Sparkplug B edge node (sparkplug.json), seen by Eclipse Tahu's payload decoder (an
// implementation nobody here wrote) and by our own host application driver, over a real mosquitto.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function broker(): Promise<TestBroker> {
  const b = new TestBroker();
  cleanups.push(() => b.dispose());
  await b.start();
  return b;
}

function project(brokerUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lineside-sparkplug-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'project.json'),
    JSON.stringify({
      formatVersion: 1,
      name: 'Sparkplug station',
      plant: { name: 'Test plant', timeZone: 'Europe/Berlin' },
      devices: [{ name: 'sim', driver: 'simulator', config: { tickMs: 20 } }],
      security: { signatures: { criticalTags: ['Line1/Critical'] } },
    }),
  );
  mkdirSync(join(dir, 'tags'));
  writeFileSync(
    join(dir, 'tags', 'tags.json'),
    JSON.stringify({
      tags: [
        { path: 'Line1/Wave', dataType: 'float64', source: { device: 'sim', address: 'sine(period=1s, min=0, max=100)' } },
        { path: 'Line1/Setpoint', dataType: 'float64', writable: true, writeLimits: { min: 0, max: 500 }, source: { device: 'sim', address: 'memory(initial=100)' } },
        { path: 'Line1/Run', dataType: 'bool', writable: true, source: { device: 'sim', address: 'memory(initial=false)' } },
        { path: 'Line1/Critical', dataType: 'int32', writable: true, source: { device: 'sim', address: 'memory(initial=1)' } },
        { path: 'Line2/Hidden', dataType: 'int32', source: { device: 'sim', address: 'memory(initial=5)' } },
      ],
    }),
  );
  writeFileSync(
    join(dir, 'sparkplug.json'),
    JSON.stringify({
      brokerUrl,
      groupId: 'Plant',
      edgeNodeId: 'Line1',
      deviceId: 'Station',
      tags: ['Line1/'],
      commands: { runAs: 'operator', tags: ['Line1/Setpoint', 'Line1/Critical'] },
      publishPeriodMs: 50,
      reconnectMs: 100,
    }),
  );
  return dir;
}

describe('a station as a Sparkplug B edge node (sparkplug.json)', () => {
  it('publishes births that Tahu decodes, DDATA by alias with rising seq, and NDEATH with the birth’s bdSeq when it stops', async () => {
    const b = await broker();
    const watcher = await mqtt.connectAsync(b.url, { clientId: 'watcher' });
    cleanups.push(() => watcher.endAsync());
    const seen: Array<{ topic: string; payload: ReturnType<typeof tahu.decodePayload> }> = [];
    watcher.on('message', (topic, payload) => seen.push({ topic, payload: tahu.decodePayload(payload) }));
    await watcher.subscribeAsync('spBv1.0/Plant/#');

    const runtime = await startTestRuntime({ projectDir: project(b.url), log: () => undefined, logger: () => undefined });
    let stopped = false;
    cleanups.push(() => (stopped ? undefined : runtime.dispose()));

    const nbirth = await until(() => seen.find((m) => m.topic === 'spBv1.0/Plant/NBIRTH/Line1'), 'NBIRTH');
    const dbirth = await until(() => seen.find((m) => m.topic === 'spBv1.0/Plant/DBIRTH/Line1/Station'), 'DBIRTH');
    expect(Number(nbirth.payload.seq)).toBe(0);
    expect(Number(dbirth.payload.seq)).toBe(1);
    const bdSeq = nbirth.payload.metrics!.find((m) => m.name === 'bdSeq');
    expect(bdSeq).toMatchObject({ type: 'UInt64' });
    expect(nbirth.payload.metrics!.find((m) => m.name === 'Node Control/Rebirth')).toMatchObject({ type: 'Boolean', value: false });
    const metrics = dbirth.payload.metrics!;
    // Line1/ is published, Line2/Hidden is not.
    expect(metrics.map((m) => m.name).sort()).toEqual(['Line1/Critical', 'Line1/Run', 'Line1/Setpoint', 'Line1/Wave']);
    expect(metrics.find((m) => m.name === 'Line1/Setpoint')).toMatchObject({ type: 'Double', value: 100 });
    expect(metrics.find((m) => m.name === 'Line1/Run')).toMatchObject({ type: 'Boolean', value: false });
    expect(metrics.find((m) => m.name === 'Line1/Critical')).toMatchObject({ type: 'Int32', value: 1 });
    expect(metrics.find((m) => m.name === 'Line1/Setpoint')!.properties!['Quality']).toMatchObject({ type: 'Int32', value: 192 });
    const waveAlias = Number(metrics.find((m) => m.name === 'Line1/Wave')!.alias);

    const data = await until(() => {
      const d = seen.filter((m) => m.topic === 'spBv1.0/Plant/DDATA/Line1/Station');
      return d.length >= 3 && d;
    }, 'three DDATA messages');
    expect(data.map((d) => Number(d.payload.seq))).toEqual(data.map((_, k) => 2 + k));
    const wave = data[0]!.payload.metrics!.find((m) => Number(m.alias) === waveAlias);
    expect(wave).toMatchObject({ type: 'Double' });
    expect(wave!.name ?? undefined).toBeUndefined();

    stopped = true;
    await runtime.dispose();
    const death = await until(() => seen.find((m) => m.topic === 'spBv1.0/Plant/NDEATH/Line1'), 'NDEATH');
    expect(Number(death.payload.metrics!.find((m) => m.name === 'bdSeq')!.value)).toBe(Number(bdSeq!.value));
  });

  it('takes DCMD writes only through the station’s checks, audited, and answers rebirth requests', async () => {
    const b = await broker();
    const runtime = await startTestRuntime({ projectDir: project(b.url), log: () => undefined, logger: () => undefined });
    cleanups.push(() => runtime.dispose());
    const host = new SparkplugHostDriver(SparkplugHostConfigSchema.parse({ brokerUrl: b.url, hostId: 'site', reconnectMs: 100, rebirthIntervalMs: 200 }), {
      deviceName: 'site',
      projectDir: '.',
      dataDir: '.',
      now: Date.now,
    });
    cleanups.push(() => host.disconnect());
    const latest = new Map<string, DataValue>();
    const addresses = ['Plant/Line1/Station:Line1/Setpoint', 'Plant/Line1/Station:Line1/Run', 'Plant/Line1/Station:Line1/Critical'];
    const sub = host.subscribe(
      addresses.map((address, handle) => ({ handle, address })),
      (changes) => changes.forEach((c) => latest.set(addresses[c.handle]!, c.value)),
    );
    cleanups.push(() => sub.dispose());
    await host.connect();
    // The host came after the births: its STATE and the edge node's data make it ask for a rebirth.
    const edge = runtime.sparkplug!;
    const birthsBefore = edge.stats.births;
    await until(() => latest.get(addresses[0]!)?.quality === 'Good', 'the setpoint at the host after a rebirth');
    expect(edge.stats.births).toBeGreaterThan(birthsBefore);

    // Open to commands and the operator role may write: accepted, written, audited, seen back at the host.
    expect(await host.write(addresses[0]!, 250)).toEqual({ ok: true, value: undefined });
    await until(() => latest.get(addresses[0]!)?.value === 250, 'the written setpoint back at the host');
    expect(runtime.engine.slot('Line1/Setpoint')!.current.value).toBe(250);
    expect(runtime.audit.search({ action: 'tags.write', limit: 5 }).records[0]).toMatchObject({ user: 'sparkplug:DCMD', role: 'operator', target: 'Line1/Setpoint', newValue: '250' });

    const refusals = () => runtime.audit.search({ action: 'sparkplug.refused', limit: 10 }).records;
    // Not open to commands.
    await host.write(addresses[1]!, true);
    await until(() => refusals().length === 1, 'the refusal of Line1/Run');
    expect(refusals()[0]).toMatchObject({ target: 'Line1/Run', reason: 'Line1/Run does not take Sparkplug commands (sparkplug.json commands.tags)' });
    // Needs a signature, which a Sparkplug command cannot give.
    await host.write(addresses[2]!, 9);
    await until(() => refusals().length === 2, 'the refusal of Line1/Critical');
    expect(refusals()[0]).toMatchObject({ target: 'Line1/Critical', reason: 'writing Line1/Critical needs an electronic signature, which a Sparkplug command cannot give' });
    // Beyond the tag's write limits: the tag writer refuses.
    await host.write(addresses[0]!, 900);
    await until(() => refusals().length === 3, 'the refusal of 900');
    expect(refusals()[0]!.target).toBe('Line1/Setpoint');
    // The role loses tags.write: refused, by the role's permissions now.
    const admin = { name: 'admin', role: 'admin', station: 'test' };
    expect(
      runtime.users.saveRole(
        admin,
        'operator',
        DEFAULT_ROLE_PERMISSIONS.operator.filter((p) => p !== 'tags.write'),
      ).ok,
    ).toBe(true);
    await host.write(addresses[0]!, 300);
    await until(() => refusals().length === 4, 'the refusal without tags.write');
    expect(refusals()[0]).toMatchObject({ target: 'Line1/Setpoint', reason: 'Sparkplug commands run as operator, whose role lacks the permission tags.write' });
    expect(runtime.engine.slot('Line1/Setpoint')!.current.value).toBe(250);
    expect(runtime.engine.slot('Line1/Run')!.current.value).toBe(false);
    expect(runtime.engine.slot('Line1/Critical')!.current.value).toBe(1);
    expect(edge.stats).toMatchObject({ commandsAccepted: 1, commandsRefused: 4 });
  });

  it('feeds another station whose device is a sparkplug host: its tags follow, a write goes back as DCMD, and turn Bad when the edge station stops', async () => {
    const b = await broker();
    const line = await startTestRuntime({ projectDir: project(b.url), log: () => undefined, logger: () => undefined });
    let lineStopped = false;
    cleanups.push(() => (lineStopped ? undefined : line.dispose()));

    const siteDir = mkdtempSync(join(tmpdir(), 'lineside-sparkplug-site-'));
    cleanups.push(() => rmSync(siteDir, { recursive: true, force: true }));
    writeFileSync(
      join(siteDir, 'project.json'),
      JSON.stringify({
        formatVersion: 1,
        name: 'Site',
        plant: { name: 'Test plant', timeZone: 'Europe/Berlin' },
        devices: [{ name: 'line1', driver: 'sparkplug', config: { brokerUrl: b.url, hostId: 'site', groups: ['Plant'], reconnectMs: 100, rebirthIntervalMs: 200 } }],
      }),
    );
    mkdirSync(join(siteDir, 'tags'));
    writeFileSync(
      join(siteDir, 'tags', 'tags.json'),
      JSON.stringify({
        tags: [
          { path: 'Line1/Setpoint', dataType: 'float64', writable: true, source: { device: 'line1', address: 'Plant/Line1/Station:Line1/Setpoint' } },
          { path: 'Line1/Run', dataType: 'bool', source: { device: 'line1', address: 'Plant/Line1/Station:Line1/Run' } },
        ],
      }),
    );
    const site = await startTestRuntime({ projectDir: siteDir, log: () => undefined, logger: () => undefined });
    cleanups.push(() => site.dispose());
    const setpoint = () => site.engine.slot('Line1/Setpoint')!.current;
    await until(() => setpoint().quality === 'Good' && setpoint().value === 100, 'the line’s setpoint at the site');
    expect(site.engine.slot('Line1/Run')!.current).toMatchObject({ value: false, quality: 'Good' });

    // A site operator's write: the site's own checks, then a DCMD, then the line's checks; the value comes back as DDATA.
    const client = await TestClient.connect(site.url, site.token);
    cleanups.push(() => client.close());
    await client.loginAs('operator');
    await client.call('tags.write', { path: 'Line1/Setpoint', value: 320 });
    await until(() => setpoint().value === 320, 'the written setpoint back at the site');
    expect(line.engine.slot('Line1/Setpoint')!.current.value).toBe(320);

    lineStopped = true;
    await line.dispose();
    await until(() => setpoint().quality === 'BadNotConnected', 'the site’s tag Bad after the line’s NDEATH');
  });
});
