import { backoffDelay } from '../../common/backoff.ts';
import { dataValue, type DataValue, type Value } from '../../common/data-value.ts';
import type { ConnectionStatus, UnitInfo } from '../../common/device.ts';
import type { Quality } from '../../common/quality.ts';
import type { ReasonText } from '../../common/reasons.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { Disposable, Driver, DriverChange, DriverContext, DriverFactory, DriverItem, DriverStats, StatusChange, WriteTarget } from '../api.ts';
import { parseItem, type ModbusItem } from './address.ts';
import { BlockReader, LinkFailure, type ItemReading, type UnitSettings } from './block-reader.ts';
import { ModbusConfigSchema, type ModbusConfig } from './config.ts';
import { describeItem } from './describe.ts';
import type { ItemValue } from './item-codec.ts';
import { acquireLink, type LinkLease } from './link-pool.ts';
import { classifyError, CLOSED_BY_PEER, connectErrorText, TIMEOUT_MESSAGE, type Answer, type ModbusLink } from './link.ts';
import { overlapWarnings } from './overlaps.ts';
import type { ReadBlock } from './planner.ts';
import { deliverChanges } from '../report-by-exception.ts';
import { UnitHealth } from './unit-health.ts';
import { ModbusWriter } from './writer.ts';

export const modbusDriverFactory: DriverFactory<ModbusConfig> = {
  protocol: 'modbus',
  description: 'Modbus TCP, RTU (serial) and RTU over TCP: coils, discrete inputs, holding and input registers',
  configSchema: ModbusConfigSchema,
  validateAddress(address, config, options, dataType) {
    const parsed = parseItem(address, config, options, dataType);
    return parsed.ok ? ok(undefined) : parsed;
  },
  describeAddress(address, config, options, dataType) {
    const parsed = parseItem(address, config, options, dataType);
    return parsed.ok ? ok(describeItem(parsed.value, config)) : parsed;
  },
  warnings: (config, tags) => [...configWarnings(config), ...overlapWarnings(config, tags)],
  create: (config, context) => new ModbusDriver(config, context),
};

/** Settings that still load but no longer do anything. */
function configWarnings(config: ModbusConfig): string[] {
  if (config.reconnect.jitter === undefined) return [];
  return ['reconnect.jitter is no longer used (each reconnect waits a random time from 0 up to a ceiling that doubles from minMs to maxMs: full jitter); remove it'];
}

interface Entry {
  handle: number;
  item: Result<ModbusItem>;
}
interface Subscription {
  entries: readonly Entry[];
  listener: (changes: readonly DriverChange[]) => void;
  last: Map<number, DataValue>;
}
const DEFAULT_GROUP = '';

/** One completed poll of a poll group, for diagnostics and the benchmark. */
export interface PollCycle {
  /** The poll group's name ('' for tags without one). */
  group: string;
  requests: number;
  durationMs: number;
}

/**
 * A Modbus device. Each instance owns its poll timers (one per poll group), its reconnect timer and
 * its share of the link (its own TCP connection, or the serial bus it shares with the other devices on
 * that port), so a slow or dead device delays nothing but itself. Within the device, a unit id that
 * stops answering is asked again only after a backoff, so the other units keep their rate. A poll that
 * is still running when its next period comes is skipped, not queued.
 */
export class ModbusDriver implements Driver {
  readonly #config: ModbusConfig;
  readonly #context: DriverContext;
  readonly #health: UnitHealth;
  readonly #reader: BlockReader;
  readonly #writer: ModbusWriter;
  readonly #subscriptions = new Set<Subscription>();
  readonly #statusListeners = new Set<(change: StatusChange) => void>();
  readonly #pollListeners = new Set<(cycle: PollCycle) => void>();
  readonly #pollTimers = new Map<string, ReturnType<typeof setInterval>>();
  /** Poll groups with a poll running on the current link (a new link starts with a new set). */
  #busy = new Set<string>();
  /** Units with a probe (one request to a unit that stopped answering) in flight. */
  readonly #probing = new Set<number>();
  readonly #stats: DriverStats = { requests: 0, errors: 0 };
  #status: ConnectionStatus = 'off';
  #lease: LinkLease | undefined;
  /** Set while connecting, so a stop meanwhile can tell. */
  #connecting: object | undefined;
  #running = false;
  #disposed = false;
  #attempt = 0;
  readonly #random: () => number;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** The latest connection attempt: a stop waits for it, so the port is released when `disconnect` resolves. */
  #opened: Promise<void> = Promise.resolve();
  /** Poll cycles skipped because the previous one was still running. */
  skippedPolls = 0;

  constructor(config: ModbusConfig, context: DriverContext) {
    this.#config = config;
    this.#context = context;
    this.#random = context.random ? () => context.random!() : Math.random;
    this.#health = new UnitHealth(config.unitBackoff, () => context.now(), this.#random);
    const unitSettings = (unitId: number): UnitSettings => {
      const own = config.units[String(unitId)];
      return { timeoutMs: own?.timeoutMs ?? config.timeoutMs, retries: own?.retries ?? config.retries };
    };
    const count = <T>(request: Promise<Answer<T>>) => this.#count(request);
    this.#reader = new BlockReader({
      limits: {
        maxRegisters: config.maxRegistersPerRequest,
        maxBits: config.maxBitsPerRequest,
        maxGapRegisters: config.maxGapRegisters,
        maxGapBits: config.maxGapBits,
      },
      concurrency: config.maxConcurrentRequests,
      health: this.#health,
      unitSettings,
      count,
    });
    this.#writer = new ModbusWriter({ config, deviceName: context.deviceName, health: this.#health, unitSettings, count });
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get #link(): ModbusLink | undefined {
    return this.#lease?.link;
  }

  stats(): DriverStats {
    return { ...this.#stats };
  }

  units(): UnitInfo[] {
    return this.#health.list();
  }

  onDidChangeUnits(listener: () => void): Disposable {
    return this.#health.onDidChange(listener);
  }

  /** Starts connecting and returns; the status events say how it goes. */
  async connect(): Promise<void> {
    if (this.#disposed) throw new Error(`modbus device ${this.#context.deviceName} is disposed`);
    if (this.#running) return;
    this.#running = true;
    this.#opened = this.#open();
  }

  /** Stops polling and lets go of the link; resolves once the serial port or socket is released. */
  async disconnect(): Promise<void> {
    this.#running = false;
    await this.#teardown();
    await this.#opened;
    this.#setStatus('off');
  }

  onDidChangeStatus(listener: (change: StatusChange) => void): Disposable {
    this.#statusListeners.add(listener);
    return { dispose: () => this.#statusListeners.delete(listener) };
  }

  onDidCompletePoll(listener: (cycle: PollCycle) => void): Disposable {
    this.#pollListeners.add(listener);
    return { dispose: () => this.#pollListeners.delete(listener) };
  }

  subscribe(items: readonly DriverItem[], listener: (changes: readonly DriverChange[]) => void): Disposable {
    const subscription: Subscription = {
      entries: items.map((i) => ({ handle: i.handle, item: parseItem(i.address, this.#config, i.options, i.dataType) })),
      listener,
      last: new Map(),
    };
    this.#subscriptions.add(subscription);
    this.#trackUnits();
    queueMicrotask(() => this.#reportInvalid(subscription));
    if (this.#status === 'ok') this.#startPolling();
    return {
      dispose: () => {
        this.#subscriptions.delete(subscription);
        // A subscription replaced by another (the engine retags a device) keeps its units' health:
        // the units are counted again once the new one is in.
        queueMicrotask(() => this.#trackUnits());
        if (this.#status === 'ok') this.#startPolling();
      },
    };
  }

  async read(items: readonly DriverItem[]): Promise<DataValue[]> {
    const parsed = items.map((i) => parseItem(i.address, this.#config, i.options, i.dataType));
    const link = this.#link;
    if (this.#status !== 'ok' || link === undefined) return parsed.map(() => this.#value(null, 'BadNotConnected'));
    const good = parsed.flatMap((p) => (p.ok ? [p.value] : []));
    let results: Map<string, ItemReading>;
    try {
      results = (await this.#reader.read(link, good)).results;
    } catch (error) {
      if (link === this.#link) void this.#fail(classifyError(error).message);
      return parsed.map(() => this.#value(null, 'BadCommunicationError'));
    }
    return parsed.map((p) => {
      const reading = p.ok ? results.get(p.value.key) : undefined;
      return reading ? this.#value(reading.value, reading.quality) : this.#value(null, p.ok ? 'BadInternalError' : 'BadConfigurationError');
    });
  }

  /**
   * Writes a raw value to the tag whose source is `address` + `target` (its options and data type):
   * its own unit, table, register or bit, type and byte order. Without `target` the address alone
   * (with the device's defaults) says where and how.
   */
  async write(address: string, value: Value, target?: WriteTarget): Promise<Result<void>> {
    const link = this.#link;
    if (this.#status !== 'ok' || link === undefined) return fail('device-offline', `${this.#context.deviceName}: not connected (${this.#status})`);
    const parsed = parseItem(address, this.#config, target?.options, target?.dataType);
    if (!parsed.ok) return parsed;
    return this.#writer.write(link, parsed.value, value, address.trim());
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#running = false;
    void this.#teardown();
    this.#subscriptions.clear();
    this.#setStatus('off');
    this.#statusListeners.clear();
    this.#pollListeners.clear();
  }

  #trackUnits(): void {
    if (this.#disposed) return;
    const units = new Set<number>();
    for (const subscription of this.#subscriptions) {
      for (const entry of subscription.entries) if (entry.item.ok) units.add(entry.item.value.unitId);
    }
    this.#health.track(units);
  }

  /** Items whose address or options are invalid are never polled: they are reported bad once (and after each reconnect). */
  #reportInvalid(subscription: Subscription): void {
    if (!this.#subscriptions.has(subscription)) return;
    const bad = subscription.entries.filter((e) => !e.item.ok).map((e) => ({ handle: e.handle, value: this.#value(null, 'BadConfigurationError') }));
    for (const change of bad) subscription.last.set(change.handle, change.value);
    if (bad.length > 0) subscription.listener(bad);
  }

  async #count<T>(request: Promise<Answer<T>>): Promise<Answer<T>> {
    this.#stats.requests++;
    try {
      const answer = await request;
      this.#stats.lastRoundTripMs = answer.roundTripMs;
      return answer;
    } catch (error) {
      this.#stats.errors++;
      throw error;
    }
  }

  async #open(): Promise<void> {
    if (!this.#running) return;
    this.#setStatus('connecting');
    const attempt = {};
    this.#connecting = attempt;
    let lease: LinkLease;
    try {
      lease = await acquireLink(this.#config, this.#context.deviceName);
    } catch (error) {
      if (this.#connecting !== attempt) return;
      this.#connecting = undefined;
      const where = this.#where();
      await this.#fail(`cannot connect to ${where}: ${classifyError(error).message}`, false, connectErrorText(error, where));
      return;
    }
    if (this.#connecting !== attempt || !this.#running) {
      await lease.release();
      return;
    }
    this.#connecting = undefined;
    const lost = lease.link.onDidLose((why) => {
      if (this.#lease === held) void this.#fail(why, false, why === CLOSED_BY_PEER ? { key: 'device.connectionClosed', params: { where: this.#where() } } : undefined);
    });
    const held: LinkLease = {
      link: lease.link,
      release: () => {
        lost.dispose();
        return lease.release();
      },
    };
    this.#lease = held;
    this.#busy = new Set();
    this.#probing.clear();
    this.#health.reset();
    // After every (re)connect each item is reported again.
    for (const subscription of this.#subscriptions) subscription.last.clear();
    this.#setStatus('ok');
    for (const subscription of this.#subscriptions) this.#reportInvalid(subscription);
    this.#startPolling();
  }

  /**
   * The link failed or dropped, or no unit answers: say why, let go of the link, and try again after
   * a backoff (the unit backoff when the link itself was fine, so a silent bus is not hammered).
   */
  async #fail(why: string, silent = false, text?: ReasonText): Promise<void> {
    await this.#teardown();
    // Stopped meanwhile, or stopped and started again (a new link is on its way): nothing to retry.
    if (!this.#running || this.#lease !== undefined || this.#connecting !== undefined || this.#reconnectTimer !== undefined) return;
    this.#setStatus('error', why, text ?? timeoutText(why));
    const { minMs, maxMs } = silent ? this.#config.unitBackoff : this.#config.reconnect;
    const delay = backoffDelay(this.#attempt++, { baseMs: minMs, capMs: maxMs }, this.#random);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#opened = this.#open();
    }, delay);
  }

  async #teardown(): Promise<void> {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#connecting = undefined;
    this.#stopPolling();
    const lease = this.#lease;
    this.#lease = undefined;
    await lease?.release();
  }

  #where(): string {
    const c = this.#config;
    return c.transport === 'rtu' ? `${c.path} (RTU ${c.baudRate} ${c.dataBits}${c.parity.charAt(0).toUpperCase()}${c.stopBits})` : `${c.host}:${c.port}${c.transport === 'rtu-over-tcp' ? ' (RTU over TCP)' : ''}`;
  }

  /** (Re)starts one interval per poll group that has items; each polls once right away. */
  #startPolling(): void {
    this.#stopPolling();
    const groups = new Set<string>();
    for (const subscription of this.#subscriptions) {
      for (const entry of subscription.entries) if (entry.item.ok) groups.add(entry.item.value.pollGroup ?? DEFAULT_GROUP);
    }
    for (const group of groups) {
      const rate = group === DEFAULT_GROUP ? this.#config.pollMs : (this.#config.pollGroups[group]?.rateMs ?? this.#config.pollMs);
      this.#pollTimers.set(
        group,
        setInterval(() => void this.#poll(group), rate),
      );
      void this.#poll(group);
    }
  }

  #stopPolling(): void {
    for (const timer of this.#pollTimers.values()) clearInterval(timer);
    this.#pollTimers.clear();
  }

  #itemsOf(group: string): ModbusItem[] {
    const items = new Map<string, ModbusItem>();
    for (const subscription of this.#subscriptions) {
      for (const entry of subscription.entries) {
        if (entry.item.ok && (entry.item.value.pollGroup ?? DEFAULT_GROUP) === group) items.set(entry.item.value.key, entry.item.value);
      }
    }
    return [...items.values()];
  }

  async #poll(group: string): Promise<void> {
    const link = this.#link;
    if (link === undefined || this.#status !== 'ok') return;
    const busy = this.#busy;
    if (busy.has(group)) {
      this.skippedPolls++;
      return;
    }
    busy.add(group);
    try {
      const items = this.#itemsOf(group);
      const started = performance.now();
      const requestsBefore = this.#stats.requests;
      let outcome;
      try {
        outcome = await this.#reader.read(link, items);
      } catch (error) {
        if (link === this.#link) await this.#fail(error instanceof LinkFailure ? error.message : classifyError(error).message);
        return;
      }
      if (link !== this.#link) return;
      const cycle: PollCycle = { group, requests: this.#stats.requests - requestsBefore, durationMs: performance.now() - started };
      for (const block of outcome.probes) this.#probe(link, items, block);
      if (this.#checkSilence(link)) return;
      if (this.#health.anyAnswered()) this.#attempt = 0;
      // A throwing listener is the listener's bug, not a communication failure: it surfaces, the link stays.
      this.#deliver(outcome.results);
      for (const listener of [...this.#pollListeners]) listener(cycle);
    } finally {
      busy.delete(group);
    }
  }

  /** One request to a unit that stopped answering, apart from the poll: the healthy units do not wait for it. */
  #probe(link: ModbusLink, items: readonly ModbusItem[], block: ReadBlock): void {
    if (this.#probing.has(block.unitId)) return;
    this.#probing.add(block.unitId);
    this.#reader
      .probe(link, items, block)
      .then(
        (results) => {
          if (link !== this.#link || this.#checkSilence(link)) return;
          this.#deliver(results);
        },
        (error: unknown) => {
          if (link === this.#link) void this.#fail(error instanceof Error ? error.message : String(error));
        },
      )
      .finally(() => this.#probing.delete(block.unitId));
  }

  /** No unit of this device answers: the device is gone (or the bus is dead) → error and reconnect. True when so. */
  #checkSilence(link: ModbusLink): boolean {
    if (!this.#health.allSilent() || link !== this.#link) return false;
    const units = this.#health.list().map((u) => u.unitId);
    const where = this.#where();
    const text: ReasonText = units.length === 1 ? { key: 'device.noAnswerUnit', params: { unit: units[0]!, where } } : { key: 'device.noAnswerUnits', params: { units: units.join(', '), where } };
    void this.#fail(`no answer in time from ${units.length === 1 ? `unit ${units[0]}` : `units ${units.join(', ')}`} on ${where}`, true, text);
    return true;
  }

  #deliver(results: ReadonlyMap<string, ItemReading>): void {
    deliverChanges(this.#subscriptions, (subscription, offer) => {
      for (const entry of subscription.entries) {
        if (!entry.item.ok) continue;
        const reading = results.get(entry.item.value.key);
        if (reading !== undefined) offer(entry.handle, this.#value(reading.value, reading.quality));
      }
    });
  }

  #value(value: ItemValue, quality: Quality): DataValue {
    // A list (an array item) is carried as is: the array tags take it apart (see ItemValue).
    return dataValue(value as Value, quality, this.#context.now());
  }

  #setStatus(status: ConnectionStatus, error?: string, errorText?: ReasonText): void {
    if (status === this.#status && error === undefined) return;
    this.#status = status;
    const change: StatusChange = error === undefined ? { status, at: this.#context.now() } : { status, error, ...(errorText ? { errorText } : {}), at: this.#context.now() };
    for (const listener of [...this.#statusListeners]) listener(change);
  }
}

/** A request that went unanswered, said as a key. */
function timeoutText(why: string): ReasonText | undefined {
  return why === TIMEOUT_MESSAGE ? { key: 'device.noAnswer', params: {} } : undefined;
}
