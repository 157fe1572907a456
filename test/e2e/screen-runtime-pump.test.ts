import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinDrivers } from '../../drivers/registry.ts';
import type { Runtime } from '../../main/runtime.ts';
import type { RoleName } from '../../common/permissions.ts';
import { pumpDriveFactory } from '../support/pump-driver.ts';
import { TestClient } from '../support/ws-client.ts';
import { launchChromium, screenshotPath, signIn, waitForAttribute, watchedPage } from './hmi-page.ts';
import { startTestRuntime } from '../support/runtime.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/screens-pump');
const UI_WAIT_MS = 10_000;
const SCREENS = 'section[aria-label="Screens"]';
const FEEDBACK = `${SCREENS} [data-testid="write-feedback"]`;

/** An operator starts a pump from its faceplate: confirm, then commanded vs actual until they agree. */
describe('operator controls on a screen', () => {
  let root: string;
  let browser: Browser | undefined;
  const runtimes: Runtime[] = [];
  const errors: string[] = [];

  async function start(role: RoleName, name: string = role): Promise<{ runtime: Runtime; page: Page }> {
    const projectDir = join(root, name);
    await cp(FIXTURE, projectDir, { recursive: true });
    const drivers = new Map(builtinDrivers());
    drivers.set('test-pump', pumpDriveFactory());
    const runtime = await startTestRuntime({ projectDir, dataDir: join(root, `${name}-data`), port: 0, drivers });
    runtimes.push(runtime);
    const page = await watchedPage(browser!, errors);
    await page.goto(`${runtime.url}/#token=${runtime.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, role);
    await page.click('[data-testid="tab-screens"]');
    await page.waitForSelector(`${SCREENS} [data-testid="screens-display"][data-screen="area"]`, { timeout: UI_WAIT_MS });
    return { runtime, page };
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lineside-screen-pump-'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    for (const r of runtimes) await r.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('starts the pump after confirming and shows commanded vs actual until they agree', async () => {
    const { runtime, page } = await start('operator');
    await waitForAttribute(page, `${SCREENS} [data-testid="element:p1"] [data-look]`, 'data-look', 'off', UI_WAIT_MS);
    await page.click(`${SCREENS} [data-testid="element:p1"]`);
    await page.waitForSelector(`${SCREENS} [data-testid="faceplate:pump-command"]`, { timeout: UI_WAIT_MS });
    await waitForAttribute(page, `${SCREENS} [data-testid="element:fp/state"] [data-state]`, 'data-state', 'Stopped', UI_WAIT_MS);

    await page.click(`${SCREENS} [data-testid="element:fp/start"]`);
    await page.waitForSelector(`${SCREENS} [data-testid="write-confirmation"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${SCREENS} [data-testid="write-new"]`)).toBe('Start');
    // Nothing is written before the operator confirms.
    expect(runtime.engine.slot('Area/Pump1/Command')?.current.value).toBe(false);
    await page.screenshot({ path: screenshotPath('screens-pump-confirm') });

    await page.keyboard.press('Enter');
    await waitForAttribute(page, FEEDBACK, 'data-state', 'accepted', UI_WAIT_MS);
    // The drive takes 1.5 s to start: meanwhile the command is on and the pump still stopped.
    expect(await page.getAttribute(FEEDBACK, 'data-agree')).toBe('false');
    expect(await page.textContent(`${SCREENS} [data-testid="write-commanded"]`)).toBe('On');
    expect(await page.textContent(`${SCREENS} [data-testid="write-actual"]`)).toBe('Off');
    expect(await page.textContent(`${SCREENS} [data-testid="write-progress"]`)).toBe('Waiting for the actual state to follow…');
    await page.screenshot({ path: screenshotPath('screens-pump-pending') });

    await waitForAttribute(page, FEEDBACK, 'data-agree', 'true', UI_WAIT_MS);
    expect(await page.textContent(`${SCREENS} [data-testid="write-actual"]`)).toBe('On');
    await waitForAttribute(page, `${SCREENS} [data-testid="element:fp/state"] [data-state]`, 'data-state', 'Running', UI_WAIT_MS);
    await waitForAttribute(page, `${SCREENS} [data-testid="element:p1"] [data-look]`, 'data-look', 'on', UI_WAIT_MS);
    expect(runtime.engine.slot('Area/Pump1/Running')?.current.value).toBe(true);
    await page.screenshot({ path: screenshotPath('screens-pump-running') });

    // Cancel writes nothing.
    await page.click(`${SCREENS} [data-testid="element:fp/stop"]`);
    await page.click(`${SCREENS} [data-testid="write-cancel"]`);
    expect(runtime.engine.slot('Area/Pump1/Command')?.current.value).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows the runtime refusing a write, with its reason, and changes nothing', async () => {
    const { runtime, page } = await start('operator', 'operator-refused');
    // The screen has a (badly engineered) button writing the read-only feedback tag: the runtime says no.
    await page.click(`${SCREENS} [data-testid="element:force-running"]`);
    await page.click(`${SCREENS} [data-testid="write-confirm"]`);
    await waitForAttribute(page, FEEDBACK, 'data-state', 'refused', UI_WAIT_MS);
    expect(await page.textContent(FEEDBACK)).toBe('Refused: On. Area/Pump1/Running is read-only');
    expect(runtime.engine.slot('Area/Pump1/Running')?.current.value).toBe(false);
    await page.screenshot({ path: screenshotPath('screens-write-refused') });
    await page.close();
  }, 60_000);

  it('keeps an open faceplate on the template as saved elsewhere, and closes it when the template is deleted', async () => {
    const { runtime, page } = await start('operator', 'operator-template-changed');
    const engineer = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('engineer');
    try {
      await page.click(`${SCREENS} [data-testid="element:p1"]`);
      const FACEPLATE = `${SCREENS} [data-testid="faceplate:pump-command"]`;
      await page.waitForSelector(FACEPLATE, { timeout: UI_WAIT_MS });
      const widthBefore = (await page.locator(FACEPLATE).boundingBox())!.width;

      const got = await engineer.call('templates.get', { id: 'pump-command' });
      const doc = got.document as { name: string; size: { width: number; height: number }; elements: { id: string; props?: Record<string, unknown> }[] };
      doc.name = 'Feed pump';
      doc.size = { width: 360, height: 140 };
      doc.elements.find((e) => e.id === 'start')!.props = { label: 'Run' };
      await engineer.call('templates.save', { document: got.document, baseRevision: got.summary.revision });

      // The same popup, not reopened: new name in its title, new size, new label.
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('Feed pump') === true, FACEPLATE, { timeout: UI_WAIT_MS });
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('Run') === true, `${FACEPLATE} [data-testid="element:fp/start"]`, { timeout: UI_WAIT_MS });
      expect((await page.locator(FACEPLATE).boundingBox())!.width).toBeGreaterThan(widthBefore + 90);
      await page.screenshot({ path: screenshotPath('screens-faceplate-saved-elsewhere') });

      const latest = await engineer.call('templates.get', { id: 'pump-command' });
      await engineer.call('templates.delete', { id: 'pump-command', baseRevision: latest.summary.revision });
      await page.waitForSelector(FACEPLATE, { state: 'detached', timeout: UI_WAIT_MS });
      expect(errors).toEqual([]);
    } finally {
      await engineer.close();
      await page.close();
    }
  }, 60_000);

  it('fetches only the screen saved elsewhere (a template change loads everything again)', async () => {
    const { runtime, page } = await start('operator', 'operator-library');
    const engineer = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('engineer');
    const sent: string[] = [];
    /** Ids of the page's calls still waiting for their reply. */
    const inFlight = new Set<number>();
    const frameText = (payload: string | Buffer) => (typeof payload === 'string' ? payload : payload.toString());
    page.on('websocket', (socket) => {
      socket.on('framesent', (frame) => {
        const { id, call, params } = JSON.parse(frameText(frame.payload)) as { id?: number; call?: string; params?: { id?: string } };
        if (typeof id === 'number') inFlight.add(id);
        if (call?.startsWith('screens.') || call?.startsWith('templates.')) sent.push(`${call} ${params?.id ?? ''}`.trim());
      });
      socket.on('framereceived', (frame) => {
        const { id } = JSON.parse(frameText(frame.payload)) as { id?: number };
        if (typeof id === 'number') inFlight.delete(id);
      });
    });
    /** Until the page has sent `calls` and has the reply to every call it made: its reaction is over. */
    const answered = async (calls: string[]) => {
      await expect.poll(() => calls.every((call) => sent.includes(call)) && inFlight.size === 0, { timeout: UI_WAIT_MS }).toBe(true);
    };
    try {
      // The socket was opened before the listener: reconnect it so its frames are seen.
      await page.reload();
      await page.waitForSelector(`${SCREENS} [data-testid="screens-display"][data-screen="area"]`, { timeout: UI_WAIT_MS });
      await engineer.call('screens.duplicate', { id: 'area', newId: 'area-copy', name: 'Pump area (copy)' });
      await answered(['screens.get area', 'screens.get area-copy', 'templates.get pump-command']);
      sent.length = 0;

      const got = await engineer.call('screens.get', { id: 'area' });
      const doc = got.document as { elements: { id: string; props?: Record<string, unknown> }[] };
      doc.elements.find((e) => e.id === 'title')!.props = { text: 'Pump area (saved elsewhere)', fontSize: 18, bold: true };
      await engineer.call('screens.save', { document: got.document, baseRevision: got.summary.revision });
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('saved elsewhere') === true, `${SCREENS} [data-testid="element:title"]`, { timeout: UI_WAIT_MS });
      await answered(['screens.get area']);
      // The saved screen is fetched again; the other screen and the templates are not (the editor
      // reads its lists of names again).
      const fetched = sent.filter((call) => call.startsWith('screens.get') || call.startsWith('templates.get'));
      expect(new Set(fetched)).toEqual(new Set(['screens.get area']));
      sent.length = 0;

      const template = await engineer.call('templates.get', { id: 'pump-command' });
      await engineer.call('templates.save', { document: { ...template.document, name: 'Feed pump' }, baseRevision: template.summary.revision });
      await expect.poll(() => sent.includes('screens.get area-copy'), { timeout: UI_WAIT_MS }).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await engineer.close();
      await page.close();
    }
  }, 60_000);
});
