import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TagSlot } from '../../main/core/tags/tag-engine.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TestClient } from '../support/ws-client.ts';
import { untilTags } from '../support/until.ts';

const slot = (example: ExampleRuntime, path: string): TagSlot => {
  const found = example.engine.slot(path);
  if (!found) throw new Error(`no tag ${path}`);
  return found;
};
const good = (example: ExampleRuntime, path: string) => slot(example, path).current.quality === 'Good';
const value = (example: ExampleRuntime, path: string) => slot(example, path).current.value;

/** Tags read through each device. */
const OPCUA_TAGS = ['Line1/Counters/Good', 'Line1/Conveyor/SpeedSetpoint', 'Line1/Filler/State', 'Line1/RunCommand', 'Demo/Counter'];
const MODBUS_TAGS = ['Line1/Tank101/Level', 'Line1/Tank101/Temperature', 'Line1/Tank101/SupplyAvailable', 'Line1/TransferPump1/Running', 'Line1/TransferPump1/Speed'];
const ALL = [...OPCUA_TAGS, ...MODBUS_TAGS];

describe('the example project against the example plant (OPC UA and Modbus TCP)', () => {
  let example: ExampleRuntime;
  let client: TestClient | undefined;

  beforeAll(async () => {
    example = await startExample();
  });

  afterAll(async () => {
    await client?.close();
    await example?.dispose();
  });

  it('reads the plant through both drivers: values Good and changing, the raw tank level scaled to %', async () => {
    expect(example.devices.list().map((d) => [d.name, d.driver])).toEqual([
      ['plant-opcua', 'opcua'],
      ['plant-modbus', 'modbus'],
    ]);
    await untilTags(example.engine, () => ALL.every((path) => good(example, path)), 'every sampled tag Good');
    expect(example.devices.list().map((d) => d.status)).toEqual(['ok', 'ok']);

    // Changing: the demo counter over OPC UA, and (as the line draws product) the tank level over Modbus.
    const counter = value(example, 'Demo/Counter') as number;
    await untilTags(example.engine, () => (value(example, 'Demo/Counter') as number) > counter, 'Demo/Counter counting');
    const level = value(example, 'Line1/Tank101/Level') as number;
    await untilTags(example.engine, () => value(example, 'Line1/Tank101/Level') !== level, 'the tank level moving', 15_000);

    // The Modbus register holds 0..27648; the tag shows 0..100 % and agrees with the model.
    const shown = value(example, 'Line1/Tank101/Level') as number;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(100);
    expect(Math.abs(shown - (example.plant.model.read('T101.Level') as number))).toBeLessThan(2);
    const temperature = value(example, 'Line1/Tank101/Temperature') as number;
    expect(temperature).toBeGreaterThanOrEqual(4);
    expect(temperature).toBeLessThanOrEqual(6);
  });

  it('writes the line speed setpoint through OPC UA into the model, and reads it back', async () => {
    client = await (await TestClient.connect(example.url, example.token)).loginAs('operator');
    const reply = await client.request('tags.write', { path: 'Line1/Conveyor/SpeedSetpoint', value: 240 });
    expect(reply).toMatchObject({ ok: true });
    // Scaled back to the PLC word: 2400 tenths of bpm.
    expect(example.plant.model.read('Conveyor.SpeedSetpointRaw')).toBe(2400);
    expect(example.plant.model.read('Conveyor.SpeedSetpoint')).toBe(240);
    await untilTags(example.engine, () => value(example, 'Line1/Conveyor/SpeedSetpoint') === 240, 'the setpoint read back');
  });

  it('turns the tags Bad (not connected) within 2 s when the plant stops, and Good within 5 s when it is back', async () => {
    await untilTags(example.engine, () => ALL.every((path) => good(example, path)), 'every sampled tag Good');
    await example.stopPlant();
    await untilTags(example.engine, () => ALL.every((path) => slot(example, path).current.quality === 'BadNotConnected'), 'every tag BadNotConnected', 2000);
    expect(example.devices.list().map((d) => d.status)).toEqual(['error', 'error']);

    await example.startPlant();
    await untilTags(example.engine, () => ALL.every((path) => good(example, path)), 'every tag Good again', 5000);
    // The restarted server serves the same model: the setpoint written before the stop is still there.
    expect(value(example, 'Line1/Conveyor/SpeedSetpoint')).toBe(240);
  });
});
