import { describe, expect, it } from 'vitest';
import { BottlingLineModel, BOTTLING_LINE_VARIABLES } from '../../drivers/simulator/bottling-line-model.ts';
import { holdingRegisterImage } from '../../examples/plant/modbus-server.ts';
import { PlantState } from '../../examples/plant/plant-state.ts';

const point = (state: PlantState, node: string) => {
  const found = state.points.find((p) => p.node === node);
  if (!found) throw new Error(`no point ${node}`);
  return found;
};

describe('the example plant', () => {
  it("serves every model variable once, under Line1, with the model's type and writability, plus the demo signals", () => {
    const state = new PlantState({ now: 0 });
    const nodes = state.points.map((p) => p.node);
    expect(new Set(nodes).size).toBe(nodes.length);
    for (const variable of BOTTLING_LINE_VARIABLES) {
      const served = state.points.find((p) => p.source.kind === 'model' && p.source.variable === variable.name);
      expect(served, variable.name).toMatchObject({ dataType: variable.dataType, writable: variable.writable });
      expect(served?.node.startsWith('Line1.'), variable.name).toBe(true);
    }
    expect(nodes.filter((n) => n.startsWith('Demo.'))).toEqual(['Demo.Sine', 'Demo.Random', 'Demo.Counter', 'Demo.Memory']);
    expect(point(state, 'Line1.Tank101.InletValve').source).toEqual({ kind: 'model', variable: 'XV101.Open' });
  });

  it('steps the model and the demo signals together, and takes writes into the model', () => {
    const state = new PlantState({ now: 0 });
    const counter = point(state, 'Demo.Counter');
    const good = point(state, 'Line1.Counters.Good');
    state.step(60_000, 60_000);
    expect(state.read(counter)).toBe(60);
    expect(state.read(good)).toBeGreaterThan(0);

    expect(state.write(point(state, 'Line1.Conveyor.SpeedSetpoint'), 250)).toEqual({ ok: true, value: undefined });
    expect(state.model.read('Conveyor.SpeedSetpointRaw')).toBe(2500);
    expect(state.write(point(state, 'Line1.Conveyor.SpeedSetpoint'), 9000)).toMatchObject({ ok: false, error: { code: 'out-of-range' } });
    expect(state.write(point(state, 'Line1.Tank101.Level'), 50)).toMatchObject({ ok: false, error: { code: 'not-writable' } });
    expect(state.write(point(state, 'Demo.Memory'), 12.5)).toEqual({ ok: true, value: undefined });
    expect(state.read(point(state, 'Demo.Memory'))).toBe(12.5);
  });

  it('serves a model passed in (a server restart keeps the plant state)', () => {
    const model = new BottlingLineModel(7);
    model.write('Line.Run', false);
    const state = new PlantState({ model, now: 0 });
    expect(state.model).toBe(model);
    expect(state.read(point(state, 'Line1.RunCommand'))).toBe(false);
  });

  it('lays out the tank PLC registers: raw level, float32 CDAB temperature and pump speeds, the setpoint word', () => {
    const model = new BottlingLineModel(1);
    model.step(30_000);
    const image = holdingRegisterImage(model);
    expect(image[0]).toBe(model.read('T101.LevelRaw'));
    const float = (at: number) => {
      const view = new DataView(new ArrayBuffer(4));
      view.setUint16(0, image[at + 1]!); // CDAB: the high word is second
      view.setUint16(2, image[at]!);
      return view.getFloat32(0);
    };
    expect(float(1)).toBeCloseTo(model.read('T101.Temperature') as number, 4);
    expect(float(3)).toBeCloseTo(model.read('P101.Speed') as number, 4);
    expect(float(5)).toBeCloseTo(model.read('P102.Speed') as number, 4);
    expect(image[10]).toBe(3000);
  });
});
