import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TEST_USERS } from '../support/users.ts';
import { openHmi } from './alarm-support.ts';
import { OVERVIEW, overviewElement, screenshotPath, waitForAttribute, waitForOverviewScreen } from './hmi-page.ts';

const UI_WAIT_MS = 15_000;
const TEST_MS = 2 * 60_000;
const PUMP = 'Line1/TransferPump1';
const FILL = 'Line1/Filler/FillVolumeSetpoint';
const WRITE = `${OVERVIEW} [data-testid="write-dialog"]`;
const FEEDBACK = `${WRITE} [data-testid="write-feedback"]`;
const SIGNATURE = `${OVERVIEW} [data-testid="signature-dialog"]`;

/** An operator commanding the example plant from the Overview tab's document screens. */
describe('commands from the Overview tab, against the example plant', () => {
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample();
    ({ browser, page } = await openHmi(runtime, errors, 'operator'));
    await waitForOverviewScreen(page, 'overview');
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  /** Presses Start or Stop on the open pump faceplate, confirms, and waits until the pump's running feedback agrees. */
  async function command(button: 'start' | 'stop'): Promise<void> {
    await page.click(overviewElement(`fp/${button}`));
    await page.waitForSelector(`${WRITE}[data-tag="${PUMP}/Command"] [data-testid="write-confirmation"]`, { timeout: UI_WAIT_MS });
    // Nothing is written before the operator confirms.
    expect(runtime!.engine.slot(`${PUMP}/Command`)?.current.value).toBe(button === 'stop');
    await page.keyboard.press('Enter');
    await waitForAttribute(page, FEEDBACK, 'data-state', 'accepted', UI_WAIT_MS);
    await waitForAttribute(page, FEEDBACK, 'data-agree', 'true', UI_WAIT_MS);
    const on = button === 'start';
    expect(await page.textContent(`${WRITE} [data-testid="write-commanded"]`)).toBe(on ? 'On' : 'Off');
    expect(await page.textContent(`${WRITE} [data-testid="write-actual"]`)).toBe(on ? 'On' : 'Off');
    await waitForAttribute(page, `${overviewElement('fp/state')} [data-state]`, 'data-state', on ? 'Running' : 'Stopped', UI_WAIT_MS);
    await waitForAttribute(page, `${overviewElement('p101')} [data-look]`, 'data-look', on ? 'on' : 'off', UI_WAIT_MS);
    expect(runtime!.engine.slot(`${PUMP}/Running`)?.current.value).toBe(on);
  }

  it(
    'starts and stops transfer pump P101 from its faceplate; the plant follows the command',
    async () => {
      await page.click(overviewElement('to-line'));
      await waitForOverviewScreen(page, 'line1');
      await page.click(overviewElement('p101'));
      await page.waitForSelector(`${OVERVIEW} [data-testid="faceplate:pump-faceplate"]`, { timeout: UI_WAIT_MS });
      await waitForAttribute(page, overviewElement('fp/commanded'), 'data-quality', 'good', UI_WAIT_MS);
      // The tank PLC's refill logic may be running the pump already: command the other way first.
      const running = runtime!.engine.slot(`${PUMP}/Running`)?.current.value === true;
      await command(running ? 'stop' : 'start');
      await page.screenshot({ path: screenshotPath('overview-pump-command') });
      await command(running ? 'start' : 'stop');
      // Newest first, values as JSON.
      const writes = runtime!.audit.search({ action: 'tags.write', limit: 10 }).records.filter((r) => r.target === `${PUMP}/Command`);
      expect(writes.map((r) => [r.user, r.newValue])).toEqual([
        ['operator', String(running)],
        ['operator', String(!running)],
      ]);
      await page.keyboard.press('Escape');
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'asks for an electronic signature to change the fill volume (a critical tag): a wrong password is refused, the right one writes it',
    async () => {
      await page.click(`${OVERVIEW} [data-testid="crumb:overview"]`);
      await waitForOverviewScreen(page, 'overview');
      await page.click(overviewElement('to-filler'));
      await waitForOverviewScreen(page, 'filler');
      await waitForAttribute(page, overviewElement('fill-volume'), 'data-quality', 'good', UI_WAIT_MS);
      expect(await page.textContent(`${overviewElement('fill-volume')} [data-testid="value-text"]`)).toBe('500');

      await page.click(overviewElement('fill-volume'));
      await page.fill(`${WRITE}[data-tag="${FILL}"] [data-testid="write-input"]`, '505');
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${WRITE} [data-testid="write-confirmation"]`, { timeout: UI_WAIT_MS });
      await page.keyboard.press('Enter');
      await page.waitForSelector(SIGNATURE, { timeout: UI_WAIT_MS });
      expect(await page.textContent(SIGNATURE)).toContain(`Write 505 to ${FILL} needs your signature`);
      expect(await page.getAttribute(FEEDBACK, 'data-state')).toBe('pending');
      // The signature dialog covers the screen area, not the alarm banner.
      const dialog = (await (await page.$(SIGNATURE))!.boundingBox())!;
      const banner = (await (await page.$('.hmi__banner-slot'))!.boundingBox())!;
      expect(dialog.y).toBeGreaterThanOrEqual(banner.y + banner.height);

      await page.fill(`${SIGNATURE} [data-testid="signature-password"]`, 'not-my-password');
      await page.selectOption(`${SIGNATURE} [data-testid="signature-meaning"]`, 'Performed');
      await page.fill(`${SIGNATURE} [data-testid="signature-reason"]`, 'Bottle size change to 505 ml (CR-7)');
      await page.click(`${SIGNATURE} [data-testid="signature-submit"]`);
      await expect.poll(() => page.textContent(`${SIGNATURE} [data-testid="signature-error"]`), { timeout: UI_WAIT_MS }).toContain('wrong user name or password');
      expect(runtime!.engine.slot(FILL)?.current.value).toBe(500);
      await page.screenshot({ path: screenshotPath('overview-signature-refused') });

      await page.fill(`${SIGNATURE} [data-testid="signature-password"]`, TEST_USERS.operator.password);
      await page.click(`${SIGNATURE} [data-testid="signature-submit"]`);
      await page.waitForSelector(SIGNATURE, { state: 'detached', timeout: UI_WAIT_MS });
      await waitForAttribute(page, FEEDBACK, 'data-state', 'accepted', UI_WAIT_MS);
      await expect.poll(() => page.textContent(`${overviewElement('fill-volume')} [data-testid="value-text"]`), { timeout: UI_WAIT_MS }).toBe('505');
      await page.screenshot({ path: screenshotPath('overview-signature-accepted') });

      // The audit trail has the refused signature, the signature with its meaning and reason, and the write.
      const refused = runtime!.audit.search({ action: 'signature.refused', limit: 1 }).records[0]!;
      expect(refused).toMatchObject({ user: 'operator', target: FILL });
      const signature = runtime!.audit.search({ action: 'signature', limit: 1 }).records[0]!;
      expect(signature).toMatchObject({ user: 'operator', target: FILL, meaning: 'Performed', reason: 'Bottle size change to 505 ml (CR-7)' });
      const write = runtime!.audit.search({ action: 'tags.write', limit: 1 }).records[0]!;
      expect(write).toMatchObject({ user: 'operator', target: FILL, newValue: '505' });
    },
    TEST_MS,
  );

  it(
    'says the write was refused when the signature is cancelled, and writes nothing',
    async () => {
      await page.fill(`${WRITE} [data-testid="write-input"]`, '510');
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${WRITE} [data-testid="write-confirmation"]`, { timeout: UI_WAIT_MS });
      await page.keyboard.press('Enter');
      await page.waitForSelector(SIGNATURE, { timeout: UI_WAIT_MS });
      await page.click(`${SIGNATURE} [data-testid="signature-cancel"]`);
      await waitForAttribute(page, FEEDBACK, 'data-state', 'refused', UI_WAIT_MS);
      expect(await page.textContent(FEEDBACK)).toBe(`Refused: 510 ml. Write 510 to ${FILL} was not signed and not done`);
      expect(runtime!.engine.slot(FILL)?.current.value).toBe(505);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});

/** A project that also wants a second person on every tag write (`verifierCalls`): the supervisor changes the fill volume. */
describe('a signed write with a verifier, from the Overview tab', () => {
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample({
      prepareProject: async (dir) => {
        const file = join(dir, 'project.json');
        const project = JSON.parse(await readFile(file, 'utf8')) as { security: { signatures: { verifierCalls: string[] } } };
        project.security.signatures.verifierCalls = ['tags.write'];
        await writeFile(file, JSON.stringify(project));
      },
    });
    ({ browser, page } = await openHmi(runtime, errors, 'supervisor'));
    await waitForOverviewScreen(page, 'overview');
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'asks for a verifier too, refuses the signer as their own verifier, and writes once another person verifies',
    async () => {
      await page.click(overviewElement('to-filler'));
      await waitForOverviewScreen(page, 'filler');
      await waitForAttribute(page, overviewElement('fill-volume'), 'data-quality', 'good', UI_WAIT_MS);
      await page.click(overviewElement('fill-volume'));
      await page.fill(`${WRITE}[data-tag="${FILL}"] [data-testid="write-input"]`, '495');
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${WRITE} [data-testid="write-confirmation"]`, { timeout: UI_WAIT_MS });
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${SIGNATURE} [data-testid="signature-verifier-name"]`, { timeout: UI_WAIT_MS });
      await page.fill(`${SIGNATURE} [data-testid="signature-password"]`, TEST_USERS.supervisor.password);
      await page.selectOption(`${SIGNATURE} [data-testid="signature-meaning"]`, 'Approved');
      await page.fill(`${SIGNATURE} [data-testid="signature-reason"]`, 'New bottle 495 ml (CR-8)');
      await page.fill(`${SIGNATURE} [data-testid="signature-verifier-name"]`, TEST_USERS.supervisor.name);
      await page.fill(`${SIGNATURE} [data-testid="signature-verifier-password"]`, TEST_USERS.supervisor.password);
      await page.click(`${SIGNATURE} [data-testid="signature-submit"]`);
      await expect.poll(() => page.textContent(`${SIGNATURE} [data-testid="signature-error"]`), { timeout: UI_WAIT_MS }).toContain('the verifier must be another person than the signer');
      expect(runtime!.engine.slot(FILL)?.current.value).toBe(500);

      await page.fill(`${SIGNATURE} [data-testid="signature-password"]`, TEST_USERS.supervisor.password);
      await page.fill(`${SIGNATURE} [data-testid="signature-verifier-name"]`, TEST_USERS.operator.name);
      await page.fill(`${SIGNATURE} [data-testid="signature-verifier-password"]`, TEST_USERS.operator.password);
      await page.screenshot({ path: screenshotPath('overview-signature-verifier') });
      await page.click(`${SIGNATURE} [data-testid="signature-submit"]`);
      await page.waitForSelector(SIGNATURE, { state: 'detached', timeout: UI_WAIT_MS });
      await waitForAttribute(page, FEEDBACK, 'data-state', 'accepted', UI_WAIT_MS);
      // The plant takes it; the value comes back over OPC UA.
      await expect.poll(() => runtime!.engine.slot(FILL)?.current.value, { timeout: UI_WAIT_MS }).toBe(495);
      const signature = runtime!.audit.search({ action: 'signature', limit: 1 }).records[0]!;
      expect(signature).toMatchObject({ user: 'supervisor', target: FILL, meaning: 'Approved', reason: 'New bottle 495 ml (CR-8)' });
      expect(JSON.parse(signature.newValue ?? '{}')).toMatchObject({ call: 'tags.write', verifier: TEST_USERS.operator.name });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
