import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { startExample } from '../support/example.ts';
import { launchChromium, OVERVIEW, overviewElement, screenshotPath, shownNumber, waitForAttribute, waitForNumber, waitForOverviewScreen, watchedPage, signIn } from './hmi-page.ts';

// The example line's simulator faults and restarts on its own (seeded); waits that depend on the line
// running allow for one fault to clear.
const LINE_WAIT_MS = 100_000;
const UI_WAIT_MS = 10_000;
const TEST_MS = 4 * 60_000;

const SETPOINT = 'Line1/Conveyor/SpeedSetpoint';
const SPEED_TAG = 'Line1/Conveyor/Speed';
// Elements of the example's level 1 screen (screens/examples/bottling-overview.ts).
const GOOD = overviewElement('good');
const SPEED = overviewElement('line-speed');
const SETPOINT_SHOWN = overviewElement('line-sp');
const CONVEYOR_STATE = `${overviewElement('line-state/state')} [data-state]`;
const FACEPLATE = `${OVERVIEW} [data-testid="faceplate:conveyor-faceplate"]`;
const WRITE = `${OVERVIEW} [data-testid="write-dialog"]`;
const FEEDBACK = `${WRITE} [data-testid="write-feedback"]`;

describe('the HMI in a browser, against the example project: the Overview tab is its level 1 screen', () => {
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

  it(
    'shows live values that change, with no quality markers on good values',
    async () => {
      const { url, token } = runtime!;
      await page.goto(`${url}/#token=${token}`);
      await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      await signIn(page, 'operator');
      // The token is taken out of the visible URL.
      expect(page.url()).not.toContain('token=');
      await waitForOverviewScreen(page, 'overview');
      expect(await page.textContent(`${OVERVIEW} [data-testid="screen-breadcrumbs"]`)).toBe('1Plant overview');

      const first = await waitForNumber(page, GOOD, { above: -1 }, UI_WAIT_MS);
      await waitForNumber(page, GOOD, { above: first }, LINE_WAIT_MS);

      await expect.poll(() => page.textContent('[data-testid="plant-name"]'), { timeout: UI_WAIT_MS }).toBe('Example bottling plant');
      await expect.poll(() => page.textContent('[data-testid="devices-state"]'), { timeout: UI_WAIT_MS }).toMatch(/Devices 2\/2 OK/);
      // Production KPIs, the OEE of the shift, alarms by area and key trends are all on it.
      expect(await page.textContent(overviewElement('reject-rate'))).toMatch(/^Reject rate \d+\.\d\d %$/);
      for (const id of ['oee', 'oee-availability', 'oee-performance', 'oee-quality', 'oee-downtime']) await waitForAttribute(page, overviewElement(id), 'data-quality', 'good', UI_WAIT_MS);
      expect(await page.$$eval(`${OVERVIEW} [data-testid^="area-alarms:"]`, (found) => found.length)).toBe(7);
      expect(await page.$$eval(`${OVERVIEW} [data-testid^="sparkline:"]`, (found) => found.length)).toBe(4);
      const markersOnGoodValues = await page.$$eval(`${OVERVIEW} [data-quality="good"] [data-testid="quality-marker"]`, (found) => found.length);
      expect(markersOnGoodValues).toBe(0);
      const goodValues = await page.$$eval(`${OVERVIEW} [data-quality="good"]`, (found) => found.length);
      expect(goodValues).toBeGreaterThan(15);
      // The hidden Screens tab draws nothing meanwhile (one live copy of a screen at a time).
      expect(await page.$$eval('section[aria-label="Screens"] [data-testid^="element:"]', (found) => found.length)).toBe(0);
      await page.screenshot({ path: screenshotPath('overview') });
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'keeps working after a reload: the token is kept for the session',
    async () => {
      await page.reload();
      await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      await waitForNumber(page, GOOD, { above: -1 }, UI_WAIT_MS);
    },
    TEST_MS,
  );

  it(
    'changes the conveyor setpoint through the faceplate, with confirmation, and the actual speed follows',
    async () => {
      // Speed only follows the setpoint while the line runs.
      await waitForAttribute(page, CONVEYOR_STATE, 'data-state', 'Running', LINE_WAIT_MS);
      const actual = await waitForNumber(page, SPEED, { above: 150 }, LINE_WAIT_MS);
      const current = (await shownNumber(page, SETPOINT_SHOWN)) ?? 0;
      // Lower it: a fault would also slow the line, so "moves toward" cannot be faked by one, nor be spoiled by it.
      const target = Math.max(60, Math.round(actual / 20) * 10);

      await page.click(overviewElement('line-state'));
      await page.waitForSelector(FACEPLATE, { timeout: UI_WAIT_MS });
      await waitForAttribute(page, overviewElement('fp/setpoint'), 'data-quality', 'good', UI_WAIT_MS);
      await page.click(overviewElement('fp/change-setpoint'));
      await page.waitForSelector(`${WRITE}[data-tag="${SETPOINT}"]`, { timeout: UI_WAIT_MS });
      await page.fill(`${WRITE} [data-testid="write-input"]`, String(target));
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${WRITE} [data-testid="write-confirmation"]`, { timeout: UI_WAIT_MS });
      expect(await shownNumber(page, `${WRITE} [data-testid="value:${SETPOINT}"]`)).toBe(current);
      expect(await page.textContent(`${WRITE} [data-testid="write-new"]`)).toBe(`${target} bpm`);
      await page.screenshot({ path: screenshotPath('setpoint-confirm') });

      // Enter on the focused Confirm button sends it.
      await page.keyboard.press('Enter');
      await waitForAttribute(page, FEEDBACK, 'data-state', 'accepted', UI_WAIT_MS);
      await waitForNumber(page, SETPOINT_SHOWN, { above: target - 0.5, below: target + 0.5 }, UI_WAIT_MS);
      await waitForNumber(page, SPEED, { below: actual - 30 }, LINE_WAIT_MS);
      expect(await page.textContent(`${WRITE} [data-testid="write-commanded"]`)).toBe(`${target} bpm`);
      await page.screenshot({ path: screenshotPath('setpoint-accepted') });
    },
    TEST_MS,
  );

  it(
    'refuses a setpoint outside the write limits and says why',
    async () => {
      await page.fill(`${WRITE} [data-testid="write-input"]`, '900');
      await page.keyboard.press('Enter');
      await waitForAttribute(page, FEEDBACK, 'data-state', 'invalid', UI_WAIT_MS);
      expect(await page.textContent(FEEDBACK)).toContain('outside the write limits 60 – 480 bpm');
      expect(await page.$(`${WRITE} [data-testid="write-confirmation"]`)).toBeNull();
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

      // Escape closes the write dialog, then the faceplate.
      await page.focus(`${WRITE} [data-testid="write-input"]`);
      await page.keyboard.press('Escape');
      await page.waitForSelector(WRITE, { state: 'detached', timeout: UI_WAIT_MS });
      await page.focus(FACEPLATE);
      await page.keyboard.press('Escape');
      await page.waitForSelector(FACEPLATE, { state: 'detached', timeout: UI_WAIT_MS });
    },
    TEST_MS,
  );

  it(
    'lists every tag on the Tags display and filters them',
    async () => {
      await page.click('[data-testid="tab-tags"]');
      await page.waitForSelector(`[data-testid="tag-row:Line1/Counters/Good"]`, { timeout: UI_WAIT_MS });
      expect(await page.$$eval('section[aria-label="Tags"] tbody tr', (rows) => rows.length)).toBeGreaterThanOrEqual(20);
      await page.click(`[data-testid="tag-row:${SPEED_TAG}"]`);
      await page.screenshot({ path: screenshotPath('tags') });
      await page.fill('[data-testid="tags-filter"]', 'conveyor');
      await expect.poll(() => page.$$eval('section[aria-label="Tags"] tbody tr', (rows) => rows.length), { timeout: UI_WAIT_MS }).toBe(3);
      expect(await page.getAttribute(`[data-testid="tag-row:${SPEED_TAG}"]`, 'aria-selected')).toBe('true');
      await page.click('[data-testid="tab-overview"]');
      await waitForOverviewScreen(page, 'overview');
    },
    TEST_MS,
  );

  it(
    'marks every value COMM when the gateway goes away, and recovers when it is back',
    async () => {
      const { url, token } = runtime!;
      const port = Number(new URL(url).port);
      await runtime!.dispose();
      runtime = undefined;
      await waitForAttribute(page, '[data-testid="gateway-state"]', 'data-abnormal', 'true', UI_WAIT_MS);
      await waitForAttribute(page, GOOD, 'data-quality', 'bad', UI_WAIT_MS);
      await expect.poll(() => page.$$eval(`${OVERVIEW} [data-quality="good"]`, (found) => found.length), { timeout: UI_WAIT_MS }).toBe(0);
      expect(await page.textContent(`${GOOD} [data-testid="quality-marker"]`)).toBe('COMM');
      expect(await page.$(`${GOOD} [data-testid="value-text"]`)).toBeNull();
      await page.screenshot({ path: screenshotPath('comm-lost') });

      runtime = await start(port, token);
      await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      await waitForNumber(page, GOOD, { above: -1 }, UI_WAIT_MS);
    },
    TEST_MS,
  );

  it(
    'explains how to open the HMI when there is no token',
    async () => {
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
    },
    TEST_MS,
  );
});
