import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../common/clock.ts';
import { DevMailServer } from '../../examples/dev-mail/dev-mail-server.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { notifyFile, startNotifyHarness, type NotifyHarness } from '../support/notify-harness.ts';
import { until } from '../support/until.ts';

const dirs: string[] = [];
const running: Array<{ close(): Promise<void> } | NotifyHarness> = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await ('close' in r ? r.close() : r.dispose());
});
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'lineside-notify-'));
  dirs.push(d);
  return d;
}

async function mailServer(options: Partial<ConstructorParameters<typeof DevMailServer>[0]> = {}): Promise<DevMailServer> {
  const server = new DevMailServer({ smtpPort: 0, ...options });
  await server.start();
  running.push(server);
  return server;
}

function harness(...args: Parameters<typeof startNotifyHarness>): NotifyHarness {
  const h = startNotifyHarness(...args);
  running.push(h);
  return h;
}

const HI = 'Line1/Pump1/Pressure/Hi';

describe('alarm notifications by e-mail, against a real SMTP server on loopback (smtp-server)', () => {
  it('mails a raised alarm to the first level of the roster with the alarm, value, equipment and a link; the log says sent under the Message-ID it carried', async () => {
    const mail = await mailServer();
    const h = harness({ dir: await folder(), clock: systemClock, file: notifyFile(mail.port, { linkCarriesToken: true }) });
    h.set('Line1/Pump1/Pressure', 9.25);
    const got = await until(() => mail.messages[0], 'the alarm mail');
    expect(got.to).toEqual(['anna@test.example']);
    expect(got.subject).toBe('[Test plant] HIGH Line1/Pump1: Pump 1 pressure 9.3 bar above 8');
    expect(got.text).toContain('Value:     9.25 bar');
    expect(got.text).toContain('Equipment: Line1/Pump1');
    expect(got.text).toContain(`http://127.0.0.1:8799/#token=station-token-for-tests&route=${encodeURIComponent(`/mobile?alarm=${encodeURIComponent(HI)}`)}`);
    const log = await until(() => h.notify.log(10).entries.find((e) => e.state === 'sent'), 'the log entry marked sent');
    expect(`<${log.id}>`).toBe(got.messageId);
    expect(log).toMatchObject({ rule: 'line1', alarmId: HI, kind: 'alarm', level: 0, channel: 'email', recipients: ['anna@test.example'], attempts: 1 });
    expect(log.history.map((a) => a.outcome)).toEqual(['sent']);
  });

  it('retries with backoff while the mail server is down and delivers the same message (same Message-ID) once it is back', async () => {
    const mail = await mailServer();
    await mail.down();
    const h = harness({ dir: await folder(), clock: systemClock, file: notifyFile(mail.port) });
    h.set('Line1/Pump1/Pressure', 9);
    const failing = await until(() => h.notify.log(10).entries.find((e) => e.attempts >= 2), 'two failed attempts');
    expect(failing.state).toBe('pending');
    expect(failing.lastError).toMatch(/ECONNREFUSED|ECONNECTION|connect/i);
    expect(failing.history.every((a) => a.outcome === 'retry')).toBe(true);
    // Backoff: the attempts are spread (≥ 100 ms apart: half the 200 ms ceiling at least), not a burst.
    expect(failing.history[1]!.at - failing.history[0]!.at).toBeGreaterThanOrEqual(100);
    await mail.up();
    const got = await until(() => mail.messages[0], 'the mail after the server came back', 15_000);
    const sent = await until(() => h.notify.log(10).entries.find((e) => e.state === 'sent'), 'the entry marked sent');
    expect(got.messageId).toBe(`<${failing.id}>`);
    expect(sent.id).toBe(failing.id);
    expect(sent.history.at(-1)!.outcome).toBe('sent');
    expect(mail.messages).toHaveLength(1);
  });

  it('survives a restart: a message queued while the server was down goes out after the restart, and nothing sent is sent again', async () => {
    const dir = await folder();
    const mail = await mailServer();
    const file = notifyFile(mail.port);
    let h = harness({ dir, clock: systemClock, file });
    h.set('Line1/Pump1/Pressure', 9);
    await until(() => mail.messages.length === 1, 'the first alarm mail');
    await until(() => h.notify.log(10).counts.sent === 1, 'the first mail marked sent');
    await mail.down();
    h.set('Line1/Pump2/Pressure', 9);
    const queued = await until(() => h.notify.log(10).entries.find((e) => e.alarmId === 'Line1/Pump2/Pressure/Hi' && e.attempts >= 1), 'the second mail failing');
    await h.dispose();
    running.splice(running.indexOf(h), 1);
    await mail.up();

    h = harness({ dir, clock: systemClock, file });
    await until(() => mail.messages.length === 2, 'the queued mail after the restart', 15_000);
    expect(mail.messages[0]!.messageId).toBe(`<${queued.id}>`);
    // A third alarm after the restart is mailed too; the two before are not mailed again.
    h.set('Line1/Pump3/Pressure', 9);
    await until(() => mail.messages.length === 3, 'the third alarm mail');
    await until(() => h.notify.log(10).counts.sent === 3, 'three sent in the log');
    expect(new Set(mail.messages.map((m) => m.messageId)).size).toBe(3);
    expect(mail.messages.map((m) => m.subject).filter((s) => s.includes('Pump 1 '))).toHaveLength(1);
  });

  it('authenticates with the password from the secrets file: without it the mail waits, saying which secret to set', async () => {
    const mail = await mailServer({ auth: { user: 'lineside', password: 'smtp-password-for-tests' } });
    const h = harness({
      dir: await folder(),
      clock: systemClock,
      file: notifyFile(mail.port, { email: { host: '127.0.0.1', port: mail.port, ignoreTLS: true, from: 'lineside@test.example', auth: { user: 'lineside', password: { secret: 'notify.smtp.password' } } } }),
    });
    h.set('Line1/Pump1/Pressure', 9);
    const waiting = await until(() => h.notify.log(10).entries.find((e) => e.attempts >= 1), 'a failed attempt');
    expect(waiting.lastError).toContain('npm run secrets -- set notify.smtp.password');
    expect(h.secrets.set('notify.smtp.password', 'smtp-password-for-tests').ok).toBe(true);
    const got = await until(() => mail.messages[0], 'the mail once the password is set', 15_000);
    expect(got.to).toEqual(['anna@test.example']);
    // The log and the message never carry the password.
    expect(JSON.stringify(h.notify.log(10))).not.toContain('smtp-password-for-tests');
  });

  it('a wrong password is retried (not given up) and named in the log', async () => {
    const mail = await mailServer({ auth: { user: 'lineside', password: 'right-password-123' } });
    const dir = await folder();
    const h = harness({
      dir,
      clock: systemClock,
      file: notifyFile(mail.port, { email: { host: '127.0.0.1', port: mail.port, ignoreTLS: true, from: 'l@test.example', auth: { user: 'lineside', password: { secret: 'notify.smtp.password' } } } }),
    });
    h.secrets.set('notify.smtp.password', 'wrong-password-456');
    h.set('Line1/Pump1/Pressure', 9);
    const failed = await until(() => h.notify.log(10).entries.find((e) => e.attempts >= 1), 'a failed attempt');
    expect(failed.state).toBe('pending');
    expect(failed.lastError).toMatch(/EAUTH|Invalid/);
    expect(mail.messages).toHaveLength(0);
  });

  it('posts to a webhook with the bearer secret and the message id as Idempotency-Key', async () => {
    const received: Array<{ headers: IncomingMessage['headers']; body: Record<string, unknown> }> = [];
    const hook = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', () => resolve()));
    running.push({ close: () => new Promise<void>((resolve) => hook.close(() => resolve())) });
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/sms`;
    const h = harness({
      dir: await folder(),
      clock: systemClock,
      file: notifyFile(1, {
        email: undefined,
        webhooks: [{ name: 'sms', url, secret: { secret: 'notify.webhooks.sms' } }],
        rules: [{ name: 'line1', match: { areas: ['Line1'] }, roster: 'maint', channels: ['webhook:sms'] }],
      }),
    });
    h.secrets.set('notify.webhooks.sms', 'webhook-secret-for-tests');
    h.set('Line1/Pump1/Pressure', 9.5);
    const got = await until(() => received[0], 'the webhook call');
    const entry = await until(() => h.notify.log(10).entries.find((e) => e.state === 'sent'), 'the webhook message marked sent');
    expect(got.headers['authorization']).toBe('Bearer webhook-secret-for-tests');
    expect(got.headers['idempotency-key']).toBe(entry.id);
    expect(got.body).toMatchObject({ kind: 'alarm', value: 9.5, units: 'bar', equipment: 'Line1/Pump1', alarm: { id: HI, priority: 'high' }, people: [{ name: 'anna' }] });
  });
});

describe('escalation, quiet hours and the flood guard, on a clock moved by hand', () => {
  it('escalates to the next level when nobody acknowledged within its minutes, not before, and not after an acknowledgement', async () => {
    const mail = await mailServer();
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0, 0));
    const h = harness({ dir: await folder(), clock, file: notifyFile(mail.port) });
    h.set('Line1/Pump1/Pressure', 9);
    h.set('Line1/Pump2/Pressure', 9);
    await until(() => mail.messages.length === 2, 'the two first mails');
    expect(mail.messages.every((m) => m.to[0] === 'anna@test.example')).toBe(true);

    clock.advance(5 * 60_000);
    expect(h.alarms.acknowledgeOne({ name: 'ann', role: 'operator' }, 'Line1/Pump2/Pressure/Hi', 'on my way').ok).toBe(true);
    clock.advance(4 * 60_000 + 59_000);
    h.notify.service.tick();
    await h.notify.dispatcher.idle();
    expect(h.notify.log(20).entries).toHaveLength(2);

    clock.advance(1000);
    h.notify.service.tick();
    const escalated = await until(() => mail.messages.find((m) => m.to[0] === 'dana@test.example'), 'the escalation mail');
    expect(escalated.subject).toContain('ESCALATED (level 2)');
    expect(escalated.subject).toContain('Pump 1');
    const entries = h.notify.log(20).entries;
    expect(entries.filter((e) => e.kind === 'escalation').map((e) => e.alarmId)).toEqual([HI]);
    // No level after dana: nothing more, however long it stays unacknowledged.
    clock.advance(60 * 60_000);
    h.notify.service.tick();
    await h.notify.dispatcher.idle();
    expect(h.notify.log(20).entries).toHaveLength(3);
  });

  it('holds back what quiet hours do not allow (logged as quiet) and sends critical alarms through them', async () => {
    const mail = await mailServer();
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 23, 0, 0));
    const h = harness({ dir: await folder(), clock, file: notifyFile(mail.port, { quietHours: { start: '22:00', end: '06:00' } }) });
    h.set('Line1/Pump1/Pressure', 9);
    const quiet = await until(() => h.notify.log(10).entries[0], 'the held-back entry');
    expect(quiet).toMatchObject({ state: 'quiet', alarmId: HI });
    expect(quiet.history.map((a) => a.outcome)).toEqual(['quiet']);
    const critical = harness({ dir: await folder(), clock, priority: 'critical', file: notifyFile(mail.port, { quietHours: { start: '22:00', end: '06:00' } }) });
    critical.set('Line1/Pump1/Pressure', 9);
    await until(() => mail.messages[0], 'the critical mail in quiet hours');
    expect(mail.messages).toHaveLength(1);
    expect(mail.messages[0]!.subject).toContain('CRITICAL');
  });

  it('a flood of 50 alarms sends the first 3 and one summary of the rest when the window ends', async () => {
    const mail = await mailServer();
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0, 0));
    const h = harness({ dir: await folder(), clock, count: 50, file: notifyFile(mail.port, { flood: { windowSeconds: 60, maxMessages: 3 } }) });
    for (let i = 1; i <= 50; i++) {
      h.set(`Line1/Pump${i}/Pressure`, 9);
      clock.advance(100);
    }
    await until(() => mail.messages.length === 3, 'the first three mails');
    clock.advance(60_000);
    h.notify.service.tick();
    const summary = await until(() => mail.messages.find((m) => m.subject.includes('Alarm flood')), 'the flood summary');
    expect(summary.subject).toBe('[Test plant] Alarm flood: 47 alarms (line1)');
    expect(summary.text).toContain('- and 27 more');
    await h.notify.dispatcher.idle();
    expect(mail.messages).toHaveLength(4);
    expect(
      h.notify
        .log(100)
        .entries.map((e) => e.kind)
        .sort(),
    ).toEqual(['alarm', 'alarm', 'alarm', 'summary']);
  });
  it('a restart inside a flood window keeps the window: the alarms held before and after it are in the one summary at its end', async () => {
    const dir = await folder();
    const mail = await mailServer();
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0, 0));
    const file = notifyFile(mail.port, { flood: { windowSeconds: 60, maxMessages: 3 } });
    let h = harness({ dir, clock, count: 12, file });
    for (let i = 1; i <= 8; i++) {
      h.set(`Line1/Pump${i}/Pressure`, 9);
      clock.advance(100);
    }
    await until(() => mail.messages.length === 3, 'the first three mails');
    await h.notify.dispatcher.idle();
    await h.dispose();
    running.splice(running.indexOf(h), 1);

    clock.advance(10_000);
    h = harness({ dir, clock, count: 12, file });
    // The window is still open: more alarms are held, not mailed one by one.
    for (let i = 9; i <= 12; i++) h.set(`Line1/Pump${i}/Pressure`, 9);
    await h.notify.dispatcher.idle();
    expect(mail.messages).toHaveLength(3);
    clock.advance(60_000);
    h.notify.service.tick();
    const summary = await until(() => mail.messages.find((m) => m.subject.includes('Alarm flood')), 'the flood summary after the restart');
    expect(summary.subject).toBe('[Test plant] Alarm flood: 9 alarms (line1)');
    for (const n of [4, 8, 9, 12]) expect(summary.text).toContain(`Pump ${n} pressure`);
    await h.notify.dispatcher.idle();
    expect(mail.messages).toHaveLength(4);
    // The window is gone from the store: a further restart sends no second summary.
    await h.dispose();
    running.splice(running.indexOf(h), 1);
    h = harness({ dir, clock, count: 12, file });
    clock.advance(120_000);
    h.notify.service.tick();
    await h.notify.dispatcher.idle();
    expect(mail.messages).toHaveLength(4);
  });
});

describe("messages in the reader's language", () => {
  it('mails a German reader in German (notify.json language) and an English one in English, each under its own Message-ID; a German flood summary too', async () => {
    const mail = await mailServer();
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0, 0));
    const file = notifyFile(mail.port, {
      people: [
        { name: 'anna', email: 'anna@test.example' },
        { name: 'jonas', email: 'jonas@test.example', language: 'de' },
        { name: 'ben', email: 'ben@test.example' },
      ],
      rosters: [{ name: 'maint', shifts: {}, otherwise: [{ people: ['anna', 'jonas', 'ben'] }] }],
      flood: { windowSeconds: 60, maxMessages: 1 },
    });
    // ben chose German in the HMI (his account); anna has no choice: the default, English.
    const h = harness({ dir: await folder(), clock, count: 3, file, accountLanguage: (name) => (name === 'ben' ? 'de' : undefined) });
    h.set('Line1/Pump1/Pressure', 9.25);
    await until(() => mail.messages.length === 2, 'one mail per language');
    const german = mail.messages.find((m) => m.to.includes('jonas@test.example'))!;
    expect(german.to.sort()).toEqual(['ben@test.example', 'jonas@test.example']);
    const english = mail.messages.find((m) => m.to[0] === 'anna@test.example')!;
    expect(german.subject).toBe('[Test plant] HOCH Line1/Pump1: Pump 1 pressure 9.3 bar above 8');
    expect(german.text).toContain('Ein Alarm braucht Ihre Aufmerksamkeit.');
    expect(german.text).toContain('Anlagenteil: Line1/Pump1');
    expect(german.text).toContain('Öffnen (quittieren, zurückstellen, kommentieren): http://127.0.0.1:8799/#/mobile?alarm=');
    expect(english.subject).toBe('[Test plant] HIGH Line1/Pump1: Pump 1 pressure 9.3 bar above 8');
    expect(english.text).toContain('Equipment: Line1/Pump1');
    expect(german.messageId).not.toBe(english.messageId);

    h.set('Line1/Pump2/Pressure', 9);
    h.set('Line1/Pump3/Pressure', 9);
    clock.advance(60_000);
    h.notify.service.tick();
    const summary = await until(() => mail.messages.find((m) => m.to.includes('jonas@test.example') && m.subject.includes('Alarmflut')), 'the German flood summary');
    expect(summary.subject).toBe('[Test plant] Alarmflut: 2 Alarme (line1)');
    expect(summary.text).toContain('2 weitere Alarme der Regel line1 innerhalb von 60 s (2 × Hoch)');
  });

  it("takes the project's translation of the alarm message for the reader's language", async () => {
    const mail = await mailServer();
    const file = notifyFile(mail.port, { people: [{ name: 'anna', email: 'anna@test.example', language: 'de' }] });
    const h = harness({
      dir: await folder(),
      clock: systemClock,
      file,
      translate: (info, language) => (language === 'de' ? { ...info, message: `Druck Pumpe 1 ${String(info.messageValues?.['value'])} bar über ${String(info.messageValues?.['limit'])}` } : info),
    });
    h.set('Line1/Pump1/Pressure', 9.5);
    const got = await until(() => mail.messages[0], 'the German mail');
    expect(got.subject).toBe('[Test plant] HOCH Line1/Pump1: Druck Pumpe 1 9.5 bar über 8');
  });
});
