import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { TestClient } from '../support/ws-client.ts';
import { freePort, ModbusMemory, startServer } from './modbus-server.ts';
import { startTestRuntime } from '../support/runtime.ts';

const TOKEN = 'device-metrics-token-0123456789';
let runtime: Runtime;
let server: { close(): Promise<void> };
let dir: string;

beforeAll(async () => {
  const memory = new ModbusMemory();
  memory.unit(1).hr[3] = 1234;
  const port = await freePort();
  server = await startServer(memory, port);
  dir = await mkdtemp(join(tmpdir(), 'lineside-device-metrics-'));
  await mkdir(join(dir, 'tags'));
  const device = { name: 'plc', driver: 'modbus', config: { host: '127.0.0.1', port, pollMs: 50 } };
  await writeFile(join(dir, 'project.json'), JSON.stringify({ formatVersion: 1, name: 'Metrics', plant: { name: 'Test', timeZone: 'UTC' }, devices: [device] }));
  await writeFile(join(dir, 'tags', 'plc.json'), JSON.stringify({ tags: [{ path: 'Line1/Count', dataType: 'uint16', source: { device: 'plc', address: 'hr:3' } }] }));
  runtime = await startTestRuntime({ projectDir: dir, token: TOKEN, rendererDir: dir, seedUsers: false });
});

afterAll(async () => {
  await runtime?.dispose();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('device status and statistics', () => {
  it("reports a polled device's requests, errors and round trip in devices.list and /metrics", async () => {
    const client = await TestClient.connect(runtime.url, TOKEN);
    try {
      const sub = await client.call('tags.subscribe', { paths: ['Line1/Count'] });
      if (sub.values[0]!.quality !== 'Good') {
        await client.waitForEvent('tags.changed', (e) => e.changes.some((c) => c[2] === 'Good'));
      }
      const [device] = await client.call('devices.list', {});
      expect(device).toMatchObject({ name: 'plc', driver: 'modbus', status: 'ok', tagCount: 1 });
      expect(device!.stats!.requests).toBeGreaterThan(0);
      expect(device!.stats!.errors).toBe(0);
      expect(device!.stats!.lastRoundTripMs).toBeGreaterThanOrEqual(0);
    } finally {
      await client.close();
    }
    const metrics = await (await fetch(`${runtime.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
    expect(Number(/^lineside_device_requests\{device="plc"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(metrics).toMatch(/^lineside_device_errors\{device="plc"\} 0$/m);
    expect(metrics).toMatch(/^lineside_device_round_trip_seconds\{device="plc"\} [\d.e-]+$/m);
  });
});
