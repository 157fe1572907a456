import { z } from 'zod';
import { dataValue, type DataValue, type Value } from '../../common/data-value.ts';
import type { ConnectionStatus } from '../../common/device.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { BrowseNode, Browsable, Disposable, Driver, DriverChange, DriverContext, DriverFactory, DriverItem, StatusChange } from '../api.ts';
import { functionSyntax, parseAddress, SIGNAL_FUNCTIONS, type ParsedAddress, type SignalFunction } from './address.ts';
import type { PlantModel } from './plant-model.ts';
import { PLANT_MODELS, PLANT_MODEL_NAMES, type PlantModelName } from './plant-models.ts';
import { hashString } from './prng.ts';
import { deliverChanges } from '../report-by-exception.ts';
import { createSignal, type Signal } from './signals.ts';

export const SimulatorConfigSchema = z.strictObject({
  /** The plant model behind `model:` addresses; without one only signal functions are available. */
  model: z.enum(PLANT_MODEL_NAMES).optional(),
  tickMs: z.number().int().min(10).max(60_000).default(100),
  seed: z.number().int().default(1),
});
export type SimulatorConfig = z.infer<typeof SimulatorConfigSchema>;

export const COMMUNICATION_LOSS = 'simulated communication loss';
/** A stalled event loop (or a jump of the injected clock) advances the plant by at most this much per tick. */
const MAX_STEP_MS = 60_000;

/** Parses an address and checks it against the device's model. */
export function resolveAddress(address: string, model: PlantModelName | undefined): Result<ParsedAddress> {
  const parsed = parseAddress(address);
  if (!parsed.ok || parsed.value.address.kind !== 'model') return parsed;
  const { variable } = parsed.value.address;
  if (model === undefined) {
    return fail('config-error', `'${address.trim()}' reads a plant model, but this device has no model: set "model": "bottling-line" in its config`);
  }
  const known = PLANT_MODELS[model].variables.map((v) => v.name);
  if (!known.includes(variable)) {
    return fail('config-error', `unknown model variable '${variable}': the ${model} model has ${known.join(', ')}`);
  }
  return parsed;
}

export const simulatorDriverFactory: DriverFactory<SimulatorConfig> = {
  protocol: 'simulator',
  description: 'Built-in plant simulator: a bottling line model and signal functions (sine, ramp, random, counter, memory...)',
  configSchema: SimulatorConfigSchema,
  validateAddress(address, config, options) {
    if (options !== undefined && Object.keys(options).length > 0) {
      return fail('config-error', `the simulator takes no address options (got ${Object.keys(options).join(', ')})`);
    }
    const resolved = resolveAddress(address, config.model);
    return resolved.ok ? ok(undefined) : resolved;
  },
  create: (config, context) => new SimulatorDriver(config, context),
};

interface Subscription {
  items: readonly { handle: number; resolved: Result<ParsedAddress> }[];
  listener: (changes: readonly DriverChange[]) => void;
  last: Map<number, DataValue>;
}

/**
 * The simulator as a device: it owns one interval timer while connected; each tick advances the plant
 * model and the signals by the injected clock's elapsed time and pushes what changed.
 */
export class SimulatorDriver implements Driver, Browsable {
  readonly #config: SimulatorConfig;
  readonly #context: DriverContext;
  readonly #model: PlantModel | undefined;
  readonly #signals = new Map<string, Signal>();
  readonly #subscriptions = new Set<Subscription>();
  readonly #statusListeners = new Set<(change: StatusChange) => void>();
  #status: ConnectionStatus = 'off';
  #communicationOk = true;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lastTick: number;
  #disposed = false;

  constructor(config: SimulatorConfig, context: DriverContext) {
    this.#config = config;
    this.#context = context;
    this.#model = config.model === undefined ? undefined : PLANT_MODELS[config.model].create(config.seed);
    this.#lastTick = context.now();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  async connect(): Promise<void> {
    if (this.#disposed) throw new Error(`simulator ${this.#context.deviceName} is disposed`);
    if (this.#timer !== undefined) return;
    this.#setStatus('connecting');
    this.#lastTick = this.#context.now();
    this.#timer = setInterval(() => this.#tick(), this.#config.tickMs);
    this.#restoreStatus();
  }

  async disconnect(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#setStatus('off');
  }

  /** Simulates losing (false) and regaining (true) communication with the device. */
  setCommunication(ok: boolean): void {
    this.#communicationOk = ok;
    if (this.#timer !== undefined) this.#restoreStatus();
  }

  onDidChangeStatus(listener: (change: StatusChange) => void): Disposable {
    this.#statusListeners.add(listener);
    return { dispose: () => this.#statusListeners.delete(listener) };
  }

  async read(items: readonly DriverItem[]): Promise<DataValue[]> {
    return items.map((item) => this.#currentValue(this.#resolve(item.address)));
  }

  async write(address: string, value: Value): Promise<Result<void>> {
    if (this.#status !== 'ok') {
      const why = this.#status === 'error' ? COMMUNICATION_LOSS : 'not connected';
      return fail('device-offline', `${this.#context.deviceName}: ${why}`);
    }
    const resolved = this.#resolve(address);
    if (!resolved.ok) return resolved;
    const { address: parsed, key } = resolved.value;
    if (parsed.kind === 'model') return this.#model?.write(parsed.variable, value) ?? fail('config-error', 'no plant model');
    const signal = this.#signal(resolved.value);
    if (signal.write === undefined) {
      return fail('not-writable', `${key} is a generated signal: only memory(...) and writable model variables accept writes`);
    }
    return signal.write(value);
  }

  subscribe(items: readonly DriverItem[], listener: (changes: readonly DriverChange[]) => void): Disposable {
    const subscription: Subscription = {
      items: items.map((item) => ({ handle: item.handle, resolved: this.#resolve(item.address) })),
      listener,
      last: new Map(),
    };
    this.#subscriptions.add(subscription);
    // The first report comes after subscribe returns, so the caller holds the handle before any callback.
    queueMicrotask(() => {
      if (this.#subscriptions.has(subscription)) this.#deliver([subscription]);
    });
    return { dispose: () => this.#subscriptions.delete(subscription) };
  }

  async browse(browsePath?: string): Promise<Result<BrowseNode[]>> {
    if (browsePath === undefined || browsePath === '') {
      const variables: BrowseNode[] = (this.#model?.variables ?? []).map((v) => ({
        name: v.name,
        address: `model:${v.name}`,
        dataType: v.dataType,
        description: `${v.description}${v.units ? ` (${v.units})` : ''}${v.writable ? ', writable' : ''}`,
      }));
      const syntaxes = Object.keys(SIGNAL_FUNCTIONS).map((fn) => functionSyntax(fn as SignalFunction));
      return ok([...variables, { name: 'Functions', browsePath: 'functions', description: `Signal functions: ${syntaxes.join(', ')}` }]);
    }
    if (browsePath === 'functions') {
      return ok(
        (Object.keys(SIGNAL_FUNCTIONS) as SignalFunction[]).map((fn) => ({
          name: fn,
          address: functionSyntax(fn),
          dataType: SIGNAL_FUNCTIONS[fn].dataType,
          description: `${SIGNAL_FUNCTIONS[fn].description}. Syntax: ${functionSyntax(fn)}; durations 500ms/10s/5m/1h`,
        })),
      );
    }
    return fail('not-found', `nothing to browse at '${browsePath}' (browse the root or 'functions')`);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#subscriptions.clear();
    this.#setStatus('off');
    this.#statusListeners.clear();
  }

  /** Moves to 'ok' or 'error' as communication allows; back to 'ok' re-sends every subscribed value. */
  #restoreStatus(): void {
    const next = this.#communicationOk ? 'ok' : 'error';
    if (next === this.#status) return;
    this.#setStatus(next, next === 'error' ? COMMUNICATION_LOSS : undefined);
    if (next === 'ok') {
      for (const subscription of this.#subscriptions) subscription.last.clear();
      queueMicrotask(() => {
        if (this.#status === 'ok') this.#deliver(this.#subscriptions);
      });
    }
  }

  #tick(): void {
    const now = this.#context.now();
    const dt = Math.min(Math.max(0, now - this.#lastTick), MAX_STEP_MS);
    this.#lastTick = now;
    if (dt > 0) {
      this.#model?.step(dt);
      for (const signal of this.#signals.values()) signal.advance(now, dt);
    }
    if (this.#status === 'ok') this.#deliver(this.#subscriptions);
  }

  /** Sends each subscription one batch of the items whose value or quality differs from what it last got. */
  #deliver(subscriptions: Iterable<Subscription>): void {
    deliverChanges(subscriptions, (subscription, offer) => {
      for (const { handle, resolved } of subscription.items) offer(handle, this.#currentValue(resolved));
    });
  }

  #currentValue(resolved: Result<ParsedAddress>): DataValue {
    if (!resolved.ok) return dataValue(null, 'BadConfigurationError', this.#context.now());
    if (this.#status !== 'ok') return dataValue(null, 'BadNotConnected', this.#context.now());
    const { address } = resolved.value;
    const value = address.kind === 'model' ? (this.#model?.read(address.variable) ?? null) : this.#signal(resolved.value).value();
    return dataValue(value, 'Good', this.#lastTick);
  }

  #resolve(address: string): Result<ParsedAddress> {
    return resolveAddress(address, this.#config.model);
  }

  /** Function signals are made on first use and shared by every item with the same canonical address. */
  #signal(parsed: ParsedAddress): Signal {
    let signal = this.#signals.get(parsed.key);
    if (signal === undefined && parsed.address.kind !== 'model') {
      signal = createSignal(parsed.address, (this.#config.seed ^ hashString(parsed.key)) >>> 0, this.#lastTick);
      this.#signals.set(parsed.key, signal);
    }
    if (signal === undefined) throw new Error(`no signal for ${parsed.key}`);
    return signal;
  }

  #setStatus(status: ConnectionStatus, error?: string): void {
    if (status === this.#status && error === undefined) return;
    this.#status = status;
    const change: StatusChange = error === undefined ? { status, at: this.#context.now() } : { status, error, at: this.#context.now() };
    for (const listener of [...this.#statusListeners]) listener(change);
  }
}
