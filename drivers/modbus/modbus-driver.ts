import { dataValue, type DataValue, type Value } from '../../common/data-value.ts';
import type { ConnectionStatus } from '../../common/device.ts';
import type { Quality } from '../../common/quality.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { Disposable, Driver, DriverChange, DriverContext, DriverFactory, DriverItem, DriverStats, StatusChange } from '../api.ts';
import { parseItem, type ModbusItem } from './address.ts';
import { backoffDelay } from './backoff.ts';
import { BlockReader, LinkFailure, type ItemReading } from './block-reader.ts';
import { encodeRegisters } from './codec.ts';
import { ModbusConfigSchema, type ModbusConfig } from './config.ts';
import { classifyError, ModbusLink } from './link.ts';

export const modbusDriverFactory: DriverFactory<ModbusConfig> = {
  protocol: 'modbus',
  description: 'Modbus TCP, RTU (serial) and RTU over TCP: coils, discrete inputs, holding and input registers',
  configSchema: ModbusConfigSchema,
  validateAddress(address, config, options, dataType) {
    const parsed = parseItem(address, config, options, dataType);
    return parsed.ok ? ok(undefined) : parsed;
  },
  create: (config, context) => new ModbusDriver(config, context),
};

interface Entry {
  handle: number;
  address: string;
  item: Result<ModbusItem>;
}
interface Subscription {
  entries: readonly Entry[];
  listener: (changes: readonly DriverChange[]) => void;
  last: Map<number, DataValue>;
}
const DEFAULT_GROUP = '';
/** Requests in a row that time out (after retries) before the device counts as gone and is reconnected. */
const SILENT_BLOCKS_LIMIT = 3;

/** One completed poll of a poll group, for diagnostics and the benchmark. */
export interface PollCycle {
  /** The poll group's name ('' for tags without one). */
  group: string;
  requests: number;
  durationMs: number;
}

/**
 * A Modbus device. Each instance owns its connection, its poll timers (one per poll group) and its
 * reconnect timer, so a slow or dead device delays nothing but itself. A poll that is still running
 * when its next period comes is skipped, not queued.
 */
export class ModbusDriver implements Driver {
  readonly #config: ModbusConfig;
  readonly #context: DriverContext;
  readonly #reader: BlockReader;
  readonly #subscriptions = new Set<Subscription>();
  readonly #statusListeners = new Set<(change: StatusChange) => void>();
  readonly #pollListeners = new Set<(cycle: PollCycle) => void>();
  readonly #pollTimers = new Map<string, ReturnType<typeof setInterval>>();
  /** Poll groups with a poll running on the current link (a new link starts with a new set). */
  #busy = new Set<string>();
  readonly #stats: DriverStats = { requests: 0, errors: 0 };
  #status: ConnectionStatus = 'off';
  #link: ModbusLink | undefined;
  #running = false;
  #disposed = false;
  #attempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Poll cycles skipped because the previous one was still running. */
  skippedPolls = 0;

  constructor(config: ModbusConfig, context: DriverContext) {
    this.#config = config;
    this.#context = context;
    this.#reader = new BlockReader({
      limits: {
        maxRegisters: config.maxRegistersPerRequest,
        maxBits: config.maxBitsPerRequest,
        maxGapRegisters: config.maxGapRegisters,
        maxGapBits: config.maxGapBits,
      },
      retries: config.retries,
      concurrency: config.maxConcurrentRequests,
      silentBlocksLimit: SILENT_BLOCKS_LIMIT,
      count: (request) => this.#count(request),
    });
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  stats(): DriverStats {
    return { ...this.#stats };
  }

  /** Starts connecting and returns; the status events say how it goes. */
  async connect(): Promise<void> {
    if (this.#disposed) throw new Error(`modbus device ${this.#context.deviceName} is disposed`);
    if (this.#running) return;
    this.#running = true;
    void this.#open();
  }

  async disconnect(): Promise<void> {
    this.#running = false;
    await this.#teardown();
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
      entries: items.map((i) => ({ handle: i.handle, address: i.address.trim(), item: parseItem(i.address, this.#config, i.options, i.dataType) })),
      listener,
      last: new Map(),
    };
    this.#subscriptions.add(subscription);
    queueMicrotask(() => this.#reportInvalid(subscription));
    if (this.#status === 'ok') this.#startPolling();
    return {
      dispose: () => {
        this.#subscriptions.delete(subscription);
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
      results = await this.#reader.read(link, good);
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
   * Writes a raw value with FC5 (coil), FC6 (one register) or FC16 (several registers), or FC15 / FC16
   * where the tag's `writeFunction` asks for them (devices that implement only the "multiple" codes).
   * The type and order come from a subscribed tag with this address (the write call carries none).
   */
  async write(address: string, value: Value): Promise<Result<void>> {
    const link = this.#link;
    if (this.#status !== 'ok' || link === undefined) return fail('device-offline', `${this.#context.deviceName}: not connected (${this.#status})`);
    const parsed = parseItem(address, this.#config, this.#optionsOf(address.trim()));
    if (!parsed.ok) return parsed;
    const item = parsed.value;
    if (item.table === 'di' || item.table === 'ir') return fail('not-writable', `${address} is a ${item.table === 'di' ? 'discrete input' : 'input register'}: read-only in Modbus`);
    try {
      if (item.table === 'co') {
        if (typeof value !== 'boolean' && value !== 0 && value !== 1) return fail('type-mismatch', `a coil takes true/false (or 1/0), not ${JSON.stringify(value)}`);
        const on = value === true || value === 1;
        await this.#count(link.request(async (c): Promise<void> => {
          c.setID(item.unitId);
          if (item.writeFunction === 15) await c.writeCoils(item.address, [on]);
          else await c.writeCoil(item.address, on);
        }));
        return ok(undefined);
      }
      if (item.bit !== undefined) return await this.#writeBit(link, item, value);
      const registers = encodeRegisters(value, item.type, item.order, item.length);
      if (!registers.ok) return registers;
      const words = registers.value;
      await this.#count(link.request(async (c): Promise<void> => {
        c.setID(item.unitId);
        if (words.length === 1 && item.writeFunction !== 16) await c.writeRegister(item.address, words[0] ?? 0);
        else await c.writeRegisters(item.address, words);
      }));
      return ok(undefined);
    } catch (error) {
      const failure = classifyError(error);
      const verb = failure.kind === 'refused' || failure.kind === 'device' ? 'refused' : 'did not take';
      return fail(failure.kind === 'refused' ? 'config-error' : 'device-error', `${this.#context.deviceName} ${verb} the write to ${address}: ${failure.message}`);
    }
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

  /** Items whose address or options are invalid are never polled: they are reported bad once (and after each reconnect). */
  #reportInvalid(subscription: Subscription): void {
    if (!this.#subscriptions.has(subscription)) return;
    const bad = subscription.entries.filter((e) => !e.item.ok).map((e) => ({ handle: e.handle, value: this.#value(null, 'BadConfigurationError') }));
    for (const change of bad) subscription.last.set(change.handle, change.value);
    if (bad.length > 0) subscription.listener(bad);
  }

  /** A bit of a holding register: read, change the bit, write back (FC3 + FC6; not atomic on the device). */
  async #writeBit(link: ModbusLink, item: ModbusItem, value: Value): Promise<Result<void>> {
    if (typeof value !== 'boolean' && value !== 0 && value !== 1) return fail('type-mismatch', `a register bit takes true/false (or 1/0), not ${JSON.stringify(value)}`);
    const mask = 1 << (item.bit ?? 0);
    const on = value === true || value === 1;
    await this.#count(link.request(async (c) => {
      c.setID(item.unitId);
      const current = (await c.readHoldingRegisters(item.address, 1)).data[0] ?? 0;
      c.setID(item.unitId); // other requests may have run in between
      await c.writeRegister(item.address, on ? current | mask : current & ~mask & 0xffff);
    }));
    return ok(undefined);
  }

  #optionsOf(address: string): Readonly<Record<string, unknown>> | undefined {
    for (const subscription of this.#subscriptions) {
      for (const entry of subscription.entries) if (entry.address === address && entry.item.ok) return optionsOfItem(entry.item.value);
    }
    return undefined;
  }

  async #count<T>(request: Promise<{ value: T; roundTripMs: number }>): Promise<T> {
    this.#stats.requests++;
    try {
      const { value, roundTripMs } = await request;
      this.#stats.lastRoundTripMs = roundTripMs;
      return value;
    } catch (error) {
      this.#stats.errors++;
      throw error;
    }
  }

  async #open(): Promise<void> {
    if (!this.#running) return;
    this.#setStatus('connecting');
    const link = new ModbusLink(this.#config);
    this.#link = link;
    try {
      await link.open((why) => {
        if (this.#link === link) void this.#fail(why);
      });
    } catch (error) {
      if (this.#link === link) await this.#fail(`cannot connect to ${this.#where()}: ${classifyError(error).message}`);
      else await link.close();
      return;
    }
    if (this.#link !== link || !this.#running) {
      await link.close();
      return;
    }
    this.#attempt = 0;
    this.#busy = new Set();
    // After every (re)connect each item is reported again.
    for (const subscription of this.#subscriptions) subscription.last.clear();
    this.#setStatus('ok');
    for (const subscription of this.#subscriptions) this.#reportInvalid(subscription);
    this.#startPolling();
  }

  /** The connection failed or dropped: say why, close it, and try again after a backoff. */
  async #fail(why: string): Promise<void> {
    await this.#teardown();
    // Stopped meanwhile, or stopped and started again (a new link is on its way): nothing to retry.
    if (!this.#running || this.#link !== undefined || this.#reconnectTimer !== undefined) return;
    this.#setStatus('error', why);
    const delay = backoffDelay(this.#attempt++, this.#config.reconnect);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      void this.#open();
    }, delay);
  }

  async #teardown(): Promise<void> {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#stopPolling();
    const link = this.#link;
    this.#link = undefined;
    await link?.close();
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
      this.#pollTimers.set(group, setInterval(() => void this.#poll(group), rate));
      void this.#poll(group);
    }
  }

  #stopPolling(): void {
    for (const timer of this.#pollTimers.values()) clearInterval(timer);
    this.#pollTimers.clear();
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
      const items = new Map<string, ModbusItem>();
      for (const subscription of this.#subscriptions) {
        for (const entry of subscription.entries) {
          if (entry.item.ok && (entry.item.value.pollGroup ?? DEFAULT_GROUP) === group) items.set(entry.item.value.key, entry.item.value);
        }
      }
      const started = performance.now();
      const requestsBefore = this.#stats.requests;
      let results: Map<string, ItemReading>;
      try {
        results = await this.#reader.read(link, [...items.values()]);
      } catch (error) {
        if (link === this.#link) await this.#fail(error instanceof LinkFailure ? error.message : classifyError(error).message);
        return;
      }
      if (link !== this.#link) return;
      const cycle: PollCycle = { group, requests: this.#stats.requests - requestsBefore, durationMs: performance.now() - started };
      // A throwing listener is the listener's bug, not a communication failure: it surfaces, the link stays.
      this.#deliver(results);
      for (const listener of [...this.#pollListeners]) listener(cycle);
    } finally {
      busy.delete(group);
    }
  }

  #deliver(results: ReadonlyMap<string, ItemReading>): void {
    let failure: unknown;
    for (const subscription of this.#subscriptions) {
      const changes: DriverChange[] = [];
      for (const entry of subscription.entries) {
        if (!entry.item.ok) continue;
        const reading = results.get(entry.item.value.key);
        if (reading === undefined) continue;
        const value = this.#value(reading.value, reading.quality);
        const last = subscription.last.get(entry.handle);
        if (last && Object.is(last.value, value.value) && last.quality === value.quality) continue;
        subscription.last.set(entry.handle, value);
        changes.push({ handle: entry.handle, value });
      }
      if (changes.length === 0) continue;
      try {
        subscription.listener(changes);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }

  #value(value: Value, quality: Quality): DataValue {
    return dataValue(value, quality, this.#context.now());
  }

  #setStatus(status: ConnectionStatus, error?: string): void {
    if (status === this.#status && error === undefined) return;
    this.#status = status;
    const change: StatusChange = error === undefined ? { status, at: this.#context.now() } : { status, error, at: this.#context.now() };
    for (const listener of [...this.#statusListeners]) listener(change);
  }
}

function optionsOfItem(item: ModbusItem): Record<string, unknown> {
  const options: Record<string, unknown> = { type: item.type, order: item.order, unitId: item.unitId };
  if (item.bit !== undefined) options.bit = item.bit;
  if (item.length !== undefined) options.length = item.length;
  if (item.writeFunction !== undefined) options.writeFunction = item.writeFunction;
  return options;
}
