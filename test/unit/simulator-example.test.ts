import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectFileSchema, TagFileSchema } from '../../main/core/project/project-schema.ts';
import { SimulatorConfigSchema, simulatorDriverFactory } from '../../drivers/simulator/simulator-driver.ts';
import { BOTTLING_LINE_VARIABLES } from '../../drivers/simulator/bottling-line-model.ts';

const dir = join(import.meta.dirname, '../../examples/bottling-line');
const project = ProjectFileSchema.parse(JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')));
const tags = readdirSync(join(dir, 'tags'))
  .filter((name) => name.endsWith('.json'))
  .flatMap((name) => TagFileSchema.parse(JSON.parse(readFileSync(join(dir, 'tags', name), 'utf8'))).tags);

/** The overview screen binds to these paths. */
const SCREEN_PATHS = [
  'Line1/Tank101/Level', 'Line1/Tank101/Temperature', 'Line1/Tank101/InletValve', 'Line1/Tank101/OutletValve',
  'Line1/TransferPump1/Running', 'Line1/TransferPump1/Speed', 'Line1/TransferPump2/Running', 'Line1/TransferPump2/Speed',
  'Line1/Filler/State', 'Line1/Filler/Speed', 'Line1/Filler/BowlTemperature', 'Line1/Capper/State', 'Line1/Capper/Torque',
  'Line1/Labeler/State', 'Line1/Labeler/GlueTemperature', 'Line1/Conveyor/SpeedSetpoint', 'Line1/Conveyor/Speed',
  'Line1/Conveyor/State', 'Line1/Counters/Good', 'Line1/Counters/Rejected',
];

describe('example bottling-line project', () => {
  it('has one simulator device with a valid config', () => {
    expect(project.plant).toEqual({ name: 'Example bottling plant', timeZone: 'Europe/Berlin' });
    expect(project.devices.map((d) => [d.name, d.driver])).toEqual([['plant-sim', 'simulator']]);
    expect(SimulatorConfigSchema.parse(project.devices[0]?.config)).toEqual({ model: 'bottling-line', tickMs: 100, seed: 1 });
  });

  it('defines every tag the overview screen uses, once', () => {
    const paths = tags.map((t) => t.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of SCREEN_PATHS) expect(paths).toContain(path);
  });

  it('gives every tag a description and an address the simulator accepts', () => {
    const config = SimulatorConfigSchema.parse(project.devices[0]?.config);
    for (const tag of tags) {
      expect(tag.description, tag.path).not.toBe('');
      expect(tag.source.device, tag.path).toBe('plant-sim');
      expect(simulatorDriverFactory.validateAddress(tag.source.address, config), tag.path).toEqual({ ok: true, value: undefined });
    }
  });

  it('marks as writable only tags whose model variable accepts writes', () => {
    const writableVariables = new Set(BOTTLING_LINE_VARIABLES.filter((v) => v.writable).map((v) => `model:${v.name}`));
    for (const tag of tags.filter((t) => t.writable && t.source.address.startsWith('model:'))) {
      expect(writableVariables.has(tag.source.address), tag.path).toBe(true);
    }
    const setpoint = tags.find((t) => t.path === 'Line1/Conveyor/SpeedSetpoint');
    expect(setpoint).toMatchObject({ writable: true, writeLimits: { min: 60, max: 480 }, scaling: { rawMax: 6000, euMax: 600 } });
  });
});
