import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { OPCUACertificateManager, OPCUAClient } from 'node-opcua';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlantReadyMessage } from '../../examples/plant/main.ts';
import { startPlant } from '../../examples/plant/plant.ts';
import { killAll, runNodeScript } from '../support/cli-process.ts';
import { freePort } from '../support/free-port.ts';

// The example plant's OPC UA certificate is made once, in the plant's data folder, and kept: a client
// (or a person) who trusted it once keeps trusting it, and a start does not pay for a new key pair.
const MAIN = join(import.meta.dirname, '../../examples/plant/main.ts');
const children: ChildProcess[] = [];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-plant-certificate-'));
});
afterEach(() => killAll(children));
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts `npm run plant` as Lineside does (quiet, IPC) on free ports; resolves with its ready message. */
async function startPlantProcess(dataDir: string): Promise<{ ready: PlantReadyMessage; stop: () => Promise<number | null> }> {
  const args = ['--data-dir', dataDir, '--opcua-port', String(await freePort()), '--modbus-port', String(await freePort()), '--quiet'];
  const run = runNodeScript(MAIN, args, { ipc: true });
  children.push(run.child);
  const ready = await new Promise<PlantReadyMessage>((resolve, reject) => {
    run.child.once('message', (message) => resolve(message as PlantReadyMessage));
    void run.exited.then((code) => reject(new Error(`the plant exited (${code}) before serving:\n${run.output()}`)));
  });
  return {
    ready,
    stop: () => {
      run.child.disconnect();
      return run.exited;
    },
  };
}

/** The thumbprint of the certificate the OPC UA server hands out in its endpoints. */
async function servedThumbprint(endpointUrl: string): Promise<string> {
  // The client's own PKI stays in the test's folder (never ~/.config).
  const clientCertificateManager = new OPCUACertificateManager({ rootFolder: join(dir, 'client-pki'), disableFileWatchers: true });
  const client = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 0 }, clientCertificateManager });
  try {
    await client.connect(endpointUrl);
    const endpoints = await client.getEndpoints();
    const certificate = endpoints[0]?.serverCertificate;
    if (!certificate) throw new Error('the server sent no certificate in its endpoints');
    return createHash('sha1').update(certificate).digest('hex');
  } finally {
    await client.disconnect();
    await clientCertificateManager.dispose();
  }
}

describe('the example plant keeps its OPC UA certificate', () => {
  it('the first start makes it in the data folder, a second start of the process keeps and serves the same one', async () => {
    const dataDir = join(dir, 'processes');
    const first = await startPlantProcess(dataDir);
    expect(first.ready.certificate).toEqual({ file: join(dataDir, 'pki', 'server', 'own', 'certs', 'certificate.pem'), thumbprint: expect.stringMatching(/^[0-9a-f]{40}$/), made: true });
    expect(await first.stop()).toBe(0);

    const second = await startPlantProcess(dataDir);
    expect(second.ready.certificate).toEqual({ ...first.ready.certificate, made: false });
    expect(await servedThumbprint(second.ready.opcuaEndpoint)).toBe(first.ready.certificate.thumbprint);
    expect(await second.stop()).toBe(0);
  }, 60_000);

  it('a certificate file that is not a certificate (a crash during the first start) is replaced, saying why', async () => {
    const dataDir = join(dir, 'unreadable');
    const file = join(dataDir, 'pki', 'server', 'own', 'certs', 'certificate.pem');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
    const plant = await startPlant({ dataDir, opcuaPort: await freePort(), modbusPort: await freePort() });
    try {
      expect(plant.opcuaCertificate).toEqual({ file, thumbprint: expect.stringMatching(/^[0-9a-f]{40}$/), made: true, replaced: expect.stringMatching(/certificate\.pem was not a certificate \(/) });
      expect(await servedThumbprint(plant.opcuaEndpoint)).toBe(plant.opcuaCertificate.thumbprint);
    } finally {
      await plant.dispose();
    }
  }, 60_000);
});
