import { EventEmitter } from 'node:events';
import net from 'node:net';
import { SerialPort } from 'serialport';

/** Where RTU frames travel: a serial port, or a TCP socket to a serial device server (RTU over TCP). */
export type RtuEndpoint = { kind: 'serial'; path: string; baudRate: number; parity: 'none' | 'even' | 'odd'; dataBits: 7 | 8; stopBits: 1 | 2 } | { kind: 'tcp'; host: string; port: number; connectTimeoutMs: number };

const EXCEPTION_LENGTH = 5;
const MAX_BUFFER = 512;

/** The length of the normal reply to an RTU request (address, function, data, CRC), when known. */
export function replyLength(request: Buffer): number | undefined {
  const fc = request[1];
  switch (fc) {
    case 1:
    case 2:
      return 5 + Math.ceil(request.readUInt16BE(4) / 8);
    case 3:
    case 4:
      return 5 + 2 * request.readUInt16BE(4);
    case 5:
    case 6:
    case 15:
    case 16:
      return 8;
    case 22:
      return 10;
    default:
      return undefined;
  }
}

/** CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF), low byte first on the wire. */
export function crc16(data: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of data) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

function crcOk(frame: Buffer): boolean {
  return frame.length >= 4 && frame.readUInt16LE(frame.length - 2) === crc16(frame.subarray(0, -2));
}

/**
 * A port for modbus-serial's client that carries RTU frames and owns its serial port or socket. It
 * frames replies by their own length (FC22 included, which modbus-serial's buffered RTU port does not
 * know), drops bytes left over from an earlier reply when a request goes out, and closes for real:
 * `closeAndWait` resolves once the serial port is released (modbus-serial's RTU port has no `destroy`,
 * so a link it dropped kept the port locked: "Cannot lock port").
 */
export class RtuPort extends EventEmitter {
  /** modbus-serial's client keys its one outstanding transaction by these; RTU has no transaction ids. */
  _transactionIdRead = 1;
  _transactionIdWrite = 1;
  readonly #endpoint: RtuEndpoint;
  #serial: SerialPort | undefined;
  #socket: net.Socket | undefined;
  #open = false;
  #opening: Promise<void> | undefined;
  #closed: Promise<void> | undefined;
  #buffer = Buffer.alloc(0);
  #expect: { unit: number; fc: number; length: number | undefined } | undefined;

  constructor(endpoint: RtuEndpoint) {
    super();
    this.#endpoint = endpoint;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** modbus-serial calls this from `client.open`. */
  open(callback: (error?: Error | null) => void): void {
    if (this.#closed) {
      callback(new Error('the port was closed'));
      return;
    }
    this.#opening = new Promise<void>((resolve) => {
      const done = (error?: Error | null) => {
        resolve();
        if (!error && this.#closed === undefined) this.#open = true;
        callback(error ?? (this.#closed ? new Error('closed while opening') : null));
      };
      if (this.#endpoint.kind === 'serial') this.#openSerial(this.#endpoint, done);
      else this.#openSocket(this.#endpoint, done);
    });
  }

  #openSerial(e: Extract<RtuEndpoint, { kind: 'serial' }>, done: (error?: Error | null) => void): void {
    let serial: SerialPort;
    try {
      serial = new SerialPort({ path: e.path, baudRate: e.baudRate, parity: e.parity, dataBits: e.dataBits, stopBits: e.stopBits, autoOpen: false });
    } catch (error) {
      done(error as Error);
      return;
    }
    this.#serial = serial;
    serial.on('data', (chunk: Buffer) => this.#receive(chunk));
    serial.on('error', (error: Error) => this.#error(error));
    serial.on('close', () => this.#gone());
    serial.open((error) => done(error));
  }

  #openSocket(e: Extract<RtuEndpoint, { kind: 'tcp' }>, done: (error?: Error | null) => void): void {
    const socket = net.connect({ host: e.host, port: e.port });
    this.#socket = socket;
    socket.setNoDelay(true);
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(error);
    };
    const timer = setTimeout(() => {
      settle(new Error(`no connection within ${e.connectTimeoutMs} ms`));
      socket.destroy();
    }, e.connectTimeoutMs);
    socket.once('connect', () => settle());
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (error: Error) => {
      settle(error);
      this.#error(error);
    });
    socket.on('close', () => {
      settle(new Error('the connection closed while opening'));
      this.#gone();
    });
  }

  /** Errors also end as a failed open or a close; only a listener (the client, once open) hears them. */
  #error(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  #gone(): void {
    const was = this.#open;
    this.#open = false;
    if (was) this.emit('close');
  }

  /** Sends one request frame; a reply is then looked for by its unit, function code and length. */
  write(data: Buffer): void {
    if (!this.#open) return;
    this.#buffer = Buffer.alloc(0);
    this.#expect = { unit: data[0] ?? 0, fc: data[1] ?? 0, length: replyLength(data) };
    if (this.#serial) this.#serial.write(data);
    else this.#socket?.write(data);
  }

  #receive(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    if (this.#buffer.length > MAX_BUFFER) this.#buffer = this.#buffer.subarray(-MAX_BUFFER);
    const expect = this.#expect;
    if (!expect) return;
    const buffer = this.#buffer;
    for (let i = 0; i + EXCEPTION_LENGTH <= buffer.length; i++) {
      if (buffer[i] !== expect.unit) continue;
      const fc = buffer[i + 1];
      const length = fc === expect.fc ? expect.length : fc === (expect.fc | 0x80) ? EXCEPTION_LENGTH : undefined;
      if (length === undefined) continue;
      if (i + length > buffer.length) return; // maybe the start of the reply: wait for the rest
      const frame = buffer.subarray(i, i + length);
      if (!crcOk(frame)) continue;
      this.#buffer = buffer.subarray(i + length);
      this.#expect = undefined;
      this.emit('data', Buffer.from(frame));
      return;
    }
  }

  /** modbus-serial's `client.close`. */
  close(callback?: (error?: Error | null) => void): void {
    void this.closeAndWait().then(() => callback?.(null));
  }

  /** modbus-serial's `client.destroy` (which does not wait: the link awaits `closeAndWait` itself). */
  destroy(callback?: (error?: Error | null) => void): void {
    this.close(callback);
  }

  /** Closes the serial port or socket and resolves once it is released; idempotent. */
  closeAndWait(): Promise<void> {
    this.#closed ??= (async () => {
      await this.#opening;
      this.#open = false;
      const serial = this.#serial;
      if (serial?.isOpen) {
        await new Promise<void>((resolve) => serial.close(() => resolve()));
      }
      const socket = this.#socket;
      if (socket && !socket.destroyed) {
        await new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          socket.destroy();
        });
      }
      this.removeAllListeners('data');
    })();
    return this.#closed;
  }
}
