import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { TestClient } from '../support/ws-client.ts';
import { startTestRuntime } from '../support/runtime.ts';

const PROJECT = join(import.meta.dirname, '../fixtures/projects/basic');
const TOKEN = 'robustness-test-token-0123456789';
const CLIENTS = 20;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** Heap and off-heap (Buffers) in use after full collections, in MB. */
function memoryInUse(): number {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 1e6;
}

let runtime: Runtime;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-robust-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Lineside</title>');
  runtime = await startTestRuntime({ projectDir: PROJECT, dataDir: join(dir, 'data'), port: 0, token: TOKEN, rendererDir: dir, heartbeatMs: 150, seedUsers: false });
});

afterAll(async () => {
  await runtime?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function openClients(): Promise<TestClient[]> {
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => TestClient.connect(runtime.url, TOKEN)));
  for (const c of clients) {
    await c.call('tags.subscribe', { prefix: 'Line1', maxRateMs: 5 });
    await c.call('alarms.subscribe', {});
  }
  // Every client has live values flowing before it goes.
  await Promise.all(clients.map((c) => (c.frames.some((f) => f.event === 'tags.changed') ? undefined : c.waitForEvent('tags.changed'))));
  return clients;
}

async function openSessions(): Promise<number> {
  const text = await (await fetch(`${runtime.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
  return Number(/^lineside_ws_clients (\d+)$/m.exec(text)?.[1]);
}

describe('gateway robustness', () => {
  it.each(['/api/v1/tags/Line1/%E0%A4%A', '/api/v1/tags/%zz', '/%E0%A4%A', '/assets/%', '/api/v1/config/devices/%C0'])('answers 400 naming the path to a malformed percent-encoding: %s', async (path) => {
    const res = await fetch(runtime.url + path, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad-request', path: 'path', message: expect.stringContaining('malformed percent-encoding') } });
  });

  it(`returns to its memory baseline after ${CLIENTS} clients leave, also those that vanish without closing`, async () => {
    // A first round warms up what is created once (prepared statements, code paths).
    for (const c of await openClients()) await c.close();
    await vi.waitFor(async () => expect(await openSessions()).toBe(0), { timeout: 10_000, interval: 50 });
    const baseline = memoryInUse();

    const clients = await openClients();
    expect(await openSessions()).toBe(CLIENTS);
    const [closing, vanishing] = [clients.slice(0, CLIENTS / 2), clients.slice(CLIENTS / 2)];
    // Half close properly; half stop reading and never close (a cable pulled, a laptop asleep): their
    // pings go unanswered, so the runtime must drop them instead of keeping their sessions forever.
    for (const c of vanishing) c.socket.pause();
    await Promise.all(closing.map((c) => c.close()));
    await vi.waitFor(async () => expect(await openSessions()).toBe(0), { timeout: 10_000, interval: 50 });
    for (const c of vanishing) c.socket.terminate();

    const after = memoryInUse();
    // Generous: the point is that nothing per client stays (20 clients held tens of MB).
    expect(after - baseline).toBeLessThan(15);
  });
});
