import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { startExample } from '../support/example.ts';
import { launchChromium, overviewValue, screenshotPath, shownNumber, waitForAttribute, waitForNumber, watchedPage, signIn } from './hmi-page.ts';

// The example line's simulator faults and restarts on its own (seeded); waits that depend on the line
// running allow for one fault to clear.
const LINE_WAIT_MS = 100_000;
const UI_WAIT_MS = 10_000;
const TEST_MS = 4 * 60_000;

const GOOD = 'Line1/Counters/Good';
const SPEED = 'Line1/Conveyor/Speed';
const SETPOINT = 'Line1/Conveyor/SpeedSetpoint';
const MIMIC = 'section[aria-label="Overview"] [data-testid="line-mimic"]';
const FEEDBACK = '[data-testid="setpoint-feedback"]';

describe('the HMI in a browser, against the example project', () => {
  let runtime: Runtime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  async function start(port = 0, token?: string): Promise<Runtime> {
    return startExample({ port, ...(token ? { token } : {}) });
  }

  beforeAll(async () => {
    runtime = await start();
    browser = await launchChromium();
    page = await watchedPage(browser, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it('shows live values that change, with no quality markers on good values', async () => {
    const { url, token } = runtime!;
    await page.goto(`${url}/#token=${token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'operator');
    // The token is taken out of the visible URL.
    expect(page.url()).not.toContain('token=');

    const first = await waitForNumber(page, overviewValue(GOOD), { above: -1 }, UI_WAIT_MS);
    await waitForNumber(page, overviewValue(GOOD), { above: first }, LINE_WAIT_MS);

    await expect.poll(() => page.textContent('[data-testid="plant-name"]'), { timeout: UI_WAIT_MS }).toBe('Example bottling plant');
    await expect.poll(() => page.textContent('[data-testid="devices-state"]'), { timeout: UI_WAIT_MS }).toMatch(/Devices 2\/2 OK/);
    const markersOnGoodValues = await page.$$eval(`${MIMIC} [data-quality="good"] [data-testid="quality-marker"]`, (found) => found.length);
    expect(markersOnGoodValues).toBe(0);
    const goodValues = await page.$$eval(`${MIMIC} [data-quality="good"]`, (found) => found.length);
    expect(goodValues).toBeGreaterThan(15);
    await page.screenshot({ path: screenshotPath('overview') });
    expect(pageErrors).toEqual([]);
  }, TEST_MS);

  it('keeps working after a reload: the token is kept for the session', async () => {
    await page.reload();
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await waitForNumber(page, overviewValue(GOOD), { above: -1 }, UI_WAIT_MS);
  }, TEST_MS);

  it('changes the conveyor setpoint through the faceplate, with confirmation, and the actual speed follows', async () => {
    // Speed only follows the setpoint while the line runs.
    await waitForAttribute(page, `${MIMIC} [data-testid="value:Line1/Conveyor/State"]`, 'data-look', 'running', LINE_WAIT_MS);
    const actual = await waitForNumber(page, `${MIMIC} [data-testid="value:${SPEED}"]`, { above: 150 }, LINE_WAIT_MS);
    const current = (await shownNumber(page, `${MIMIC} [data-testid="value:${SETPOINT}"]`)) ?? 0;
    // Lower it: a fault would also slow the line, so "moves toward" cannot be faked by one, nor be spoiled by it.
    const target = Math.max(60, Math.round(actual / 20) * 10);

    await page.click('[data-testid="open-conveyor-faceplate"]');
    await page.waitForSelector('[data-testid="conveyor-faceplate"]', { timeout: UI_WAIT_MS });
    await page.fill('[data-testid="setpoint-input"]', String(target));
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="setpoint-confirmation"]', { timeout: UI_WAIT_MS });
    expect(await page.textContent('[data-testid="setpoint-confirm-current"]')).toBe(`${current} bpm`);
    expect(await page.textContent('[data-testid="setpoint-confirm-new"]')).toBe(`${target} bpm`);
    await page.screenshot({ path: screenshotPath('setpoint-confirm') });

    // Enter on the focused Confirm button sends it.
    await page.keyboard.press('Enter');
    await waitForAttribute(page, FEEDBACK, 'data-state', 'accepted', UI_WAIT_MS);
    await waitForNumber(page, `${MIMIC} [data-testid="value:${SETPOINT}"]`, { above: target - 0.5, below: target + 0.5 }, UI_WAIT_MS);
    await waitForNumber(page, `${MIMIC} [data-testid="value:${SPEED}"]`, { below: actual - 30 }, LINE_WAIT_MS);
    expect(await page.textContent(FEEDBACK)).toContain(`Commanded${target} bpm`);
    await page.screenshot({ path: screenshotPath('setpoint-accepted') });
  }, TEST_MS);

  it('refuses a setpoint outside the write limits and says why', async () => {
    await page.fill('[data-testid="setpoint-input"]', '900');
    await page.click('[data-testid="setpoint-set"]');
    await waitForAttribute(page, FEEDBACK, 'data-state', 'invalid', UI_WAIT_MS);
    expect(await page.textContent(FEEDBACK)).toContain('outside the write limits 60 – 480 bpm');
    expect(await page.$('[data-testid="setpoint-confirmation"]')).toBeNull();
    await page.screenshot({ path: screenshotPath('setpoint-refused') });

    // The runtime checks the limits too: the same write sent straight to the gateway (resuming this
    // window's sign-in) is refused there.
    const reply = await page.evaluate(
      ({ token, path }) =>
        new Promise<unknown>((resolve, reject) => {
          const socket = new WebSocket(`ws://${location.host}/ws`, ['lineside.v1', `bearer.${token}`]);
          socket.onopen = () => socket.send(JSON.stringify({ id: 0, call: 'users.resume', params: { resumeToken: sessionStorage.getItem('lineside.resume') } }));
          socket.onmessage = (message) => {
            const frame = JSON.parse(String(message.data)) as { id?: number };
            if (frame.id === 0) return socket.send(JSON.stringify({ id: 1, call: 'tags.write', params: { path, value: 900 } }));
            if (frame.id !== 1) return;
            socket.close();
            resolve(frame);
          };
          socket.onerror = () => reject(new Error('socket failed'));
        }),
      { token: runtime!.token, path: SETPOINT },
    );
    expect(reply).toMatchObject({ id: 1, ok: false, error: { code: 'out-of-range' } });

    // Escape closes the faceplate.
    await page.focus('[data-testid="setpoint-input"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="conveyor-faceplate"]', { state: 'detached', timeout: UI_WAIT_MS });
  }, TEST_MS);

  it('lists every tag on the Tags display and filters them', async () => {
    await page.click('[data-testid="tab-tags"]');
    await page.waitForSelector(`[data-testid="tag-row:${GOOD}"]`, { timeout: UI_WAIT_MS });
    expect(await page.$$eval('section[aria-label="Tags"] tbody tr', (rows) => rows.length)).toBeGreaterThanOrEqual(20);
    await page.click(`[data-testid="tag-row:${SPEED}"]`);
    await page.screenshot({ path: screenshotPath('tags') });
    await page.fill('[data-testid="tags-filter"]', 'conveyor');
    await expect.poll(() => page.$$eval('section[aria-label="Tags"] tbody tr', (rows) => rows.length), { timeout: UI_WAIT_MS }).toBe(3);
    expect(await page.getAttribute(`[data-testid="tag-row:${SPEED}"]`, 'aria-selected')).toBe('true');
    await page.click('[data-testid="tab-overview"]');
  }, TEST_MS);

  it('marks every value COMM when the gateway goes away, and recovers when it is back', async () => {
    const { url, token } = runtime!;
    const port = Number(new URL(url).port);
    await runtime!.dispose();
    runtime = undefined;
    await waitForAttribute(page, '[data-testid="gateway-state"]', 'data-abnormal', 'true', UI_WAIT_MS);
    await waitForAttribute(page, overviewValue(GOOD), 'data-quality', 'bad', UI_WAIT_MS);
    const goodShown = await page.$$eval(`${MIMIC} [data-quality="good"]`, (found) => found.length);
    expect(goodShown).toBe(0);
    expect(await page.textContent(`${overviewValue(GOOD)} [data-testid="quality-marker"]`)).toBe('COMM');
    await page.screenshot({ path: screenshotPath('comm-lost') });

    runtime = await start(port, token);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await waitForNumber(page, overviewValue(GOOD), { above: -1 }, UI_WAIT_MS);
  }, TEST_MS);

  it('explains how to open the HMI when there is no token', async () => {
    const context = await browser!.newContext();
    try {
      const fresh = await context.newPage();
      await fresh.goto(runtime!.url);
      const message = await fresh.waitForSelector('[data-testid="missing-token"]', { timeout: UI_WAIT_MS });
      expect(await message.textContent()).toContain('npm run serve');
      await fresh.screenshot({ path: screenshotPath('missing-token') });
    } finally {
      await context.close();
    }
  }, TEST_MS);
});
