import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../common/clock.ts';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DevMailReadyMessage } from '../../examples/dev-mail/main.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { notifyFile, startNotifyHarness } from '../support/notify-harness.ts';
import type { BenchGroup } from './figure.ts';

const LATENCY_ALARMS = 1000;
/** Raised 10 at a time every 50 ms: 200 alarms/s, 5 s in all. */
const BURST = 10;
const BURST_EVERY_MS = 50;
const FLOOD_ALARMS = 500;
const FLOOD_SECONDS = 10;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const machine = () => `${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}`;

/**
 * Notifications (issue 21): alarm raised → message accepted by a real SMTP server on loopback
 * (smtp-server, the example's development mail server), through the alarm engine, the rules, the
 * SQLite outbox and nodemailer's pooled transport; and how many messages an alarm flood sends.
 */
export const notifyBench: BenchGroup = async (report) => {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-notify-bench-'));
  // The mail server in a process of its own, as a real one would be (it parses every message it receives).
  const child: ChildProcess = fork(fileURLToPath(new URL('../../examples/dev-mail/main.ts', import.meta.url)), ['--port', '0', '--http-port', '0', '--quiet'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<DevMailReadyMessage>((resolve, reject) => {
    child.once('message', (m) => resolve(m as DevMailReadyMessage));
    child.once('exit', (code) => reject(new Error(`the development mail server exited (${code})`)));
  });
  const mail = {
    port: Number(new URL(ready.smtp).port),
    received: async () => ((await (await fetch(ready.mailbox)).json()) as unknown[]).length,
    clear: async () => void (await fetch(ready.mailbox, { method: 'DELETE' })),
  };
  await mkdir(join(dir, 'latency'));
  await mkdir(join(dir, 'flood'));
  try {
    // 1. Latency: 1,000 alarms, the flood guard out of the way (it would sum them up, which is the point of part 2).
    {
      const h = startNotifyHarness({ dir: join(dir, 'latency'), clock: systemClock, count: LATENCY_ALARMS, file: notifyFile(mail.port, { flood: { windowSeconds: 60, maxMessages: 100_000 } }) });
      const raisedAt = new Map<string, number>();
      const latencies: number[] = [];
      const queued: number[] = [];
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${latencies.length} of ${LATENCY_ALARMS} mails accepted within 120 s`)), 120_000);
        h.notify.dispatcher.onDidSend((message) => {
          latencies.push(Date.now() - raisedAt.get(message.alarmId)!);
          queued.push(Date.now() - message.createdAt);
          if (latencies.length === LATENCY_ALARMS) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      try {
        for (let i = 0; i < LATENCY_ALARMS; i += BURST) {
          const paths: string[] = [];
          for (let j = i; j < i + BURST; j++) {
            raisedAt.set(`Line1/Pump${j + 1}/Pressure/Hi`, Date.now());
            paths.push(`Line1/Pump${j + 1}/Pressure`);
          }
          // One poll of a driver: the 10 values in one batch.
          h.setMany(paths, 9);
          await new Promise((resolve) => setTimeout(resolve, BURST_EVERY_MS));
        }
        await done;
      } finally {
        await h.dispose();
      }
      latencies.sort((a, b) => a - b);
      queued.sort((a, b) => a - b);
      const first = Math.min(...raisedAt.values());
      const against = `${LATENCY_ALARMS} alarms raised ${BURST} every ${BURST_EVERY_MS} ms, one e-mail each, smtp-server on loopback, nodemailer pool of 8; ${machine()}`;
      report({ name: 'notify.alarm_to_mail_p50_ms', value: percentile(latencies, 50), unit: 'ms', against });
      report({ name: 'notify.alarm_to_mail_p99_ms', value: percentile(latencies, 99), unit: 'ms', target: '<= 2000', against });
      report({ name: 'notify.queued_to_mail_p99_ms', value: percentile(queued, 99), unit: 'ms', against: `${against} (from the outbox commit: the rest is the alarm engine and the rules)` });
      report({ name: 'notify.mails_per_s', value: Math.round((LATENCY_ALARMS * 1000) / (Date.now() - first)), unit: 'mails/s', against });
    }
    // 2. A flood: 500 alarms within 10 s (plant time on a clock moved by hand), the example's guard (3 per 60 s window, then one summary).
    {
      await mail.clear();
      const clock = new ManualClock(Date.UTC(2026, 0, 5, 10, 0, 0));
      const h = startNotifyHarness({ dir: join(dir, 'flood'), clock, count: FLOOD_ALARMS, file: notifyFile(mail.port, { flood: { windowSeconds: 60, maxMessages: 3 } }) });
      try {
        for (let i = 1; i <= FLOOD_ALARMS; i++) {
          h.set(`Line1/Pump${i}/Pressure`, 9);
          clock.advance((FLOOD_SECONDS * 1000) / FLOOD_ALARMS);
        }
        clock.advance(60_000);
        h.notify.service.tick();
        await h.notify.dispatcher.idle();
        const deadline = Date.now() + 30_000;
        while (h.notify.log(1000).counts.pending > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        const perRule = h.notify.log(1000).entries.filter((e) => e.rule === 'line1').length;
        report({
          name: 'notify.flood_messages',
          value: perRule,
          unit: 'messages',
          target: '<= 5 per rule',
          against: `${FLOOD_ALARMS} alarms in ${FLOOD_SECONDS} s under one rule, flood guard 3 per 60 s + one summary; ${await mail.received()} received by the SMTP server; ${machine()}`,
        });
      } finally {
        await h.dispose();
      }
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    await rm(dir, { recursive: true, force: true });
  }
};
