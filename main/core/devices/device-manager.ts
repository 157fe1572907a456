import type { Value } from '../../../common/data-value.ts';
import type { DeviceInfo } from '../../../common/device.ts';
import { DisposableStore, Emitter, type Disposable } from '../../../common/emitter.ts';
import { fail, type Result } from '../../../common/result.ts';
import type { Driver, DriverItem, StatusChange } from '../../../drivers/api.ts';
import type { LoadedDevice } from '../project/project-loader.ts';
import type { Clock, TagEngine } from '../tags/tag-engine.ts';

interface DeviceState {
  device: LoadedDevice;
  driver: Driver | undefined;
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
  private readonly disposables = new DisposableStore();
  private readonly statusEmitter = new Emitter<DeviceInfo>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  private readonly engine: TagEngine;
  private readonly clock: Clock;
  private readonly projectDir: string;
  private readonly dataDir: string;

  constructor(devices: readonly LoadedDevice[], engine: TagEngine, clock: Clock, dirs: { projectDir: string; dataDir: string }) {
    this.engine = engine;
    this.clock = clock;
    this.projectDir = dirs.projectDir;
    this.dataDir = dirs.dataDir;
    const now = clock.now();
    for (const device of devices) {
      const def = device.definition;
      const info: DeviceInfo = { name: def.name, driver: def.driver, description: def.description, status: 'off', since: now, tagCount: 0 };
      this.states.set(def.name, { device, driver: undefined, info, tagIds: [] });
    }
    for (const slot of engine.all()) {
      const state = this.states.get(slot.def.source.device);
      if (state) state.tagIds.push(slot.id);
    }
    for (const state of this.states.values()) state.info.tagCount = state.tagIds.length;
  }

  /** Creates the drivers and starts connecting; resolves once every driver has been asked to connect. */
  async start(): Promise<void> {
    const starts: Promise<void>[] = [];
    for (const state of this.states.values()) {
      const def = state.device.definition;
      if (!def.enabled) {
        this.engine.setQuality(state.tagIds, 'BadOutOfService');
        continue;
      }
      this.engine.setQuality(state.tagIds, 'BadNotConnected');
      const driver = state.device.factory.create(state.device.config, {
        deviceName: def.name,
        projectDir: this.projectDir,
        dataDir: this.dataDir,
        now: () => this.clock.now(),
      });
      state.driver = driver;
      this.disposables.add({ dispose: () => driver.dispose() });
      this.disposables.add(driver.onDidChangeStatus((change) => this.onStatus(state, change)));
      const items: DriverItem[] = state.tagIds.map((id) => {
        const source = this.engine.slotById(id)!.def.source;
        return source.options ? { handle: id, address: source.address, options: source.options } : { handle: id, address: source.address };
      });
      this.disposables.add(driver.subscribe(items, (changes) => this.engine.ingest(changes)));
      starts.push(driver.connect());
    }
    await Promise.all(starts);
  }

  list(): DeviceInfo[] {
    return [...this.states.values()].map((s) => this.snapshot(s));
  }

  get(name: string): DeviceInfo | undefined {
    const state = this.states.get(name);
    return state ? this.snapshot(state) : undefined;
  }

  private snapshot(state: DeviceState): DeviceInfo {
    const stats = state.driver?.stats?.();
    return stats ? { ...state.info, stats } : { ...state.info };
  }

  /** The running driver of a device (for browsing and diagnostics), if it is enabled and started. */
  driverOf(name: string): Driver | undefined {
    return this.states.get(name)?.driver;
  }

  async write(deviceName: string, address: string, raw: Value): Promise<Result<void>> {
    const state = this.states.get(deviceName);
    if (!state?.driver) return fail('device-offline', `device ${deviceName} is not running`);
    if (state.info.status !== 'ok') {
      const why = state.info.lastError ? `: ${state.info.lastError}` : '';
      return fail('device-offline', `device ${deviceName} is not connected (${state.info.status}${why})`);
    }
    return state.driver.write(address, raw);
  }

  /** Disconnects every driver (in parallel) and releases them. */
  async stop(): Promise<void> {
    const drivers = [...this.states.values()].map((s) => s.driver).filter((d): d is Driver => d !== undefined);
    await Promise.allSettled(drivers.map((d) => d.disconnect()));
    this.dispose();
  }

  dispose(): void {
    this.disposables.dispose();
    this.statusEmitter.dispose();
    for (const state of this.states.values()) state.driver = undefined;
  }

  private onStatus(state: DeviceState, change: StatusChange): void {
    const info = state.info;
    info.status = change.status;
    info.since = change.at;
    if (change.error !== undefined) info.lastError = change.error;
    if (change.status !== 'ok') this.engine.setQuality(state.tagIds, 'BadNotConnected');
    this.statusEmitter.fire(this.snapshot(state));
  }
}
