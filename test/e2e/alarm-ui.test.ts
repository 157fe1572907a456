import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { TestClient } from '../support/ws-client.ts';
import { ALARM_UI_PROJECT, openHmi, startProject } from './alarm-support.ts';
import { OVERVIEW, screenshotPath, waitForAttribute } from './hmi-page.ts';

const UI_WAIT_MS = 10_000;
const TEST_MS = 60_000;
const HIHI = 'Line1/Tank101/Level/HiHi';
const HI = 'Line1/Tank101/Level/Hi';
const row = (id: string) => `[data-testid="alarm-row"][data-id="${id}"]`;

// The fixture's window user is maintenance (may acknowledge, shelve and comment; not take out of
// service). Alarms are raised the way the plant would: by writing the watched tags through the gateway.
describe('the alarm UI, as maintenance uses it', () => {
  let runtime: Runtime;
  let browser: Browser;
  let page: Page;
  let plant: TestClient;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startProject(ALARM_UI_PROJECT);
    plant = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('operator');
    ({ browser, page } = await openHmi(runtime, errors, 'maintenance'));
  }, TEST_MS);

  afterAll(async () => {
    plant?.socket.close();
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'shows a raised alarm in the banner on every screen, with its priority shape, and on the overview',
    async () => {
      expect(await page.textContent('[data-testid="banner-message"]')).toContain('No active alarms');
      await plant.call('tags.write', { path: 'Line1/Tank101/Level', value: 98.5 });
      await plant.call('tags.write', { path: 'Line1/Air/Pressure', value: 4.2 });
      await page.waitForSelector('[data-testid="banner-count-critical"][data-active="1"][data-unack="1"]', { timeout: UI_WAIT_MS });
      await page.waitForSelector('[data-testid="banner-count-low"][data-active="1"]', { timeout: UI_WAIT_MS });
      // The newest of the highest priority is the one named.
      expect(await page.textContent('[data-testid="banner-text"]')).toContain('Tank T101 level 98.5 % above the high-high limit 97 %');
      const indicator = '[data-testid="banner-message"] [data-testid="alarm-indicator"]';
      expect(await page.getAttribute(indicator, 'data-priority')).toBe('critical');
      expect(await page.getAttribute(indicator, 'data-acknowledged')).toBe('false');
      // Unacknowledged: the indicator blinks (only the indicator).
      expect(await page.$eval(indicator, (el) => getComputedStyle(el).animationName)).toBe('alarm-blink');
      expect(await page.$eval('[data-testid="alarm-banner"]', (el) => getComputedStyle(el).animationName)).toBe('none');
      // The overview's tank (the fixture's level 1 screen document) carries the indicator while it is in alarm.
      await page.waitForSelector(`${OVERVIEW} [data-testid="element:tank"] [data-testid="alarm-mark:Line1/Tank101/Level"][data-priority="critical"]`, { timeout: UI_WAIT_MS });
      expect(await page.$(`${OVERVIEW} [data-testid="element:labeler"] [data-testid^="alarm-mark:"]`)).toBeNull();
      await page.screenshot({ path: screenshotPath('alarm-banner') });
      await page.click('[data-testid="tab-tags"]');
      expect(await page.isVisible('[data-testid="alarm-banner"]')).toBe(true);
    },
    TEST_MS,
  );

  it(
    'opens the summary with F2 and shows the alarm with its help',
    async () => {
      await page.keyboard.press('F2');
      await page.waitForSelector(`section[aria-label="Alarm summary"]:not([hidden]) ${row(HIHI)}`, { timeout: UI_WAIT_MS });
      expect(await page.getAttribute(row(HIHI), 'data-state')).toBe('unackActive');
      expect(await page.$$eval('[data-testid="alarm-row"]', (rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual(expect.arrayContaining([HIHI, HI, 'Line1/Air/Pressure/Lo']));
      await page.click(row(HIHI));
      // The first alarm raised in the Tank101 group is marked first out.
      expect(await page.$(`${row(HIHI)} [data-testid="flag-first-out"]`)).not.toBeNull();
      await page.waitForSelector(`[data-testid="alarm-details"][data-id="${HIHI}"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="alarm-help"]')).toContain('Stop both transfer pumps');
      await page.screenshot({ path: screenshotPath('alarm-summary') });
    },
    TEST_MS,
  );

  it(
    'sounds once a key armed the audio, until silenced; a new unacknowledged alarm sounds again',
    async () => {
      // The F2 press above was the user gesture the browser needs before audio may play.
      await waitForAttribute(page, '[data-testid="alarm-sound"]', 'data-state', 'sounding', UI_WAIT_MS);
      await page.keyboard.press('F9');
      await waitForAttribute(page, '[data-testid="alarm-sound"]', 'data-state', 'silenced', UI_WAIT_MS);
      await plant.call('tags.write', { path: 'Line1/Labeler/State', value: 5 });
      await page.waitForSelector('[data-testid="banner-count-high"][data-unack="1"]', { timeout: UI_WAIT_MS });
      await waitForAttribute(page, '[data-testid="alarm-sound"]', 'data-state', 'sounding', UI_WAIT_MS);
      await page.click('[data-testid="alarm-silence"]');
      await waitForAttribute(page, '[data-testid="alarm-sound"]', 'data-state', 'silenced', UI_WAIT_MS);
      // The labeler on the overview carries the high-priority indicator (a hidden tab draws nothing: look at it).
      await page.click('[data-testid="tab-overview"]');
      await waitForAttribute(page, `${OVERVIEW} [data-testid="element:labeler"] [data-testid="alarm-mark:Line1/Labeler/State"]`, 'data-priority', 'high', UI_WAIT_MS);
      await page.click('[data-testid="tab-alarms"]');
      await page.waitForSelector(`section[aria-label="Alarm summary"]:not([hidden]) ${row(HIHI)}[aria-selected="true"]`, { timeout: UI_WAIT_MS });
    },
    TEST_MS,
  );

  it(
    'acknowledges the selected alarm with a comment; the indicator stops blinking',
    async () => {
      await page.fill('[data-testid="alarm-comment"]', 'Pump P101 stopped by hand, level falling');
      await page.click('[data-testid="ack-selected"]');
      await waitForAttribute(page, '[data-testid="alarm-feedback"]', 'data-state', 'accepted', UI_WAIT_MS);
      await waitForAttribute(page, row(HIHI), 'data-state', 'ackActive', UI_WAIT_MS);
      await page.waitForSelector('[data-testid="banner-count-critical"][data-active="1"][data-unack="0"]', { timeout: UI_WAIT_MS });
      expect(await page.getAttribute(`${row(HIHI)} [data-testid="alarm-indicator"]`, 'data-acknowledged')).toBe('true');
      expect(await page.$eval(`${row(HIHI)} [data-testid="alarm-indicator"]`, (el) => getComputedStyle(el).animationName)).toBe('none');
    },
    TEST_MS,
  );

  it(
    'offers maintenance no out of service: the button is disabled with the reason in words',
    async () => {
      const button = '[data-testid="out-of-service"]';
      expect(await page.isDisabled(button)).toBe(true);
      expect(await page.getAttribute(button, 'title')).toBe('Needs the permission ‘Take alarms out of service’ — signed in as maintenance.');
      expect(await page.getAttribute(row(HIHI), 'data-state')).toBe('ackActive');
      await page.screenshot({ path: screenshotPath('alarm-oos-refused') });
    },
    TEST_MS,
  );

  it(
    'shelves an alarm with a reason; the banner counts it as shelved',
    async () => {
      await page.click(row(HI));
      await page.fill('[data-testid="shelve-reason"]', 'Transmitter being recalibrated');
      await page.click('[data-testid="shelve"]');
      await waitForAttribute(page, '[data-testid="alarm-feedback"]', 'data-state', 'accepted', UI_WAIT_MS);
      await page.waitForSelector(`[data-testid="banner-hidden"]:has-text("Shelved 1")`, { timeout: UI_WAIT_MS });
      // The default view shows annunciated alarms only; the filter shows the shelved one.
      await page.waitForSelector(row(HI), { state: 'detached', timeout: UI_WAIT_MS });
      await page.selectOption('[data-testid="filter-state"]', 'shelved');
      await waitForAttribute(page, row(HI), 'data-state', 'shelved', UI_WAIT_MS);
      await page.selectOption('[data-testid="filter-state"]', 'current');
    },
    TEST_MS,
  );

  it(
    'finds the acknowledgement with its comment and user in the history, and exports it as CSV',
    async () => {
      await page.click('[data-testid="tab-alarm-history"]');
      await page.fill('[data-testid="history-tag"]', 'Line1/Tank101/Level');
      await page.fill('[data-testid="history-user"]', 'maintenance');
      await page.click('[data-testid="history-search"]');
      const ack = `[data-testid="history-row"][data-kind="acknowledge"][data-alarm="${HIHI}"]`;
      await page.waitForSelector(ack, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${ack} [data-testid="history-comment"]`)).toBe('Pump P101 stopped by hand, level falling');
      // Only the maintenance user's actions on the tank: the raise (by the system) is not among them.
      // Polled: until the search's answer arrives, the rows shown are those of the unfiltered history.
      await expect.poll(() => page.$$eval('[data-testid="history-row"]', (rows) => rows.map((r) => r.getAttribute('data-kind')).sort()), { timeout: UI_WAIT_MS }).toEqual(['acknowledge', 'shelve']);
      await page.screenshot({ path: screenshotPath('alarm-history') });

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="history-export"]')]);
      const csv = await readFile((await download.path())!, 'utf8');
      const lines = csv.trim().split('\r\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]!.split(',')).toContain('Comment');
      expect(csv).toContain('"Pump P101 stopped by hand, level falling"');
      // Quoted only where RFC 4180 needs it (the comment has a comma), by the one CSV writer.
      expect(csv).toContain(',maintenance,');
    },
    TEST_MS,
  );

  it(
    'shows the alarm KPIs for the last shift with charts',
    async () => {
      await page.click('[data-testid="tab-alarm-kpis"]');
      await page.waitForSelector('[data-testid="kpi-body"]', { timeout: UI_WAIT_MS });
      // Four raised: HiHi, Hi, air pressure Lo, labeler faulted.
      expect(await page.textContent('[data-testid="kpi-total"]')).toContain('4');
      await page.waitForSelector('[data-testid="kpi-chart-rate"] canvas', { timeout: UI_WAIT_MS });
      await page.waitForSelector('[data-testid="kpi-chart-top"] canvas', { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('alarm-kpis') });
    },
    TEST_MS,
  );

  it('keeps the alarm displays free of CSP violations and page errors', () => {
    expect(errors).toEqual([]);
  });
});
