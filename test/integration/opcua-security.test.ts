import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPCUACertificateManager } from 'node-opcua';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OpcuaConfigInput } from '../../drivers/opcua/config.ts';
import { Probe } from '../fixtures/opcua/probe.ts';
import { TestServer } from '../fixtures/opcua/test-server.ts';

let dir: string;
let server: TestServer;
const probes: Probe[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-opcua-sec-'));
  server = new TestServer({ pkiDir: join(dir, 'server') });
  await server.start();
});

// The server takes a limited number of sessions: each test closes its drivers.
afterEach(async () => {
  for (const probe of probes.splice(0)) await probe.close();
});

afterAll(async () => {
  for (const probe of probes.splice(0)) await probe.close();
  await server?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** A driver on the shared client PKI (`<dir>/client/pki/opcua`), so a certificate trusted once stays trusted. */
function probeFor(config: Partial<OpcuaConfigInput>): Probe {
  const probe = new Probe({ endpointUrl: server.endpointUrl, reconnectMinMs: 100, reconnectMaxMs: 400, ...config }, join(dir, 'client'));
  probes.push(probe);
  return probe;
}

async function readSpeed(probe: Probe): Promise<unknown> {
  const [value] = await probe.driver.read([{ handle: 1, address: 'ns=2;s=Line1.Speed' }]);
  return value?.quality === 'Good' ? value.value : value?.quality;
}

describe('opcua security and trust', () => {
  it('refuses an untrusted server certificate, naming it; after trust it connects by itself', async () => {
    const probe = probeFor({ securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' });
    const { subject, thumbprint } = server.certificate();
    await probe.driver.connect();
    await probe.status('error');
    const message = probe.driver.lastError ?? '';
    expect(message).toContain(thumbprint);
    expect(message).toContain(subject);
    expect(message).toMatch(/is not trusted/);
    expect(probe.statuses.find((s) => s.status === 'error')?.error).toBe(message);

    const listed = await probe.driver.listServerCertificates();
    expect(listed).toContainEqual(expect.objectContaining({ thumbprint, subject, status: 'untrusted' }));
    expect(listed.find((c) => c.thumbprint === thumbprint)!.validTo).toBeGreaterThan(Date.now());

    // Rejected by a person: listed as such, and the message says so.
    await probe.driver.reject(thumbprint);
    expect((await probe.driver.listServerCertificates()).find((c) => c.thumbprint === thumbprint)?.status).toBe('rejected');
    await probe.until('the rejected message', () => /rejected in the Devices view/.test(probe.driver.lastError ?? ''));

    await probe.driver.trust(thumbprint);
    await probe.status('ok');
    expect((await probe.driver.listServerCertificates()).find((c) => c.thumbprint === thumbprint)?.status).toBe('trusted');
    expect(await readSpeed(probe)).toBe(3.5);
  });

  const combinations = [
    ['None', 'None'],
    ['Sign', 'Basic256Sha256'],
    ['Sign', 'Aes128_Sha256_RsaOaep'],
    ['SignAndEncrypt', 'Aes128_Sha256_RsaOaep'],
    ['SignAndEncrypt', 'Aes256_Sha256_RsaPss'],
  ] as const;
  it.each(combinations)('connects with security %s / %s once the server is trusted', async (securityMode, securityPolicy) => {
    const probe = probeFor({ securityMode, securityPolicy });
    await probe.driver.connect();
    await probe.status('ok');
    expect(await readSpeed(probe)).toBe(3.5);
  });

  it('logs in with a good user name and password, and says plainly when they are wrong', async () => {
    const good = probeFor({ securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', auth: { type: 'username', username: 'operator', password: 'secret' } });
    await good.driver.connect();
    await good.status('ok');
    expect(await readSpeed(good)).toBe(3.5);

    const bad = probeFor({ securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', auth: { type: 'username', username: 'operator', password: 'wrong' } });
    await bad.driver.connect();
    await bad.status('error');
    expect(bad.driver.lastError).toMatch(/the server refused user 'operator'/);
  });

  it('logs in with an X.509 user certificate', async () => {
    const users = new OPCUACertificateManager({ rootFolder: join(dir, 'user-pki'), disableFileWatchers: true });
    await users.initialize();
    try {
      const certificateFile = join(dir, 'user-pki', 'own', 'certs', 'operator.pem');
      await users.createSelfSignedCertificate({
        outputFile: certificateFile,
        subject: '/CN=operator',
        applicationUri: 'urn:lineside:user:operator',
        dns: [],
        startDate: new Date(Date.now() - 86_400_000),
        validity: 30,
      });
      const probe = probeFor({
        securityMode: 'SignAndEncrypt',
        securityPolicy: 'Basic256Sha256',
        auth: { type: 'certificate', certificateFile, privateKeyFile: join(dir, 'user-pki', 'own', 'private', 'private_key.pem') },
      });
      await probe.driver.connect();
      await probe.status('ok');
      expect(await readSpeed(probe)).toBe(3.5);
    } finally {
      await users.dispose();
    }
  });

  it('after a network break (the server stays up) reconnects and leaves no old monitored items behind', async () => {
    const probe = probeFor({ securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', auth: { type: 'username', username: 'operator', password: 'secret' } });
    await probe.driver.connect();
    await probe.status('ok');
    const before = server.monitoredItemCount();
    const items = [
      { handle: 1, address: 'ns=2;s=Line1.Speed' },
      { handle: 2, address: 'ns=2;s=Line1.Count', options: { publishingInterval: 250 } },
    ];
    const subscription = probe.driver.subscribe(items, probe.listener);
    try {
      await probe.until('first values', () => probe.latest.has(1) && probe.latest.has(2));
      expect(server.monitoredItemCount()).toBe(before + 2);
      const [statusesBefore, batchesBefore] = [probe.statuses.length, probe.batches.length];
      server.interruptChannels();
      await probe.until('error then ok', () => {
        const after = probe.statuses.slice(statusesBefore).map((s) => s.status);
        return after.includes('error') && after.at(-1) === 'ok';
      });
      await probe.until('values again', () => items.every((i) => probe.batches.slice(batchesBefore).some((b) => b.some((c) => c.handle === i.handle))));
      expect(server.monitoredItemCount()).toBe(before + 2);
    } finally {
      subscription.dispose();
      await probe.driver.settled();
    }
  });
});
