import { cpus } from 'node:os';
import type { DriverItem } from '../../drivers/api.ts';
import { ModbusConfigSchema } from '../../drivers/modbus/config.ts';
import { ModbusDriver, type PollCycle } from '../../drivers/modbus/modbus-driver.ts';
import { freePort, ModbusMemory, startServer } from '../integration/modbus-server.ts';
import type { BenchGroup } from './figure.ts';

const REGISTERS = 10_000;
const BLOCKS = 20;
const CYCLES = 6;

interface Run {
  cycles: PollCycle[];
  changes: number;
}

/** Polls 10,000 registers in 20 scattered blocks once a second for CYCLES cycles; every register changes each cycle. */
async function pollRun(maxConcurrentRequests: number): Promise<Run> {
  const memory = new ModbusMemory();
  const unit = memory.unit(1);
  const server = await startServer(memory, await freePort());
  const perBlock = REGISTERS / BLOCKS;
  const items: DriverItem[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const start = b * 3000 + (b % 7) * 37;
    for (let i = 0; i < perBlock; i++) items.push({ handle: items.length, address: `hr:${start + i}` });
  }
  const config = ModbusConfigSchema.parse({ host: '127.0.0.1', port: server.port, pollMs: 1000, timeoutMs: 2000, maxConcurrentRequests });
  const driver = new ModbusDriver(config, { deviceName: 'bench', projectDir: '.', dataDir: '.', now: Date.now });
  const run: Run = { cycles: [], changes: 0 };
  const subscription = driver.subscribe(items, (batch) => (run.changes += batch.length));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fewer than ${CYCLES} cycles in ${CYCLES * 2} s`)), CYCLES * 2000);
      driver.onDidCompletePoll((cycle) => {
        run.cycles.push(cycle);
        unit.hr.fill(run.cycles.length);
        if (run.cycles.length >= CYCLES) {
          clearTimeout(timer);
          resolve();
        }
      });
      void driver.connect();
    });
  } finally {
    subscription.dispose();
    driver.dispose();
    await server.close();
  }
  return run;
}

const HEALTHY_PERIOD_MS = 1000;
const HEALTHY_RUN_MS = 23_000;
/** The first poll waits for unit 9 twice (timeout and retry): the figure is about the time after. */
const WARM_UP_MS = 3_000;

/**
 * Two drives behind one gateway connection (units 1 and 2) and a third unit id (9) that never answers,
 * with the device defaults (poll every 1 s, timeout 1 s, one retry, unit backoff 1..10 s): the mean
 * period of the polls that read the healthy units over 20 s. Unit 9 is asked again at its backed-off
 * rate, one request each time, apart from the polls.
 */
async function healthyUnitRun(): Promise<{ periodMs: number; polls: number; probes: number; timeouts: number }> {
  const memory = new ModbusMemory();
  memory.silentUnits.add(9);
  const server = await startServer(memory, await freePort());
  const items: DriverItem[] = [1, 2, 9].flatMap((unitId, u) => Array.from({ length: 10 }, (_, i) => ({ handle: u * 100 + i, address: `hr:${i * 2}`, options: { unitId } })));
  const config = ModbusConfigSchema.parse({ host: '127.0.0.1', port: server.port });
  const driver = new ModbusDriver(config, { deviceName: 'bench', projectDir: '.', dataDir: '.', now: Date.now });
  const subscription = driver.subscribe(items, () => undefined);
  const polls: number[] = [];
  const started = performance.now();
  let unit9: ReturnType<ModbusDriver['units']>[number] | undefined;
  try {
    await new Promise<void>((resolve) => {
      driver.onDidCompletePoll(() => {
        const now = performance.now();
        if (now - started >= WARM_UP_MS) polls.push(now);
        if (now - started >= HEALTHY_RUN_MS) resolve();
      });
      void driver.connect();
    });
    unit9 = driver.units().find((u) => u.unitId === 9);
  } finally {
    subscription.dispose();
    driver.dispose();
    await server.close();
  }
  const periodMs = (polls.at(-1)! - polls[0]!) / (polls.length - 1);
  return { periodMs, polls: polls.length, probes: unit9?.requests ?? 0, timeouts: unit9?.timeouts ?? 0 };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const slowest = (run: Run) => round(Math.max(...run.cycles.map((c) => c.durationMs)));
const median = (run: Run) => round([...run.cycles.map((c) => c.durationMs)].sort((a, b) => a - b)[Math.floor(run.cycles.length / 2)]!);

/**
 * 10,000 holding registers in 20 blocks of 500 scattered over the address space, polled once a second
 * from a local modbus-serial ServerTCP (in-process, so its work is on the same event loop); every register
 * changes each cycle, so each cycle also delivers 10,000 changes. Figures: requests per cycle and the
 * slowest cycle, with the default one request at a time, and with 4 outstanding (maxConcurrentRequests).
 */
export const modbusBench: BenchGroup = async (report) => {
  const serial = await pollRun(1);
  const against = (run: Run, outstanding: number) =>
    `${REGISTERS} uint16 tags in ${BLOCKS} blocks, local modbus-serial ServerTCP in-process, ${outstanding} request(s) outstanding, ${run.cycles.length} cycles at 1 s, ${run.changes} changes delivered, median ${median(run)} ms, ${cpus().length} cores shared`;
  report({ name: 'modbus.requests_per_cycle', value: Math.max(...serial.cycles.map((c) => c.requests)), unit: 'requests', target: '<= 100', against: against(serial, 1) });
  report({ name: 'modbus.cycle_ms', value: slowest(serial), unit: 'ms (slowest cycle)', target: '<= 250', against: against(serial, 1) });
  const pipelined = await pollRun(4);
  report({
    name: 'modbus.cycle_ms_4_outstanding',
    value: slowest(pipelined),
    unit: 'ms (slowest cycle)',
    baseline: { name: 'modbus.cycle_ms', value: slowest(serial) },
    target: '<= 250',
    against: against(pipelined, 4),
  });
  const healthy = await healthyUnitRun();
  report({
    name: 'modbus.healthy_unit_period_ms',
    value: round(healthy.periodMs),
    unit: `ms (mean poll period of the healthy units, configured ${HEALTHY_PERIOD_MS} ms)`,
    target: `<= ${HEALTHY_PERIOD_MS * 1.1} (within 10 % of the configured period)`,
    against: `units 1 and 2 answering and unit 9 never answering on one Modbus TCP connection (local modbus-serial ServerTCP in-process), 10 holding registers each, device defaults (poll 1 s, timeout 1 s, 1 retry, unit backoff 1..10 s); ${healthy.polls} polls over ${(HEALTHY_RUN_MS - WARM_UP_MS) / 1000} s after a ${WARM_UP_MS / 1000} s warm-up; unit 9 asked ${healthy.probes} times (${healthy.timeouts} without an answer); ${cpus().length} cores shared`,
  });
};
