import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistorianStatus, HistoryResult } from '../../common/history.ts';
import type { Runtime } from '../../main/runtime.ts';
import { TestClient } from '../support/ws-client.ts';
import { startTestRuntime } from '../support/runtime.ts';

const PROJECT = join(import.meta.dirname, '../fixtures/projects/history');
const TOKEN = 'historian-test-token-0123456789';

let runtime: Runtime;
let dataDir: string;
let client: TestClient;
let startedAt: number;

function get(path: string): Promise<Response> {
  return fetch(runtime.url + path, { headers: { Authorization: `Bearer ${TOKEN}` } });
}

function waitForStatus(match: (s: HistorianStatus) => boolean): Promise<HistorianStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (subscription.dispose(), reject(new Error('timed out waiting for a historian status'))), 5000);
    const subscription = runtime.historian.onDidChangeStatus((s) => {
      if (!match(s)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(s);
    });
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lineside-history-data-'));
  startedAt = Date.now();
  runtime = await startTestRuntime({ projectDir: PROJECT, port: 0, token: TOKEN, dataDir, rendererDir: join(dataDir, 'no-renderer'), seedUsers: false });
  client = await TestClient.connect(runtime.url, TOKEN);
  // Wait for 50 changes of the wave (20 ms ticks), then write them.
  await new Promise<void>((resolve) => {
    let seen = 0;
    const sink = runtime.engine.addSink((changed) => {
      seen += changed.filter((s) => s.def.path === 'Line1/Wave').length;
      if (seen >= 50) (sink.dispose(), resolve());
    });
  });
  await runtime.historian.flush();
});

afterAll(async () => {
  await client?.close();
  await runtime?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

describe('history over REST', () => {
  it('answers a raw query with a columnar frame carrying units, limits and quality', async () => {
    const res = await get(`/api/v1/history?kind=raw&tags=Line1/Wave,Line1/Run&from=${startedAt - 1000}&to=${Date.now() + 1000}`);
    expect(res.status).toBe(200);
    const { frames } = (await res.json()) as HistoryResult;
    expect(frames.map((f) => f.tag)).toEqual(['Line1/Wave', 'Line1/Run']);
    const wave = frames[0]!;
    expect(wave).toMatchObject({ kind: 'raw', dataType: 'float64', units: '%', range: { min: 0, max: 100 } });
    const { time, value, quality } = wave.fields;
    const points = quality.map((q, i) => [time[i], value![i], q] as const).filter(([, , q]) => q !== null);
    expect(points.length).toBeGreaterThanOrEqual(50);
    // Until the simulator connects the tag is recorded as not connected, with no value; then good values.
    const connected = points.findIndex(([, , q]) => q === 'Good');
    expect(points.slice(0, connected).every(([, v, q]) => v === null && q === 'BadNotConnected')).toBe(true);
    expect(points.slice(connected).filter(([, v, q]) => !(q === 'Good' && typeof v === 'number' && v >= 0 && v <= 100))).toEqual([]);
    expect(time).toEqual([...time].sort((a, b) => a - b));
    // No data before the runtime started: an explicit gap row at `from`.
    expect(quality[0]).toBe(null);
    expect(frames[1]!.fields.value).toContain(false);
  });

  it('answers plot and aggregate queries with ISO times', async () => {
    const from = new Date(startedAt - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const plot = (await (await get(`/api/v1/history?kind=plot&tags=Line1/Wave&from=${from}&to=${to}&pixels=400`)).json()) as HistoryResult;
    const frame = plot.frames[0]!;
    expect(frame.fields.time).toHaveLength(200);
    expect(Object.keys(frame.fields)).toEqual(['time', 'first', 'min', 'max', 'last', 'quality']);
    expect(frame.fields.quality.filter((q) => q === 'Good').length).toBeGreaterThan(0);
    expect(frame.fields.quality[0]).toBe(null);
    const agg = (await (await get(`/api/v1/history?kind=aggregate&tags=Line1/Wave&from=${startedAt - 1000}&to=${Date.now() + 1000}&intervalMs=1000`)).json()) as HistoryResult;
    expect(agg.frames[0]!.source).toBe('raw');
    expect(agg.frames[0]!.fields.count!.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(50);
  });

  it('answers bad input with a problem naming what is wrong', async () => {
    const now = Date.now();
    const cases: Array<[string, number, string]> = [
      [`kind=raw&tags=Line1/Wave&from=${now}&to=${now - 1000}`, 400, 'From must be before to.'],
      [`kind=raw&tags=Line1/Nope&from=0&to=${now}`, 404, 'no tag Line1/Nope with history'],
      [`kind=raw&tags=Line1/Quiet&from=0&to=${now}`, 404, 'no tag Line1/Quiet with history'],
      [`kind=raw&tags=Line1/Wave&from=${startedAt - 1000}&to=${now + 1000}&limit=3`, 400, 'raw range too large'],
      [`kind=plot&tags=Line1/Wave&from=yesterday&to=${now}`, 400, 'The start time: a time is epoch milliseconds or an ISO 8601 date-time'],
      [`kind=plot&tags=Line1/Wave&from=0&to=${now}`, 400, 'The width in pixels is missing.'],
      [`kind=sum&tags=Line1/Wave&from=0&to=${now}`, 400, 'The kind must be one of'],
    ];
    for (const [query, status, message] of cases) {
      const res = await get(`/api/v1/history?${query}`);
      expect(res.status, query).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message, query).toContain(message);
    }
  });

  it('documents the history routes in the OpenAPI document', async () => {
    const doc = (await (await get('/api/v1/openapi.json')).json()) as { paths: Record<string, { get: { parameters: Array<{ name: string }> } }> };
    expect(doc.paths['/api/v1/history']!.get.parameters.map((p) => p.name)).toEqual(['kind', 'tags', 'from', 'to', 'limit', 'intervalMs', 'pixels']);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/history/status', '/api/v1/history/size']));
  });
});

describe('history over the contract', () => {
  it('answers history.query, history.status and history.sizeReport', async () => {
    const result = await client.call('history.query', { kind: 'plot', tags: ['Line1/Wave'], from: startedAt - 1000, to: Date.now() + 1000, pixels: 100 });
    expect(result.frames[0]).toMatchObject({ tag: 'Line1/Wave', kind: 'plot', source: 'raw', units: '%' });
    expect(await client.call('history.status', {})).toMatchObject({ state: 'ok', pendingSamples: 0 });
    const size = await client.call('history.sizeReport', {});
    expect(size.totalBytes).toBeGreaterThan(0);
    expect(size.partitions.map((p) => p.kind)).toEqual(expect.arrayContaining(['raw', 'minute', 'hour']));
    expect(size.tags.find((t) => t.tag === 'Line1/Wave')!.rows).toBeGreaterThanOrEqual(50);
    const bad = await client.request('history.query', { kind: 'raw', tags: ['Line1/Wave'], from: 10, to: 5 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request', path: 'params.from' } });
  });

  it('reports a locked database as retrying, keeps the samples, and recovers', async () => {
    const other = new Database(join(dataDir, 'history.sqlite'), { timeout: 0 });
    try {
      const retrying = waitForStatus((s) => s.state === 'retrying');
      other.exec('BEGIN IMMEDIATE');
      const status = await retrying;
      expect(status.error).toBe('database is locked');
      expect(await client.call('history.status', {})).toMatchObject({ state: 'retrying', error: 'database is locked' });
      const recovered = waitForStatus((s) => s.state === 'ok');
      other.exec('COMMIT');
      expect(await recovered).toMatchObject({ state: 'ok', pendingSamples: 0, droppedSamples: 0 });
    } finally {
      other.close();
    }
  });
});

describe('historian metrics', () => {
  it('exposes stored, pending and dropped samples and the retrying flag in /metrics', async () => {
    const text = await (await get('/metrics')).text();
    expect(Number(/^lineside_history_stored_samples_total (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(50);
    expect(text).toMatch(/^lineside_history_pending_samples \d+$/m);
    expect(text).toMatch(/^lineside_history_dropped_samples_total 0$/m);
    expect(text).toMatch(/^lineside_history_retrying [01]$/m);
  });
});
