import Modbus from 'modbus-serial';
import type { Quality } from '../../common/quality.ts';
import type { ReasonText } from '../../common/reasons.ts';
import type { ModbusConfig } from './config.ts';
import type { Table } from './item-types.ts';
import { RtuPort } from './rtu-port.ts';

// The package is CommonJS with `module.exports.default = module.exports`: `.default` is the client class
// both at run time and in its type declarations.
const ModbusRTU = Modbus.default;
type ModbusClient = InstanceType<typeof ModbusRTU>;
type Next<T> = (error: Error | null, result: T) => void;

/** Why a request failed, sorted into what the driver does about it. */
export type RequestFailure =
  /** The device refused these addresses (exceptions 1, 2, 3): only the tags concerned are bad. */
  | { kind: 'refused'; quality: Quality; message: string }
  /** The device (or a gateway) answered with a failure: the tags are bad, the link is fine. */
  | { kind: 'device'; quality: Quality; message: string }
  /** No answer in time. */
  | { kind: 'timeout'; quality: Quality; message: string }
  /** The connection is gone. */
  | { kind: 'link'; quality: Quality; message: string };

const EXCEPTIONS: Record<number, string> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'server device failure',
  5: 'acknowledge (busy with a long command)',
  6: 'server device busy',
  8: 'memory parity error',
  10: 'gateway path unavailable',
  11: 'gateway target device failed to respond',
};

/** What a request that went unanswered says. */
export const TIMEOUT_MESSAGE = 'no answer in time (timeout)';

/** What a link that dropped by itself says. */
export const CLOSED_BY_PEER = 'the connection was closed by the device or the network';

/** Why connecting to `where` failed, as a key for the reader's language, when it is one people meet often. */
export function connectErrorText(error: unknown, where: string): ReasonText | undefined {
  const e = error as { errno?: string; code?: string; name?: string; message?: string } | undefined;
  const code = e?.code ?? e?.errno ?? /\b(E[A-Z_]{4,})\b/.exec(e?.message ?? '')?.[1];
  if (code === 'ECONNREFUSED') return { key: 'device.connectRefused', params: { where } };
  if (code === 'ETIMEDOUT' || e?.name === 'TransactionTimedOutError') return { key: 'device.connectTimeout', params: { where } };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { key: 'device.connectNoHost', params: { where } };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { key: 'device.connectUnreachable', params: { where } };
  return undefined;
}

export function classifyError(error: unknown): RequestFailure {
  const e = error as { modbusCode?: number; errno?: string; name?: string; message?: string } | undefined;
  const code = e?.modbusCode;
  if (typeof code === 'number') {
    const message = `Modbus exception ${code} (${EXCEPTIONS[code] ?? 'unknown'})`;
    if (code === 1 || code === 2 || code === 3) return { kind: 'refused', quality: 'BadConfigurationError', message };
    if (code === 10 || code === 11) return { kind: 'device', quality: 'BadCommunicationError', message };
    return { kind: 'device', quality: 'BadDeviceFailure', message };
  }
  if (e?.errno === 'ETIMEDOUT' || e?.name === 'TransactionTimedOutError') return { kind: 'timeout', quality: 'BadTimeout', message: TIMEOUT_MESSAGE };
  return { kind: 'link', quality: 'BadCommunicationError', message: e?.message ?? String(error) };
}

/** One answered request: its result and round trip. */
export interface Answer<T> {
  value: T;
  roundTripMs: number;
}

/**
 * One connection to a bus or device through modbus-serial: Modbus TCP on its TCP port, RTU and RTU
 * over TCP on our `RtuPort`. Every request names its unit id and timeout (no shared "current unit"),
 * and waits for one of `maxConcurrentRequests` slots (RTU: one at a time). `close` resolves once the
 * serial port or socket is released.
 */
export class ModbusLink {
  readonly #client: ModbusClient;
  readonly #port: RtuPort | undefined;
  readonly #config: ModbusConfig;
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #inFlight = new Set<(error: Error) => void>();
  readonly #lostListeners = new Set<(why: string) => void>();
  #closed: Promise<void> | undefined;
  #lost = false;

  constructor(config: ModbusConfig) {
    this.#config = config;
    if (config.transport === 'tcp') {
      this.#client = new ModbusRTU();
    } else {
      this.#port = new RtuPort(
        config.transport === 'rtu'
          ? { kind: 'serial', path: config.path ?? '', baudRate: config.baudRate, parity: config.parity, dataBits: config.dataBits, stopBits: config.stopBits }
          : { kind: 'tcp', host: config.host ?? '', port: config.port, connectTimeoutMs: config.timeoutMs },
      );
      this.#client = new ModbusRTU(this.#port);
    }
    this.#client.setTimeout(config.timeoutMs);
    // Errors also surface as failed requests or a close; an unhandled 'error' event would crash the process.
    this.#client.on('error', () => {});
  }

  get isClosed(): boolean {
    return this.#closed !== undefined || this.#lost;
  }

  /** Opens the connection (the serial port, the socket). */
  async open(): Promise<void> {
    const c = this.#config;
    const client = this.#client;
    if (c.transport === 'tcp') {
      await client.connectTCP(c.host ?? '', { port: c.port, timeout: c.timeoutMs });
    } else {
      await new Promise<void>((resolve, reject) => client.open((error: Error | null | undefined) => (error ? reject(error) : resolve())));
    }
    if (this.#closed) throw new Error('closed while connecting');
    client.on('close', () => this.#onClose(CLOSED_BY_PEER));
  }

  /** `listener` hears once if the connection drops by itself (not after `close`). */
  onDidLose(listener: (why: string) => void): { dispose(): void } {
    this.#lostListeners.add(listener);
    return { dispose: () => this.#lostListeners.delete(listener) };
  }

  #onClose(why: string): void {
    if (this.#closed || this.#lost) return;
    this.#lost = true;
    for (const reject of this.#inFlight) reject(new Error(why));
    for (const listener of [...this.#lostListeners]) listener(why);
  }

  /** Runs one request once a slot is free, with the unit's timeout, timing its round trip; settles even if the link closes. */
  async #call<T>(timeoutMs: number, send: (client: ModbusClient, next: Next<T>) => void): Promise<Answer<T>> {
    await this.#acquire();
    try {
      if (this.isClosed || !this.#client.isOpen) throw Object.assign(new Error('not connected'), { name: 'PortNotOpenError' });
      return await new Promise<Answer<T>>((resolve, reject) => {
        // modbus-serial drops pending requests silently when its port is destroyed: close() rejects these.
        this.#inFlight.add(reject);
        const started = performance.now();
        const next: Next<T> = (error, result) => {
          this.#inFlight.delete(reject);
          if (error) reject(error);
          else resolve({ value: result, roundTripMs: performance.now() - started });
        };
        try {
          // The timeout is read when the frame goes out, in this same call: per request, per unit.
          this.#client.setTimeout(timeoutMs);
          send(this.#client, next);
        } catch (error) {
          next(error as Error, undefined as T);
        }
      });
    } finally {
      this.#release();
    }
  }

  async #acquire(): Promise<void> {
    if (this.#active < this.#config.maxConcurrentRequests) {
      this.#active++;
      return;
    }
    // The slot is handed over by #release, so #active stays as it is.
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#active--;
  }

  readBits(table: Table, unitId: number, start: number, count: number, timeoutMs: number): Promise<Answer<boolean[]>> {
    return this.#call<boolean[]>(timeoutMs, (c, next) => {
      const done = (error: Error | null, result: { data: boolean[] }) => next(error, error ? [] : result.data.slice(0, count));
      if (table === 'co') c.writeFC1(unitId, start, count, done);
      else c.writeFC2(unitId, start, count, done);
    });
  }

  readRegisters(table: Table, unitId: number, start: number, count: number, timeoutMs: number): Promise<Answer<number[]>> {
    return this.#call<number[]>(timeoutMs, (c, next) => {
      const done = (error: Error | null, result: { data: number[] }) => next(error, error ? [] : result.data);
      if (table === 'hr') c.writeFC3(unitId, start, count, done);
      else c.writeFC4(unitId, start, count, done);
    });
  }

  /** FC5 (one coil) or FC15 (`multiple`: several, or one for devices without FC5). */
  writeCoils(unitId: number, start: number, states: boolean[], multiple: boolean, timeoutMs: number): Promise<Answer<void>> {
    return this.#call<void>(timeoutMs, (c, next) => {
      if (multiple) c.writeFC15(unitId, start, states, (error) => next(error, undefined));
      else c.writeFC5(unitId, start, states[0] === true, (error) => next(error, undefined));
    });
  }

  /** FC6 (one register) or FC16 (`multiple`). */
  writeRegisters(unitId: number, start: number, values: number[], multiple: boolean, timeoutMs: number): Promise<Answer<void>> {
    return this.#call<void>(timeoutMs, (c, next) => {
      if (multiple) c.writeFC16(unitId, start, values, (error) => next(error, undefined));
      else c.writeFC6(unitId, start, values[0] ?? 0, (error) => next(error, undefined));
    });
  }

  /** FC22: the device sets the register to (current AND andMask) OR (orMask AND NOT andMask). */
  maskWriteRegister(unitId: number, address: number, andMask: number, orMask: number, timeoutMs: number): Promise<Answer<void>> {
    return this.#call<void>(timeoutMs, (c, next) => c.writeFC22(unitId, address, andMask, orMask, (error) => next(error, undefined)));
  }

  /** Closes the connection, cancels what is pending, and resolves once the port or socket is released; idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#lostListeners.clear();
      for (const reject of this.#inFlight) reject(new Error('the connection was closed'));
      // destroy() cancels modbus-serial's request timers; it does not wait for the port.
      await new Promise<void>((resolve) => {
        try {
          this.#client.destroy(() => resolve());
        } catch {
          resolve();
        }
      });
      await this.#port?.closeAndWait();
    })();
    return this.#closed;
  }
}
