import type { Value } from '../../common/data-value.ts';
import { fail, type Result } from '../../common/result.ts';
import type { DataType } from '../../common/tag.ts';
import { parseAddress } from '../../drivers/simulator/address.ts';
import { BottlingLineModel } from '../../drivers/simulator/bottling-line-model.ts';
import { createSignal, type Signal, type SignalAddress } from '../../drivers/simulator/signals.ts';

/** One value the plant serves: a model variable or a demo signal, under an OPC UA path. */
export interface PlantPoint {
  /** The OPC UA NodeId string and browse path, dot-separated: `Line1.Tank101.Level`. */
  node: string;
  dataType: DataType;
  units: string;
  description: string;
  writable: boolean;
  /** The model variable behind it, or the demo signal's address. */
  source: { kind: 'model'; variable: string } | { kind: 'signal'; address: string };
}

/** Where each model variable sits in the plant's OPC UA tree (what a PLC programmer would have named it). */
const MODEL_NODES: Readonly<Record<string, string>> = {
  'Line.Run': 'Line1.RunCommand',
  'T101.Level': 'Line1.Tank101.Level',
  'T101.LevelRaw': 'Line1.Tank101.LevelRaw',
  'T101.Temperature': 'Line1.Tank101.Temperature',
  'T101.SupplyAvailable': 'Line1.Tank101.SupplyAvailable',
  'T101.RefillRequest': 'Line1.Tank101.RefillRequest',
  'XV101.Open': 'Line1.Tank101.InletValve',
  'XV102.Open': 'Line1.Tank101.OutletValve',
  'P101.Command': 'Line1.TransferPump1.Command',
  'P101.Running': 'Line1.TransferPump1.Running',
  'P101.Speed': 'Line1.TransferPump1.Speed',
  'P102.Command': 'Line1.TransferPump2.Command',
  'P102.Running': 'Line1.TransferPump2.Running',
  'P102.Speed': 'Line1.TransferPump2.Speed',
};

/** The demo signals the example's Demo/* tags show (the simulator's signal functions, served like PLC values). */
const DEMO: readonly { node: string; address: string; dataType: DataType; units: string; description: string; writable: boolean }[] = [
  { node: 'Demo.Sine', address: 'sine(period=60s, min=0, max=100)', dataType: 'float64', units: '%', description: 'Sine wave, 60 s period', writable: false },
  { node: 'Demo.Random', address: 'random(min=20, max=80)', dataType: 'float64', units: '%', description: 'Seeded random walk', writable: false },
  { node: 'Demo.Counter', address: 'counter(rate=1/s)', dataType: 'uint32', units: '', description: 'Counts up once a second', writable: false },
  { node: 'Demo.Memory', address: 'memory(initial=50)', dataType: 'float64', units: '%', description: 'Holds what is written', writable: true },
];

/** Every point the plant serves over OPC UA: all model variables, then the demo signals. */
export function plantPoints(model: BottlingLineModel): PlantPoint[] {
  const fromModel = model.variables.map(({ name, dataType, units, description, writable }): PlantPoint => ({
    node: MODEL_NODES[name] ?? `Line1.${name}`,
    dataType,
    units,
    description,
    writable,
    source: { kind: 'model', variable: name },
  }));
  const demo = DEMO.map(({ address, ...rest }): PlantPoint => ({ ...rest, source: { kind: 'signal', address } }));
  return [...fromModel, ...demo];
}

/**
 * What the plant is: the bottling-line model (the simulator's, not a copy) plus the demo signals, advanced
 * together by `step`. Both servers read and write through it, so a write over one protocol shows on the other.
 */
export class PlantState {
  readonly model: BottlingLineModel;
  readonly points: readonly PlantPoint[];
  readonly #signals = new Map<string, Signal>();

  constructor(options: { model?: BottlingLineModel; seed?: number; now: number }) {
    this.model = options.model ?? new BottlingLineModel(options.seed ?? 1);
    this.points = plantPoints(this.model);
    for (const [i, point] of this.points.entries()) {
      if (point.source.kind !== 'signal') continue;
      const parsed = parseAddress(point.source.address);
      if (!parsed.ok || parsed.value.address.kind === 'model') throw new Error(`bad demo signal ${point.source.address}`);
      this.#signals.set(point.source.address, createSignal(parsed.value.address as SignalAddress, (options.seed ?? 1) + i, options.now));
    }
  }

  step(now: number, dtMs: number): void {
    if (dtMs <= 0) return;
    this.model.step(dtMs);
    for (const signal of this.#signals.values()) signal.advance(now, dtMs);
  }

  read(point: PlantPoint): Value | undefined {
    return point.source.kind === 'model' ? this.model.read(point.source.variable) : this.#signals.get(point.source.address)?.value();
  }

  write(point: PlantPoint, value: Value): Result<void> {
    if (!point.writable) return fail('not-writable', `${point.node} is read-only`);
    if (point.source.kind === 'model') return this.model.write(point.source.variable, value);
    const signal = this.#signals.get(point.source.address);
    return signal?.write ? signal.write(value) : fail('not-writable', `${point.node} is read-only`);
  }
}
