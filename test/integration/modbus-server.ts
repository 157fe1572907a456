import net from 'node:net';
import { ServerTCP, type IServiceVector } from 'modbus-serial';

/** One unit's memory. */
export interface UnitMemory {
  hr: Uint16Array;
  ir: Uint16Array;
  co: Uint8Array;
  di: Uint8Array;
}

export interface ServerRequest {
  kind: 'read-hr' | 'read-ir' | 'fc5' | 'fc6' | 'fc15' | 'fc16';
  unitId: number;
  address: number;
  length: number;
}

/** Test memory behind a modbus-serial server: per unit, with addresses that answer exception 2. */
export class ModbusMemory {
  readonly #units = new Map<number, UnitMemory>();
  /** `hr:105`, `co:7`...: reading or writing these answers "illegal data address". */
  readonly illegal = new Set<string>();
  /** `hr:7` → 6: reading these answers that exception code. */
  readonly exceptions = new Map<string, number>();
  /** Units whose reads never answer (a dead device behind a gateway). */
  readonly silentUnits = new Set<number>();
  readonly log: ServerRequest[] = [];
  /** While set, reads never answer. */
  silent = false;
  /** Called on every register read (e.g. to make a value change each poll). */
  onRead: (() => void) | undefined;

  unit(id: number): UnitMemory {
    let memory = this.#units.get(id);
    if (!memory) {
      memory = { hr: new Uint16Array(65536), ir: new Uint16Array(65536), co: new Uint8Array(65536), di: new Uint8Array(65536) };
      this.#units.set(id, memory);
    }
    return memory;
  }

  #check(table: string, address: number, length: number): void {
    for (let a = address; a < address + length; a++) {
      if (this.illegal.has(`${table}:${a}`)) throw Object.assign(new Error('illegal address'), { modbusErrorCode: 2 });
      const code = this.exceptions.get(`${table}:${a}`);
      if (code !== undefined) throw Object.assign(new Error(`exception ${code}`), { modbusErrorCode: code });
    }
  }

  #registers(table: 'hr' | 'ir', address: number, length: number, unitId: number): number[] | Promise<number>[] {
    this.#check(table, address, length);
    this.log.push({ kind: table === 'hr' ? 'read-hr' : 'read-ir', unitId, address, length });
    this.onRead?.();
    const values = [...this.unit(unitId)[table].subarray(address, address + length)];
    return this.silent || this.silentUnits.has(unitId) ? values.map(() => new Promise<number>(() => {})) : values;
  }

  #bit(table: 'co' | 'di', address: number, unitId: number): boolean | Promise<boolean> {
    this.#check(table, address, 1);
    if (this.silent) return new Promise<boolean>(() => {});
    return this.unit(unitId)[table][address] === 1;
  }

  /** modbus-serial's server calls setCoilArray for FC15 (its type declarations do not list it). */
  vector(): IServiceVector & { setCoilArray(address: number, values: boolean[], unitId: number): void } {
    return {
      getHoldingRegister: (address: number, unitId: number) => this.#registers('hr', address, 1, unitId)[0]!,
      getMultipleHoldingRegisters: (address: number, length: number, unitId: number) => this.#registers('hr', address, length, unitId),
      getInputRegister: (address: number, unitId: number) => this.#registers('ir', address, 1, unitId)[0]!,
      getMultipleInputRegisters: (address: number, length: number, unitId: number) => this.#registers('ir', address, length, unitId),
      getCoil: (address: number, unitId: number) => this.#bit('co', address, unitId),
      getDiscreteInput: (address: number, unitId: number) => this.#bit('di', address, unitId),
      setCoil: (address: number, value: boolean, unitId: number) => {
        this.#check('co', address, 1);
        this.log.push({ kind: 'fc5', unitId, address, length: 1 });
        this.unit(unitId).co[address] = value ? 1 : 0;
      },
      setCoilArray: (address: number, values: boolean[], unitId: number) => {
        this.#check('co', address, values.length);
        this.log.push({ kind: 'fc15', unitId, address, length: values.length });
        this.unit(unitId).co.set(
          values.map((v) => (v ? 1 : 0)),
          address,
        );
      },
      setRegister: (address: number, value: number, unitId: number) => {
        this.#check('hr', address, 1);
        this.log.push({ kind: 'fc6', unitId, address, length: 1 });
        this.unit(unitId).hr[address] = value;
      },
      setRegisterArray: (address: number, values: number[], unitId: number) => {
        this.#check('hr', address, values.length);
        this.log.push({ kind: 'fc16', unitId, address, length: values.length });
        this.unit(unitId).hr.set(values, address);
      },
    };
  }
}

/** A free TCP port on 127.0.0.1 (ServerTCP treats port 0 as 502, so it needs a real number). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A modbus-serial ServerTCP on 127.0.0.1 serving `memory`; resolves once it listens. */
export async function startServer(memory: ModbusMemory, port: number): Promise<{ port: number; close(): Promise<void> }> {
  const server = new ServerTCP(memory.vector(), { host: '127.0.0.1', port, unitID: 255 });
  server.on('socketError', () => {});
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('initialized', () => resolve());
    server.once('serverError', (error: Error | null) => reject(error ?? new Error('server error')));
  });
  let closed: Promise<void> | undefined;
  return { port, close: () => (closed ??= new Promise<void>((resolve) => server.close(() => resolve()))) };
}

/** A TCP port that accepts connections and never answers (a hung device). */
export async function startDeadServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
