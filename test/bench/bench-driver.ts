import { z } from 'zod';
import type { DataValue, Value } from '../../common/data-value.ts';
import type { ConnectionStatus } from '../../common/device.ts';
import { Emitter } from '../../common/emitter.ts';
import { ok, type Result } from '../../common/result.ts';
import type { Driver, DriverChange, DriverFactory, DriverItem, StatusChange } from '../../drivers/api.ts';

/** A driver the benchmark pushes values through at whatever rate it wants, with no protocol cost. */
export class BenchDriver implements Driver {
  status: ConnectionStatus = 'off';
  items: DriverItem[] = [];
  private listener: ((changes: readonly DriverChange[]) => void) | undefined;
  private readonly statusEmitter = new Emitter<StatusChange>();
  readonly onDidChangeStatus = this.statusEmitter.event;

  async connect(): Promise<void> {
    this.status = 'ok';
    this.statusEmitter.fire({ status: 'ok', at: Date.now() });
  }
  async disconnect(): Promise<void> {
    this.status = 'off';
  }
  async read(items: readonly DriverItem[]): Promise<DataValue[]> {
    return items.map(() => ({ value: 0, quality: 'Good', sourceTime: Date.now(), serverTime: Date.now() }));
  }
  async write(_address: string, _value: Value): Promise<Result<void>> {
    return ok(undefined);
  }
  subscribe(items: readonly DriverItem[], listener: (changes: readonly DriverChange[]) => void) {
    this.items = [...items];
    this.listener = listener;
    return { dispose: () => (this.listener = undefined) };
  }
  push(changes: readonly DriverChange[]): void {
    this.listener?.(changes);
  }
  dispose(): void {
    this.statusEmitter.dispose();
  }
}

export function benchDriverFactory(onCreate: (driver: BenchDriver) => void): DriverFactory<Record<string, never>> {
  return {
    protocol: 'bench',
    description: 'benchmark source',
    configSchema: z.strictObject({}),
    validateAddress: () => ok(undefined),
    create: () => {
      const driver = new BenchDriver();
      onCreate(driver);
      return driver;
    },
  };
}
