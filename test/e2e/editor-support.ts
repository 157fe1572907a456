import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startPlant, type Plant } from '../../examples/plant/plant.ts';
import { EXAMPLE_PROJECT_DIR, type Runtime } from '../../main/runtime.ts';
import { freePort } from '../support/free-port.ts';
import type { RoleName } from '../../common/permissions.ts';
import { launchChromium, signIn, watchedPage } from './hmi-page.ts';
import { startTestRuntime } from '../support/runtime.ts';

export interface EditorExample extends Runtime {
  readonly projectDir: string;
  /** The role of the person the editor window signs in as. */
  readonly role: RoleName;
}

/**
 * The example plant and a copy of the example project with the test users; the editor window signs
 * in as `role`. Everything lives in one temp folder.
 */
export async function startEditorExample(role: RoleName): Promise<EditorExample> {
  const workDir = await mkdtemp(join(tmpdir(), 'lineside-editor-'));
  let plant: Plant | undefined;
  try {
    plant = await startPlant({ opcuaPort: await freePort(), modbusPort: await freePort(), dataDir: join(workDir, 'plant') });
    const projectDir = join(workDir, 'project');
    await cp(EXAMPLE_PROJECT_DIR, projectDir, { recursive: true, filter: (source) => !source.includes('.lineside-data') });
    const file = join(projectDir, 'project.json');
    const project = JSON.parse(await readFile(file, 'utf8')) as { devices: { name: string; config: Record<string, unknown> }[] };
    for (const device of project.devices) {
      if (device.name === 'plant-opcua') device.config['endpointUrl'] = plant.opcuaEndpoint;
      else if (device.name === 'plant-modbus') device.config['port'] = plant.modbusPort;
    }
    await writeFile(file, `${JSON.stringify(project, null, 2)}\n`);
    const runtime = await startTestRuntime({ projectDir, port: 0, dataDir: join(workDir, 'data') });
    const running = plant;
    return {
      ...runtime,
      url: runtime.url,
      token: runtime.token,
      projectName: runtime.projectName,
      projectDir,
      role,
      dispose: async () => {
        await runtime.dispose();
        await running.dispose();
        await rm(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await plant?.dispose();
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

export const editor = 'section[aria-label="Screen editor"]';
export const inEditor = (selector: string) => `${editor} ${selector}`;
export const tid = (id: string) => inEditor(`[data-testid="${id}"]`);

/** Centre of an element of the design canvas, in page coordinates. */
export async function elementCentre(page: Page, id: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(inEditor(`[data-element-id="${id}"]`)).boundingBox();
  if (!box) throw new Error(`element ${id} is not on the canvas`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Ids of the elements on the design canvas, in drawing order. */
export function canvasIds(page: Page): Promise<string[]> {
  return page.$$eval(`${editor} [data-element-id]`, (nodes) => nodes.map((n) => n.getAttribute('data-element-id') ?? ''));
}

/** Ids of the selected elements. */
export function selectedIds(page: Page): Promise<string[]> {
  return page.$$eval(`${editor} [data-element-id][data-selected]`, (nodes) => nodes.map((n) => n.getAttribute('data-element-id') ?? ''));
}

/** Chromium on the HMI with the editor tab open; the browser is closed again if the page never gets ready. */
export async function openEditor(runtime: EditorExample, errors: string[]): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  try {
    const page = await watchedPage(browser, errors);
    await page.goto(`${runtime.url}/#token=${runtime.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: 30_000 });
    await signIn(page, runtime.role);
    await page.click('[data-testid="tab-editor"]');
    await page.waitForSelector(`${editor} [data-testid="doc-list:screen"]`, { timeout: 30_000 });
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
