import { cpus } from 'node:os';
import type { DriverItem } from '../../drivers/api.ts';
import { ModbusConfigSchema } from '../../drivers/modbus/config.ts';
import { ModbusDriver, type PollCycle } from '../../drivers/modbus/modbus-driver.ts';
import { freePort, ModbusMemory, startServer } from '../integration/modbus-server.ts';
import type { BenchGroup } from './run.ts';

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
};
