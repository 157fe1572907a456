import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MesConfigSchema, type MesConfig } from '../../common/mes-config.ts';
import { ok } from '../../common/result.ts';
import { TagDefinitionSchema } from '../../common/tag.ts';
import { OEE_TAG_FIELDS } from '../../main/core/oee/oee-tags.ts';
import type { MesConnector } from '../../main/core/mes/connector.ts';
import { builtinConnectorTypes } from '../../main/core/mes/connector-types.ts';
import { openStationSecrets } from '../../main/core/secrets/station-secrets.ts';
import { MesService, type MesServiceOptions } from '../../main/core/mes/mes-service.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { TagWriter } from '../../main/core/tags/tag-writer.ts';
import { MemoryAuditSink } from './memory-audit-sink.ts';

/** The test PLC's tags, by handle: set them as a PLC would report them. */
export const TAG = { good: 0, reject: 1, state: 2, speed: 3, temp: 4, oee: 5, availability: 6, performance: 7, quality: 8 } as const;

/**
 * One line of a MES service driven by the test: the PLC's counters and machine state are set by the
 * test, parameter writes are echoed back (unless `plc.stubborn`), and the connectors are built from
 * `mes.json`-shaped config by the real transport factories.
 */
export interface TestLine {
  mes: MesService;
  /** What the MES service audited (the runtime sends it to the station's audit trail). */
  audit: MemoryAuditSink;
  engine: TagEngine;
  dir: string;
  plc: { stubborn: boolean; writes: Array<{ tag: number; value: unknown }> };
  set(handle: number, value: number | null, quality?: string): void;
  dispose(): Promise<void>;
}

export const LINE = {
  workCentre: 'Line1',
  equipment: 'Line1',
  counters: { good: { tag: 'L1/Good', rolloverAt: 65535 }, reject: { tag: 'L1/Reject', rolloverAt: 65535 } },
  stateTag: 'L1/State',
  downStates: [{ value: 5, category: 'unplanned' }],
  parameters: [
    { name: 'LineSpeed', tag: 'L1/Speed', tolerance: 0.5, required: true },
    { name: 'FillTemp', tag: 'L1/Temp', tolerance: 0.1 },
  ],
};

export const REASONS = [
  { code: 'JAM', label: 'Bottle jam', kind: 'downtime', category: 'unplanned' },
  { code: 'REJECT', label: 'Rejected', kind: 'scrap' },
];

export async function startTestLine(config: unknown, extra: Partial<MesServiceOptions> & { connectors?: MesConnector[] } = {}): Promise<TestLine> {
  const dir = mkdtempSync(join(tmpdir(), 'lineside-mes-test-line-'));
  const clock = { now: () => Date.now() };
  const tags = [
    { path: 'L1/Good', dataType: 'uint16' },
    { path: 'L1/Reject', dataType: 'uint16' },
    { path: 'L1/State', dataType: 'int16', states: { '2': 'Running', '5': 'Fault' } },
    { path: 'L1/Speed', dataType: 'float64', writable: true },
    { path: 'L1/Temp', dataType: 'float64', writable: true },
    // The live OEE tags the runtime computes for a shifts.json line of this name (main/core/oee).
    ...OEE_TAG_FIELDS.map((f) => ({ path: `Line1/OEE/${f.name}`, dataType: 'float64', units: f.units || 'bottles' })),
  ].map((t, i) => TagDefinitionSchema.parse({ ...t, source: { device: 'plc', address: `r${i}` } }));
  const engine = new TagEngine(tags, clock);
  const set = (handle: number, value: number | null, quality = 'Good') => engine.ingest([{ handle, value: { value, quality: quality as 'Good', sourceTime: clock.now(), serverTime: clock.now() } }]);
  const plc = { stubborn: false, writes: [] as Array<{ tag: number; value: unknown }> };
  const writer = new TagWriter(
    engine,
    {
      write: async (_d, address, raw) => {
        const tag = Number(address.slice(1));
        plc.writes.push({ tag, value: raw });
        if (!plc.stubborn) set(tag, raw as number);
        return ok(undefined);
      },
    },
    clock,
  );
  set(TAG.good, 0);
  set(TAG.reject, 0);
  set(TAG.state, 2);
  set(TAG.speed, 0);
  set(TAG.temp, 0);
  // The project's mes.json, so options and mappings edited at run time have a file to go to.
  writeFileSync(join(dir, 'mes.json'), `${JSON.stringify(config, null, 2)}\n`);
  const parsed: MesConfig = MesConfigSchema.parse(config);
  // Secrets set through the Sync view go to a secrets file in the line's folder, as on a station.
  const secrets = openStationSecrets(dir, new Map(), builtinConnectorTypes());
  if (!secrets.ok) throw new Error(secrets.error.message);
  const types = secrets.value.connectorTypes;
  const context = { projectDir: dir, dataDir: dir, now: clock.now, log: () => undefined };
  const connectors =
    extra.connectors ??
    parsed.connectors
      .filter((c) => c.enabled)
      .map((c) => {
        const factory = types.get(c.type)!;
        const options = factory.optionsSchema.safeParse(c.options);
        if (!options.success) throw new Error(`${c.id}: ${options.error.message}`);
        return factory.create(c, options.data, context);
      });
  const { connectors: _, ...rest } = extra;
  const audit = new MemoryAuditSink();
  const mes = new MesService({
    audit,
    file: join(dir, 'mes.sqlite'),
    config: parsed,
    connectors,
    engine,
    writer,
    timeZone: 'Europe/Berlin',
    verifyTimeoutMs: 300,
    dispatch: { baseDelayMs: 20, maxDelayMs: 100 },
    projectDir: dir,
    factories: types,
    connectorContext: context,
    secrets: secrets.value,
    ...rest,
  });
  await mes.start();
  return {
    mes,
    audit,
    engine,
    dir,
    plc,
    set,
    dispose: async () => {
      await mes.dispose();
      engine.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
