import type { ConnectorConfig, MesConfig } from '../../../common/mes-config.ts';
import type { ConnectorOptionsView } from '../../../common/mes-connector-options.ts';
import type { SecretWrite } from '../../../common/secrets.ts';
import type { SecretResolver } from '../secrets/secret-resolver.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { ConnectorMappings, ConnectorStatus, LineStatus, MesStoreStatus, OutboxEntry, StoredConsumption, StoredDowntime, StoredWorkOrder, SyncStatus } from '../../../common/mes-contract.ts';
import type { Completion, DowntimeEvent, MappingTables } from '../../../common/mes.ts';
import { Emitter, type Disposable } from '../../../common/emitter.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { TagEngine } from '../tags/tag-engine.ts';
import type { TagWriter } from '../tags/tag-writer.ts';
import type { AuditSink, Caller } from './audit.ts';
import type { ConnectorContext, ConnectorFactory, InboundDelivery, InboundSink, InboundVerdict, MesConnector, SnapshotEntry, SnapshotReceipt } from './connector.ts';
import { mergeOptions, optionFields, optionsView, redacted, writeConnectorOptions } from './connector-options.ts';
import { Dispatcher, type DispatcherOptions } from './dispatcher.ts';
import { Inbox } from './inbox.ts';
import { LinePublisher, publishesLines } from './line-publisher.ts';
import { LineTracker } from './line-tracker.ts';
import { checkMappings, writeConnectorMappings } from './mappings-file.ts';
import { MesStore } from './mes-store.ts';
import { StoreCompactor, type CompactionOptions, type CompactionRun, type RetentionKeep } from './compaction.ts';
import { OrderChanges, type CancelOrigin } from './order-changes.ts';
import { Outbox } from './outbox.ts';
import { probeWrite } from '../storage/open-store.ts';
import { isStoreError } from '../storage/store-errors.ts';
import { Snapshots } from './snapshot.ts';
import { StoreStatus } from './store-status.ts';
import { resolveParameters } from './recipes.ts';
import { LotBook } from '../lots/lot-book.ts';
import { LotService } from '../lots/lot-service.ts';
import { InspectionService } from '../quality/inspection-service.ts';

const OPEN: StoredWorkOrder['status'][] = ['Released', 'Ready', 'Running', 'Held'];

export interface MesServiceOptions {
  file: string;
  config: MesConfig;
  connectors: readonly MesConnector[];
  engine: TagEngine;
  writer: TagWriter;
  /** Where work-order and sync actions are audited (the station's audit trail). */
  audit: AuditSink;
  timeZone: string;
  now?: () => number;
  dispatch?: DispatcherOptions;
  verifyTimeoutMs?: number;
  /** The project folder, where mapping tables edited at run time are saved (mes.json). */
  projectDir?: string;
  /** What keeps rows past the retention besides open orders (report periods not signed). */
  retentionKeep?: RetentionKeep;
  /** Compaction's pace (tests and benchmarks); the retention itself is mes.json `storage.retentionDays`. */
  compaction?: Pick<CompactionOptions, 'batchSize' | 'intervalMs' | 'firstRunMs'>;
  /** Transports by type, and what they are built with, so edited connector options are applied live. */
  factories?: ReadonlyMap<string, ConnectorFactory<unknown>>;
  connectorContext?: ConnectorContext;
  /** The station's secrets file, where secrets set in the Sync view go (mes.json refers to them by name). */
  secrets?: { store: SecretStore; resolver: SecretResolver };
  /** The shift running at an instant (its name), for lots per shift; absent without shifts.json. */
  shiftAt?: (at: number) => string | undefined;
}

/**
 * MES/ERP sync in the runtime: the store, one dispatcher per connector, the inbox, and one tracker
 * per line. Role checks happen here, not in the renderer.
 */
export class MesService implements Disposable {
  readonly store: MesStore;
  readonly outbox: Outbox;
  readonly inbox: Inbox;
  readonly snapshots: Snapshots;
  readonly compactor: StoreCompactor;
  readonly lines: LineTracker[];
  /** Lots and their genealogy (issue 20). */
  readonly lots: LotService;
  /** Inspection plans at work: samples due, results, control charts (issue 20). */
  readonly inspection: InspectionService;
  private readonly storeStatus: StoreStatus;
  /** Cancels and revisions from MES/ERP of orders on a line (order-changes.ts). */
  readonly changes: OrderChanges;
  private readonly dispatchers = new Map<string, Dispatcher>();
  private readonly connectors = new Map<string, { config: ConnectorConfig; connector: MesConnector }>();
  private readonly ordersChanged = new Emitter<string[]>();
  private readonly syncChanged = new Emitter<void>();
  readonly onDidChangeOrders = this.ordersChanged.event;
  readonly onDidChangeSync = this.syncChanged.event;
  private readonly sink: Disposable;
  /** Machine state, counters and OEE of each line to the transports that publish lines (MQTT). */
  private readonly publisher: LinePublisher;
  private readonly publisherListener: Disposable;
  private readonly healthListeners = new Map<string, Disposable>();
  /** What transports hand inbound orders to; set by `start`. */
  private inboundSink: InboundSink | undefined;
  private syncTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly audit: AuditSink;

  private readonly options: MesServiceOptions;
  private savingMappings: Promise<void> = Promise.resolve();

  constructor(options: MesServiceOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.store = new MesStore(options.file);
    this.outbox = new Outbox(this.store.db);
    const audit = options.audit;
    this.audit = audit;
    const auditAs = (user: Caller, action: string, target: string, detail: unknown) => audit.record({ at: this.now(), user: user.name, role: user.role, ...(user.station ? { station: user.station } : {}), action, target, detail });
    this.changes = new OrderChanges({
      store: this.store,
      line: (workCentre) => this.lines.find((l) => l.config.workCentre === workCentre),
      products: () => this.options.config.products,
      audit: auditAs,
      now: this.now,
      changed: (keys) => this.ordersChanged.fire(keys),
    });
    this.inbox = new Inbox(
      this.store,
      (id) => this.connectors.get(id)?.config.mappings,
      this.now,
      (key) => this.ordersChanged.fire([key]),
      this.changes,
    );
    this.snapshots = new Snapshots(this.store, this.inbox, (id) => this.connectors.get(id)?.config.disappeared ?? 'ignore', this.now);
    this.compactor = new StoreCompactor(this.store, { retentionDays: options.config.storage.retentionDays, now: this.now, ...(options.retentionKeep ? { keep: options.retentionKeep } : {}), ...options.compaction });
    this.storeStatus = new StoreStatus(this.store, this.now);
    for (const connector of options.connectors) {
      const config = options.config.connectors.find((c) => c.id === connector.id);
      if (!config) throw new Error(`connector ${connector.id} is not configured`);
      this.attach(config, connector);
    }
    const book = new LotBook({ db: this.store.db, engine: options.engine, timeZone: options.timeZone, products: () => this.options.config.products, ...(options.shiftAt ? { shiftAt: options.shiftAt } : {}) });
    this.lines = options.config.lines.map(
      (line) =>
        new LineTracker(line, {
          engine: options.engine,
          writer: options.writer,
          store: this.store,
          enqueue: (e) => this.enqueue(e),
          audit: auditAs,
          now: this.now,
          timeZone: options.timeZone,
          verifyTimeoutMs: options.verifyTimeoutMs ?? 5000,
          changed: (keys) => this.ordersChanged.fire(keys),
          products: () => this.options.config.products,
          lots: book,
        }),
    );
    this.lots = new LotService({ db: this.store.db, book, lines: () => this.lines, transaction: (fn) => this.store.transaction(fn), audit: auditAs, now: this.now });
    this.inspection = new InspectionService({ db: this.store.db, book, lines: () => this.lines, products: () => this.options.config.products, transaction: (fn) => this.store.transaction(fn), audit: auditAs, now: this.now });
    this.publisher = new LinePublisher(this.lines, options.engine, () => [...this.connectors.values()].map((e) => e.connector).filter(publishesLines), this.now);
    this.publisherListener = this.ordersChanged.event(() => this.publisher.onOrders());
    this.sink = options.engine.addSink((changed) => {
      this.storing(() => {
        for (const line of this.lines) line.onTags(changed);
      });
      this.publisher.onTags(changed);
    });
    // While the store fails, counts wait in the PLC's counters (a count is a delta from the stored
    // baseline) and messages in the outbox: once it takes writes again, both move on.
    this.store.health.setRetry(() => {
      probeWrite(this.store.db);
      for (const line of this.lines) line.countNow();
      for (const d of this.dispatchers.values()) d.kickAll();
    });
  }

  /** Work the runtime does on its own (counting, downtime): a failing store is reported, never thrown into the tag engine. */
  private storing(work: () => void): void {
    try {
      work();
    } catch (error) {
      if (!isStoreError(error)) throw error;
      this.store.health.failed(error);
    }
  }

  /** Starts the transports and delivers what waited in the outbox. */
  async start(): Promise<void> {
    const sink: InboundSink = (this.inboundSink = {
      receive: (d: InboundDelivery): Promise<InboundVerdict> => Promise.resolve(this.receive(d)),
      receiveAll: (ds) => Promise.resolve(this.receiveAll(ds)),
      receiveSnapshot: (connector, entries) => Promise.resolve(this.receiveSnapshot(connector, entries)),
      cursor: (id) => this.store.cursor(id),
      saveCursor: (id, value) => this.store.setCursor(id, value),
    });
    // Counter values already in the engine (a PLC reset while Lineside was down) are taken as they are.
    this.storing(() => {
      for (const line of this.lines) {
        line.countNow();
        line.stateNow();
      }
    });
    for (const { connector } of this.connectors.values()) await connector.start(sink);
    for (const d of this.dispatchers.values()) d.kickAll();
    this.compactor.start();
    this.publisher.publishAll();
  }

  receive(delivery: InboundDelivery): InboundVerdict {
    return this.receiveAll([delivery])[0]!;
  }

  receiveAll(deliveries: readonly InboundDelivery[]): InboundVerdict[] {
    const verdicts = this.inbox.receiveAll(deliveries);
    if (verdicts.some((v) => v.kind !== 'accepted' && v.kind !== 'duplicate')) this.syncSoon();
    return verdicts;
  }

  /** A whole-schedule snapshot of one connector (snapshot mode): only what changed is stored. */
  receiveSnapshot(connector: string, entries: readonly SnapshotEntry[]): SnapshotReceipt {
    const receipt = this.snapshots.receive(connector, entries);
    if (receipt.changed.some((c) => c.verdict.kind !== 'accepted' && c.verdict.kind !== 'duplicate') || receipt.disappeared.length > 0) this.syncSoon();
    return receipt;
  }

  /** Runs compaction now (besides its schedule) and says what it removed. */
  async compact(): Promise<CompactionRun> {
    const run = await this.compactor.runOnce();
    this.storeStatus.invalidate();
    this.syncSoon();
    return run;
  }

  storeStatusNow(): MesStoreStatus {
    return this.storeStatus.current(this.compactor.retentionDays, this.compactor.last);
  }

  connector(id: string): MesConnector | undefined {
    return this.connectors.get(id)?.connector;
  }

  dispatcher(id: string): Dispatcher | undefined {
    return this.dispatchers.get(id);
  }

  reasonCodes(): MesConfig['reasonCodes'] {
    return this.options.config.reasonCodes;
  }

  lineStatuses(): LineStatus[] {
    return this.lines.map((l) => l.status());
  }

  listOrders(workCentre: string | undefined, includeDone: boolean): StoredWorkOrder[] {
    const open = this.store.orders({ ...(workCentre ? { workCentre } : {}), statuses: OPEN, limit: 1000 });
    open.sort((a, b) => rank(a) - rank(b) || a.order.priority - b.order.priority || (a.order.scheduledStart ?? '~').localeCompare(b.order.scheduledStart ?? '~'));
    for (const o of open) this.withLineParameters(o);
    if (!includeDone) return open;
    const done = this.store.orders({ ...(workCentre ? { workCentre } : {}), statuses: ['Completed', 'Closed', 'Cancelled'], limit: 100 });
    return [...open, ...done];
  }

  /** What an open order would write to its line at start (or why it cannot start), for the queue. */
  private withLineParameters(o: StoredWorkOrder): void {
    const line = this.lines.find((l) => l.config.workCentre === o.order.workCentre);
    if (!line) return;
    const resolved = resolveParameters(o.order, line.config, this.options.config.products, o.key);
    if (resolved.ok) o.lineParameters = resolved.value.map((p) => ({ name: p.name, value: p.value, source: p.source }));
    else o.parameterProblem = resolved.error.message;
  }

  async start_(key: string, user: Caller) {
    const line = this.lineOf(key);
    return line.ok ? line.value.start(key, user) : line;
  }

  hold(key: string, reason: string, user: Caller) {
    const line = this.lineOf(key);
    return line.ok ? line.value.setHeld(key, true, reason, user) : line;
  }

  resume(key: string, user: Caller) {
    const line = this.lineOf(key);
    return line.ok ? line.value.setHeld(key, false, '', user) : line;
  }

  confirm(key: string, final: boolean, scrapReason: string | undefined, user: Caller) {
    const line = this.lineOf(key);
    if (!line.ok) return line;
    if (scrapReason !== undefined && !this.options.config.reasonCodes.some((r) => r.code === scrapReason && r.kind === 'scrap')) {
      return fail('bad-request', `${scrapReason} is not a scrap reason code of this project`, 'scrapReason');
    }
    return line.value.confirm(key, final, scrapReason, user);
  }

  reverse(key: string, completion: string, user: Caller) {
    const line = this.lineOf(key);
    return line.ok ? line.value.reverse(key, completion, user) : line;
  }

  consume(key: string, input: { material: string; lot?: string; quantity: { value: number; unit: string } }, user: Caller) {
    const line = this.lineOf(key);
    return line.ok ? line.value.consume(key, input, user) : line;
  }

  /**
   * MES/ERP cancelled an order, however it said so (a Cancelled status, gone from a snapshot, a B2MML
   * Delete): the one entry point, in its own durable transaction. See OrderChanges.cancel.
   */
  cancelFromMes(key: string, origin: CancelOrigin): Result<StoredWorkOrder> {
    return this.store.transaction(() => this.changes.cancel(key, origin));
  }

  acknowledgeCancel(key: string, user: Caller) {
    return this.changes.acknowledgeCancel(key, user);
  }

  decideCancel(key: string, scrapReason: string | undefined, user: Caller) {
    if (scrapReason !== undefined && !this.options.config.reasonCodes.some((r) => r.code === scrapReason && r.kind === 'scrap')) {
      return fail('bad-request', `${scrapReason} is not a scrap reason code of this project`, 'scrapReason');
    }
    return this.changes.decideCancel(key, scrapReason, user);
  }

  acceptRevision(key: string, revision: number, user: Caller) {
    return this.changes.acceptRevision(key, revision, user);
  }

  /** The order's confirmations from the outbox (every connector it went to), each with its delivery state. */
  confirmations(key: string): Result<Array<{ completion: Completion; state: OutboxEntry['state']; reversedBy?: string }>> {
    if (!this.store.order(key)) return fail('not-found', `no work order ${key}`, 'key');
    const rows = this.outbox.ofStream(key, 'completion').map((e) => ({ completion: e.payload as Completion, state: e.state }));
    return ok(
      rows.map((r) => {
        const by = rows.find((x) => x.completion.reversalOf === r.completion.id)?.completion.id;
        return by ? { ...r, reversedBy: by } : r;
      }),
    );
  }

  consumptions(key: string): Result<StoredConsumption[]> {
    if (!this.store.order(key)) return fail('not-found', `no work order ${key}`, 'key');
    return ok(this.store.consumptions(key));
  }

  downtime(line: string | undefined, limit: number): StoredDowntime[] {
    const rows = (
      line ? this.store.db.prepare('SELECT line, doc FROM downtime WHERE line = ? ORDER BY start DESC LIMIT ?').all(line, limit) : this.store.db.prepare('SELECT line, doc FROM downtime ORDER BY start DESC LIMIT ?').all(limit)
    ) as Array<{ line: string; doc: string }>;
    return rows.map((r) => ({ line: r.line, event: JSON.parse(r.doc) as DowntimeEvent }));
  }

  classify(id: string, reason: string, user: Caller): Result<StoredDowntime> {
    const code = this.options.config.reasonCodes.find((r) => r.code === reason && r.kind === 'downtime');
    if (!code) return fail('bad-request', `${reason} is not a downtime reason code of this project`, 'reason');
    const row = this.store.db.prepare('SELECT line FROM downtime WHERE id = ?').get(id) as { line: string } | undefined;
    const line = row && this.lines.find((l) => l.config.workCentre === row.line);
    if (!line) return fail('not-found', `no downtime event ${id}`, 'id');
    return line.classify(id, reason, code.category, user);
  }

  status(): SyncStatus {
    return { connectors: this.connectorStatuses(), store: this.storeStatusNow(), problems: this.outbox.problems(), inbound: this.inbox.entries() };
  }

  connectorStatuses(): ConnectorStatus[] {
    const now = this.now();
    return this.options.config.connectors.map((config) => {
      const c = this.outbox.counts(config.id);
      const running = this.connectors.get(config.id)?.connector;
      return {
        id: config.id,
        type: config.type,
        enabled: config.enabled,
        health: running ? running.health() : { status: 'off' },
        pending: c.pending,
        blocked: c.blocked,
        quarantined: c.quarantined,
        delivered: c.delivered,
        ...(c.oldest !== undefined ? { oldestPendingAgeMs: Math.max(0, now - c.oldest) } : {}),
      };
    });
  }

  retry(connector: string, key: string, user: Caller, requeue: boolean): Result<OutboxEntry> {
    const entry = this.outbox.entry(connector, key);
    if (!entry) return fail('not-found', `no message ${key} for ${connector}`, 'key');
    const changed = this.store.transaction(() => {
      const done = requeue ? this.outbox.requeue(connector, key) : this.outbox.retryNow(connector, key);
      if (done)
        this.audit.record({
          at: this.now(),
          user: user.name,
          role: user.role,
          ...(user.station ? { station: user.station } : {}),
          action: requeue ? 'sync.requeue' : 'sync.retry',
          target: `${connector}/${key}`,
          detail: { state: entry.state, reason: entry.reason },
        });
      return done;
    });
    if (!changed) return fail('bad-request', requeue ? `message ${key} is ${entry.state}; only quarantined or blocked messages are requeued` : `message ${key} is ${entry.state}; only a waiting message is retried`, 'key');
    this.dispatchers.get(connector)?.kick(entry.stream);
    this.syncSoon();
    return ok(this.outbox.entry(connector, key)!);
  }

  mappings(connector: string): ConnectorConfig['mappings'] | undefined {
    return this.connectors.get(connector)?.config.mappings;
  }

  /** Every configured connector's mapping tables (disabled ones too: they can be prepared). */
  mappingTables(): ConnectorMappings[] {
    return this.options.config.connectors.map((c) => ({ id: c.id, type: c.type, enabled: c.enabled, mappings: c.mappings }));
  }

  /**
   * Mapping tables edited at run time: checked, written to the project's mes.json (atomically), then
   * applied. Saves run one at a time, so two editors cannot interleave their writes.
   */
  saveMappings(connector: string, mappings: MappingTables): Promise<Result<{ old: MappingTables; connector: ConnectorMappings; released: number; orders: number }>> {
    const run = async (): Promise<Result<{ old: MappingTables; connector: ConnectorMappings; released: number; orders: number }>> => {
      const config = this.options.config.connectors.find((c) => c.id === connector);
      if (!config) return fail('not-found', `no connector ${connector} in mes.json`, 'connector');
      const checked = checkMappings(mappings);
      if (!checked.ok) return checked;
      if (!this.options.projectDir) return fail('config-error', 'this runtime has no project folder to save mes.json to');
      const written = await writeConnectorMappings(this.options.projectDir, connector, mappings);
      if (!written.ok) return written;
      const old = config.mappings;
      config.mappings = mappings;
      const applied = this.connectors.has(connector) ? this.setMappings(connector, mappings) : ok({ released: 0, orders: 0 });
      if (!applied.ok) return applied;
      return ok({ old, connector: { id: config.id, type: config.type, enabled: config.enabled, mappings }, ...applied.value });
    };
    const next = this.savingMappings.then(run, run);
    this.savingMappings = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private readonly hasSecret = (name: string): boolean => this.options.secrets?.store.has(name) ?? false;

  /** Each configured connector's options (secrets as set / not set) and its transport's fields. */
  connectorOptions(): ConnectorOptionsView[] {
    return this.options.config.connectors.map((c) => optionsView(c, this.options.factories?.get(c.type), this.hasSecret));
  }

  /**
   * Connector options edited at run time: checked by the transport, written to mes.json atomically,
   * then applied by restarting that connector (in-flight sends settle first; what waits in the
   * outbox goes on through the new one). Saves run one at a time with the mapping saves.
   */
  saveConnectorOptions(
    id: string,
    input: { enabled: boolean; options: Record<string, unknown>; secrets: Record<string, SecretWrite> },
  ): Promise<Result<{ old: ReturnType<typeof redacted>; new: ReturnType<typeof redacted>; changedSecrets: string[]; connector: ConnectorOptionsView; restarted: boolean }>> {
    const run = async () => {
      const config = this.options.config.connectors.find((c) => c.id === id);
      if (!config) return fail('not-found', `no connector ${id} in mes.json`, 'id');
      const factory = this.options.factories?.get(config.type);
      if (!factory || !this.options.connectorContext || !this.options.projectDir) return fail('config-error', 'this runtime cannot rebuild its connectors (no project folder or transports)');
      const merged = mergeOptions(config, factory, input, this.options.secrets?.resolver);
      if (!merged.ok) return merged;
      const { secretChanges } = merged.value;
      if (secretChanges.size > 0 && !this.options.secrets) return fail('config-error', "this runtime has no secrets file to keep the connector's secrets in");
      // The values first (a name mes.json does not refer to yet is harmless), then the references.
      if (this.options.secrets && secretChanges.size > 0) {
        const kept = this.options.secrets.store.update(new Map([...secretChanges].filter(([, v]) => v !== null)));
        if (!kept.ok) return kept;
      }
      const written = await writeConnectorOptions(this.options.projectDir, id, input.enabled, merged.value.options);
      if (!written.ok) return written;
      const released = [...secretChanges].filter(([, v]) => v === null);
      if (this.options.secrets && released.length > 0) this.options.secrets.store.update(new Map(released));
      const old = redacted(config, factory);
      // Another MES (a URL changed): the pull cursor was the old one's, so the new one is read from its start.
      const moved = optionFields(factory).some((f) => f.kind === 'url' && config.options[f.name] !== merged.value.options[f.name]);
      if (moved) this.store.db.prepare('DELETE FROM cursors WHERE connector = ?').run(id);
      config.enabled = input.enabled;
      config.options = merged.value.options;
      const restarted = await this.restartConnector(config, factory, merged.value.parsed);
      if (!restarted.ok) return restarted;
      return ok({ old, new: redacted(config, factory), changedSecrets: merged.value.changedSecrets, connector: optionsView(config, factory, this.hasSecret), restarted: restarted.value });
    };
    const next = this.savingMappings.then(run, run);
    this.savingMappings = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Stops the connector (its dispatcher first) and, when enabled, builds and starts it again. */
  private async restartConnector(config: ConnectorConfig, factory: ConnectorFactory<unknown>, options: unknown): Promise<Result<boolean>> {
    const running = this.connectors.get(config.id);
    if (running) {
      await this.dispatchers.get(config.id)?.dispose();
      this.dispatchers.delete(config.id);
      this.healthListeners.get(config.id)?.dispose();
      this.healthListeners.delete(config.id);
      await running.connector.dispose();
      this.connectors.delete(config.id);
    }
    this.syncSoon();
    if (!config.enabled) return ok(false);
    let connector: MesConnector;
    try {
      connector = factory.create(config, options, this.options.connectorContext!);
    } catch (error) {
      // Saved but not running: the Sync view shows it off; the next save or a restart tries again.
      return fail('config-error', `connector ${config.id}: saved to mes.json, but it did not start: ${(error as Error).message}`);
    }
    this.attach(config, connector);
    if (this.inboundSink) {
      await connector.start(this.inboundSink);
      // New settings deserve a try now: what waited for its backoff goes at once, in stream order.
      this.outbox.retryAllNow(config.id);
      this.dispatchers.get(config.id)?.kickAll();
      this.publisher.publishAll();
    }
    return ok(true);
  }

  /** A transport, its dispatcher, and its health (back after an outage: what waited goes now, in stream order). */
  private attach(config: ConnectorConfig, connector: MesConnector): void {
    this.connectors.set(connector.id, { config, connector });
    const onFailure = (error: unknown) => void (isStoreError(error) && this.store.health.failed(error));
    this.dispatchers.set(
      connector.id,
      new Dispatcher(
        this.outbox,
        connector,
        () => config.mappings,
        () => this.syncSoon(),
        { now: this.now, ...this.options.dispatch, onFailure, reversal: () => config.reversal },
      ),
    );
    this.healthListeners.set(
      connector.id,
      connector.onDidChangeHealth((health) => {
        if (health.status === 'ok' && this.outbox.retryAllNow(connector.id) > 0) this.dispatchers.get(connector.id)?.kickAll();
        this.syncSoon();
      }),
    );
  }

  /** New mapping tables for a connector: blocked messages and held orders are tried again. */
  setMappings(connector: string, mappings: ConnectorConfig['mappings']): Result<{ released: number; orders: number }> {
    const entry = this.connectors.get(connector);
    if (!entry) return fail('not-found', `no connector ${connector}`);
    entry.config.mappings = mappings;
    const released = this.outbox.releaseBlocked(connector);
    const orders = this.inbox.releaseHeld(connector).filter((v) => v.kind === 'accepted').length;
    this.dispatchers.get(connector)?.kickAll();
    this.syncSoon();
    return ok({ released, orders });
  }

  async dispose(): Promise<void> {
    await this.compactor.dispose();
    this.sink.dispose();
    this.publisherListener.dispose();
    this.publisher.dispose();
    for (const l of this.healthListeners.values()) l.dispose();
    for (const d of this.dispatchers.values()) await d.dispose();
    for (const { connector } of this.connectors.values()) await connector.dispose();
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.ordersChanged.dispose();
    this.syncChanged.dispose();
    this.store.close();
  }

  private enqueue(e: { connector?: string; key: string; stream: string; kind: 'completion' | 'consumption' | 'downtime'; payload: unknown }): void {
    const connector = e.connector ?? this.options.config.connectors.find((c) => c.enabled)?.id;
    // A disabled connector is paused, not gone: its messages wait in the outbox until it is enabled.
    if (!connector || !this.options.config.connectors.some((c) => c.id === connector)) return;
    if (this.outbox.enqueue({ ...e, connector }, this.now())) {
      // Kicked after the caller's transaction commits: a message is never offered before it is durable.
      queueMicrotask(() => this.dispatchers.get(connector)?.kick(e.stream));
      this.syncSoon();
    }
  }

  /** The line running the order. Who may act on it (workOrders.run) is checked by the gateway's call gate. */
  private lineOf(key: string): Result<LineTracker> {
    const stored = this.store.order(key);
    if (!stored) return fail('not-found', `no work order ${key}`, 'key');
    const line = this.lines.find((l) => l.config.workCentre === stored.order.workCentre);
    if (!line) return fail('config-error', `work order ${key} is for ${stored.order.workCentre}, which is not a line of this project (mes.json lines)`);
    return ok(line);
  }

  /** Coalesces sync changes into at most one event per 250 ms. */
  private syncSoon(): void {
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      this.syncChanged.fire();
    }, 250);
  }
}

function rank(o: StoredWorkOrder): number {
  return o.status === 'Running' || o.status === 'Held' ? 0 : 1;
}
