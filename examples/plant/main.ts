// `npm run plant -- [--opcua-port N] [--modbus-port N] [--data-dir DIR] [--seed N]`: the example plant as a
// process of its own. Runs until SIGINT/SIGTERM (or, when started by Lineside, until Lineside goes away).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { COILS, DISCRETE_INPUTS, HOLDING_REGISTERS } from './modbus-server.ts';
import { DEFAULT_MODBUS_PORT, DEFAULT_OPCUA_PORT, startPlant } from './plant.ts';

export const DEFAULT_DATA_DIR = join(import.meta.dirname, '.lineside-data');
const USAGE = `usage: npm run plant -- [--opcua-port N (${DEFAULT_OPCUA_PORT})] [--modbus-port N (${DEFAULT_MODBUS_PORT})] [--data-dir DIR] [--seed N] [--quiet]`;

/** What a parent process receives on the IPC channel once the plant serves. */
export interface PlantReadyMessage {
  type: 'plant-ready';
  opcuaEndpoint: string;
  modbusPort: number;
  /** The OPC UA server's certificate: made at this start, or kept from an earlier one. */
  certificate: { file: string; thumbprint: string; made: boolean; replaced?: string };
}

/** One line on the OPC UA server's certificate: made (and why, when one was replaced) or kept. */
export function certificateLine(certificate: PlantReadyMessage['certificate']): string {
  const why = certificate.replaced === undefined ? '' : ` (${certificate.replaced})`;
  return `${certificate.made ? 'made' : 'kept'} ${certificate.file}, thumbprint ${certificate.thumbprint}${why}`;
}

function port(text: string | undefined, fallback: number, name: string): number {
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`--${name} must be a whole number from 1 to 65535, not "${text}"`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  let opcuaPort: number, modbusPort: number, dataDir: string, seed: number, quiet: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        'opcua-port': { type: 'string' },
        'modbus-port': { type: 'string' },
        'data-dir': { type: 'string' },
        seed: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      return;
    }
    opcuaPort = port(values['opcua-port'], DEFAULT_OPCUA_PORT, 'opcua-port');
    modbusPort = port(values['modbus-port'], DEFAULT_MODBUS_PORT, 'modbus-port');
    dataDir = values['data-dir'] ?? DEFAULT_DATA_DIR;
    seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, not "${values.seed}"`);
    quiet = values.quiet ?? false;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }

  let plant;
  try {
    plant = await startPlant({ opcuaPort, modbusPort, dataDir, seed });
  } catch (error) {
    const busy = /EADDRINUSE|address already in use/i.test(String((error as Error).cause ?? error));
    console.error(`${(error as Error).message}${busy ? ' (is another plant already running? choose other ports with --opcua-port / --modbus-port)' : ''}`);
    process.exitCode = 1;
    return;
  }
  if (!quiet) {
    console.log(`Example plant (bottling line, one model step every 100 ms):`);
    console.log(`  OPC UA     ${plant.opcuaEndpoint}  namespace ${plant.namespaceUri}, Objects/Line1/... and Objects/Demo/...`);
    console.log(`             security None, or Basic256Sha256 Sign/SignAndEncrypt (client certificates accepted); PKI in ${join(dataDir, 'pki')}`);
    console.log(`             server certificate ${certificateLine(plant.opcuaCertificate)}`);
    console.log(`  Modbus TCP 127.0.0.1:${plant.modbusPort}  unit ${plant.modbusUnitId} (tank PLC):`);
    for (const r of HOLDING_REGISTERS) console.log(`             hr:${r.address}  ${r.description}`);
    for (const c of COILS) console.log(`             co:${c.address}  ${c.description}`);
    for (const d of DISCRETE_INPUTS) console.log(`             di:${d.address}  ${d.description}`);
    console.log('Ctrl+C stops it.');
  }

  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    if (!quiet) console.log(`${why}: stopping the plant`);
    void plant.dispose().then(() => {
      if (!quiet) console.log('plant stopped');
      if (process.connected) process.disconnect();
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  if (process.send) {
    // Started by Lineside: it owns this process, and when it goes away (even by a crash) so does the plant.
    process.once('disconnect', () => stop('parent gone'));
    const ready: PlantReadyMessage = { type: 'plant-ready', opcuaEndpoint: plant.opcuaEndpoint, modbusPort: plant.modbusPort, certificate: plant.opcuaCertificate };
    process.send(ready);
  }
}

if (import.meta.main) await main(process.argv.slice(2));
