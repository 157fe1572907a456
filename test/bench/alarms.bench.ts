import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlarmDefinitionSchema, type AlarmDefinition } from '../../common/alarms.ts';
import { TagDefinitionSchema } from '../../common/tag.ts';
import type { DriverChange } from '../../drivers/api.ts';
import { AlarmService } from '../../main/core/alarms/alarm-service.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { alarmFloodBench } from './alarm-flood.bench.ts';
import type { BenchGroup } from './figure.ts';

const TAGS = 25_000;
/** HiHi, Hi, Lo, LoLo on every tag: 100,000 configured alarms. */
const LIMITS = [
  ['HiHi', 'hihi', 90],
  ['Hi', 'hi', 80],
  ['Lo', 'lo', 20],
  ['LoLo', 'lolo', 10],
] as const;
const CHANGES_PER_S = 50_000;
const BATCH = 1000;
const SECONDS = 5;

/**
 * Alarm evaluation through the tag engine's sink, with the real SQLite journal: a plant of 25,000
 * analog tags with four limit alarms each, fed 50,000 changes per second of plant time (batches of
 * 1,000 = 20 ms). Driven as fast as the process allows, the figure is the capacity in evaluations per
 * second of wall time; the share of one core that the 50,000 changes/s load costs is reported too.
 */
export const alarmsBench: BenchGroup = async (report) => {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-alarm-bench-'));
  const tags = Array.from({ length: TAGS }, (_, i) => TagDefinitionSchema.parse({ path: `Bench/Area${i % 100}/T${i}`, dataType: 'float64', units: '%', source: { device: 'bench', address: `r${i}` } }));
  const alarms: AlarmDefinition[] = tags.flatMap((t, i) =>
    LIMITS.map(([suffix, type, limit]) =>
      AlarmDefinitionSchema.parse({
        id: `${t.path}/${suffix}`,
        tag: t.path,
        condition: { type, limit },
        priority: type === 'hihi' || type === 'lolo' ? 'high' : 'medium',
        message: `${t.path} {value} {units} (${suffix} {limit})`,
        area: `Area${i % 100}`,
        deadband: 1,
      }),
    ),
  );
  let plantTime = Date.UTC(2026, 0, 1);
  const clock = { now: () => plantTime };
  const engine = new TagEngine(tags, clock);
  const opened = AlarmService.open({ projectDir: dir, dataDir: dir, files: [{ file: 'alarms/bench.json', alarms }], tags, engine, clock });
  if (!opened.ok) throw new Error(opened.error.message);
  const service = opened.value;
  try {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const values = new Float64Array(TAGS).fill(50);
    let next = 0;
    const batch: DriverChange[] = Array.from({ length: BATCH }, () => ({ handle: 0, value: { value: 0, quality: 'Good', sourceTime: 0, serverTime: 0 } }));
    /** Each tag walks around 50 % by up to ±step/2 per change; the step sets how often limits are crossed. */
    const push = (step: number) => {
      plantTime += (BATCH * 1000) / CHANGES_PER_S;
      for (const change of batch) {
        const id = next;
        next = next + 1 === TAGS ? 0 : next + 1;
        let v = values[id]! + (random() - 0.5) * step;
        if (v < 0 || v > 100) v = 50;
        values[id] = v;
        change.handle = id;
        change.value = { value: v, quality: 'Good', sourceTime: plantTime, serverTime: plantTime };
      }
      engine.ingest(batch);
    };
    const measure = (step: number, seconds: number) => {
      const warmupEnd = performance.now() + 1000;
      while (performance.now() < warmupEnd) push(step);
      const evaluations0 = service.engine.evaluations;
      const journal0 = service.history({ limit: 1, offset: 0 }).total;
      const plant0 = plantTime;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      while (performance.now() - t0 < seconds * 1000) push(step);
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const plantSeconds = (plantTime - plant0) / 1000;
      return {
        perSecond: Math.round(((service.engine.evaluations - evaluations0) * 1000) / wallMs),
        transitionsPerPlantSecond: Math.round((service.history({ limit: 1, offset: 0 }).total - journal0) / plantSeconds),
        coresAtLoad: round((cpu.user + cpu.system) / 1e6 / plantSeconds),
      };
    };
    const setup = `${alarms.length} alarms (${TAGS} tags × HiHi/Hi/Lo/LoLo), ${CHANGES_PER_S} changes per second of plant time in batches of ${BATCH} through TagEngine.ingest and its sink, real SQLite journal (WAL); 2 cores shared with other work`;
    const normal = measure(4, SECONDS);
    const against = `${setup}; ${normal.transitionsPerPlantSecond} transitions/s journaled`;
    report({ name: 'alarms.evaluations_per_s', value: normal.perSecond, unit: 'evaluations/s', target: '>= 1000000', against });
    report({ name: 'alarms.cpu_share_at_50k_changes_per_s', value: normal.coresAtLoad, unit: 'cores', against: `CPU time (user + system, incl. tag engine) per second of the steady load; ${against}` });
    const flood = measure(12, 3);
    report({
      name: 'alarms.evaluations_per_s_flood',
      value: flood.perSecond,
      unit: 'evaluations/s',
      baseline: { name: 'alarms.evaluations_per_s', value: normal.perSecond },
      against: `${setup}; an alarm flood of ${flood.transitionsPerPlantSecond} transitions/s journaled (one transaction per batch)`,
    });
  } finally {
    service.dispose();
    engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
  // The same flood seen by an operator: the alarm summary in Chromium (alarms.flood_*).
  await alarmFloodBench(report);
};

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
