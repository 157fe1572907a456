import type { DataType } from '../../common/tag.ts';
import type { Value } from '../../common/data-value.ts';
import type { Result } from '../../common/result.ts';

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
