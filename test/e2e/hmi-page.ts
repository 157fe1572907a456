import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RoleName } from '../../common/permissions.ts';
import { TEST_USERS } from '../support/users.ts';

/** Screenshots land here (git-ignored) for people to look at. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return `${SCREENSHOT_DIR}${name}.png`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The Overview tab: the project's level 1 screen document, drawn by the screen runtime. */
export const OVERVIEW = 'section[aria-label="Overview"]';

/** An element of the screen shown on the Overview tab (`fp/speed` inside faceplate instance `fp`). */
export function overviewElement(path: string): string {
  return `${OVERVIEW} [data-testid="element:${path}"]`;
}

/** Waits until the Overview tab shows the screen `id` (it starts on the level 1 overview). */
export async function waitForOverviewScreen(page: Page, id: string, timeout = 15_000): Promise<void> {
  await page.waitForSelector(`${OVERVIEW} [data-testid="screens-display"][data-screen="${id}"]`, { timeout });
}

/** The number shown for a value, or undefined when none is shown (bad quality) or it is not a number. */
export async function shownNumber(page: Page, selector: string): Promise<number | undefined> {
  return page.evaluate((sel) => {
    const text = document.querySelector(`${sel} [data-testid="value-text"]`)?.textContent;
    if (text === undefined || text === null) return undefined;
    const value = Number(text.replace(/,/g, ''));
    return Number.isFinite(value) ? value : undefined;
  }, selector);
}

/** Waits until the value under `selector` has good quality and a number within the bounds; returns it. */
export async function waitForNumber(page: Page, selector: string, bound: { above?: number; below?: number }, timeout: number): Promise<number> {
  const handle = await page.waitForFunction(
    ({ sel, above, below }) => {
      const element = document.querySelector(sel);
      if (!element || element.getAttribute('data-quality') !== 'good') return false;
      const text = element.querySelector('[data-testid="value-text"]')?.textContent ?? '';
      const value = Number(text.replace(/,/g, ''));
      if (text === '' || !Number.isFinite(value)) return false;
      if (above !== undefined && !(value > above)) return false;
      if (below !== undefined && !(value < below)) return false;
      return { value };
    },
    { sel: selector, above: bound.above, below: bound.below },
    { timeout, polling: 'raf' },
  );
  return ((await handle.jsonValue()) as { value: number }).value;
}

/** Waits until an attribute of the first element matching `selector` has the given value. */
export async function waitForAttribute(page: Page, selector: string, name: string, value: string, timeout: number): Promise<void> {
  await page.waitForFunction(({ sel, attr, expected }) => document.querySelector(sel)?.getAttribute(attr) === expected, { sel: selector, attr: name, expected: value }, { timeout });
}

/**
 * A page of the HMI at the control-room size, collecting every page error, console error and CSP
 * violation into `errors` (the page runs under the gateway's CSP, without 'unsafe-eval'; any violation
 * is a renderer bug and the tests assert `errors` is empty).
 */
export async function watchedPage(browser: Browser, errors: string[], options: { acceptDownloads?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, ...options });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return page;
}

/**
 * Signs the HMI page in as the seeded test user of `role` (test/support/users.ts) through the
 * sign-in dialog, as a person would, and waits until the top bar shows that role.
 */
export async function signIn(page: Page, role: RoleName): Promise<void> {
  await page.click('[data-testid="sign-in"]');
  await page.fill('[data-testid="login-name"]', TEST_USERS[role].name);
  await page.fill('[data-testid="login-password"]', TEST_USERS[role].password);
  await page.click('[data-testid="login-submit"]');
  await page.waitForSelector(`[data-testid="user"][data-role="${role}"]`, { timeout: 10_000 });
}

/**
 * Opens display `id` by its address, as a bookmark or the search would, and waits until its tab is the
 * current one and two frames have painted (React has drawn it and the layout has settled). With
 * `settled`, also until nothing in the shown display is busy reading from the runtime ("Reading…").
 */
export async function showDisplay(page: Page, id: string, options: { timeout?: number; settled?: boolean } = {}): Promise<void> {
  const timeout = options.timeout ?? 15_000;
  await page.evaluate((hash) => (window.location.hash = hash), `#/${id}`);
  await page.waitForFunction((wanted) => document.querySelector('[data-testid^="tab-"][aria-current="page"]')?.getAttribute('data-testid') === `tab-${wanted}`, id, { timeout });
  if (options.settled) {
    await page.waitForFunction((shown) => document.querySelector(`${shown} [aria-busy="true"]`) === null, SHOWN_DISPLAY, { timeout }).catch(() => undefined);
  }
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** The display shown now (the others stay mounted, hidden). */
export const SHOWN_DISPLAY = 'main.hmi__display > section.display:not([hidden])';

/** Signs the person out through the user menu and signs `role` in, as a change of shift at one station would. */
export async function switchUser(page: Page, role: RoleName, timeout = 10_000): Promise<void> {
  await page.click('[data-testid="switch-user"]');
  await page.click('[data-testid="sign-out"]');
  await page.waitForSelector('[data-testid="sign-in"]', { timeout });
  await signIn(page, role);
}
