import { describe, it, expect } from 'vitest';
import { BottlingLineModel, MachineState } from '../../drivers/simulator/bottling-line-model.ts';
import { Prng } from '../../drivers/simulator/prng.ts';

const HOUR_S = 3600;

/** Runs the model in 1 s steps, calling `each` after every step with the elapsed seconds. */
function run(model: BottlingLineModel, seconds: number, each: (t: number) => void | 'stop'): void {
  for (let t = 1; t <= seconds; t++) {
    model.step(1000);
    if (each(t) === 'stop') return;
  }
}

function num(model: BottlingLineModel, name: string): number {
  const value = model.read(name);
  if (typeof value !== 'number') throw new Error(`${name} is ${JSON.stringify(value)}, not a number`);
  return value;
}

describe('Prng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('bottling line model', () => {
  it('keeps the tank level within 0..100 % and cycles the refill between ~30 % and ~90 %', () => {
    const model = new BottlingLineModel(1);
    let refillStarts = 0;
    let previousRequest = false;
    const pumpsUsed = new Set<string>();
    run(model, 4 * HOUR_S, () => {
      const level = num(model, 'T101.Level');
      expect(level).toBeGreaterThanOrEqual(0);
      expect(level).toBeLessThanOrEqual(100);
      expect(num(model, 'T101.LevelRaw')).toBe(Math.round((level / 100) * 27648));
      const request = model.read('T101.RefillRequest') === true;
      if (request && !previousRequest) {
        refillStarts++;
        expect(level).toBeLessThan(31); // set below 30 %, then the pump starts within the same step
      }
      if (!request && previousRequest) expect(level).toBeGreaterThan(89); // reset at 90 %, then a little drawing
      if (!request) expect(model.read('XV101.Open')).toBe(false);
      for (const pump of ['P101', 'P102']) if (model.read(`${pump}.Running`) === true) pumpsUsed.add(pump);
      previousRequest = request;
    });
    expect(refillStarts).toBeGreaterThanOrEqual(5);
    // The duty pump alternates, so both pumps work.
    expect([...pumpsUsed].sort()).toEqual(['P101', 'P102']);
  });

  it('counts bottles as monotonic integers with about 1.5 % rejects', () => {
    const model = new BottlingLineModel(7);
    let good = 0;
    let rejected = 0;
    run(model, 2 * HOUR_S, () => {
      const nextGood = num(model, 'Counters.Good');
      const nextRejected = num(model, 'Counters.Rejected');
      expect(Number.isInteger(nextGood) && Number.isInteger(nextRejected)).toBe(true);
      expect(nextGood).toBeGreaterThanOrEqual(good);
      expect(nextRejected).toBeGreaterThanOrEqual(rejected);
      good = nextGood;
      rejected = nextRejected;
    });
    expect(good + rejected).toBeGreaterThan(20_000);
    const ratio = rejected / (good + rejected);
    expect(ratio).toBeGreaterThan(0.01);
    expect(ratio).toBeLessThan(0.02);
  });

  it('is deterministic for a seed, whatever the step size', () => {
    const coarse = new BottlingLineModel(3);
    const fine = new BottlingLineModel(3);
    for (let i = 0; i < 600; i++) coarse.step(1000);
    for (let i = 0; i < 3000; i++) fine.step(200);
    expect(fine.snapshot()).toEqual(coarse.snapshot());
    const other = new BottlingLineModel(4);
    for (let i = 0; i < 600; i++) other.step(1000);
    expect(other.snapshot()).not.toEqual(coarse.snapshot());
  });

  it('follows a written speed setpoint (raw tenths of bpm) while running', () => {
    const model = new BottlingLineModel(1);
    expect(model.write('Conveyor.SpeedSetpointRaw', 4000)).toEqual({ ok: true, value: undefined });
    expect(model.read('Conveyor.SpeedSetpoint')).toBe(400);
    let runningFor = 0;
    let converged = false;
    run(model, HOUR_S, () => {
      runningFor = model.read('Filler.State') === MachineState.Running ? runningFor + 1 : 0;
      if (runningFor < 30) return;
      expect(num(model, 'Filler.Speed')).toBeCloseTo(400, 0);
      expect(num(model, 'Conveyor.Speed')).toBeCloseTo(400, 0);
      converged = true;
      return 'stop';
    });
    expect(converged).toBe(true);
  });

  it('refuses writes to read-only, unknown or out-of-range variables', () => {
    const model = new BottlingLineModel(1);
    expect(model.write('Filler.Speed', 10)).toMatchObject({ ok: false, error: { code: 'not-writable' } });
    expect(model.write('Filler.Nothing', 10)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(model.write('Conveyor.SpeedSetpointRaw', 6001)).toMatchObject({ ok: false, error: { code: 'out-of-range' } });
    expect(model.write('Conveyor.SpeedSetpoint', 'fast')).toMatchObject({ ok: false, error: { code: 'type-mismatch' } });
    expect(model.write('Line.Run', 1)).toMatchObject({ ok: false, error: { code: 'type-mismatch' } });
    expect(model.read('Conveyor.SpeedSetpointRaw')).toBe(3000);
  });

  it('starts and stops a transfer pump on its command; the refill logic commands it only on its edges', () => {
    const model = new BottlingLineModel(1);
    model.step(200);
    // Level 62 %: no refill wanted, both pumps stopped.
    expect(model.read('P101.Command')).toBe(false);
    expect(model.read('P101.Running')).toBe(false);
    expect(model.write('P101.Command', true).ok).toBe(true);
    model.step(200);
    expect(model.read('P101.Running')).toBe(true);
    expect(model.read('XV101.Open')).toBe(true);
    const level = num(model, 'T101.Level');
    run(model, 20, () => undefined);
    expect(num(model, 'P101.Speed')).toBeGreaterThan(80);
    expect(num(model, 'T101.Level')).toBeGreaterThan(level);
    expect(model.write('P101.Command', false).ok).toBe(true);
    model.step(200);
    expect(model.read('P101.Running')).toBe(false);
    expect(model.read('XV101.Open')).toBe(false);
    expect(model.write('P102.Command', 'on')).toMatchObject({ ok: false, error: { code: 'type-mismatch' } });
  });

  it('stops a pump started by hand at the high-high trip', () => {
    const model = new BottlingLineModel(1);
    model.write('Line.Run', false);
    model.write('P101.Command', true);
    model.write('P102.Command', true);
    let tripped = false;
    run(model, 1200, () => {
      if (model.read('P101.Command') === false && model.read('P102.Command') === false) {
        tripped = true;
        return 'stop';
      }
    });
    expect(tripped).toBe(true);
    expect(num(model, 'T101.Level')).toBeGreaterThanOrEqual(98);
    expect(num(model, 'T101.Level')).toBeLessThan(100);
  });

  it('draws the filled volume per bottle from the tank; the fill setpoint takes 450..550 ml', () => {
    expect(new BottlingLineModel(1).read('Filler.FillVolumeSetpoint')).toBe(500);
    const drawn = (ml: number) => {
      const model = new BottlingLineModel(7);
      expect(model.write('Filler.FillVolumeSetpoint', ml).ok).toBe(true);
      run(model, 60, () => undefined);
      const before = { level: num(model, 'T101.Level'), bottles: num(model, 'Counters.Good') + num(model, 'Counters.Rejected') };
      run(model, 30, () => undefined);
      const bottles = num(model, 'Counters.Good') + num(model, 'Counters.Rejected') - before.bottles;
      return (((before.level - num(model, 'T101.Level')) / 100) * 1200 * 1000) / bottles;
    };
    expect(drawn(450)).toBeCloseTo(450, -1);
    expect(drawn(550)).toBeCloseTo(550, -1);
    const model = new BottlingLineModel(1);
    expect(model.write('Filler.FillVolumeSetpoint', 600)).toMatchObject({ ok: false, error: { code: 'out-of-range' } });
    expect(model.write('Filler.FillVolumeSetpoint', 'full')).toMatchObject({ ok: false, error: { code: 'type-mismatch' } });
  });

  it('stops the line on command and starts it again through Starting', () => {
    const model = new BottlingLineModel(1);
    run(model, 60, () => undefined);
    expect(model.write('Line.Run', false).ok).toBe(true);
    run(model, 30, () => undefined);
    expect(model.read('Filler.State')).toBe(MachineState.Stopped);
    expect(model.read('Filler.Speed')).toBe(0);
    expect(model.read('XV102.Open')).toBe(false);
    model.write('Line.Run', true);
    model.step(1000);
    expect(model.read('Filler.State')).toBe(MachineState.Starting);
  });

  it('has short labeler faults that block the filler, and keeps process values plausible', () => {
    const model = new BottlingLineModel(1);
    const faultLengths: number[] = [];
    let faultFor = 0;
    run(model, 2 * HOUR_S, () => {
      const labelerFaulted = model.read('Labeler.State') === MachineState.Faulted;
      if (labelerFaulted) {
        faultFor++;
        expect(model.read('Filler.State')).toBe(MachineState.Blocked);
      } else if (faultFor > 0) {
        faultLengths.push(faultFor);
        faultFor = 0;
      }
      expect(num(model, 'T101.Temperature')).toBeGreaterThanOrEqual(4);
      expect(num(model, 'T101.Temperature')).toBeLessThanOrEqual(6);
      expect(Math.abs(num(model, 'Labeler.GlueTemperature') - 160)).toBeLessThanOrEqual(10);
      if (model.read('Capper.State') === MachineState.Running) {
        expect(num(model, 'Capper.Torque')).toBeGreaterThanOrEqual(1.8);
        expect(num(model, 'Capper.Torque')).toBeLessThanOrEqual(2.4);
      }
    });
    expect(faultLengths.length).toBeGreaterThanOrEqual(5);
    for (const length of faultLengths) {
      expect(length).toBeGreaterThanOrEqual(9);
      expect(length).toBeLessThanOrEqual(31);
    }
  });

  it('starves the filler when the tank runs empty', () => {
    const model = new BottlingLineModel(1);
    // A fast line outruns the refill during supply interruptions.
    model.write('Conveyor.SpeedSetpoint', 600);
    let starved = false;
    run(model, 8 * HOUR_S, () => {
      if (model.read('Filler.State') !== MachineState.Starved) return;
      expect(num(model, 'T101.Level')).toBeLessThan(8);
      expect(model.read('Labeler.State')).toBe(MachineState.Starved);
      starved = true;
      return 'stop';
    });
    expect(starved).toBe(true);
  });
});
