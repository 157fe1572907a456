import Modbus from 'modbus-serial';

// The package is CommonJS with `module.exports.default = module.exports`: `.default` is the client class
// both at run time and in its type declarations.
const ModbusRTU = Modbus.default;
type ModbusClient = InstanceType<typeof ModbusRTU>;
import type { Quality } from '../../common/quality.ts';
import type { ModbusConfig } from './config.ts';
import type { Table } from './address.ts';

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

export function classifyError(error: unknown): RequestFailure {
  const e = error as { modbusCode?: number; errno?: string; name?: string; message?: string } | undefined;
  const code = e?.modbusCode;
  if (typeof code === 'number') {
    const message = `Modbus exception ${code} (${EXCEPTIONS[code] ?? 'unknown'})`;
    if (code === 1 || code === 2 || code === 3) return { kind: 'refused', quality: 'BadConfigurationError', message };
    if (code === 10 || code === 11) return { kind: 'device', quality: 'BadCommunicationError', message };
    return { kind: 'device', quality: 'BadDeviceFailure', message };
  }
  if (e?.errno === 'ETIMEDOUT' || e?.name === 'TransactionTimedOutError') return { kind: 'timeout', quality: 'BadTimeout', message: 'no answer in time (timeout)' };
  return { kind: 'link', quality: 'BadCommunicationError', message: e?.message ?? String(error) };
}

/**
 * One connection to a device through modbus-serial. Requests wait for one of `maxConcurrentRequests`
 * slots: RTU allows one at a time, and few at a time keeps a slow device from being flooded.
 */
export class ModbusLink {
  readonly #client = new ModbusRTU();
  readonly #config: ModbusConfig;
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #inFlight = new Set<(error: Error) => void>();
  #closed = false;
  #onLost: ((why: string) => void) | undefined;

  constructor(config: ModbusConfig) {
    this.#config = config;
    this.#client.setTimeout(config.timeoutMs);
    // Errors also surface as failed requests or a close; an unhandled 'error' event would crash the process.
    this.#client.on('error', () => {});
  }

  /** Opens the connection; `onLost` is called once if it drops later. */
  async open(onLost: (why: string) => void): Promise<void> {
    const c = this.#config;
    const client = this.#client;
    switch (c.transport) {
      case 'tcp':
        await client.connectTCP(c.host ?? '', { port: c.port, timeout: c.timeoutMs });
        break;
      case 'rtu-over-tcp':
        // Raw RTU frames (with CRC) over a socket, as serial device servers relay them. modbus-serial
        // calls this port "telnet"; its "TcpRTUBuffered" port sends MBAP headers and is not RTU over TCP.
        await client.connectTelnet(c.host ?? '', { port: c.port, timeout: c.timeoutMs });
        break;
      case 'rtu':
        await client.connectRTUBuffered(c.path ?? '', { baudRate: c.baudRate, parity: c.parity, dataBits: c.dataBits, stopBits: c.stopBits });
        break;
    }
    if (this.#closed) throw new Error('closed while connecting');
    this.#onLost = onLost;
    client.on('close', () => this.#lost('the connection was closed by the device or the network'));
  }

  #lost(why: string): void {
    const onLost = this.#onLost;
    this.#onLost = undefined;
    if (!this.#closed) onLost?.(why);
  }

  /**
   * Runs one request once a slot is free (`maxConcurrentRequests`, 1 unless a TCP device allows more),
   * timing its round trip; settles even if the link closes.
   */
  async request<T>(run: (client: ModbusClient) => Promise<T>): Promise<{ value: T; roundTripMs: number }> {
    await this.#acquire();
    try {
      if (this.#closed || !this.#client.isOpen) throw Object.assign(new Error('not connected'), { name: 'PortNotOpenError' });
      return await new Promise<{ value: T; roundTripMs: number }>((resolve, reject) => {
        // modbus-serial drops pending requests silently when its port is destroyed: close() rejects these.
        this.#inFlight.add(reject);
        const started = performance.now();
        run(this.#client)
          .then((value) => resolve({ value, roundTripMs: performance.now() - started }), reject)
          .finally(() => this.#inFlight.delete(reject));
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

  readBits(table: Table, unitId: number, start: number, count: number): Promise<{ value: boolean[]; roundTripMs: number }> {
    return this.request(async (client) => {
      client.setID(unitId);
      const result = table === 'co' ? await client.readCoils(start, count) : await client.readDiscreteInputs(start, count);
      return result.data.slice(0, count);
    });
  }

  readRegisters(table: Table, unitId: number, start: number, count: number): Promise<{ value: number[]; roundTripMs: number }> {
    return this.request(async (client) => {
      client.setID(unitId);
      const result = table === 'hr' ? await client.readHoldingRegisters(start, count) : await client.readInputRegisters(start, count);
      return result.data;
    });
  }

  /** Closes the connection and cancels what is pending; idempotent. */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#onLost = undefined;
    for (const reject of this.#inFlight) reject(new Error('the connection was closed'));
    return new Promise((resolve) => {
      try {
        this.#client.destroy(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}
