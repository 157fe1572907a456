import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevMailServer } from '../../examples/dev-mail/dev-mail-server.ts';
import { addCmmsRoutes, type CmmsSimRoutes } from '../../examples/mes-sim/cmms-routes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import type { Runtime } from '../../main/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';
import { until } from '../support/until.ts';
import { TEST_USERS } from '../support/users.ts';
import { TestClient } from '../support/ws-client.ts';
import { ALARM_UI_PROJECT } from './alarm-support.ts';
import { chooseLanguageForMe, englishOnlyWords, interfaceWords } from './language-check.ts';
import { cutOff } from './layout-check.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';

const TEST_MS = 120_000;
const UI_WAIT_MS = 10_000;
const HIHI = 'Line1/Tank101/Level/HiHi';

/**
 * The maintenance loop end to end: an alarm raised at the plant is mailed (a real SMTP server on
 * loopback) to the on-call person, who opens the link from the mail on a phone (390x844), signs in and
 * acknowledges it there: the alarm journal records the acknowledgement under their name, as in the
 * control room; from the same page they send a maintenance request to the CMMS (the MES simulator's) and
 * see it accepted. The engineer sees the message in the Notifications display's development mailbox.
 */
describe('a notification mail opens the alarm on a phone, where the on-call person acknowledges it', () => {
  let mail: DevMailServer;
  let sim: MesSim;
  let cmms: CmmsSimRoutes;
  let runtime: Runtime;
  let plant: TestClient;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let workDir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    mail = new DevMailServer({ smtpPort: 0, httpPort: 0 });
    await mail.start();
    sim = new MesSim({ seed: false });
    cmms = addCmmsRoutes(sim);
    const simUrl = await sim.listen();
    workDir = await mkdtemp(join(tmpdir(), 'lineside-notify-e2e-'));
    const projectDir = join(workDir, 'project');
    await cp(ALARM_UI_PROJECT, projectDir, { recursive: true });
    await writeFile(
      join(projectDir, 'notify.json'),
      JSON.stringify({
        formatVersion: 1,
        linkCarriesToken: true,
        email: { host: '127.0.0.1', port: mail.port, ignoreTLS: true, from: 'lineside@test.example' },
        devMailboxUrl: mail.httpUrl,
        people: [{ name: 'maint', email: 'maintenance@test.example' }],
        rosters: [{ name: 'on-call', shifts: {}, otherwise: [{ people: ['maint'] }] }],
        rules: [{ name: 'critical', match: { priorities: ['critical'] }, roster: 'on-call', channels: ['email'] }],
      }),
    );
    await writeFile(
      join(projectDir, 'maintenance.json'),
      JSON.stringify({
        formatVersion: 1,
        cmms: { url: `${simUrl}/cmms`, pollSeconds: 1 },
        // Due a second after the start: the phone lists it.
        equipment: [{ id: 'Line1/Tank101', name: 'Tank 101', intervals: [{ name: 'Level probe check', every: { days: 0.00001 } }] }],
      }),
    );
    runtime = await startTestRuntime({ projectDir, port: 0, dataDir: join(workDir, 'data'), maintenanceTickMs: 200 });
    plant = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('operator');
    browser = await launchChromium();
    phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    page = await phone.newPage();
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
  }, TEST_MS);

  afterAll(async () => {
    plant?.socket.close();
    await phone?.close();
    await browser?.close();
    await runtime?.dispose();
    await mail?.close();
    await sim?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }, TEST_MS);

  it(
    'mails the critical alarm with a link; the link signs in on the phone, shows the alarm, and Acknowledge is recorded under the on-call person',
    async () => {
      await plant.call('tags.write', { path: 'Line1/Tank101/Level', value: 98.5 });
      const received = await until(() => mail.messages.find((m) => m.subject.includes('CRITICAL')), 'the alarm mail', UI_WAIT_MS);
      expect(received.to).toEqual(['maintenance@test.example']);
      expect(received.text).toContain('Value:     98.5 %');
      // Only the critical alarm matches the rule; the medium Hi alarm raised with it is not mailed.
      expect(mail.messages).toHaveLength(1);
      const link = /^Open it \(acknowledge, shelve, comment\): (\S+)$/m.exec(received.text)?.[1];
      expect(link).toBeDefined();

      await page.goto(link!);
      await page.waitForSelector('form.mobile__sign-in', { timeout: UI_WAIT_MS });
      // The token left the visible address; the route to the alarm stayed.
      expect(page.url()).not.toContain('token=');
      expect(decodeURIComponent(page.url())).toContain(`#/mobile?alarm=${HIHI}`);
      await page.screenshot({ path: screenshotPath('notify-mobile-sign-in') });
      await page.fill('input[name="user"]', TEST_USERS.maintenance.name);
      await page.fill('input[name="password"]', TEST_USERS.maintenance.password);
      await page.click('button[type="submit"]');
      await page.waitForSelector(`[data-testid="mobile-alarm"][data-alarm="${HIHI}"] h2`, { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="mobile-state"]')).toBe('Not acknowledged');
      // Phone-sized: nothing wider than the screen, nothing cut off.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await cutOff(page, ['[data-testid="mobile-alarms"]'])).toEqual([]);
      await page.screenshot({ path: screenshotPath('notify-mobile-alarm'), fullPage: true });

      await page.fill('textarea', 'On my way, pumps stopped from the phone');
      await page.getByRole('button', { name: 'Acknowledge' }).click();
      await page.waitForSelector('[data-testid="mobile-feedback"][data-state="accepted"]', { timeout: UI_WAIT_MS });
      await page.waitForFunction(() => document.querySelector('[data-testid="mobile-state"]')?.textContent === 'Acknowledged', undefined, { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('notify-mobile-acknowledged'), fullPage: true });

      // The same journaled action as in the control room: who, when, the comment.
      const history = runtime.alarms.history({ alarmId: HIHI, kinds: ['acknowledge'], limit: 10, offset: 0 });
      expect(history.entries).toHaveLength(1);
      expect(history.entries[0]).toMatchObject({ user: TEST_USERS.maintenance.name, comment: 'On my way, pumps stopped from the phone' });

      // A maintenance request from the alarm: to the CMMS once, its state back on the phone.
      const request = page.locator('[data-testid="mobile-request"]');
      await request.getByLabel('Failure code (optional)').fill('PROBE');
      await request.getByRole('button', { name: 'Send request' }).click();
      await page.waitForSelector('[data-testid="mobile-request-feedback"][data-state="accepted"]', { timeout: UI_WAIT_MS });
      await page.waitForSelector('[data-testid="mobile-request-state"][data-state="accepted"]', { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="mobile-request-state"]')).toContain('Accepted · WR-1001');
      expect([...cmms.requests.values()]).toMatchObject([{ equipment: 'Line1/Tank101', alarmId: HIHI, failureCode: 'PROBE', priority: 'urgent', requestedBy: TEST_USERS.maintenance.name }]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await cutOff(page, ['[data-testid="mobile-alarms"]'])).toEqual([]);
      await page.locator('[data-testid="mobile-request"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath('maintenance-mobile-request') });

      // Back to the list: the alarm is still standing (acknowledged, the level still high); below it what is due and the open request.
      await page.getByRole('button', { name: 'All alarms' }).click();
      await page.waitForSelector(`.mobile__alarm[data-alarm="${HIHI}"]`, { timeout: UI_WAIT_MS });
      await page.waitForSelector('[data-testid="mobile-due"]', { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="mobile-due"]')).toContain('Tank 101: Level probe check');
      expect(await page.textContent('[data-testid="mobile-open-request"]')).toContain('Accepted');
      expect(await cutOff(page, ['[data-testid="mobile-alarms"]'])).toEqual([]);
      await page.screenshot({ path: screenshotPath('notify-mobile-list'), fullPage: true });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'the engineer sees the message in the Notifications display: the development mailbox and the log (in German too)',
    async () => {
      const desk = await watchedPage(browser, errors);
      try {
        await desk.setViewportSize({ width: 1280, height: 720 });
        await desk.goto(`${runtime.url}/#token=${runtime.token}`);
        await desk.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
        await signIn(desk, 'engineer');
        await desk.click('[data-testid="tab-mailbox"]');
        await desk.waitForSelector('[data-testid="mailbox-message"]', { timeout: UI_WAIT_MS });
        await desk.click('[data-testid="mailbox-message"] button');
        await desk.waitForSelector('.notify-display__text', { timeout: UI_WAIT_MS });
        expect(await desk.textContent('.notify-display__text')).toContain('Equipment: Line1/Tank101');
        await desk.waitForSelector('.notify-display__log tr[data-state="sent"]', { timeout: UI_WAIT_MS });
        await desk.screenshot({ path: screenshotPath('notify-mailbox') });

        await chooseLanguageForMe(desk, 'de', UI_WAIT_MS);
        await desk.waitForSelector('text=Benachrichtigungsprotokoll', { timeout: UI_WAIT_MS });
        const english = englishOnlyWords();
        const words = await interfaceWords(desk, ['[data-testid="mailbox-display"]']);
        expect(words.filter((w) => english.has(w.toLowerCase()))).toEqual([]);
        await desk.screenshot({ path: screenshotPath('language-de-notify-mailbox') });
      } finally {
        await desk.close();
      }
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
