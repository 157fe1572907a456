import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { freePort, ModbusMemory, startServer } from '../integration/modbus-server.ts';
import { openHmi, startProject } from './alarm-support.ts';
import { screenshotPath, waitForAttribute } from './hmi-page.ts';

const UI_WAIT_MS = 10_000;
const TEST_MS = 60_000;
const DISPLAY = 'section[aria-label="Devices"]';
const EDITOR = `${DISPLAY} [data-testid="config-editor"]`;
const field = (name: string) => `${EDITOR} [data-testid="def-field:${name}"]`;
const RESOLVED = `${EDITOR} [data-testid="resolved-address"]`;

/** A gateway with three drives behind it (units 1, 2, 9), addressed the Kepware/Modicon way; unit 9 never answers. */
async function writeProject(dir: string, port: number): Promise<void> {
  await mkdir(join(dir, 'tags'), { recursive: true });
  const project = {
    formatVersion: 1,
    name: 'Modbus units',
    plant: { name: 'Test plant', timeZone: 'UTC' },
    devices: [
      {
        name: 'gateway',
        description: 'Drives behind a Modbus TCP gateway',
        driver: 'modbus',
        config: { host: '127.0.0.1', port, pollMs: 200, timeoutMs: 300, retries: 0, addressSyntax: 'modicon', unitBackoff: { minMs: 2000, maxMs: 8000 } },
      },
    ],
  };
  const tag = (path: string, address: string, dataType: string, options?: Record<string, unknown>) => ({ path, dataType, source: { device: 'gateway', address, ...(options ? { options } : {}) } });
  const tags = {
    tags: [
      tag('Drive1/Speed', '40001', 'uint16'),
      tag('Drive1/Current', '40002', 'float32'),
      tag('Drive1/CurrentRaw', '40003', 'uint16'),
      tag('Drive2/Speed', '40001', 'uint16', { unitId: 2 }),
      tag('Drive9/Speed', '40001', 'uint16', { unitId: 9 }),
    ],
  };
  await writeFile(join(dir, 'project.json'), `${JSON.stringify(project, null, 2)}\n`);
  await writeFile(join(dir, 'tags', 'drives.json'), `${JSON.stringify(tags, null, 2)}\n`);
}

describe('Modbus units, warnings and resolved addresses in the Devices view', () => {
  let projectDir: string;
  let runtime: Runtime;
  let server: { port: number; close(): Promise<void> };
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const memory = new ModbusMemory();

  beforeAll(async () => {
    memory.unit(1).hr[0] = 1480;
    memory.unit(2).hr[0] = 960;
    memory.silentUnits.add(9);
    server = await startServer(memory, await freePort());
    projectDir = await mkdtemp(join(tmpdir(), 'lineside-modbus-e2e-'));
    await writeProject(projectDir, server.port);
    runtime = await startProject(projectDir);
    ({ browser, page } = await openHmi(runtime, errors, 'engineer'));
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    await server?.close();
    if (projectDir) await rm(projectDir, { recursive: true, force: true });
  }, TEST_MS);

  it(
    'shows each unit answering or not with its round trip, the silent unit in the device row, and the overlap warning',
    async () => {
      await page.click('[data-testid="tab-devices"]');
      const row = `${DISPLAY} [data-testid="device-row:gateway"]`;
      await page.waitForSelector(`${row} [data-testid="device-units-note"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${row} [data-testid="device-units-note"]`)).toBe('unit 9 not answering');
      expect(await page.textContent(`${row} [data-testid="device-status"]`)).toMatch(/^Connected/);
      await page.click(row);
      const units = `${DISPLAY} [data-testid="units-panel"]`;
      await waitForAttribute(page, `${units} [data-testid="unit-row:9"]`, 'data-state', 'no-response', UI_WAIT_MS);
      await waitForAttribute(page, `${units} [data-testid="unit-row:1"]`, 'data-state', 'ok', UI_WAIT_MS);
      expect(await page.textContent(`${units} [data-testid="unit-row:9"]`)).toMatch(/^9No responsenext try in \d+ s/);
      expect(await page.textContent(`${units} [data-testid="unit-row:2"]`)).toMatch(/Answering[\d.]+ ms/);
      const warning = await page.textContent(`${DISPLAY} [data-testid="device-warnings"] li`);
      expect(warning).toContain('tags Drive1/Current (40002 as float32 ABCD) and Drive1/CurrentRaw (40003 as uint16) overlap at unit 1 holding register 2');
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.replace(/,/g, '').includes('1480'), `${DISPLAY} [data-testid="tag-row:Drive1/Speed"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${DISPLAY} [data-testid="tag-row:Drive9/Speed"] .tags__quality`)).toBe('No communication with gatewayBadNoCommunication');
      expect(await page.textContent(`${DISPLAY} [data-testid="device-tags-note"]`)).toBe('No response from unit 9: the tags of that unit are Bad (no communication) until it answers again.');
      await page.screenshot({ path: screenshotPath('devices-modbus-units') });
      // The control-room minimum: everything above still fits 1280×720.
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.screenshot({ path: screenshotPath('devices-modbus-units-1280') });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "the tag form shows what an address resolves to in the device's syntax, and where it is not understood",
    async () => {
      await page.click(`${DISPLAY} [data-testid="tag-add"]`);
      await page.waitForSelector(EDITOR, { timeout: UI_WAIT_MS });
      expect(await page.getAttribute(field('source.address'), 'placeholder')).toBe('400101');
      await page.fill(field('path'), 'Drive2/Running');
      await page.selectOption(field('dataType'), 'bool');
      await page.fill(field('source.address'), '40011.3');
      await page.fill(field('source.options'), '{"unitId": 2}');
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('unit 2'), RESOLVED, { timeout: UI_WAIT_MS });
      expect(await page.textContent(RESOLVED)).toBe('→ unit 2 · holding register 10 (400011.3) · bit 3 · read FC3 · write FC3 + FC6 (read-modify-write)');
      await page.screenshot({ path: screenshotPath('devices-modbus-tag-form') });

      await page.fill(field('source.address'), 'hr:10');
      await waitForAttribute(page, RESOLVED, 'data-state', 'refused', UI_WAIT_MS);
      expect(await page.textContent(RESOLVED)).toBe(`Not understood: 'hr:10' at column 1: 'hr:' is the lineside syntax; this device reads Modicon references (one-based): write 400011, or set the device's addressSyntax to "lineside"`);
      await page.screenshot({ path: screenshotPath('devices-modbus-tag-form-refused') });

      await page.fill(field('source.address'), '40011.3');
      await waitForAttribute(page, RESOLVED, 'data-state', 'ok', UI_WAIT_MS);
      await page.click(`${EDITOR} [data-testid="config-save"]`);
      await page.waitForSelector(EDITOR, { state: 'detached', timeout: UI_WAIT_MS });
      expect(runtime.engine.slot('Drive2/Running')?.def.source).toEqual({ device: 'gateway', address: '40011.3', options: { unitId: 2 } });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
