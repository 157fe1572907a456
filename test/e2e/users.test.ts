import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 10_000;
const TEST_MS = 3 * 60_000;
const USER = '[data-testid="user"]';

describe('users as a new station sees them: first administrator, sign-in, a supervisor by quick switch', () => {
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample({ seedUsers: false });
    browser = await launchChromium();
    page = await watchedPage(browser, pageErrors);
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'asks for the administrator on first start, then the admin signs in and creates a supervisor, who takes over by quick switch',
    async () => {
      const { url, token } = runtime!;
      // Printed on the console of the first start; the station token alone is not enough.
      const setupCode = runtime!.users.setupCode!;
      await page.goto(`${url}/#token=${token}`);
      await page.waitForSelector('[data-testid="first-admin"]', { timeout: UI_WAIT_MS });
      await page.fill('[data-testid="first-admin-setup-code"]', 'WRNG-CODE-2345');
      await page.fill('[data-testid="first-admin-name"]', 'anna.admin');
      await page.fill('[data-testid="first-admin-full-name"]', 'Anna Admin');
      await page.fill('[data-testid="first-admin-password"]', 'short');
      await expect.poll(() => page.textContent('[data-testid="first-admin-error"]')).toBe('The password needs at least 12 characters.');
      await page.fill('[data-testid="first-admin-password"]', 'anna-admin-secret');
      await page.fill('[data-testid="first-admin-repeat"]', 'anna-admin-secret');
      await page.click('[data-testid="first-admin-submit"]');
      await expect.poll(() => page.textContent('[data-testid="first-admin-error"]'), { timeout: UI_WAIT_MS }).toContain('wrong setup code');
      expect(runtime!.users.firstStart).toBe(true);
      await page.fill('[data-testid="first-admin-setup-code"]', setupCode.toLowerCase());
      await page.screenshot({ path: screenshotPath('users-first-admin') });
      await page.click('[data-testid="first-admin-submit"]');
      await page.waitForSelector(`${USER}[data-role="admin"][data-name="anna.admin"]`, { timeout: UI_WAIT_MS });
      expect(await page.$('[data-testid="first-admin"]')).toBeNull();
      expect(runtime!.users.firstStart).toBe(false);

      // Sign out, and in again through the sign-in dialog (a wrong password first).
      await page.click('[data-testid="switch-user"]');
      await page.click('[data-testid="sign-out"]');
      await page.waitForSelector(`${USER}[data-role=""]`, { timeout: UI_WAIT_MS });
      await page.click('[data-testid="sign-in"]');
      await page.fill('[data-testid="login-name"]', 'anna.admin');
      await page.fill('[data-testid="login-password"]', 'not-the-password');
      await page.click('[data-testid="login-submit"]');
      await expect.poll(() => page.textContent('[data-testid="login-error"]'), { timeout: UI_WAIT_MS }).toBe('wrong user name or password');
      await page.fill('[data-testid="login-password"]', 'anna-admin-secret');
      await page.screenshot({ path: screenshotPath('users-login') });
      await page.click('[data-testid="login-submit"]');
      await page.waitForSelector(`${USER}[data-role="admin"]`, { timeout: UI_WAIT_MS });

      // The admin creates a supervisor in the Users view.
      await page.click('[data-testid="tab-users"]');
      await page.waitForSelector('[data-testid="user-row:anna.admin"]', { timeout: UI_WAIT_MS });
      await page.fill('[data-testid="new-user-name"]', 'sam.super');
      await page.fill('[data-testid="new-user-full-name"]', 'Sam Supervisor');
      await page.selectOption('[data-testid="new-user-role"]', 'supervisor');
      await page.fill('[data-testid="new-user-password"]', 'sam-super-secret');
      await page.click('[data-testid="new-user-submit"]');
      await page.waitForSelector('[data-testid="user-row:sam.super"]', { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="user-row:sam.super"]')).toContain('Sam Supervisor');
      await page.screenshot({ path: screenshotPath('users-admin') });

      // The example project marks role changes as critical: saving one asks for an electronic signature.
      await page.check('[aria-label="maintenance: Write tag values"]');
      await page.click('[data-testid="roles-matrix"] [data-testid="role-save:maintenance"]');
      await page.waitForSelector('[data-testid="signature-dialog"]', { timeout: UI_WAIT_MS });
      await page.fill('[data-testid="signature-password"]', 'not-the-password');
      await page.fill('[data-testid="signature-reason"]', 'maintenance resets valves (MOC-12)');
      await page.click('[data-testid="signature-submit"]');
      await expect.poll(() => page.textContent('[data-testid="signature-error"]'), { timeout: UI_WAIT_MS }).toContain('wrong user name or password');
      await page.fill('[data-testid="signature-password"]', 'anna-admin-secret');
      await page.screenshot({ path: screenshotPath('users-signature') });
      await page.click('[data-testid="signature-submit"]');
      await page.waitForSelector('[data-testid="signature-dialog"]', { state: 'detached', timeout: UI_WAIT_MS });
      await expect
        .poll(
          () =>
            runtime!.users
              .roles()
              .find((r) => r.role === 'maintenance')!
              .permissions.includes('tags.write'),
          { timeout: UI_WAIT_MS },
        )
        .toBe(true);

      // Quick switch at the shared station: the supervisor signs in over the admin; the display stays.
      await page.click('[data-testid="tab-alarms"]');
      await page.click('[data-testid="switch-user"]');
      await page.fill('[data-testid="login-name"]', 'sam.super');
      await page.fill('[data-testid="login-password"]', 'sam-super-secret');
      await page.click('[data-testid="login-submit"]');
      await page.waitForSelector(`${USER}[data-role="supervisor"][data-name="sam.super"]`, { timeout: UI_WAIT_MS });
      expect(page.url()).toMatch(/#\/alarms$/);
      // The administrator chose Sam's password: Sam chooses his own before anything else.
      await page.waitForSelector('[data-testid="change-password"]', { timeout: UI_WAIT_MS });
      await page.fill('[data-testid="change-password-current"]', 'sam-super-secret');
      await page.fill('[data-testid="change-password-next"]', 'password1234');
      await page.fill('[data-testid="change-password-repeat"]', 'password1234');
      await page.click('[data-testid="change-password-submit"]');
      await expect.poll(() => page.textContent('[data-testid="change-password-error"]'), { timeout: UI_WAIT_MS }).toContain('common passwords');
      await page.fill('[data-testid="change-password-next"]', 'sams-own-quiet-harbour');
      await page.fill('[data-testid="change-password-repeat"]', 'sams-own-quiet-harbour');
      await page.screenshot({ path: screenshotPath('users-change-password') });
      await page.click('[data-testid="change-password-submit"]');
      await page.waitForSelector('[data-testid="change-password"]', { state: 'detached', timeout: UI_WAIT_MS });

      // The supervisor may read the audit trail: every step above is in it, and the chain is intact.
      await page.click('[data-testid="tab-audit"]');
      await page.waitForSelector('[data-testid="audit-table"] [data-action="users.switch"]', { timeout: UI_WAIT_MS });
      await page.waitForSelector('[data-testid="audit-table"] [data-action="users.changePassword"]', { timeout: UI_WAIT_MS });
      const actions = await page.$$eval('[data-testid="audit-table"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-action')));
      // Failed tries are written once per burst, when it ends (here: by the success that follows it).
      expect(actions.reverse().filter((a) => a !== 'access.denied')).toEqual([
        // The first start keys the audit chain and makes the MES webhook secret and the station token.
        'audit.keyed',
        'secrets.generated',
        'secrets.generated',
        'users.createFirstAdmin.failed',
        'users.createFirstAdmin',
        'users.login',
        'users.logout',
        'users.login.failed',
        'users.login',
        'users.create',
        'signature.refused',
        'signature.failed',
        'users.roles.save',
        'signature',
        'users.switch',
        'users.changePassword',
      ]);
      const signature = runtime!.audit.search({ action: 'signature', limit: 1 }).records[0]!;
      expect(signature).toMatchObject({ user: 'anna.admin', target: 'maintenance', meaning: 'Approved', reason: 'maintenance resets valves (MOC-12)' });
      await page.click('[data-testid="audit-verify"]');
      await page.waitForSelector('[data-testid="audit-verification"][data-ok="true"]', { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('users-audit') });

      // The supervisor may not manage users: no Users tab, and the display's URL says why instead of showing it.
      expect(await page.$('[data-testid="tab-users"]')).toBeNull();
      await page.evaluate(() => (window.location.hash = '#/users'));
      await expect.poll(() => page.textContent('section[aria-label="Users"]'), { timeout: UI_WAIT_MS }).toContain('sam.super (supervisor) does not have the permission ‘Manage users’');
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'signIn(page, role) signs in seeded test users in one line',
    async () => {
      const seeded = await startExample();
      const other = await watchedPage(browser!, pageErrors);
      try {
        await other.goto(`${seeded.url}/#token=${seeded.token}`);
        await signIn(other, 'engineer');
        expect(await other.getAttribute(USER, 'data-name')).toBe('engineer');
        expect(pageErrors).toEqual([]);
      } finally {
        await other.close();
        await seeded.dispose();
      }
    },
    TEST_MS,
  );
});
