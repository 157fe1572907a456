import { readFile, mkdtemp, rm, writeFile, stat } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_PATH, WS_PROTOCOL } from '../../common/protocol.ts';
import { tlsChoice } from '../../main/headless.ts';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../main/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

const PROJECT = join(import.meta.dirname, '../fixtures/projects/basic');
const TOKEN = 'tls-test-token-0123456789abcdef';

let dir: string;
const running: Runtime[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-tls-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Lineside</title>');
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.dispose()));
  await rm(dir, { recursive: true, force: true });
});

async function start(options: Partial<RuntimeOptions>, log: string[] = []): Promise<Runtime> {
  const runtime = await startTestRuntime({ projectDir: PROJECT, dataDir: join(dir, 'data'), port: 0, token: TOKEN, rendererDir: dir, log: (line) => log.push(line), ...options, seedUsers: false });
  running.push(runtime);
  return runtime;
}

/** GET over HTTPS with node's TLS client, trusting only `ca`: status, headers and the server's certificate. */
function get(url: string, ca: string | undefined): Promise<{ status: number; hsts: string | undefined; peerFingerprint: string; issuerFingerprint: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
      const socket = res.socket as TLSSocket;
      const peer = socket.getPeerCertificate(true);
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'] as string | undefined, peerFingerprint: peer.fingerprint256, issuerFingerprint: peer.issuerCertificate?.fingerprint256 }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A WSS client trusting only `ca`, making one call. */
async function wssCall(url: string, ca: string): Promise<unknown> {
  const socket = new WebSocket(url.replace(/^https/, 'wss') + WS_PATH, [WS_PROTOCOL], { ca, headers: { Authorization: `Bearer ${TOKEN}` } });
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  const reply = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
  socket.send(JSON.stringify({ id: 1, call: 'session.info', params: {} }));
  const frame = await reply;
  await new Promise((resolve) => (socket.once('close', resolve), socket.close()));
  return frame;
}

describe('TLS for browser clients (real TLS clients)', () => {
  it("serves HTTPS and WSS with the station's own certificate, made once and kept in the data folder, with HSTS", async () => {
    const log: string[] = [];
    const runtime = await start({ tls: 'station' }, log);
    expect(runtime.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const tls = runtime.tls!;
    expect(tls).toMatchObject({ generated: true, trustFile: join(dir, 'data', 'tls', 'ca.pem'), fingerprint: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) });
    expect(log.join('\n')).toContain(`SHA-256 fingerprint ${tls.fingerprint}`);
    const ca = await readFile(tls.trustFile, 'utf8');
    for (const key of ['ca-key.pem', 'server-key.pem']) expect((await stat(join(dir, 'data', 'tls', key))).mode & 0o777).toBe(0o600);

    const res = await get(`${runtime.url}/api/v1/tags`, ca);
    expect(res.status).toBe(200);
    expect(res.hsts).toBe('max-age=31536000');
    // The server certificate was issued by the CA whose fingerprint was shown.
    expect(res.issuerFingerprint).toBe(tls.fingerprint);
    // A client that does not trust the station's CA refuses the connection.
    await expect(get(`${runtime.url}/healthz`, undefined)).rejects.toThrow(/self.signed|unable to verify|certificate/i);

    const frame = (await wssCall(runtime.url, ca)) as { ok: boolean; result: { transport: unknown } };
    expect(frame).toMatchObject({ ok: true, result: { transport: { tls: true, warning: null } } });
    await runtime.dispose();

    // A later start keeps the same certificate (clients trust it once).
    const again = await start({ tls: 'station' });
    expect(again.tls!.fingerprint).toBe(tls.fingerprint);
    expect((await get(`${again.url}/healthz`, ca)).status).toBe(200);
    await again.dispose();
  }, 120_000);

  it('serves the certificate and key given with --tls-cert/--tls-key, and names a bad one', async () => {
    const tlsDir = join(dir, 'data', 'tls');
    const runtime = await start({ tls: { certFile: join(tlsDir, 'server.pem'), keyFile: join(tlsDir, 'server-key.pem') }, dataDir: join(dir, 'other-data') });
    expect(runtime.tls).toMatchObject({ generated: false, trustFile: join(tlsDir, 'server.pem') });
    const res = await get(`${runtime.url}/healthz`, await readFile(join(tlsDir, 'ca.pem'), 'utf8'));
    expect(res).toMatchObject({ status: 200, hsts: 'max-age=31536000', peerFingerprint: runtime.tls!.fingerprint });
    await runtime.dispose();

    const wrongKey = await startRuntime({ projectDir: PROJECT, dataDir: join(dir, 'other-data'), port: 0, token: TOKEN, rendererDir: dir, tls: { certFile: join(tlsDir, 'server.pem'), keyFile: join(tlsDir, 'ca-key.pem') } });
    expect(wrongKey).toMatchObject({ ok: false, error: { path: 'tls-key', message: expect.stringContaining('is not the key of the certificate') } });
    const missing = await startRuntime({ projectDir: PROJECT, dataDir: join(dir, 'other-data'), port: 0, token: TOKEN, rendererDir: dir, tls: { certFile: join(tlsDir, 'nope.pem'), keyFile: join(tlsDir, 'server-key.pem') } });
    expect(missing).toMatchObject({ ok: false, error: { path: 'tls-cert', message: expect.stringContaining('cannot read') } });
  });

  it('warns at start and in the session info when serving a non-loopback address without TLS', async () => {
    const log: string[] = [];
    const runtime = await start({ host: '0.0.0.0', dataDir: join(dir, 'exposed-data') }, log);
    expect(log.join('\n')).toMatch(/WARNING: served on 0\.0\.0\.0 without TLS/);
    const local = runtime.url.replace('0.0.0.0', '127.0.0.1');
    const socket = new WebSocket(local.replace(/^http/, 'ws') + WS_PATH, [WS_PROTOCOL], { headers: { Authorization: `Bearer ${TOKEN}` } });
    await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
    const reply = new Promise<{ result: { transport: { tls: boolean; warning: string } } }>((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
    socket.send(JSON.stringify({ id: 1, call: 'session.info', params: {} }));
    expect((await reply).result.transport).toEqual({ tls: false, warning: expect.stringContaining('without TLS') });
    await new Promise((resolve) => (socket.once('close', resolve), socket.close()));
    await runtime.dispose();
    // Loopback stays plain HTTP without a warning (the desktop shell and the tests).
    const quiet: string[] = [];
    const loopback = await start({ dataDir: join(dir, 'loopback-data') }, quiet);
    expect(loopback.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(quiet.join('\n')).not.toContain('WARNING');
    await loopback.dispose();
  });

  it('chooses TLS from the command line: loopback plain, other addresses TLS unless --no-tls', () => {
    expect(tlsChoice({}, '127.0.0.1')).toBeUndefined();
    expect(tlsChoice({}, '0.0.0.0')).toBe('station');
    expect(tlsChoice({ 'no-tls': true }, '0.0.0.0')).toBeUndefined();
    expect(tlsChoice({ tls: true }, '127.0.0.1')).toBe('station');
    expect(tlsChoice({ 'tls-cert': 'c.pem', 'tls-key': 'k.pem' }, '10.0.0.5')).toEqual({ certFile: 'c.pem', keyFile: 'k.pem' });
    expect(tlsChoice({ 'tls-cert': 'c.pem' }, '127.0.0.1')).toMatch(/--tls-cert and --tls-key go together/);
    expect(tlsChoice({ 'no-tls': true, tls: true }, '127.0.0.1')).toMatch(/--no-tls contradicts/);
  });
});
