import { z } from 'zod';
import type { DataValue, Value } from '../../common/data-value.ts';
import type { ConnectionStatus } from '../../common/device.ts';
import { Emitter } from '../../common/emitter.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { Driver, DriverChange, DriverFactory, DriverItem, StatusChange } from '../../drivers/api.ts';

const ADDRESSES = ['command', 'running', 'speed'] as const;
type Address = (typeof ADDRESSES)[number];

/**
 * A pump drive as a device: `command` is written by the operator, `running` follows it after
 * `startDelayMs` (a real drive takes a moment to start or stop), `speed` is 80 % while running.
 * The example plant has no pump command, so the screen tests that start a pump run against this.
 */
export class PumpDriveDriver implements Driver {
  status: ConnectionStatus = 'off';
  readonly #status = new Emitter<StatusChange>();
  readonly onDidChangeStatus = this.#status.event;
  readonly #delayMs: number;
  #values: Record<Address, Value> = { command: false, running: false, speed: 0 };
  #items: DriverItem[] = [];
  #listener: ((changes: readonly DriverChange[]) => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(delayMs: number) {
    this.#delayMs = delayMs;
  }

  async connect(): Promise<void> {
    this.status = 'ok';
    this.#status.fire({ status: 'ok', at: Date.now() });
  }

  async disconnect(): Promise<void> {
    clearTimeout(this.#timer);
    this.status = 'off';
  }

  async read(items: readonly DriverItem[]): Promise<DataValue[]> {
    return items.map((item) => this.#dataValue(item.address as Address));
  }

  async write(address: string, value: Value): Promise<Result<void>> {
    if (address !== 'command') return fail('not-writable', `${address} is read-only on the drive`);
    this.#set({ command: value === true });
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#set({ running: value === true, speed: value === true ? 80 : 0 }), this.#delayMs);
    return ok(undefined);
  }

  subscribe(items: readonly DriverItem[], listener: (changes: readonly DriverChange[]) => void) {
    this.#items = [...items];
    this.#listener = listener;
    listener(items.map((item) => ({ handle: item.handle, value: this.#dataValue(item.address as Address) })));
    return { dispose: () => (this.#listener = undefined) };
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#status.dispose();
  }

  #set(values: Partial<Record<Address, Value>>): void {
    this.#values = { ...this.#values, ...values };
    const changed = this.#items.filter((item) => Object.hasOwn(values, item.address));
    this.#listener?.(changed.map((item) => ({ handle: item.handle, value: this.#dataValue(item.address as Address) })));
  }

  #dataValue(address: Address): DataValue {
    const now = Date.now();
    return { value: this.#values[address], quality: 'Good', sourceTime: now, serverTime: now };
  }
}

export function pumpDriveFactory(): DriverFactory<{ startDelayMs: number }> {
  return {
    protocol: 'test-pump',
    description: 'a pump drive whose running state follows its command after a delay',
    configSchema: z.strictObject({ startDelayMs: z.number().int().min(0).max(60_000) }),
    validateAddress: (address) => ((ADDRESSES as readonly string[]).includes(address) ? ok(undefined) : fail('config-error', `unknown drive address ${address}`)),
    create: (config) => new PumpDriveDriver(config.startDelayMs),
  };
}
