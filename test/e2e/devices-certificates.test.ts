import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleName } from '../../common/permissions.ts';
import type { Runtime } from '../../main/runtime.ts';
import { TestServer } from '../fixtures/opcua/test-server.ts';
import { freePort } from '../integration/modbus-server.ts';
import { launchChromium, screenshotPath, signIn } from './hmi-page.ts';
import { startTestRuntime } from '../support/runtime.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/devices-opcua');
const UI_WAIT_MS = 15_000;
const DISPLAY = 'section[aria-label="Devices"]';
const SECURE_ROW = `${DISPLAY} [data-testid="device-row:plc-secure"]`;

let dir: string;
let server: TestServer;
let modbusPort: number;
const runtimes: Runtime[] = [];
let browser: Browser | undefined;

/** The devices fixture in a temp folder, pointed at the test server, with the seeded test users; pages sign in as `role`. */
async function startProject(role: RoleName, folder: string = role): Promise<Runtime> {
  const projectDir = join(dir, folder);
  await cp(FIXTURE, projectDir, { recursive: true });
  const file = join(projectDir, 'project.json');
  const project = JSON.parse(await readFile(file, 'utf8')) as { devices: { driver: string; config: Record<string, unknown> }[] };
  for (const device of project.devices) {
    if (device.driver === 'opcua') device.config['endpointUrl'] = server.endpointUrl;
    if (device.driver === 'modbus') device.config['port'] = modbusPort;
  }
  await writeFile(file, JSON.stringify(project));
  const runtime = await startTestRuntime({ projectDir });
  runtimes.push(runtime);
  roles.set(runtime, role);
  return runtime;
}

const roles = new Map<Runtime, RoleName>();

async function openDevices(runtime: Runtime): Promise<Page> {
  const page = await browser!.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${runtime.url}/#/devices&token=${runtime.token}`);
  await page.waitForSelector(`${DISPLAY}:not([hidden])`, { timeout: UI_WAIT_MS });
  await signIn(page, roles.get(runtime)!);
  return page;
}

/** Selects plc-secure (in error: its server's certificate is not trusted) and asks to trust that certificate. */
async function askToTrust(page: Page, thumbprint: string): Promise<void> {
  await page.waitForSelector(`${SECURE_ROW}[data-status="error"][data-abnormal]`, { timeout: UI_WAIT_MS });
  expect(await page.textContent(`${SECURE_ROW} [data-testid="device-error"]`)).toContain('is not trusted');
  await page.click(SECURE_ROW);
  const row = `${DISPLAY} [data-testid="certificate:${thumbprint}"]`;
  await page.waitForSelector(`${row}[data-status="untrusted"]`, { timeout: UI_WAIT_MS });
  expect(await page.textContent(`${row} [data-testid="certificate-status"]`)).toBe('Not trusted yet');
  await page.click(`${row} [data-testid="trust"]`);
  await page.waitForSelector(`${DISPLAY} [data-testid="certificate-feedback"][data-state="confirm"]`, { timeout: UI_WAIT_MS });
  await page.click(`${DISPLAY} [data-testid="certificate-feedback"] [data-testid="confirm"]`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-devices-e2e-'));
  server = new TestServer({ pkiDir: join(dir, 'server') });
  await server.start();
  modbusPort = await freePort();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const runtime of runtimes.splice(0)) await runtime.dispose();
  await server?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('server certificates in the Devices display', () => {
  it('offers an operator no trust it would be refused: Trust is disabled with the reason in words, the certificate stays untrusted', async () => {
    const page = await openDevices(await startProject('operator'));
    const { thumbprint } = server.certificate();
    await page.waitForSelector(`${SECURE_ROW}[data-status="error"][data-abnormal]`, { timeout: UI_WAIT_MS });
    await page.click(SECURE_ROW);
    const row = `${DISPLAY} [data-testid="certificate:${thumbprint}"]`;
    await page.waitForSelector(`${row}[data-status="untrusted"]`, { timeout: UI_WAIT_MS });
    const trust = `${row} [data-testid="trust"]`;
    expect(await page.isDisabled(trust)).toBe(true);
    expect(await page.getAttribute(trust, 'title')).toBe('Needs the permission ‘Trust device certificates’ — signed in as operator.');
    expect(await page.$(`${DISPLAY} [data-testid="certificate-feedback"]`)).toBeNull();
    expect(await page.getAttribute(row, 'data-status')).toBe('untrusted');
    await page.screenshot({ path: screenshotPath('devices-certificates-not-allowed') });
  }, 60_000);

  it('lets an engineer trust it after confirming; the device then connects', async () => {
    const page = await openDevices(await startProject('engineer'));
    const { thumbprint } = server.certificate();
    await askToTrust(page, thumbprint);
    await page.waitForSelector(`${DISPLAY} [data-testid="certificate-feedback"][data-state="done"]`, { timeout: UI_WAIT_MS });
    await page.waitForSelector(`${DISPLAY} [data-testid="certificate:${thumbprint}"][data-status="trusted"]`, { timeout: UI_WAIT_MS });
    await page.waitForSelector(`${SECURE_ROW}[data-status="ok"]`, { timeout: UI_WAIT_MS });
    await page.waitForSelector(`${DISPLAY} [data-testid="device-tags"] [data-testid="value:Line1/Count"][data-quality="good"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${DISPLAY} [data-testid="value:Line1/Count"] [data-testid="value-text"]`)).toBe('42');
    await page.screenshot({ path: screenshotPath('devices-certificates-trusted') });
  }, 60_000);

  it("shows Lineside's own certificate with the plant name; an engineer renews it after confirming", async () => {
    const page = await openDevices(await startProject('engineer', 'engineer-renew'));
    await page.click(SECURE_ROW);
    const panel = `${DISPLAY} [data-testid="own-certificate-panel"]`;
    await page.waitForSelector(`${panel} [data-testid="own-subject"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${panel} [data-testid="own-subject"]`)).toContain('O=Devices test plant');
    const before = await page.textContent(`${panel} [data-testid="own-thumbprint"]`);
    await page.screenshot({ path: screenshotPath('devices-own-certificate') });
    await page.click(`${panel} [data-testid="renew"]`);
    await page.waitForSelector(`${panel} [data-testid="renew-feedback"][data-state="confirm"]`, { timeout: UI_WAIT_MS });
    await page.click(`${panel} [data-testid="confirm-renew"]`);
    await page.waitForSelector(`${panel} [data-testid="renew-feedback"][data-state="done"]`, { timeout: UI_WAIT_MS });
    const after = await page.textContent(`${panel} [data-testid="own-thumbprint"]`);
    expect(after).not.toBe(before);
    expect(await page.textContent(`${panel} [data-testid="renew-feedback"]`)).toContain(`it replaces ${before}`);
    await page.screenshot({ path: screenshotPath('devices-own-certificate-renewed') });
  }, 60_000);
});
