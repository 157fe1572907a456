import type { Value } from '../../../common/data-value.ts';
import type { DeviceInfo } from '../../../common/device.ts';
import { DisposableStore, Emitter, type Disposable } from '../../../common/emitter.ts';
import { ok, type Result } from '../../../common/result.ts';
import type { DataType } from '../../../common/tag.ts';
import type { Driver, DriverContext, DriverItem, StatusChange, WriteTarget } from '../../../drivers/api.ts';
import type { LoadedDevice } from '../project/project-loader.ts';
import { deviceWarnings } from '../project/project-validation.ts';
import type { TagEngine } from '../tags/tag-engine.ts';
import type { Clock } from '../../../common/clock.ts';
import { failWith } from '../../../common/reasons.ts';

interface DeviceState {
  device: LoadedDevice;
  driver: Driver | undefined;
  /** The driver, its status listener and its subscription: disposed together when the device stops. */
  running: DisposableStore;
  subscription: Disposable | undefined;
  info: DeviceInfo;
  tagIds: number[];
}

/**
 * Owns the drivers: creates one per enabled device, feeds its values into the tag engine, follows its
 * connection status (a device that is not connected turns its tags Bad, not connected), and routes
 * writes to it. Disposing disconnects every driver.
 */
export class DeviceManager implements Disposable {
  private readonly states = new Map<string, DeviceState>();
  private readonly statusEmitter = new Emitter<DeviceInfo>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  private readonly engine: TagEngine;
  private readonly clock: Clock;
  private readonly projectDir: string;
  private readonly dataDir: string;
  /** Handed to every driver (DriverContext): the runtime's logger and the plant's name. */
  private readonly shared: Pick<DriverContext, 'log' | 'plantName'>;

  constructor(devices: readonly LoadedDevice[], engine: TagEngine, clock: Clock, dirs: { projectDir: string; dataDir: string } & Pick<DriverContext, 'log' | 'plantName'>) {
    this.engine = engine;
    this.clock = clock;
    this.projectDir = dirs.projectDir;
    this.dataDir = dirs.dataDir;
    this.shared = { ...(dirs.log ? { log: dirs.log } : {}), ...(dirs.plantName ? { plantName: dirs.plantName } : {}) };
    for (const device of devices) this.states.set(device.definition.name, this.newState(device));
    for (const state of this.states.values()) this.collectTags(state);
  }

  /** Creates the drivers and starts connecting; resolves once every driver has been asked to connect. */
  async start(): Promise<void> {
    await Promise.all([...this.states.values()].map((state) => this.startDriver(state)));
  }

  /**
   * Applies a configuration edit while running. Devices in `restart` (new, changed or deleted) get a
   * new driver, or none; devices in `retag` keep their connection and subscribe to their new tag set.
   * Every other device is left alone, so its tags keep flowing. `devices` is the whole new list.
   */
  async reconfigure(devices: readonly LoadedDevice[], restart: ReadonlySet<string>, retag: ReadonlySet<string>): Promise<void> {
    const wanted = new Map(devices.map((d) => [d.definition.name, d]));
    const stops: Promise<void>[] = [];
    for (const [name, state] of this.states) {
      if (wanted.has(name) && !restart.has(name)) continue;
      stops.push(this.stopDriver(state));
      if (!wanted.has(name)) this.states.delete(name);
    }
    await Promise.all(stops);
    const ordered = new Map<string, DeviceState>();
    const fresh: DeviceState[] = [];
    for (const [name, device] of wanted) {
      let state = this.states.get(name);
      if (!state || restart.has(name)) {
        state = this.newState(device);
        this.collectTags(state);
        fresh.push(state);
      } else if (retag.has(name)) {
        this.collectTags(state);
        this.resubscribe(state);
      }
      ordered.set(name, state);
    }
    this.states.clear();
    for (const [name, state] of ordered) this.states.set(name, state);
    await Promise.all(fresh.map((state) => this.startDriver(state)));
    for (const name of new Set([...restart, ...retag])) {
      const state = this.states.get(name);
      if (state) this.statusEmitter.fire(this.snapshot(state));
    }
  }

  private newState(device: LoadedDevice): DeviceState {
    const def = device.definition;
    const info: DeviceInfo = { name: def.name, driver: def.driver, description: def.description, status: 'off', since: this.clock.now(), tagCount: 0 };
    return { device, driver: undefined, running: new DisposableStore(), subscription: undefined, info, tagIds: [] };
  }

  private collectTags(state: DeviceState): void {
    const name = state.device.definition.name;
    // An array tag's elements come from the array's value, not from the device.
    const own = this.engine.all().filter((s) => s.def.source.device === name && !s.parent);
    state.tagIds = own.map((s) => s.id);
    state.info.tagCount = state.tagIds.length;
    const warnings = deviceWarnings(
      state.device,
      own.map((s) => s.def),
    );
    if (warnings.length > 0) state.info.warnings = warnings;
    else delete state.info.warnings;
  }

  private async startDriver(state: DeviceState): Promise<void> {
    const def = state.device.definition;
    if (!def.enabled) {
      this.engine.setQuality(state.tagIds, 'BadOutOfService');
      return;
    }
    this.engine.setQuality(state.tagIds, 'BadNotConnected');
    const driver = state.device.factory.create(state.device.config, {
      deviceName: def.name,
      projectDir: this.projectDir,
      dataDir: this.dataDir,
      now: () => this.clock.now(),
      ...this.shared,
    });
    state.driver = driver;
    state.running.add({ dispose: () => driver.dispose() });
    state.running.add(driver.onDidChangeStatus((change) => this.onStatus(state, change)));
    if (driver.onDidChangeUnits) state.running.add(driver.onDidChangeUnits(() => this.onUnits(state)));
    this.resubscribe(state);
    await driver.connect();
  }

  /** One driver subscription for the device's current tags, replacing the previous one. */
  private resubscribe(state: DeviceState): void {
    const driver = state.driver;
    state.subscription?.dispose();
    state.subscription = undefined;
    if (!driver) {
      this.engine.setQuality(state.tagIds, state.device.definition.enabled ? 'BadNotConnected' : 'BadOutOfService');
      return;
    }
    if (state.info.status !== 'ok') this.engine.setQuality(state.tagIds, 'BadNotConnected');
    const items: DriverItem[] = state.tagIds.map((id) => {
      const { source, dataType } = this.engine.slotById(id)!.def;
      return source.options ? { handle: id, address: source.address, options: source.options, dataType } : { handle: id, address: source.address, dataType };
    });
    state.subscription = driver.subscribe(items, (changes) => this.engine.ingest(changes));
  }

  private async stopDriver(state: DeviceState): Promise<void> {
    const driver = state.driver;
    state.subscription?.dispose();
    state.subscription = undefined;
    state.driver = undefined;
    if (driver) await driver.disconnect().catch(() => undefined);
    state.running.dispose();
  }

  list(): DeviceInfo[] {
    return [...this.states.values()].map((s) => this.snapshot(s));
  }

  get(name: string): DeviceInfo | undefined {
    const state = this.states.get(name);
    return state ? this.snapshot(state) : undefined;
  }

  private snapshot(state: DeviceState): DeviceInfo {
    const info: DeviceInfo = { ...state.info };
    const stats = state.driver?.stats?.();
    if (stats) info.stats = stats;
    const units = state.driver?.units?.();
    if (units && units.length > 0) info.units = units;
    return info;
  }

  /** What a tag address means on the device's wire, for the tag form; undefined for an unknown device. */
  describeAddress(name: string, address: string, options: Readonly<Record<string, unknown>> | undefined, dataType: DataType): Result<string> | undefined {
    const state = this.states.get(name);
    if (!state) return undefined;
    const { factory, config } = state.device;
    if (factory.describeAddress) return factory.describeAddress(address, config, options, dataType);
    const valid = factory.validateAddress(address, config, options, dataType);
    return valid.ok ? ok('') : valid;
  }

  /** The running driver of a device (for browsing and diagnostics), if it is enabled and started. */
  driverOf(name: string): Driver | undefined {
    return this.states.get(name)?.driver;
  }

  /** Writes to the tag whose source is `address` + `target` (its options and data type) on that device. */
  async write(deviceName: string, address: string, raw: Value, target?: WriteTarget): Promise<Result<void>> {
    const state = this.states.get(deviceName);
    if (!state?.driver) return failWith('device-offline', 'device.notRunning', { device: deviceName });
    if (state.info.status !== 'ok') {
      const why = state.info.lastError ? `: ${state.info.lastError}` : '';
      return failWith('device-offline', 'device.notConnected', { device: deviceName, status: state.info.status, detail: why });
    }
    return state.driver.write(address, raw, target);
  }

  /** Disconnects every driver (in parallel) and releases them. */
  async stop(): Promise<void> {
    const drivers = [...this.states.values()].map((s) => s.driver).filter((d): d is Driver => d !== undefined);
    await Promise.allSettled(drivers.map((d) => d.disconnect()));
    this.dispose();
  }

  dispose(): void {
    for (const state of this.states.values()) {
      state.subscription?.dispose();
      state.subscription = undefined;
      state.running.dispose();
      state.driver = undefined;
    }
    this.statusEmitter.dispose();
  }

  /** A unit on the device's link started or stopped answering: the Devices view hears it at once. */
  private onUnits(state: DeviceState): void {
    if (this.states.get(state.device.definition.name) !== state || state.driver === undefined) return;
    this.statusEmitter.fire(this.snapshot(state));
  }

  private onStatus(state: DeviceState, change: StatusChange): void {
    // A driver being replaced may still report while it closes; only the current one speaks for the device.
    if (this.states.get(state.device.definition.name) !== state || state.driver === undefined) return;
    const info = state.info;
    info.status = change.status;
    info.since = change.at;
    if (change.error !== undefined) {
      info.lastError = change.error;
      if (change.errorText) info.lastErrorText = change.errorText;
      else delete info.lastErrorText;
    }
    if (change.status !== 'ok') this.engine.setQuality(state.tagIds, 'BadNotConnected');
    this.statusEmitter.fire(this.snapshot(state));
  }
}
