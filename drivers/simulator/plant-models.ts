import { BottlingLineModel, BOTTLING_LINE_VARIABLES } from './bottling-line-model.ts';
import type { PlantModelType } from './plant-model.ts';

/** The plant models a simulator device may name in its `model` setting. */
export const PLANT_MODELS = {
  'bottling-line': {
    description: 'A bottling line: tank T101 with transfer pumps, filler, capper, labeler and conveyor',
    variables: BOTTLING_LINE_VARIABLES,
    create: (seed: number) => new BottlingLineModel(seed),
  },
} as const satisfies Record<string, PlantModelType>;

export type PlantModelName = keyof typeof PLANT_MODELS;
export const PLANT_MODEL_NAMES = Object.keys(PLANT_MODELS) as [PlantModelName, ...PlantModelName[]];
