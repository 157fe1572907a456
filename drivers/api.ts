import type { z } from 'zod';
import type { DataValue, Value } from '../common/data-value.ts';
import type { ConnectionStatus, UnitInfo } from '../common/device.ts';
import type { DataType } from '../common/tag.ts';
import type { Result } from '../common/result.ts';
import type { SecretField } from '../common/secrets.ts';
import type { Logger } from '../common/logger.ts';
import type { ReasonText } from '../common/reasons.ts';

/**
 * The driver interface. A driver talks to one device (or one server) and deals in raw values: the
 * tag engine scales them. Capabilities are small interfaces; a driver implements what its protocol
 * offers, and the registry maps a protocol name to a factory.
 */

export type { Disposable } from '../common/emitter.ts';
import type { Disposable } from '../common/emitter.ts';

export interface StatusChange {
  status: ConnectionStatus;
  /** Why, in words, when the status is 'error'. */
  error?: string;
  /** The same as a key of common/reasons.ts (`device.*`) and its parameters, for the reader's language, where the driver knows one. */
  errorText?: ReasonText;
  at: number;
}

export interface Connectable {
  readonly status: ConnectionStatus;
  /** Starts connecting and keeps the connection up (reconnecting by itself) until `disconnect`. */
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  onDidChangeStatus(listener: (change: StatusChange) => void): Disposable;
}

/** A value the engine asks for: `handle` is the engine's own number for it, echoed back in changes. */
export interface DriverItem {
  handle: number;
  address: string;
  /** The tag's `source.options`, already accepted by `validateAddress`. */
  options?: Readonly<Record<string, unknown>>;
  /** The tag's data type (drivers that need it to decode, such as Modbus, use it; options may override). */
  dataType?: DataType;
}

export interface DriverChange {
  handle: number;
  value: DataValue;
}

export interface Readable {
  read(items: readonly DriverItem[]): Promise<DataValue[]>;
}

/** The rest of a tag's source besides its address: a write goes to the tag's own place, decoded its own way. */
export interface WriteTarget {
  /** The tag's `source.options`, already accepted by `validateAddress`. */
  options?: Readonly<Record<string, unknown>>;
  dataType?: DataType;
}

export interface Writable {
  /**
   * Writes a raw value to the tag whose source is `address` + `target`. Resolves with why not when the
   * device refuses or can't be reached.
   */
  write(address: string, value: Value, target?: WriteTarget): Promise<Result<void>>;
}

export interface Subscribable {
  /**
   * Reports values of the items as they change (batched: one call may carry many changes). The first
   * report for each item, and the first after every reconnect, is its current value, or a bad quality
   * saying why there is none. While the connection is down the tag engine marks the items itself.
   */
  subscribe(items: readonly DriverItem[], listener: (changes: readonly DriverChange[]) => void): Disposable;
}

export interface BrowseNode {
  name: string;
  /** What to put in a tag's source address to read this node, when it holds a value. */
  address?: string;
  /** Pass back to `browse` to list its children, when it has any. */
  browsePath?: string;
  dataType?: string;
  description?: string;
  /** An array variable: how many elements it has (its declared dimension, else its current length). */
  arrayLength?: number;
}

export interface Browsable {
  browse(browsePath?: string): Promise<Result<BrowseNode[]>>;
}

/** Request counters a driver keeps for the Devices view and /metrics. */
export interface DriverStats {
  requests: number;
  errors: number;
  /** Round-trip time of the last request (ms). */
  lastRoundTripMs?: number;
}

export interface Diagnosable {
  stats(): DriverStats;
}

/** Drivers whose link carries several units (Modbus unit ids) report each one's state. */
export interface UnitReporting {
  units(): UnitInfo[];
  /** Fires when a unit's state changes (not on every round trip). */
  onDidChangeUnits(listener: () => void): Disposable;
}

export type Driver = Connectable & Readable & Writable & Subscribable & Partial<Browsable> & Partial<Diagnosable> & Partial<UnitReporting> & Disposable;

/** What the runtime hands a driver when it creates one. */
export interface DriverContext {
  /** The device's name in the project, for messages. */
  deviceName: string;
  /** The project folder (read-only in a packaged app). */
  projectDir: string;
  /** A writable folder for this project's runtime data (certificates, PKI, caches). */
  dataDir: string;
  now(): number;
  /** Where the driver draws its backoff jitter (common/backoff.ts), in [0, 1); `Math.random` without it. */
  random?(): number;
  /** Where the driver's (and its protocol library's) log lines go; without it they are dropped. */
  log?: Logger;
  /** The project's plant name (project.json `plant.name`), for identities the driver presents (certificates). */
  plantName?: string;
}

/** One tag of a device, as `DriverFactory.warnings` sees it. */
export interface DeviceTagSource {
  path: string;
  address: string;
  options?: Readonly<Record<string, unknown>>;
  dataType: DataType;
}

export interface DriverFactory<Config = unknown> {
  readonly protocol: string;
  readonly description: string;
  /** Validates the device's `config` object from project.json. */
  readonly configSchema: z.ZodType<Config>;
  /**
   * Fields of `config` that hold secrets (passwords, private keys): project.json refers to them by name
   * (`{ "secret": "…" }`), the runtime hands the driver their values, and clients only see set / not set.
   */
  readonly secretFields?: readonly SecretField[];
  /** Checks a tag's address and options against this driver's syntax (and the device's config) before start. */
  /** `dataType` is the tag's type, for drivers whose address alone does not say how to decode the value (Modbus registers). */
  validateAddress(address: string, config: Config, options?: Readonly<Record<string, unknown>>, dataType?: DataType): Result<void>;
  /** What an accepted address means on the wire, in words, shown beside the address in the tag form. */
  describeAddress?(address: string, config: Config, options?: Readonly<Record<string, unknown>>, dataType?: DataType): Result<string>;
  /**
   * Problems of a device's tags that do not stop the project (two tags reading the same registers as
   * different types...), each naming the tags; the loader logs them and the Devices view shows them.
   */
  warnings?(config: Config, tags: readonly DeviceTagSource[]): string[];
  create(config: Config, context: DriverContext): Driver;
}
