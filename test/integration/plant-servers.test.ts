import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Modbus from 'modbus-serial';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLANT_NAMESPACE } from '../../examples/plant/opcua-server.ts';
import { startPlant, type Plant } from '../../examples/plant/plant.ts';
import { Probe } from '../fixtures/opcua/probe.ts';
import { freePort } from '../support/free-port.ts';

// CommonJS: the class is the module's default export (as drivers/modbus/link.ts takes it).
const ModbusRTU = Modbus.default;
type ModbusClient = InstanceType<typeof ModbusRTU>;
const node = (path: string) => `nsu=${PLANT_NAMESPACE};s=${path}`;

describe('the example plant, straight at its servers', () => {
  let dir: string;
  let plant: Plant;
  let probe: Probe | undefined;
  let modbus: ModbusClient | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lineside-plant-'));
    plant = await startPlant({ opcuaPort: await freePort(), modbusPort: await freePort(), dataDir: join(dir, 'plant') });
  });

  afterAll(async () => {
    await probe?.close();
    if (modbus?.isOpen) await new Promise<void>((resolve) => modbus!.close(() => resolve()));
    await plant?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves OPC UA with Basic256Sha256 SignAndEncrypt once its certificate is trusted, and takes writes into the model', async () => {
    probe = new Probe({ endpointUrl: plant.opcuaEndpoint, securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256', reconnectMinMs: 100, reconnectMaxMs: 400 }, join(dir, 'client'));
    await probe.driver.connect();
    await probe.status('error', 20_000);
    expect(probe.driver.lastError).toMatch(/is not trusted/);
    const [certificate] = await probe.driver.listServerCertificates();
    await probe.driver.trust(certificate!.thumbprint);
    // Bounded generously: a SignAndEncrypt handshake competes with the browser tests for two cores in CI.
    await probe.status('ok', 40_000);

    const [state, setpoint] = await probe.driver.read([
      { handle: 1, address: node('Line1.Filler.State') },
      { handle: 2, address: node('Line1.Conveyor.SpeedSetpoint') },
    ]);
    expect(state).toMatchObject({ quality: 'Good' });
    expect(setpoint).toMatchObject({ quality: 'Good', value: 300 });

    expect(await probe.driver.write(node('Line1.Conveyor.SpeedSetpoint'), 180)).toEqual({ ok: true, value: undefined });
    expect(plant.model.read('Conveyor.SpeedSetpointRaw')).toBe(1800);
    expect(await probe.driver.write(node('Line1.Conveyor.SpeedSetpoint'), 900)).toMatchObject({ ok: false, error: { code: 'out-of-range' } });
    expect(await probe.driver.write(node('Line1.Tank101.Level'), 50)).toMatchObject({ ok: false, error: { code: 'not-writable' } });
    expect(plant.model.read('Conveyor.SpeedSetpoint')).toBe(180);
  }, 90_000);

  it('serves the tank PLC over Modbus TCP: raw level, float32 CDAB temperature, writable run command and setpoint word', async () => {
    modbus = new ModbusRTU();
    await modbus.connectTCP('127.0.0.1', { port: plant.modbusPort });
    modbus.setID(1);
    modbus.setTimeout(2000);

    const { data } = await modbus.readHoldingRegisters(0, 3);
    expect(Math.abs(data[0]! - (plant.model.read('T101.LevelRaw') as number))).toBeLessThan(200);
    const bytes = Buffer.alloc(4);
    bytes.writeUInt16BE(data[2]!, 0); // CDAB: the high word second
    bytes.writeUInt16BE(data[1]!, 2);
    expect(bytes.readFloatBE(0)).toBeGreaterThanOrEqual(4);
    expect(bytes.readFloatBE(0)).toBeLessThanOrEqual(6);

    await modbus.writeCoil(8, false);
    expect(plant.model.read('Line.Run')).toBe(false);
    await modbus.writeCoil(8, true);
    expect(plant.model.read('Line.Run')).toBe(true);
    await modbus.writeRegister(10, 1500);
    expect(plant.model.read('Conveyor.SpeedSetpoint')).toBe(150);
    expect((await modbus.readHoldingRegisters(10, 1)).data).toEqual([1500]);

    await expect(modbus.writeCoil(0, true)).rejects.toMatchObject({ modbusCode: 2 });
    await expect(modbus.writeRegister(10, 9000)).rejects.toMatchObject({ modbusCode: 3 });
    await expect(modbus.readInputRegisters(0, 1)).rejects.toMatchObject({ modbusCode: 2 });
    expect(plant.model.read('Conveyor.SpeedSetpoint')).toBe(150);
    const { data: inputs } = await modbus.readDiscreteInputs(0, 4);
    expect(inputs[2]).toBe(plant.model.read('T101.SupplyAvailable'));
  });
});
