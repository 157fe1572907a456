import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHostname } from 'node-opcua';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '../../common/logger.ts';
import type { OpcuaConfigInput } from '../../drivers/opcua/config.ts';
import { Probe } from '../fixtures/opcua/probe.ts';
import { TestServer } from '../fixtures/opcua/test-server.ts';
import { freePort } from '../support/free-port.ts';

// Failures said in a plant person's words, node-opcua's own lines through our logger (never stdout),
// and Lineside's application certificate: plant name and host in it, renewed in place.
let dir: string;
let strict: TestServer;
const probes: Probe[] = [];
const logged: LogEntry[] = [];
const log = (entry: LogEntry) => logged.push(entry);
const PLANT = 'Bottling plant Süd';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-opcua-msg-'));
  // A server that refuses client certificates until its administrator trusts them.
  strict = new TestServer({ pkiDir: join(dir, 'strict'), acceptClientCertificates: false });
  await strict.start();
});

afterEach(async () => {
  for (const probe of probes.splice(0)) await probe.close();
});

afterAll(async () => {
  for (const probe of probes.splice(0)) await probe.close();
  await strict?.dispose();
  await rm(dir, { recursive: true, force: true });
});

function probeFor(config: OpcuaConfigInput, client = 'client'): Probe {
  const probe = new Probe({ reconnectMinMs: 100, reconnectMaxMs: 400, securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', ...config }, join(dir, client), { log, plantName: PLANT });
  probes.push(probe);
  return probe;
}

function pemToDer(pem: string): Buffer {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem)?.[1] ?? '';
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}

/** Everything written to stdout (console.* included) while `work` runs. */
async function stdoutDuring(work: () => Promise<void>): Promise<string[]> {
  const written: string[] = [];
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }),
    ...(['log', 'info', 'debug', 'warn', 'error'] as const).map((name) =>
      vi.spyOn(console, name).mockImplementation((...args: unknown[]) => {
        written.push(`console.${name}: ${args.map(String).join(' ')}`);
      }),
    ),
  ];
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return written;
}

describe('opcua in plain words', () => {
  it('a secured device whose server is down says the server is unreachable, not a certificate problem', async () => {
    const port = await freePort();
    const probe = probeFor({ endpointUrl: `opc.tcp://127.0.0.1:${port}` }, 'client-down');
    await probe.driver.connect();
    await probe.status('error');
    expect(probe.driver.lastError).toBe(`the server at opc.tcp://127.0.0.1:${port} is unreachable: nothing answers at 127.0.0.1:${port} (is the server running, and is the address right?)`);
    expect(probe.driver.lastError).not.toMatch(/certificate/i);
  });

  it('a server that refuses our certificate says so with our thumbprint; trusted there, the device connects', async () => {
    const written = await stdoutDuring(async () => {
      const probe = probeFor({ endpointUrl: strict.endpointUrl });
      await probe.driver.connect();
      await probe.status('error');
      // First our side: the server's certificate is new to us.
      await probe.driver.trust(strict.certificate().thumbprint);
      // Bounded generously (here and after each trust below): under CI load a connection attempt right after a
      // trust has been seen to take well over 15 s (the probe's timeout message says what happened meanwhile).
      await probe.until('the refusal of our certificate', () => /refused Lineside's certificate/.test(probe.driver.lastError ?? ''), 40_000);
      const own = await probe.driver.ownCertificate();
      expect(own).toBeDefined();
      expect(probe.driver.lastError).toContain(`thumbprint ${own!.thumbprint}`);
      expect(probe.driver.lastError).toMatch(/trust that certificate on the server/);
      expect(probe.driver.lastError).toContain(own!.file);

      // The server's administrator trusts it: the next attempt gets in.
      await strict.trustClient(pemToDer(await readFile(own!.file, 'latin1')));
      await probe.status('ok', 40_000);
      const [speed] = await probe.driver.read([{ handle: 1, address: 'ns=2;s=Line1.Speed' }]);
      expect(speed?.value).toBe(3.5);
    });
    // node-opcua had plenty to say (both sides run in this process), all of it through our logger.
    expect(written).toEqual([]);
    const library = logged.filter((e) => e.source.startsWith('opcua ') && e.source !== 'opcua plc');
    expect(library.some((e) => e.level === 'warn' && /BadCertificateUntrusted/.test(e.message))).toBe(true);
    expect(library.every((e) => !e.message.includes('\u001b['))).toBe(true);
    // The driver's own lines: the failures (once each) at warn, the connection at info.
    const own = logged.filter((e) => e.source === 'opcua plc');
    expect(own.some((e) => e.level === 'warn' && /refused Lineside's certificate/.test(e.message))).toBe(true);
    expect(own.some((e) => e.level === 'info' && e.message.startsWith(`connected to ${strict.endpointUrl}`))).toBe(true);
  }, 120_000);

  it('our certificate names the plant and the host; renewing it replaces it and the device reconnects with the new one', async () => {
    const server = new TestServer({ pkiDir: join(dir, 'open') });
    await server.start();
    try {
      const probe = probeFor({ endpointUrl: server.endpointUrl }, 'client-renew');
      await probe.driver.connect();
      await probe.status('error');
      await probe.driver.trust(server.certificate().thumbprint);
      await probe.status('ok', 40_000);
      const before = await probe.driver.ownCertificate();
      const host = getHostname();
      expect(before?.subject).toContain('O=Bottling plant Sud');
      expect(before?.subject).toContain(`CN=Lineside@${host}`);
      expect(before?.subject).not.toMatch(/Sterfive/);
      expect(before?.dnsNames).toContain(host);
      expect(before?.applicationUri).toBe(`urn:${host}:Lineside`);
      expect(await server.trustedClients()).toContain(before!.thumbprint);

      const statusesBefore = probe.statuses.length;
      const renewed = await probe.driver.renewOwnCertificate();
      expect(renewed.thumbprint).not.toBe(before!.thumbprint);
      expect(renewed.subject).toBe(before!.subject);
      expect(renewed.validFrom).toBeGreaterThanOrEqual(before!.validFrom);
      // The file holds the new one only; the old thumbprint is gone from it.
      expect((await probe.driver.ownCertificate())?.thumbprint).toBe(renewed.thumbprint);
      const pem = await readFile(renewed.file, 'latin1');
      expect(pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
      // The device dropped its session and came back with the new certificate (the server filed it).
      await probe.until('a reconnection', () => probe.statuses.slice(statusesBefore).some((s) => s.status === 'error') && probe.driver.status === 'ok');
      expect(probe.statuses.slice(statusesBefore).find((s) => s.status === 'error')?.error).toMatch(/certificate was renewed/);
      expect(await server.trustedClients()).toContain(renewed.thumbprint);
    } finally {
      for (const probe of probes.splice(0)) await probe.close();
      await server.dispose();
    }
  }, 120_000);
});
