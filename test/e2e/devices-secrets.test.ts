import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { TestServer } from '../fixtures/opcua/test-server.ts';
import { openHmi, startProject } from './alarm-support.ts';
import { screenshotPath } from './hmi-page.ts';

const UI_WAIT_MS = 10_000;
const TEST_MS = 60_000;
const DISPLAY = 'section[aria-label="Devices"]';
const EDITOR = `${DISPLAY} [data-testid="config-editor"]`;
const field = (name: string) => `${EDITOR} [data-testid="def-field:${name}"]`;
const PASSWORD = `${EDITOR} [data-field="config.auth.password"]`;
const NAME = 'devices.plc.auth.password';
const FIRST = 'first-Pa55word-of-the-plc';
const SECOND = 'second-Pa55word-of-the-plc';

describe('device secrets in the Devices view, as an engineer uses them', () => {
  let work: string;
  let server: TestServer;
  const users = new Map([['operator', FIRST]]);
  let runtime: Runtime;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'lineside-secrets-e2e-'));
    server = new TestServer({ pkiDir: join(work, 'server'), users });
    await server.start();
    const projectDir = join(work, 'project');
    await mkdir(join(projectDir, 'tags'), { recursive: true });
    const project = {
      formatVersion: 2,
      name: 'Device secrets',
      plant: { name: 'Test plant', timeZone: 'UTC' },
      devices: [{ name: 'plc', driver: 'opcua', config: { endpointUrl: server.endpointUrl, reconnectMinMs: 100, reconnectMaxMs: 400, auth: { type: 'username', username: 'operator', password: FIRST } } }],
    };
    await writeFile(join(projectDir, 'project.json'), `${JSON.stringify(project, null, 2)}\n`);
    await writeFile(join(projectDir, 'tags', 'line.json'), `${JSON.stringify({ tags: [{ path: 'Line1/Speed', dataType: 'float64', source: { device: 'plc', address: 'ns=2;s=Line1.Speed' } }] }, null, 2)}\n`);
    runtime = await startProject(projectDir);
    ({ browser, page } = await openHmi(runtime, errors, 'engineer'));
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    await server?.dispose();
    if (work) await rm(work, { recursive: true, force: true });
  }, TEST_MS);

  async function openDevice(): Promise<void> {
    await page.click(`${DISPLAY} [data-testid="device-row:plc"]`);
    await page.click(`${DISPLAY} [data-testid="device-edit"]`);
    await page.waitForSelector(EDITOR, { timeout: UI_WAIT_MS });
  }

  async function save(): Promise<void> {
    await page.click(`${EDITOR} [data-testid="config-save"]`);
    await page.waitForSelector(EDITOR, { state: 'detached', timeout: UI_WAIT_MS });
  }

  it(
    'shows the password as set, never its value; left empty it is kept',
    async () => {
      await page.click('[data-testid="tab-devices"]');
      await openDevice();
      const settings = await page.inputValue(field('config'));
      expect(settings).not.toContain(FIRST);
      expect(JSON.parse(settings)).toMatchObject({ auth: { type: 'username', password: { set: true, name: NAME } } });
      expect(await page.textContent(PASSWORD)).toContain(`Set (${NAME}). Leave empty to keep it.`);
      expect(await page.inputValue(field('config.auth.password'))).toBe('');
      expect(await page.getAttribute(field('config.auth.password'), 'type')).toBe('password');
      expect(await page.content()).not.toContain(FIRST);
      await page.screenshot({ path: screenshotPath('devices-secrets-form') });
      await page.fill(field('description'), 'Line PLC');
      await save();
      expect(runtime.secrets.get(NAME)).toBe(FIRST);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'sets a typed password, and the device signs in with it',
    async () => {
      users.set('operator', SECOND);
      await openDevice();
      await page.fill(field('config.auth.password'), SECOND);
      expect(await page.textContent(PASSWORD)).toContain('Replaced when you save.');
      // The device reconnects with the new password (the PLC now refuses the first one).
      const reconnected = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => (listener.dispose(), reject(new Error('plc did not reconnect'))), UI_WAIT_MS);
        const listener = runtime.devices.onDidChangeStatus((info) => {
          if (info.name === 'plc' && info.status === 'ok') (clearTimeout(timer), listener.dispose(), resolve());
        });
      });
      await save();
      await reconnected;
      expect(runtime.secrets.get(NAME)).toBe(SECOND);
      expect(await readFile(join(work, 'project', 'project.json'), 'utf8')).not.toContain(SECOND);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'clears the password on request',
    async () => {
      await openDevice();
      await page.fill(field('config'), JSON.stringify({ endpointUrl: server.endpointUrl, reconnectMinMs: 100, reconnectMaxMs: 400, auth: { type: 'anonymous' } }, null, 2));
      await page.click(`${EDITOR} [data-testid="secret-clear:auth.password"]`);
      expect(await page.textContent(PASSWORD)).toContain('Cleared when you save.');
      await page.screenshot({ path: screenshotPath('devices-secrets-clear') });
      await save();
      expect(runtime.secrets.has(NAME)).toBe(false);
      await openDevice();
      expect(await page.textContent(PASSWORD)).toContain('Not set.');
      await page.click(`${EDITOR} [data-testid="config-close"]`);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
