import { join } from 'node:path';
import type { BottlingLineModel } from '../../drivers/simulator/bottling-line-model.ts';
import { startModbusServer, TANK_PLC_UNIT_ID, type PlantModbusServer } from './modbus-server.ts';
import { PLANT_NAMESPACE, startOpcuaServer, type PlantCertificate, type PlantOpcuaServer } from './opcua-server.ts';
import { PlantState } from './plant-state.ts';

export const DEFAULT_OPCUA_PORT = 48410;
export const DEFAULT_MODBUS_PORT = 15020;
export const STEP_MS = 100;
/** A stalled event loop advances the plant by at most this much per step. */
const MAX_STEP_MS = 10_000;

export interface PlantOptions {
  opcuaPort?: number;
  modbusPort?: number;
  /** The plant serves this machine only. */
  host?: '127.0.0.1';
  /** The plant's own writable folder (OPC UA PKI under `pki/`). */
  dataDir: string;
  seed?: number;
  /** Keep running an existing model (a server restart rather than a PLC cold start). */
  model?: BottlingLineModel;
}

export interface Plant {
  readonly opcuaEndpoint: string;
  readonly opcuaPort: number;
  /** The OPC UA server's certificate (in `<dataDir>/pki/server`): made on the first start, kept after. */
  readonly opcuaCertificate: PlantCertificate;
  readonly modbusPort: number;
  readonly namespaceUri: string;
  readonly modbusUnitId: number;
  /** The model being served: tests read it to check what reached the plant. */
  readonly model: BottlingLineModel;
  /** Stops the clock and both servers (connected clients are dropped). */
  dispose(): Promise<void>;
}

/**
 * The example plant: the bottling-line model stepped every 100 ms, served over OPC UA and Modbus TCP on
 * 127.0.0.1. A client write on either protocol changes the model, so it shows on the other one too.
 */
export async function startPlant(options: PlantOptions): Promise<Plant> {
  const host = options.host ?? '127.0.0.1';
  const opcuaPort = options.opcuaPort ?? DEFAULT_OPCUA_PORT;
  const modbusPort = options.modbusPort ?? DEFAULT_MODBUS_PORT;
  let last = Date.now();
  const state = new PlantState({ ...(options.model ? { model: options.model } : {}), seed: options.seed ?? 1, now: last });
  let opcua: PlantOpcuaServer | undefined;
  let modbus: PlantModbusServer | undefined;
  const timer = setInterval(() => {
    const now = Date.now();
    state.step(now, Math.min(now - last, MAX_STEP_MS));
    last = now;
  }, STEP_MS);
  try {
    modbus = await startModbusServer(state.model, { host, port: modbusPort });
    opcua = await startOpcuaServer(state, { host, port: opcuaPort, pkiDir: join(options.dataDir, 'pki') });
  } catch (error) {
    clearInterval(timer);
    await modbus?.close();
    throw new Error(`the example plant did not start: ${(error as Error).message}`, { cause: error });
  }
  const servers = { opcua, modbus };
  let disposing: Promise<void> | undefined;
  return {
    opcuaEndpoint: servers.opcua.endpointUrl,
    opcuaPort,
    opcuaCertificate: servers.opcua.certificate,
    modbusPort,
    namespaceUri: PLANT_NAMESPACE,
    modbusUnitId: TANK_PLC_UNIT_ID,
    model: state.model,
    dispose: () =>
      (disposing ??= (async () => {
        clearInterval(timer);
        await Promise.all([servers.opcua.close(), servers.modbus.close()]);
      })()),
  };
}
