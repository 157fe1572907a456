import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, EventData } from '../../common/contract.ts';
import type { Quality } from '../../common/quality.ts';
import type { Runtime } from '../../main/runtime.ts';
import { startExample } from '../support/example.ts';
import { launchChromium, OVERVIEW, overviewElement, screenshotPath, waitForAttribute, waitForOverviewScreen } from './hmi-page.ts';

/** Qualities forced onto some tags between the real gateway and the page, as a failing device would report them. */
const DEGRADED: Readonly<Record<string, Quality>> = {
  'Line1/Tank101/Level': 'UncertainLastUsableValue',
  'Line1/Tank101/Temperature': 'BadSensorFailure',
  'Line1/Filler/State': 'BadConfigurationError',
  'Line1/Labeler/GlueTemperature': 'UncertainEngineeringUnitsExceeded',
  'Line1/TransferPump1/Running': 'BadNotConnected',
};
const UI_WAIT_MS = 10_000;

/** Rewrites the qualities of the DEGRADED tags in subscription replies and tags.changed events. */
function degradeQualities(route: WebSocketRoute): void {
  const server = route.connectToServer();
  const pathsBySubscription = new Map<number, readonly string[]>();
  server.onMessage((message) => {
    if (typeof message !== 'string') return route.send(message);
    const frame = JSON.parse(message) as Record<string, unknown>;
    const result = frame['result'] as Partial<CallResult<'tags.subscribe'>> | undefined;
    if (frame['ok'] === true && result?.paths && result.values && result.subscriptionId !== undefined) {
      const paths = result.paths;
      pathsBySubscription.set(result.subscriptionId, paths);
      result.values = result.values.map((value, i) => {
        const quality = DEGRADED[paths[i] ?? ''];
        return quality ? { ...value, quality } : value;
      });
    } else if (frame['event'] === 'tags.changed') {
      const data = frame['data'] as EventData<'tags.changed'>;
      const paths = pathsBySubscription.get(data.subscriptionId) ?? [];
      data.changes = data.changes.map(([index, value, quality, sourceTime, serverTime]) => [index, value, DEGRADED[paths[index] ?? ''] ?? quality, sourceTime, serverTime]);
    }
    route.send(JSON.stringify(frame));
  });
}

describe('quality on the Overview tab (the level 1 screen and the line one click down)', () => {
  let runtime: Runtime | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    runtime = await startExample();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.routeWebSocket(/\/ws$/, degradeQualities);
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  });

  it('shows bad values as hatched code boxes with no number, and uncertain ones dimmed with a marker', async () => {
    await page.goto(`${runtime!.url}/#token=${runtime!.token}`);
    await waitForOverviewScreen(page, 'overview');
    await waitForAttribute(page, overviewElement('good'), 'data-quality', 'good', UI_WAIT_MS);
    // On the level 1 screen: the tank level is uncertain, the filler tile's state bad.
    await waitForAttribute(page, overviewElement('tank-level'), 'data-quality', 'uncertain', UI_WAIT_MS);
    expect(await page.textContent(`${overviewElement('tank-level')} [data-testid="quality-marker"]`)).toBe('STALE');
    await waitForAttribute(page, overviewElement('filler/state'), 'data-quality', 'bad', UI_WAIT_MS);
    await page.screenshot({ path: screenshotPath('quality-overview') });

    // The line mimic, one click down on the same tab.
    await page.click(overviewElement('to-line'));
    await waitForOverviewScreen(page, 'line1');
    const expectations: [string, string, 'bad' | 'uncertain', string][] = [
      ['level', 'Line1/Tank101/Level', 'uncertain', 'STALE'],
      ['temperature', 'Line1/Tank101/Temperature', 'bad', 'FAIL'],
      ['filler/state', 'Line1/Filler/State', 'bad', 'CFG'],
      ['labeler/measure', 'Line1/Labeler/GlueTemperature', 'uncertain', 'RANGE'],
      ['p101', 'Line1/TransferPump1/Running', 'bad', 'COMM'],
    ];
    for (const [id, path, severity, code] of expectations) {
      const selector = overviewElement(id);
      await waitForAttribute(page, selector, 'data-quality', severity, UI_WAIT_MS);
      const marker = await page.$eval(`${selector} [data-testid="quality-marker"]`, (element) => element.textContent);
      expect(marker, path).toBe(code);
      const number = await page.$(`${selector} [data-testid="value-text"], ${selector} [data-testid="machine-state"]`);
      if (severity === 'bad') expect(number, `${path} must not show a value`).toBeNull();
      else expect(number, `${path} still shows its (dimmed) value`).not.toBeNull();
    }
    // Everything else stays good and unmarked.
    await waitForAttribute(page, overviewElement('p102'), 'data-quality', 'good', UI_WAIT_MS);
    const markersOnGood = await page.$$eval(`${OVERVIEW} [data-quality="good"] [data-testid="quality-marker"]`, (found) => found.length);
    expect(markersOnGood).toBe(0);
    await page.screenshot({ path: screenshotPath('quality') });
  }, 60_000);
});
