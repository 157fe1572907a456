import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectFileSchema, TagFileSchema } from '../../main/core/project/project-schema.ts';
import { opcuaDriverFactory } from '../../drivers/opcua/opcua-driver.ts';
import { modbusDriverFactory } from '../../drivers/modbus/modbus-driver.ts';
import { parseItem } from '../../drivers/modbus/address.ts';
import { BottlingLineModel } from '../../drivers/simulator/bottling-line-model.ts';
import { COILS, DISCRETE_INPUTS, HOLDING_REGISTERS } from '../../examples/plant/modbus-server.ts';
import { PLANT_NAMESPACE } from '../../examples/plant/opcua-server.ts';
import { DEFAULT_MODBUS_PORT, DEFAULT_OPCUA_PORT } from '../../examples/plant/plant.ts';
import { plantPoints } from '../../examples/plant/plant-state.ts';

// The example project no longer uses the simulator driver: it reads the example plant (examples/plant),
// which serves the simulator's bottling-line model over OPC UA and Modbus TCP. These checks hold the
// project and the plant's served variables together.
const dir = join(import.meta.dirname, '../../examples/bottling-line');
const project = ProjectFileSchema.parse(JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')));
const tags = readdirSync(join(dir, 'tags'))
  .filter((name) => name.endsWith('.json'))
  .flatMap((name) => TagFileSchema.parse(JSON.parse(readFileSync(join(dir, 'tags', name), 'utf8'))).tags);
const points = plantPoints(new BottlingLineModel(1));
const opcuaConfig = opcuaDriverFactory.configSchema.parse(project.devices.find((d) => d.name === 'plant-opcua')?.config);
const modbusConfig = modbusDriverFactory.configSchema.parse(project.devices.find((d) => d.name === 'plant-modbus')?.config);

/** The overview screen binds to these paths. */
const SCREEN_PATHS = [
  'Line1/Tank101/Level',
  'Line1/Tank101/Temperature',
  'Line1/Tank101/InletValve',
  'Line1/Tank101/OutletValve',
  'Line1/TransferPump1/Running',
  'Line1/TransferPump1/Speed',
  'Line1/TransferPump2/Running',
  'Line1/TransferPump2/Speed',
  'Line1/Filler/State',
  'Line1/Filler/Speed',
  'Line1/Filler/BowlTemperature',
  'Line1/Capper/State',
  'Line1/Capper/Torque',
  'Line1/Labeler/State',
  'Line1/Labeler/GlueTemperature',
  'Line1/Conveyor/SpeedSetpoint',
  'Line1/Conveyor/Speed',
  'Line1/Conveyor/State',
  'Line1/Counters/Good',
  'Line1/Counters/Rejected',
];
const NODE_PREFIX = `nsu=${PLANT_NAMESPACE};s=`;

describe('example bottling-line project', () => {
  it('reads the example plant through an OPC UA and a Modbus TCP device on its default ports', () => {
    expect(project.plant).toEqual({ name: 'Example bottling plant', timeZone: 'Europe/Berlin' });
    expect(project.devices.map((d) => [d.name, d.driver])).toEqual([
      ['plant-opcua', 'opcua'],
      ['plant-modbus', 'modbus'],
    ]);
    expect(opcuaConfig).toMatchObject({ endpointUrl: `opc.tcp://127.0.0.1:${DEFAULT_OPCUA_PORT}`, securityMode: 'None' });
    expect(modbusConfig).toMatchObject({ transport: 'tcp', host: '127.0.0.1', port: DEFAULT_MODBUS_PORT, unitId: 1 });
  });

  it('defines every tag the overview screen uses, once', () => {
    const paths = tags.map((t) => t.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of SCREEN_PATHS) expect(paths).toContain(path);
  });

  it('gives every tag a description and an address its driver accepts', () => {
    for (const tag of tags) {
      expect(tag.description, tag.path).not.toBe('');
      const { device, address, options } = tag.source;
      const result = device === 'plant-opcua' ? opcuaDriverFactory.validateAddress(address, opcuaConfig, options) : modbusDriverFactory.validateAddress(address, modbusConfig, options);
      expect(result, tag.path).toEqual({ ok: true, value: undefined });
    }
  });

  it('reads only variables the plant serves, with matching types, and writes only where the plant takes writes', () => {
    for (const tag of tags) {
      const { device, address, options } = tag.source;
      if (device === 'plant-opcua') {
        expect(address.startsWith(NODE_PREFIX), tag.path).toBe(true);
        const point = points.find((p) => p.node === address.slice(NODE_PREFIX.length));
        expect(point, tag.path).toBeDefined();
        if (tag.writable) expect(point?.writable, tag.path).toBe(true);
        continue;
      }
      const item = parseItem(address, modbusConfig, options);
      if (!item.ok) throw new Error(item.error.message);
      const { table, address: at, type } = item.value;
      if (table === 'hr') {
        const register = HOLDING_REGISTERS.find((r) => r.address === at);
        expect(register, tag.path).toBeDefined();
        expect(type, tag.path).toBe(register?.float ? 'float32' : 'int16');
        if (tag.writable) expect(register?.write, tag.path).toBeDefined();
      } else {
        const bits = table === 'co' ? COILS : table === 'di' ? DISCRETE_INPUTS : [];
        const bit = bits.find((b) => b.address === at);
        expect(bit, tag.path).toBeDefined();
        if (tag.writable) expect(bit?.write, tag.path).toBeDefined();
      }
    }
    const setpoint = tags.find((t) => t.path === 'Line1/Conveyor/SpeedSetpoint');
    expect(setpoint).toMatchObject({ writable: true, writeLimits: { min: 60, max: 480 }, scaling: { rawMax: 6000, euMax: 600 } });
    expect(setpoint?.source.address).toBe(`${NODE_PREFIX}Line1.Conveyor.SpeedSetpointRaw`);
    expect(tags.find((t) => t.path === 'Line1/Tank101/Level')).toMatchObject({
      source: { device: 'plant-modbus', address: 'hr:0' },
      scaling: { rawMin: 0, rawMax: 27648, euMin: 0, euMax: 100 },
    });
  });
});
