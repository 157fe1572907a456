import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpcuaConfigInput } from '../../drivers/opcua/config.ts';
import { Probe } from '../fixtures/opcua/probe.ts';
import { TestServer } from '../fixtures/opcua/test-server.ts';

// A server whose certificate names another host (plc.example), then (same port) one whose certificate has expired,
// then one whose certificate names another application URI.
let dir: string;
let server: TestServer;
const probes: Probe[] = [];
const DAY = 86_400_000;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-opcua-cert-'));
  server = new TestServer({ pkiDir: join(dir, 'server'), certificate: { dns: ['plc.example'], startDate: new Date(Date.now() - DAY), validityDays: 30 } });
  await server.start();
});

afterAll(async () => {
  for (const probe of probes.splice(0)) await probe.close();
  await server?.dispose();
  await rm(dir, { recursive: true, force: true });
});

function probeFor(config: Partial<OpcuaConfigInput>, client = 'client'): Probe {
  const probe = new Probe({ endpointUrl: server.endpointUrl, securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', reconnectMinMs: 200, reconnectMaxMs: 1000, ...config }, join(dir, client));
  probes.push(probe);
  return probe;
}

describe('opcua certificate checks', () => {
  it('says plainly when a trusted certificate was issued for another host', async () => {
    const probe = probeFor({});
    await probe.driver.connect();
    await probe.status('error');
    const { thumbprint } = server.certificate();
    await probe.driver.trust(thumbprint);
    await probe.until('the host name message', () => /was issued for plc\.example, not 127\.0\.0\.1/.test(probe.driver.lastError ?? ''));
    expect(probe.driver.lastError).toContain(thumbprint);
    expect(probe.driver.lastError).toContain('CN=Lineside test PLC');
    expect(probe.driver.status).toBe('error');
  });

  it('says plainly when the server certificate has expired', async () => {
    await server.dispose();
    server = new TestServer({ pkiDir: join(dir, 'server-expired'), port: server.port, certificate: { dns: ['localhost', '127.0.0.1'], startDate: new Date(Date.now() - 10 * DAY), validityDays: 1 } });
    await server.start();
    const probe = probeFor({}, 'client-expired');
    await probe.driver.connect();
    await probe.status('error');
    const { thumbprint } = server.certificate();
    await probe.driver.trust(thumbprint);
    await probe.until('the expiry message', () => /expired on/.test(probe.driver.lastError ?? ''));
    expect(probe.driver.lastError).toContain(thumbprint);
  });

  it('says plainly when the certificate was made for another application', async () => {
    await server.dispose();
    server = new TestServer({
      pkiDir: join(dir, 'server-other-uri'),
      port: server.port,
      certificate: { dns: ['localhost', '127.0.0.1'], startDate: new Date(Date.now() - DAY), validityDays: 30, applicationUri: 'urn:somewhere:else' },
    });
    await server.start();
    const probe = probeFor({}, 'client-other-uri');
    await probe.driver.connect();
    await probe.status('error');
    await probe.driver.trust(server.certificate().thumbprint);
    await probe.until('the URI message', () => /names application URI urn:somewhere:else, but the server says it is urn:lineside:test-server/.test(probe.driver.lastError ?? ''));
  });
});
