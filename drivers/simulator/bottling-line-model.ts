import type { Value } from '../../common/data-value.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { DataType } from '../../common/tag.ts';
import type { ModelVariable, PlantModel } from './plant-model.ts';
import { Prng } from './prng.ts';
import { RandomFault } from './random-fault.ts';

/** Machine states as the line's PLC reports them (a reduced PackML-like set). */
export const MachineState = { Stopped: 0, Starting: 1, Running: 2, Starved: 3, Blocked: 4, Faulted: 5 } as const;
export type MachineStateCode = (typeof MachineState)[keyof typeof MachineState];

const TANK_CAPACITY_L = 1200;
/** Fill volume setpoint of the filler (ml per bottle): the default and what the filler accepts. */
const FILL_ML = 500;
const FILL_MIN_ML = 450;
const FILL_MAX_ML = 550;
const PUMP_LPM_AT_FULL_SPEED = 400;
const PUMP_SPEED_PCT = 85;
/**
 * PLC refill logic: start below 30 %, stop at 90 %; the second pump assists below 20 % until 40 %. It
 * starts and stops the pumps by setting their commands on those edges; an operator may start or stop a
 * pump in between (its command), and the high-high trip stops both. A pump runs while commanded and the
 * supply is there (dry-run protection).
 */
const REFILL_START_PCT = 30;
const REFILL_STOP_PCT = 90;
const ASSIST_START_PCT = 20;
const ASSIST_STOP_PCT = 40;
const HIGH_HIGH_TRIP_PCT = 98;
/** The filler is starved at 2 % and resumes at 8 %, so it does not chatter at the bottom. */
const EMPTY_PCT = 2;
const RESUME_PCT = 8;
const REJECT_RATIO = 0.015;
const STARTING_S = 5;
/** Long steps are cut into substeps so the interlocks see every threshold. */
const SUBSTEP_MS = 200;
/** Siemens analog full scale: 0..27648 is 0..100 % of the range. */
const ANALOG_FULL_SCALE = 27648;
const SETPOINT_MAX_BPM = 600;

export interface Pump {
  /** Start/stop command: set by the refill logic on its edges and by the operator. */
  command: boolean;
  running: boolean;
  speedPct: number;
}

/** Everything the plant is at one instant. Plain data: the variable table reads it directly. */
export interface BottlingLineState {
  runCommand: boolean;
  levelPct: number;
  temperatureC: number;
  supplyAvailable: boolean;
  refillRequest: boolean;
  assist: boolean;
  dutyPump: 0 | 1;
  inletOpen: boolean;
  outletOpen: boolean;
  pumps: [Pump, Pump];
  fillMl: number;
  filler: MachineStateCode;
  startingS: number;
  tankEmpty: boolean;
  fillerBpm: number;
  bowlTemperatureC: number;
  capper: MachineStateCode;
  torqueNoise: number;
  torqueNm: number;
  labeler: MachineStateCode;
  glueTemperatureC: number;
  conveyor: MachineStateCode;
  conveyorBpm: number;
  setpointBpm: number;
  good: number;
  rejected: number;
  /** Bottles filled but not yet counted: counts stay exact integers at any step size. */
  bottleFraction: number;
}

export class BottlingLineModel implements PlantModel {
  readonly variables: readonly ModelVariable[] = BOTTLING_LINE_VARIABLES;
  readonly #rng: Prng;
  readonly #s: BottlingLineState;
  readonly #supplyLoss: RandomFault;
  readonly #fillerFault: RandomFault;
  readonly #capperFault: RandomFault;
  readonly #labelerFault: RandomFault;

  constructor(seed: number) {
    this.#rng = new Prng(seed);
    this.#supplyLoss = new RandomFault(this.#rng, { meanIntervalS: 1200, minS: 90, maxS: 360 });
    this.#fillerFault = new RandomFault(this.#rng, { meanIntervalS: 1800, minS: 20, maxS: 60 });
    this.#capperFault = new RandomFault(this.#rng, { meanIntervalS: 900, minS: 5, maxS: 20 });
    this.#labelerFault = new RandomFault(this.#rng, { meanIntervalS: 240, minS: 10, maxS: 30 });
    this.#s = {
      runCommand: true,
      levelPct: 62,
      temperatureC: 5,
      supplyAvailable: true,
      refillRequest: false,
      assist: false,
      dutyPump: 0,
      inletOpen: false,
      outletOpen: false,
      pumps: [
        { command: false, running: false, speedPct: 0 },
        { command: false, running: false, speedPct: 0 },
      ],
      fillMl: FILL_ML,
      filler: MachineState.Stopped,
      startingS: 0,
      tankEmpty: false,
      fillerBpm: 0,
      bowlTemperatureC: 6,
      capper: MachineState.Stopped,
      torqueNoise: 0,
      torqueNm: 0,
      labeler: MachineState.Stopped,
      glueTemperatureC: 160,
      conveyor: MachineState.Stopped,
      conveyorBpm: 0,
      setpointBpm: 300,
      good: 0,
      rejected: 0,
      bottleFraction: 0,
    };
  }

  /** A copy of the state, for tests and diagnostics. */
  snapshot(): BottlingLineState {
    return structuredClone(this.#s);
  }

  step(dtMs: number): void {
    for (let left = dtMs; left > 0; left -= SUBSTEP_MS) this.#stepOnce(Math.min(left, SUBSTEP_MS) / 1000);
  }

  read(name: string): Value | undefined {
    return DEFINITIONS.get(name)?.get(this.#s);
  }

  write(name: string, value: Value): Result<void> {
    const def = DEFINITIONS.get(name);
    if (!def) return fail('not-found', `the bottling line has no variable '${name}'`);
    if (!def.set) return fail('not-writable', `${name} is read-only`);
    return def.set(this.#s, value);
  }

  #stepOnce(dt: number): void {
    const s = this.#s;
    const rng = this.#rng;
    const { Stopped, Starting, Running, Starved, Blocked, Faulted } = MachineState;

    this.#supplyLoss.advance(dt, true);
    this.#fillerFault.advance(dt, s.filler === Running);
    this.#capperFault.advance(dt, s.capper === Running);
    this.#labelerFault.advance(dt, s.labeler === Running);
    s.supplyAvailable = !this.#supplyLoss.active;

    // Tank T101 refill: hysteresis on the level, duty pump alternating per cycle, assist when low. The
    // logic commands the pumps on its edges only, so an operator's start or stop holds until the next edge.
    const duty = s.pumps[s.dutyPump];
    const other = s.pumps[s.dutyPump === 0 ? 1 : 0];
    if (!s.refillRequest && s.levelPct < REFILL_START_PCT) {
      s.refillRequest = true;
      duty.command = true;
    }
    if (s.refillRequest && s.levelPct >= REFILL_STOP_PCT) {
      s.refillRequest = false;
      duty.command = false;
      other.command = false;
      s.dutyPump = s.dutyPump === 0 ? 1 : 0;
    }
    const transfer = s.refillRequest && s.supplyAvailable;
    const assist = transfer && (s.assist ? s.levelPct < ASSIST_STOP_PCT : s.levelPct < ASSIST_START_PCT);
    if (assist !== s.assist) other.command = assist;
    s.assist = assist;
    if (s.levelPct >= HIGH_HIGH_TRIP_PCT) for (const pump of s.pumps) pump.command = false;
    for (const pump of s.pumps) pump.running = pump.command && s.supplyAvailable;
    s.inletOpen = s.pumps.some((pump) => pump.running);
    let inflowL = 0;
    for (const pump of s.pumps) {
      pump.speedPct = lag(pump.speedPct, pump.running ? PUMP_SPEED_PCT : 0, dt, 2);
      if (s.inletOpen) inflowL += (pump.speedPct / 100) * (PUMP_LPM_AT_FULL_SPEED / 60) * dt;
    }

    // Machine states: a fault downstream blocks what is upstream, an empty tank starves what is downstream.
    if (s.levelPct <= EMPTY_PCT) s.tankEmpty = true;
    if (s.levelPct >= RESUME_PCT) s.tankEmpty = false;
    const downstreamFault = this.#capperFault.active || this.#labelerFault.active;
    const previous = s.filler;
    if (this.#fillerFault.active) s.filler = Faulted;
    else if (!s.runCommand) s.filler = Stopped;
    else if (s.tankEmpty) s.filler = Starved;
    else if (downstreamFault) s.filler = Blocked;
    else if (previous !== Running) {
      s.startingS = previous === Starting ? s.startingS + dt : 0;
      s.filler = s.startingS >= STARTING_S ? Running : Starting;
    }
    const fillerDown = s.filler === Starved || s.filler === Faulted;
    s.capper = this.#capperFault.active ? Faulted : !s.runCommand ? Stopped : this.#labelerFault.active ? Blocked : fillerDown ? Starved : s.filler === Starting ? Starting : Running;
    s.labeler = this.#labelerFault.active ? Faulted : !s.runCommand ? Stopped : fillerDown || this.#capperFault.active ? Starved : s.filler === Starting ? Starting : Running;
    s.conveyor = !s.runCommand ? Stopped : downstreamFault ? Blocked : fillerDown ? Starved : s.filler === Starting ? Starting : Running;

    // Speeds follow the setpoint with a first-order lag; a starting machine crawls.
    s.fillerBpm = lag(s.fillerBpm, speedTarget(s.filler, s.setpointBpm), dt, 4);
    s.conveyorBpm = lag(s.conveyorBpm, speedTarget(s.conveyor, s.setpointBpm), dt, 2);
    s.outletOpen = s.filler === Starting || s.filler === Running || s.fillerBpm > 0.5;

    // Production draws product from the tank; every whole bottle is good or rejected.
    const availableL = (s.levelPct / 100) * TANK_CAPACITY_L;
    const bottleL = s.fillMl / 1000;
    const drawnL = s.outletOpen ? Math.min((s.fillerBpm / 60) * dt * bottleL, availableL) : 0;
    s.levelPct = clamp(((availableL - drawnL + inflowL) / TANK_CAPACITY_L) * 100, 0, 100);
    s.bottleFraction += drawnL / bottleL;
    while (s.bottleFraction >= 1) {
      s.bottleFraction -= 1;
      if (rng.next() < REJECT_RATIO) s.rejected++;
      else s.good++;
    }

    // Slow process noise: mean-reverting random walks (Ornstein-Uhlenbeck).
    s.temperatureC = clamp(s.temperatureC + ((5 - s.temperatureC) * dt) / 120 + 0.03 * Math.sqrt(dt) * rng.normal(), 4, 6);
    const bowlTarget = s.temperatureC + (s.filler === Running ? 0.6 : 1.5);
    s.bowlTemperatureC = lag(s.bowlTemperatureC, bowlTarget, dt, 90) + 0.01 * Math.sqrt(dt) * rng.normal();
    s.glueTemperatureC = clamp(s.glueTemperatureC + ((160 - s.glueTemperatureC) * dt) / 60 + 0.15 * Math.sqrt(dt) * rng.normal(), 150, 170);
    s.torqueNoise += -s.torqueNoise * dt + 0.15 * Math.sqrt(dt) * rng.normal();
    s.torqueNm = s.capper === Running ? clamp(2.1 + s.torqueNoise, 1.8, 2.4) : 0;
  }
}

function speedTarget(state: MachineStateCode, setpoint: number): number {
  return state === MachineState.Running ? setpoint : state === MachineState.Starting ? 0.3 * setpoint : 0;
}

/** First-order lag with time constant tau (s); snaps when close so a settled value stops changing. */
function lag(value: number, target: number, dt: number, tau: number): number {
  const next = value + (target - value) * (1 - Math.exp(-dt / tau));
  return Math.abs(target - next) < 0.01 ? target : next;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

interface VariableDefinition extends ModelVariable {
  get(s: BottlingLineState): Value;
  set?(s: BottlingLineState, value: Value): Result<void>;
}

function def(name: string, dataType: DataType, units: string, description: string, get: (s: BottlingLineState) => Value, set?: (s: BottlingLineState, value: Value) => Result<void>): VariableDefinition {
  return set ? { name, dataType, units, description, writable: true, get, set } : { name, dataType, units, description, writable: false, get };
}

function setpointWriter(name: string, fullScale: number, toBpm: number): (s: BottlingLineState, value: Value) => Result<void> {
  return (s, value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail('type-mismatch', `${name} takes a number, not ${JSON.stringify(value)}`);
    if (value < 0 || value > fullScale) return fail('out-of-range', `${name} must be within 0..${fullScale}, not ${value}`);
    s.setpointBpm = value * toBpm;
    return ok(undefined);
  };
}

function pumpCommand(index: 0 | 1): (s: BottlingLineState, value: Value) => Result<void> {
  return (s, value) => {
    if (typeof value !== 'boolean') return fail('type-mismatch', `P10${index + 1}.Command takes true or false, not ${JSON.stringify(value)}`);
    s.pumps[index].command = value;
    return ok(undefined);
  };
}

const VARIABLE_DEFINITIONS: readonly VariableDefinition[] = [
  def(
    'Line.Run',
    'bool',
    '',
    'Line start/stop command (true = run)',
    (s) => s.runCommand,
    (s, value) => {
      if (typeof value !== 'boolean') return fail('type-mismatch', `Line.Run takes true or false, not ${JSON.stringify(value)}`);
      s.runCommand = value;
      return ok(undefined);
    },
  ),
  def('T101.Level', 'float64', '%', 'Tank T101 level', (s) => s.levelPct),
  def('T101.LevelRaw', 'int16', '', 'Tank T101 level, raw analog input 0..27648 = 0..100 %', (s) => Math.round((s.levelPct / 100) * ANALOG_FULL_SCALE)),
  def('T101.Temperature', 'float64', '°C', 'Tank T101 product temperature', (s) => s.temperatureC),
  def('T101.SupplyAvailable', 'bool', '', 'Product available from upstream (false during a supply interruption)', (s) => s.supplyAvailable),
  def('T101.RefillRequest', 'bool', '', 'PLC refill request (set below 30 %, reset at 90 %)', (s) => s.refillRequest),
  def('XV101.Open', 'bool', '', 'Tank inlet valve XV101 open', (s) => s.inletOpen),
  def('XV102.Open', 'bool', '', 'Tank outlet valve XV102 open (to the filler)', (s) => s.outletOpen),
  def('P101.Command', 'bool', '', 'Transfer pump P101 start/stop command (true = run)', (s) => s.pumps[0].command, pumpCommand(0)),
  def('P101.Running', 'bool', '', 'Transfer pump P101 running', (s) => s.pumps[0].running),
  def('P101.Speed', 'float64', '%', 'Transfer pump P101 speed', (s) => s.pumps[0].speedPct),
  def('P102.Command', 'bool', '', 'Transfer pump P102 start/stop command (true = run)', (s) => s.pumps[1].command, pumpCommand(1)),
  def('P102.Running', 'bool', '', 'Transfer pump P102 running', (s) => s.pumps[1].running),
  def('P102.Speed', 'float64', '%', 'Transfer pump P102 speed', (s) => s.pumps[1].speedPct),
  def('Filler.State', 'int16', '', 'Filler state (0 Stopped, 1 Starting, 2 Running, 3 Starved, 4 Blocked, 5 Faulted)', (s) => s.filler),
  def('Filler.Speed', 'float64', 'bpm', 'Filler actual speed', (s) => s.fillerBpm),
  def(
    'Filler.FillVolumeSetpoint',
    'float64',
    'ml',
    `Filler fill volume per bottle, ${FILL_MIN_ML}..${FILL_MAX_ML} ml`,
    (s) => s.fillMl,
    (s, value) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('type-mismatch', `Filler.FillVolumeSetpoint takes a number, not ${JSON.stringify(value)}`);
      if (value < FILL_MIN_ML || value > FILL_MAX_ML) return fail('out-of-range', `Filler.FillVolumeSetpoint must be within ${FILL_MIN_ML}..${FILL_MAX_ML}, not ${value}`);
      s.fillMl = value;
      return ok(undefined);
    },
  ),
  def('Filler.BowlTemperature', 'float64', '°C', 'Filler bowl temperature', (s) => s.bowlTemperatureC),
  def('Capper.State', 'int16', '', 'Capper state (same codes as the filler)', (s) => s.capper),
  def('Capper.Torque', 'float64', 'N·m', 'Capper application torque', (s) => s.torqueNm),
  def('Labeler.State', 'int16', '', 'Labeler state (same codes as the filler)', (s) => s.labeler),
  def('Labeler.GlueTemperature', 'float64', '°C', 'Labeler hot-melt glue temperature', (s) => s.glueTemperatureC),
  def('Conveyor.State', 'int16', '', 'Conveyor state (same codes as the filler)', (s) => s.conveyor),
  def('Conveyor.Speed', 'float64', 'bpm', 'Conveyor actual speed', (s) => s.conveyorBpm),
  def('Conveyor.SpeedSetpoint', 'float64', 'bpm', 'Line speed setpoint, 0..600 bottles/min', (s) => s.setpointBpm, setpointWriter('Conveyor.SpeedSetpoint', SETPOINT_MAX_BPM, 1)),
  def('Conveyor.SpeedSetpointRaw', 'int16', '', 'Line speed setpoint, raw tenths of bottles/min (0..6000)', (s) => Math.round(s.setpointBpm * 10), setpointWriter('Conveyor.SpeedSetpointRaw', SETPOINT_MAX_BPM * 10, 0.1)),
  def('Counters.Good', 'uint32', 'bottles', 'Good bottles produced', (s) => s.good),
  def('Counters.Rejected', 'uint32', 'bottles', 'Bottles rejected by the inspection', (s) => s.rejected),
];

const DEFINITIONS = new Map(VARIABLE_DEFINITIONS.map((d) => [d.name, d]));

export const BOTTLING_LINE_VARIABLES: readonly ModelVariable[] = VARIABLE_DEFINITIONS.map(({ name, dataType, units, description, writable }) => ({ name, dataType, units, description, writable }));
