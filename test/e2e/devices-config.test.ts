import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

/** A project with a Modbus device (the test server) and a simulator, run by an engineer. */
async function writeProject(dir: string, modbusPort: number): Promise<void> {
  await mkdir(join(dir, 'tags'), { recursive: true });
  const project = {
    formatVersion: 1,
    name: 'Config editor',
    plant: { name: 'Test plant', timeZone: 'UTC' },
    devices: [
      { name: 'plc', driver: 'modbus', config: { host: '127.0.0.1', port: modbusPort, pollMs: 100 } },
      { name: 'sim', driver: 'simulator', config: { model: 'bottling-line' } },
    ],
    localUser: { name: 'erin', role: 'engineer' },
  };
  const tags = {
    tags: [
      { path: 'Line1/Tank/Level', dataType: 'uint16', source: { device: 'plc', address: 'hr:0' }, units: '%' },
      { path: 'Line1/Sim/Speed', dataType: 'float64', source: { device: 'sim', address: 'memory(initial=12)' }, writable: true },
    ],
  };
  await writeFile(join(dir, 'project.json'), `${JSON.stringify(project, null, 2)}\n`);
  await writeFile(join(dir, 'tags', 'line.json'), `${JSON.stringify(tags, null, 2)}\n`);
  await mkdir(join(dir, 'tag-templates'));
  const pump = {
    name: 'Pump',
    description: 'Transfer pump on the PLC',
    parameters: [
      { name: 'pump', description: 'P&ID tag' },
      { name: 'base', type: 'number', description: 'First holding register' },
    ],
    tags: [{ path: 'Speed', description: '{pump} speed', dataType: 'uint16', source: { device: 'plc', address: 'hr:{base}' }, units: 'rpm' }],
  };
  await writeFile(join(dir, 'tag-templates', 'Pump.json'), `${JSON.stringify(pump, null, 2)}\n`);
}

describe('device and tag configuration in the Devices view, as an engineer uses it', () => {
  let projectDir: string;
  let runtime: Runtime;
  let server: { close(): Promise<void> };
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const memory = new ModbusMemory();

  beforeAll(async () => {
    memory.unit(1).hr[0] = 40;
    memory.unit(1).hr[10] = 1234;
    const port = await freePort();
    server = await startServer(memory, port);
    projectDir = await mkdtemp(join(tmpdir(), 'lineside-config-e2e-'));
    await writeProject(projectDir, port);
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
    'adds a Modbus tag in the form: a bad address is outlined, a good one shows its live value',
    async () => {
      await page.click('[data-testid="tab-devices"]');
      await page.click(`${DISPLAY} [data-testid="device-row:plc"]`);
      await page.waitForSelector(`${DISPLAY} [data-testid="tag-row:Line1/Tank/Level"]`, { timeout: UI_WAIT_MS });
      await page.click(`${DISPLAY} [data-testid="tag-add"]`);
      await page.waitForSelector(EDITOR, { timeout: UI_WAIT_MS });
      await page.fill(field('path'), 'Line1/Tank/Temperature');
      await page.fill(field('description'), 'Tank temperature');
      await page.selectOption(field('dataType'), 'uint16');
      await page.fill(field('units'), '°C');
      await page.fill(field('source.address'), 'hr:70000');
      const before = await readFile(join(projectDir, 'tags', 'line.json'), 'utf8');
      await page.click(`${EDITOR} [data-testid="config-save"]`);
      await waitForAttribute(page, `${EDITOR} [data-field="source.address"]`, 'data-invalid', 'true', UI_WAIT_MS);
      expect(await page.textContent(`${EDITOR} [data-testid="config-feedback"]`)).toMatch(/^Refused\. .*70000/);
      expect(await page.textContent(`${EDITOR} [data-testid="config-feedback"]`)).not.toContain('source.address');
      expect(await page.textContent(`${EDITOR} [data-testid="def-field-problem"]`)).toMatch(/70000/);
      await page.screenshot({ path: screenshotPath('devices-config-tag-refused') });
      expect(await readFile(join(projectDir, 'tags', 'line.json'), 'utf8')).toBe(before);
      expect(runtime.engine.slot('Line1/Tank/Temperature')).toBeUndefined();

      await page.fill(field('source.address'), 'hr:10');
      await page.click(`${EDITOR} [data-testid="config-save"]`);
      await page.waitForSelector(EDITOR, { state: 'detached', timeout: UI_WAIT_MS });
      const row = `${DISPLAY} [data-testid="tag-row:Line1/Tank/Temperature"]`;
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.replace(/,/g, '').includes('1234'), row, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${row} .tags__quality`)).toMatch(/good/i);
      await page.click(row);
      await page.screenshot({ path: screenshotPath('devices-config-tag-added') });
      const saved = JSON.parse(await readFile(join(projectDir, 'tags', 'tags.json'), 'utf8')) as { tags: unknown[] };
      expect(saved.tags).toEqual([{ path: 'Line1/Tank/Temperature', description: 'Tank temperature', dataType: 'uint16', source: { device: 'plc', address: 'hr:10' }, units: '°C' }]);
      // The value changes on the device: the new tag follows.
      memory.unit(1).hr[10] = 1250;
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.replace(/,/g, '').includes('1250'), row, { timeout: UI_WAIT_MS });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'exports the tags as CSV',
    async () => {
      const download = page.waitForEvent('download', { timeout: UI_WAIT_MS });
      await page.click(`${DISPLAY} [data-testid="csv-export"]`);
      const file = await (await download).path();
      const csv = await readFile(file, 'utf8');
      const lines = csv.trim().split('\n');
      expect(lines[0]).toMatch(/^path,device,address,dataType,description,units/);
      expect(lines).toHaveLength(4);
      expect(csv).toContain('Line1/Tank/Temperature,plc,hr:10,uint16,Tank temperature,°C');
    },
    TEST_MS,
  );

  it(
    'previews a tag CSV (added, changed, refused with the reason per row) and applies it only on confirm',
    async () => {
      const files = await Promise.all(['project.json', 'tags/line.json', 'tags/tags.json'].map((f) => readFile(join(projectDir, f), 'utf8')));
      const csv = ['path,device,address,dataType,units', 'Line1/Tank/Pressure,plc,hr:11,uint16,bar', 'Line1/Tank/Flow,plc,hr:nowhere,uint16,m3/h', 'Line1/Tank/Mode,plc,hr:12,uint16,'].join('\n');
      const preview = `${DISPLAY} [data-testid="csv-preview"]`;
      await page.setInputFiles(`${DISPLAY} [data-testid="csv-file"]`, { name: 'tank.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.waitForSelector(`${preview}[data-refused="1"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${preview} [data-testid="csv-preview-counts"]`)).toBe('2 to add, 0 to change, 0 unchanged, 1 refused.');
      const refused = await page.$$eval(`${preview} [data-testid="csv-preview-refused"] li`, (items) => items.map((li) => li.textContent));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatch(/^Row 3, column address: /);
      expect(await page.isDisabled(`${preview} [data-testid="csv-apply"]`)).toBe(true);
      await page.screenshot({ path: screenshotPath('devices-config-csv-preview-refused') });
      await page.click(`${preview} [data-testid="csv-cancel"]`);
      expect(await Promise.all(['project.json', 'tags/line.json', 'tags/tags.json'].map((f) => readFile(join(projectDir, f), 'utf8')))).toEqual(files);
      expect(runtime.engine.slot('Line1/Tank/Pressure')).toBeUndefined();

      // The corrected file, with a change to an existing tag: previewed (nothing applied yet), then applied on confirm.
      const corrected = `${csv.replace('hr:nowhere', 'hr:13')}\nLine1/Tank/Temperature,plc,hr:10,uint16,K`;
      await page.setInputFiles(`${DISPLAY} [data-testid="csv-file"]`, { name: 'tank.csv', mimeType: 'text/csv', buffer: Buffer.from(corrected) });
      await page.waitForSelector(`${preview}[data-refused="0"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${preview} [data-testid="csv-preview-counts"]`)).toBe('3 to add, 1 to change, 0 unchanged, 0 refused.');
      expect(await page.textContent(`${preview} [data-testid="csv-preview-changed"] li`)).toMatch(/^Row 5: Line1\/Tank\/Temperature \(.*units.*\)$/);
      await page.screenshot({ path: screenshotPath('devices-config-csv-preview') });
      expect(runtime.engine.slot('Line1/Tank/Pressure')).toBeUndefined();
      await page.click(`${preview} [data-testid="csv-apply"]`);
      await waitForAttribute(page, `${DISPLAY} [data-testid="csv-feedback"]`, 'data-state', 'accepted', UI_WAIT_MS);
      await page.waitForSelector(`${DISPLAY} [data-testid="tag-row:Line1/Tank/Flow"]`, { timeout: UI_WAIT_MS });
      expect((JSON.parse(await readFile(join(projectDir, 'tags', 'imported.json'), 'utf8')) as { tags: unknown[] }).tags).toHaveLength(3);
      expect(runtime.engine.slot('Line1/Tank/Temperature')?.def.units).toBe('K');
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'imports browsed variables as tags under a path prefix, with their data types',
    async () => {
      await page.click(`${DISPLAY} [data-testid="device-row:sim"]`);
      const panel = `${DISPLAY} [data-testid="browse-panel"]`;
      await page.waitForSelector(`${panel} [data-testid="pick"]`, { timeout: UI_WAIT_MS });
      const picks = await page.$$(`${panel} [data-testid="pick"]`);
      for (const pick of picks.slice(0, 2)) await pick.check();
      await page.fill(`${panel} [data-testid="import-prefix"]`, 'Imported/Sim');
      await page.click(`${panel} [data-testid="import-tags"]`);
      await waitForAttribute(page, `${panel} [data-testid="import-feedback"]`, 'data-state', 'accepted', UI_WAIT_MS);
      expect(await page.textContent(`${panel} [data-testid="import-feedback"]`)).toMatch(/2 added/);
      const imported = runtime.engine.all().filter((s) => s.def.path.startsWith('Imported/Sim/'));
      expect(imported).toHaveLength(2);
      for (const slot of imported) expect(slot.def.source.device).toBe('sim');
      await page.waitForSelector(`${DISPLAY} [data-testid="tag-row:${imported[0]!.def.path}"]`, { timeout: UI_WAIT_MS });
      await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-severity') === 'good', `${DISPLAY} [data-testid="tag-row:${imported[0]!.def.path}"] .tags__quality`, { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('devices-config-browse-import') });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'adds a template instance with its parameters; its member shows the live value and is read-only',
    async () => {
      memory.unit(1).hr[20] = 1450;
      await page.click(`${DISPLAY} [data-testid="templates-open"]`);
      const panel = `${DISPLAY} [data-testid="templates-panel"]`;
      await page.waitForSelector(`${panel} [data-testid="template:Pump"]`, { timeout: UI_WAIT_MS });
      await page.fill(`${panel} [data-testid="instance-path"]`, 'Line1/P101');
      await page.fill(`${panel} [data-testid="param:pump"]`, 'P101');
      await page.click(`${panel} [data-testid="instance-add"]`);
      await waitForAttribute(page, `${panel} [data-testid="template-feedback"]`, 'data-state', 'refused', UI_WAIT_MS);
      await waitForAttribute(page, `${panel} [data-field="parameters.base"]`, 'data-invalid', 'true', UI_WAIT_MS);
      await page.fill(`${panel} [data-testid="param:base"]`, '20');
      await page.click(`${panel} [data-testid="instance-add"]`);
      await waitForAttribute(page, `${panel} [data-testid="template-feedback"]`, 'data-state', 'accepted', UI_WAIT_MS);
      await page.waitForSelector(`${panel} [data-testid="instance:Line1/P101"]`, { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('devices-config-templates') });
      await page.click(`${panel} button:has-text("Close")`);
      await page.click(`${DISPLAY} [data-testid="device-row:plc"]`);
      const row = `${DISPLAY} [data-testid="tag-row:Line1/P101/Speed"]`;
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.replace(/,/g, '').includes('1450'), row, { timeout: UI_WAIT_MS });
      await page.click(row);
      await page.click(`${DISPLAY} [data-testid="tag-edit"]`);
      await page.waitForSelector(`${EDITOR} [data-testid="config-member"]`, { timeout: UI_WAIT_MS });
      expect(await page.$(`${EDITOR} [data-testid="config-save"]`)).toBeNull();
      await page.click(`${EDITOR} [data-testid="config-close"]`);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'edits the device: the form shows its settings and a refusal outlines the settings field',
    async () => {
      await page.click(`${DISPLAY} [data-testid="device-row:plc"]`);
      await page.click(`${DISPLAY} [data-testid="device-edit"]`);
      await page.waitForSelector(EDITOR, { timeout: UI_WAIT_MS });
      expect(await page.inputValue(field('name'))).toBe('plc');
      const config = await page.inputValue(field('config'));
      await page.fill(field('config'), config.replace('"pollMs": 100', '"pollMs": "fast"'));
      await page.click(`${EDITOR} [data-testid="config-save"]`);
      await waitForAttribute(page, `${EDITOR} [data-field="config"]`, 'data-invalid', 'true', UI_WAIT_MS);
      expect(await page.textContent(`${EDITOR} [data-testid="config-feedback"]`)).toContain('Refused. The poll interval must be a number.');
      await page.screenshot({ path: screenshotPath('devices-config-device-refused') });
      await page.click(`${EDITOR} [data-testid="config-close"]`);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
