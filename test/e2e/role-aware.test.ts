import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleName } from '../../common/permissions.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { launchChromium, OVERVIEW, overviewElement, screenshotPath, signIn, waitForAttribute, waitForOverviewScreen, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 20_000;
const TEST_MS = 2 * 60_000;
const PUMP = 'Line1/TransferPump1';
const TABS = 'nav[aria-label="Displays"] a';

/**
 * Each role meets the HMI as the access table lets it, at the control room's smallest screen (1280x720):
 * what it may not do is not offered (or offered disabled with the reason), and the runtime's check stays behind it.
 */
describe('the HMI as each role may use it, against the example plant', () => {
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample();
    browser = await launchChromium();
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  async function open(role: RoleName | null, hash = ''): Promise<Page> {
    const page = await watchedPage(browser!, errors);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${runtime!.url}/#token=${runtime!.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    if (role) await signIn(page, role);
    if (hash) await page.evaluate((h) => (window.location.hash = h), hash);
    return page;
  }

  function tabs(page: Page): Promise<string[]> {
    return page.$$eval(TABS, (links) => links.map((link) => link.textContent ?? ''));
  }

  it(
    'maintenance: fewer tabs, and Start on the pump faceplate is disabled with the reason; pressing it writes nothing',
    async () => {
      const page = await open('maintenance');
      const shown = await tabs(page);
      expect(shown).toHaveLength(14);
      expect(shown).not.toContain('Users');
      expect(shown).not.toContain('Audit');
      expect(shown).not.toContain('Editor');
      await waitForOverviewScreen(page, 'overview');
      await page.click(overviewElement('to-line'));
      await waitForOverviewScreen(page, 'line1');
      await page.click(overviewElement('p101'));
      await page.waitForSelector(`${OVERVIEW} [data-testid="faceplate:pump-faceplate"]`, { timeout: UI_WAIT_MS });
      const start = overviewElement('fp/start');
      await waitForAttribute(page, start, 'aria-disabled', 'true', UI_WAIT_MS);
      expect(await page.getAttribute(start, 'data-blocked')).toBe('Needs the permission ‘Write tag values’ — signed in as maintenance.');
      expect(await page.textContent(`${start} > title`)).toBe('Needs the permission ‘Write tag values’ — signed in as maintenance.');
      expect(await page.getAttribute(`${start} [data-enabled]`, 'data-enabled')).toBe('false');
      // Said under the faceplate too, for a touch panel where nothing hovers.
      expect(await page.textContent(`${OVERVIEW} [data-testid="faceplate-not-allowed"]`)).toBe('Needs the permission ‘Write tag values’ — signed in as maintenance.');
      const before = runtime!.engine.slot(`${PUMP}/Command`)?.current.value;
      // Playwright itself sees it as disabled (aria-disabled): press it regardless, by pointer and by key.
      await page.click(start, { force: true });
      await page.focus(start);
      await page.keyboard.press('Enter');
      expect(await page.$(`${OVERVIEW} [data-testid="write-dialog"]`)).toBeNull();
      expect(runtime!.engine.slot(`${PUMP}/Command`)?.current.value).toBe(before);
      expect(runtime!.audit.search({ action: 'access.denied', limit: 10 }).records.filter((r) => r.user === 'maintenance')).toEqual([]);
      await page.hover(start);
      await page.screenshot({ path: screenshotPath('roles-maintenance-pump') });
      // Escape closes the faceplate, and the focus goes back to the pump it was opened from.
      await page.keyboard.press('Escape');
      await page.waitForSelector(`${OVERVIEW} [data-testid="faceplate:pump-faceplate"]`, { state: 'detached', timeout: UI_WAIT_MS });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('element:p101');
      expect(errors).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    'operator: no Users tab; the Users URL says it is not available to the role, with sign-in',
    async () => {
      const page = await open('operator', '#/users');
      expect(await tabs(page)).not.toContain('Users');
      const panel = 'section[aria-label="Users"] [data-testid="not-available"]';
      await page.waitForSelector(panel, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${panel} h1`)).toBe('Users is not available to your role');
      expect(await page.textContent(panel)).toContain('operator (operator) does not have the permission ‘Manage users’ that the Users display needs.');
      expect(await page.$('[data-testid="users-table"]')).toBeNull();
      await page.screenshot({ path: screenshotPath('roles-operator-users-url') });
      // The operator may start the pump: the faceplate's Start is offered.
      await page.evaluate(() => (window.location.hash = '#/overview'));
      await waitForOverviewScreen(page, 'overview');
      await page.click(overviewElement('to-line'));
      await waitForOverviewScreen(page, 'line1');
      await page.click(overviewElement('p101'));
      await page.waitForSelector(`${overviewElement('fp/start')}[role="button"]:not([aria-disabled])`, { timeout: UI_WAIT_MS });
      expect(await page.$(`${OVERVIEW} [data-testid="faceplate-not-allowed"]`)).toBeNull();
      // Without the Users display, the operator changes their own password from the user dialog.
      await page.click('[data-testid="switch-user"]');
      await page.waitForSelector('[data-testid="own-password"]', { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('roles-switch-dialog') });
      await page.click('[data-testid="own-password"]');
      await page.waitForSelector('[data-testid="login-dialog"] section[aria-label="Your password"]', { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('roles-own-password') });
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="login-dialog"]', { state: 'detached', timeout: UI_WAIT_MS });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('switch-user');
      expect(errors).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    'a signed-out station sees what the station may view; the Audit URL offers sign-in, and Escape closes the sign-in dialog with the focus back on the button',
    async () => {
      const page = await open(null, '#/audit');
      const shown = await tabs(page);
      expect(shown).toHaveLength(14);
      expect(shown).not.toContain('Audit');
      const panel = 'section[aria-label="Audit trail"] [data-testid="not-available"]';
      await page.waitForSelector(panel, { timeout: UI_WAIT_MS });
      expect(await page.textContent(panel)).toContain('This station is not signed in, and the Audit display needs the permission ‘Read the audit trail’.');
      await page.screenshot({ path: screenshotPath('roles-signed-out-audit-url') });
      await page.click(`${panel} [data-testid="not-available-sign-in"]`);
      await page.waitForSelector('[data-testid="login-dialog"]', { timeout: UI_WAIT_MS });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('login-name');
      await page.screenshot({ path: screenshotPath('roles-sign-in-dialog') });
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="login-dialog"]', { state: 'detached', timeout: UI_WAIT_MS });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('not-available-sign-in');
      // From the top bar too, with the focus taken out of the dialog by a click on the top bar (never covered).
      await page.click('[data-testid="sign-in"]');
      await page.waitForSelector('[data-testid="login-dialog"]', { timeout: UI_WAIT_MS });
      await page.click('[data-testid="plant-name"]');
      expect(await page.evaluate(() => document.querySelector('[data-testid="login-dialog"]')?.contains(document.activeElement))).toBe(false);
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="login-dialog"]', { state: 'detached', timeout: UI_WAIT_MS });
      // Signing in as someone who may read the trail shows it in place.
      await signIn(page, 'supervisor');
      await page.waitForSelector('section[aria-label="Audit trail"] [data-testid="audit-table"] tbody tr', { timeout: UI_WAIT_MS });
      expect(await tabs(page)).toContain('Audit');
      expect(errors).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    'Tags: a click on a row opens its detail (value, quality, times, trend, alarms, write); Enter on a focused row too; Escape closes it',
    async () => {
      const page = await open('operator', '#/tags');
      const level = 'Line1/Tank101/Level';
      await page.fill('[data-testid="tags-filter"]', 'Line1/Tank101');
      await page.waitForSelector(`[data-testid="tag-row:${level}"]`, { timeout: UI_WAIT_MS });
      await page.click(`[data-testid="tag-row:${level}"]`);
      const detail = `[data-testid="tag-detail"][data-path="${level}"]`;
      await page.waitForSelector(detail, { timeout: UI_WAIT_MS });
      await page.waitForFunction((sel) => /\d/.test(document.querySelector(`${sel} [data-testid="tag-detail-value"]`)?.textContent ?? ''), detail, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${detail} [data-testid="tag-detail-quality"]`)).toContain('Good');
      const text = (await page.textContent(detail)) ?? '';
      for (const part of ['Source time', 'Server time', 'Last hour', 'Alarms', 'Open in Trends']) expect(text).toContain(part);
      await page.screenshot({ path: screenshotPath('roles-tag-detail') });
      // Keyboard: Escape closes it and the focus is back on the row; arrows move, Enter opens.
      await page.keyboard.press('Escape');
      await page.waitForSelector(detail, { state: 'detached', timeout: UI_WAIT_MS });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(`tag-row:${level}`);
      await page.keyboard.press('ArrowDown');
      const next = (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) ?? '';
      expect(next).toMatch(/^tag-row:Line1\/Tank101\//);
      await page.keyboard.press('Enter');
      await page.waitForSelector(`[data-testid="tag-detail"][data-path="${next.slice('tag-row:'.length)}"]`, { timeout: UI_WAIT_MS });
      expect(errors).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );
});
