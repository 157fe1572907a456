import type { DataType } from '../../common/tag.ts';
import type { Value } from '../../common/data-value.ts';
import type { Result } from '../../common/result.ts';
import { BottlingLineModel, BOTTLING_LINE_VARIABLES } from './bottling-line-model.ts';

/** A variable a plant model exposes as `model:<name>`. */
export interface ModelVariable {
  name: string;
  dataType: DataType;
  units: string;
  description: string;
  writable: boolean;
}

/**
 * A simulated plant: pure and deterministic (seeded), advanced only by `step`, so tests run hours of
 * plant time without timers and the driver owns the only clock.
 */
export interface PlantModel {
  readonly variables: readonly ModelVariable[];
  step(dtMs: number): void;
  /** The variable's current value, or undefined when there is no such variable. */
  read(name: string): Value | undefined;
  write(name: string, value: Value): Result<void>;
}

export interface PlantModelType {
  description: string;
  variables: readonly ModelVariable[];
  create(seed: number): PlantModel;
}

export const PLANT_MODELS = {
  'bottling-line': {
    description: 'A bottling line: tank T101 with transfer pumps, filler, capper, labeler and conveyor',
    variables: BOTTLING_LINE_VARIABLES,
    create: (seed: number) => new BottlingLineModel(seed),
  },
} as const satisfies Record<string, PlantModelType>;

export type PlantModelName = keyof typeof PLANT_MODELS;
export const PLANT_MODEL_NAMES = Object.keys(PLANT_MODELS) as [PlantModelName, ...PlantModelName[]];
