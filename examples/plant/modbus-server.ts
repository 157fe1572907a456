import { ServerTCP, type IServiceVector } from 'modbus-serial';
import type { Result } from '../../common/result.ts';
import type { BottlingLineModel } from '../../drivers/simulator/bottling-line-model.ts';

/** The tank PLC's unit id (a gateway would route other ids elsewhere; this PLC answers only its own). */
export const TANK_PLC_UNIT_ID = 1;

/**
 * The "tank PLC" register map: tank T101, its valves and the transfer pumps, as a Siemens-style PLC would
 * publish them. Floats are float32 in CDAB order (low word first), the level is the raw analog input.
 * The line run command, the pump start/stop commands and the speed setpoint (tenths of bpm) are writable.
 */
interface Register {
  address: number;
  description: string;
  read(model: BottlingLineModel): number;
  /** float32 CDAB takes two registers. */
  float?: true;
  write?(model: BottlingLineModel, raw: number): Result<void>;
}
interface Bit {
  address: number;
  description: string;
  read(model: BottlingLineModel): boolean;
  write?(model: BottlingLineModel, value: boolean): Result<void>;
}

const num = (model: BottlingLineModel, name: string): number => Number(model.read(name) ?? 0);
const bool = (model: BottlingLineModel, name: string): boolean => model.read(name) === true;

export const HOLDING_REGISTERS: readonly Register[] = [
  { address: 0, description: 'LT101 tank level, raw analog input 0..27648 = 0..100 % (int16)', read: (m) => num(m, 'T101.LevelRaw') },
  { address: 1, description: 'TT101 tank temperature °C (float32 CDAB, hr:1-2)', read: (m) => num(m, 'T101.Temperature'), float: true },
  { address: 3, description: 'P101 speed % (float32 CDAB, hr:3-4)', read: (m) => num(m, 'P101.Speed'), float: true },
  { address: 5, description: 'P102 speed % (float32 CDAB, hr:5-6)', read: (m) => num(m, 'P102.Speed'), float: true },
  {
    address: 10,
    description: 'Line speed setpoint, tenths of bottles/min 0..6000 (uint16, writable)',
    read: (m) => num(m, 'Conveyor.SpeedSetpointRaw'),
    write: (m, raw) => m.write('Conveyor.SpeedSetpointRaw', raw),
  },
];
export const COILS: readonly Bit[] = [
  { address: 0, description: 'P101 running (read-only)', read: (m) => bool(m, 'P101.Running') },
  { address: 1, description: 'P102 running (read-only)', read: (m) => bool(m, 'P102.Running') },
  { address: 2, description: 'P101 start/stop command (writable)', read: (m) => bool(m, 'P101.Command'), write: (m, v) => m.write('P101.Command', v) },
  { address: 3, description: 'P102 start/stop command (writable)', read: (m) => bool(m, 'P102.Command'), write: (m, v) => m.write('P102.Command', v) },
  { address: 8, description: 'Line run command (writable)', read: (m) => bool(m, 'Line.Run'), write: (m, v) => m.write('Line.Run', v) },
];
export const DISCRETE_INPUTS: readonly Bit[] = [
  { address: 0, description: 'XV101 inlet valve open', read: (m) => bool(m, 'XV101.Open') },
  { address: 1, description: 'XV102 outlet valve open', read: (m) => bool(m, 'XV102.Open') },
  { address: 2, description: 'Product supply available', read: (m) => bool(m, 'T101.SupplyAvailable') },
  { address: 3, description: 'Refill request', read: (m) => bool(m, 'T101.RefillRequest') },
];

const ILLEGAL_ADDRESS = 2;
const ILLEGAL_VALUE = 3;
const exception = (code: number, message: string): Error => Object.assign(new Error(message), { modbusErrorCode: code });

/** The holding registers as the PLC's memory holds them right now (unmapped words read 0). */
export function holdingRegisterImage(model: BottlingLineModel): Uint16Array {
  const image = new Uint16Array(16);
  const view = new DataView(new ArrayBuffer(4));
  for (const register of HOLDING_REGISTERS) {
    const value = register.read(model);
    if (register.float) {
      view.setFloat32(0, value);
      image[register.address] = view.getUint16(2); // CDAB: the low word first
      image[register.address + 1] = view.getUint16(0);
    } else {
      image[register.address] = value & 0xffff;
    }
  }
  return image;
}

function vector(model: BottlingLineModel): IServiceVector {
  const registers = (address: number, length: number): number[] => {
    if (address + length > 16) throw exception(ILLEGAL_ADDRESS, `hr:${address}+${length} is outside the map`);
    return [...holdingRegisterImage(model).subarray(address, address + length)];
  };
  const bit = (table: readonly Bit[], name: string, address: number): boolean => {
    const found = table.find((b) => b.address === address);
    if (!found) throw exception(ILLEGAL_ADDRESS, `${name}:${address} is not mapped`);
    return found.read(model);
  };
  const applied = (result: Result<void>): void => {
    if (!result.ok) throw exception(ILLEGAL_VALUE, result.error.message);
  };
  return {
    getHoldingRegister: (address: number) => registers(address, 1)[0] ?? 0,
    getMultipleHoldingRegisters: (address: number, length: number) => registers(address, length),
    getInputRegister: (address: number) => {
      throw exception(ILLEGAL_ADDRESS, `ir:${address} is not mapped`);
    },
    getCoil: (address: number) => bit(COILS, 'co', address),
    getDiscreteInput: (address: number) => bit(DISCRETE_INPUTS, 'di', address),
    setCoil: (address: number, value: boolean) => {
      const coil = COILS.find((c) => c.address === address);
      if (!coil?.write) throw exception(ILLEGAL_ADDRESS, `co:${address} is not writable`);
      applied(coil.write(model, value));
    },
    setRegister: (address: number, value: number) => {
      const register = HOLDING_REGISTERS.find((r) => r.address === address && !r.float);
      if (!register?.write) throw exception(ILLEGAL_ADDRESS, `hr:${address} is not writable`);
      applied(register.write(model, value));
    },
  };
}

export interface PlantModbusServer {
  readonly port: number;
  close(): Promise<void>;
}

/** modbus-serial's ServerTCP on `host:port` serving the tank PLC; resolves once it listens. */
export async function startModbusServer(model: BottlingLineModel, options: { host: string; port: number }): Promise<PlantModbusServer> {
  const server = new ServerTCP(vector(model), { host: options.host, port: options.port, unitID: TANK_PLC_UNIT_ID });
  // A client that drops its connection is its own business; the server keeps serving the others.
  server.on('socketError', () => {});
  server.on('error', () => {});
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= new Promise<void>((resolve) => server.close(() => resolve())));
  await new Promise<void>((resolve, reject) => {
    server.once('initialized', () => resolve());
    server.once('serverError', (error: Error | null) => {
      void close();
      reject(error ?? new Error('the Modbus server did not start'));
    });
  });
  return { port: options.port, close };
}
