import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MesConfigSchema } from '../../common/mes-config.ts';
import { ok } from '../../common/result.ts';
import { TagDefinitionSchema } from '../../common/tag.ts';
import type { RetentionKeep, CompactionOptions } from '../../main/core/mes/compaction.ts';
import type { MesConnector } from '../../main/core/mes/connector.ts';
import { builtinConnectorTypes } from '../../main/core/mes/connector-types.ts';
import type { DispatcherOptions } from '../../main/core/mes/dispatcher.ts';
import { MesService } from '../../main/core/mes/mes-service.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { TagWriter } from '../../main/core/tags/tag-writer.ts';
import { MemoryAuditSink } from './memory-audit-sink.ts';

export interface MesFixtureOptions {
  /** Connector entries as in mes.json (parsed by its schema, so defaults apply). */
  connectors: Array<Record<string, unknown>>;
  storage?: { retentionDays: number };
  /** Reason codes as in mes.json (default: none). */
  reasonCodes?: Array<Record<string, unknown>>;
  /** Products as in mes.json (recipe defaults, lot rules). */
  products?: Array<Record<string, unknown>>;
  now?: () => number;
  dispatch?: DispatcherOptions;
  retentionKeep?: RetentionKeep;
  compaction?: Pick<CompactionOptions, 'batchSize' | 'intervalMs' | 'firstRunMs'>;
  /** Reopen an existing store (a restart); default: a new temp folder. */
  dir?: string;
  /** Wrap a connector before the service gets it (a test spy). */
  wrap?: (connector: MesConnector) => MesConnector;
}

/**
 * The runtime's MES service with the real transports (from their factories, as mes.json builds
 * them), a real SQLite store in a temp folder, and a line on a tag engine whose counters the test
 * moves: the example's line WC-BTL-01 counting in EA (the simulator's codes, no mapping tables).
 */
export class MesFixture {
  readonly dir: string;
  readonly mes: MesService;
  readonly engine: TagEngine;
  /** What the MES service audited (the runtime sends it to the station's audit trail). */
  readonly audit: MemoryAuditSink;
  private good = 0;
  private readonly owned: boolean;
  private readonly now: () => number;

  private constructor(dir: string, owned: boolean, mes: MesService, engine: TagEngine, audit: MemoryAuditSink, now: () => number) {
    this.audit = audit;
    this.dir = dir;
    this.owned = owned;
    this.mes = mes;
    this.engine = engine;
    this.now = now;
  }

  static async start(options: MesFixtureOptions): Promise<MesFixture> {
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'lineside-mes-fixture-'));
    const now = options.now ?? Date.now;
    const clock = { now };
    const tags = [
      { path: 'L1/Good', dataType: 'uint32' },
      { path: 'L1/Reject', dataType: 'uint32' },
      { path: 'L1/State', dataType: 'int16' },
      { path: 'L1/Speed', dataType: 'float64', writable: true },
    ].map((t, i) => TagDefinitionSchema.parse({ ...t, source: { device: 'plc', address: `r${i}` } }));
    const engine = new TagEngine(tags, clock);
    const set = (handle: number, value: number) => engine.ingest([{ handle, value: { value, quality: 'Good', sourceTime: now(), serverTime: now() } }]);
    const writer = new TagWriter(engine, { write: async (_device, address, raw) => (set(Number(address.slice(1)), raw as number), ok(undefined)) }, clock);
    set(0, 0);
    set(1, 0);
    set(2, 2);
    const config = MesConfigSchema.parse({
      connectors: options.connectors,
      lines: [
        {
          workCentre: 'WC-BTL-01',
          equipment: 'Line1',
          countUnit: 'EA',
          counters: { good: { tag: 'L1/Good' }, reject: { tag: 'L1/Reject' } },
          stateTag: 'L1/State',
          downStates: [{ value: 0, category: 'unclassified' }],
          parameters: [{ name: 'LineSpeed', tag: 'L1/Speed' }],
        },
      ],
      ...(options.storage ? { storage: options.storage } : {}),
      ...(options.reasonCodes ? { reasonCodes: options.reasonCodes } : {}),
      ...(options.products ? { products: options.products } : {}),
    });
    const types = builtinConnectorTypes();
    const connectors = config.connectors.map((c) => {
      const factory = types.get(c.type)!;
      const parsed = factory.optionsSchema.safeParse(c.options);
      if (!parsed.success) throw new Error(`${c.id}: ${parsed.error.message}`);
      const connector = factory.create(c, parsed.data, { projectDir: dir, dataDir: dir, now, log: () => undefined });
      return options.wrap ? options.wrap(connector) : connector;
    });
    const audit = new MemoryAuditSink();
    const mes = new MesService({
      file: join(dir, 'mes.sqlite'),
      audit,
      config,
      connectors,
      engine,
      writer,
      timeZone: 'Europe/Berlin',
      now,
      dispatch: options.dispatch ?? { baseDelayMs: 20, maxDelayMs: 200 },
      ...(options.retentionKeep ? { retentionKeep: options.retentionKeep } : {}),
      compaction: options.compaction ?? { firstRunMs: 3_600_000 },
    });
    const fixture = new MesFixture(dir, options.dir === undefined, mes, engine, audit, now);
    await mes.start();
    return fixture;
  }

  /** The PLC counts `n` more good units. */
  produce(n: number): void {
    this.good += n;
    this.engine.ingest([{ handle: 0, value: { value: this.good, quality: 'Good', sourceTime: this.now(), serverTime: this.now() } }]);
  }

  /** Rows in a table of the store. */
  rows(table: 'inbox' | 'outbox' | 'snapshot_orders' | 'work_orders'): number {
    return (this.mes.store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  }

  /** Writes this connection made to the store since it opened (an unchanged poll must add none). */
  changes(): number {
    return (this.mes.store.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  }

  /** Stops the service (the store stays for a restart unless `remove`). */
  async dispose(remove = this.owned): Promise<void> {
    await this.mes.dispose();
    this.engine.dispose();
    if (remove) rmSync(this.dir, { recursive: true, force: true });
  }
}

export const OPERATOR = { name: 'fixture', role: 'operator' };
