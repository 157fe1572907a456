import { describe, expect, it } from 'vitest';
import { expandInstance, TemplateFileSchema } from '../../common/templates.ts';

const PUMP = TemplateFileSchema.parse({
  name: 'Pump',
  description: 'A transfer pump on a Modbus PLC',
  parameters: [{ name: 'pump', description: 'Tag name on the P&ID' }, { name: 'device' }, { name: 'base', type: 'number' }, { name: 'maxSpeed', type: 'number', default: 100 }],
  tags: [
    { path: 'Running', description: '{pump} running', dataType: 'bool', source: { device: '{device}', address: 'co:{base}' } },
    {
      path: 'Speed',
      description: '{pump} speed',
      dataType: 'float32',
      source: { device: '{device}', address: 'hr:{base+2}', options: { order: 'CDAB' } },
      units: '%',
      range: { min: 0, max: '{maxSpeed}' },
    },
  ],
  alarms: [{ id: 'Speed/Hi', tag: 'Speed', condition: { type: 'hi', limit: '{maxSpeed-5}' }, priority: 'medium', message: '{pump} speed high ({path})' }],
});

describe('tag templates', () => {
  it('expands members with parameters, offsets, number placeholders and paths relative to the instance', () => {
    const expanded = expandInstance(PUMP, { template: 'Pump', path: 'Line1/P101', parameters: { pump: 'P101', device: 'plc', base: 10 } });
    expect(expanded).toEqual({
      ok: true,
      value: {
        tags: [
          { path: 'Line1/P101/Running', description: 'P101 running', dataType: 'bool', source: { device: 'plc', address: 'co:10' } },
          {
            path: 'Line1/P101/Speed',
            description: 'P101 speed',
            dataType: 'float32',
            source: { device: 'plc', address: 'hr:12', options: { order: 'CDAB' } },
            units: '%',
            range: { min: 0, max: 100 },
          },
        ],
        alarms: [{ id: 'Line1/P101/Speed/Hi', tag: 'Line1/P101/Speed', condition: { type: 'hi', limit: 95 }, priority: 'medium', message: 'P101 speed high (Line1/P101)' }],
      },
    });
    // The template itself is untouched: the next instance starts from the same text.
    expect(PUMP.tags[1]!['source']).toEqual({ device: '{device}', address: 'hr:{base+2}', options: { order: 'CDAB' } });
    const other = expandInstance(PUMP, { template: 'Pump', path: 'Line1/P102', parameters: { pump: 'P102', device: 'plc', base: 20, maxSpeed: 80 } });
    expect(other.ok && other.value.tags[1]).toMatchObject({ source: { address: 'hr:22' }, range: { max: 80 } });
  });

  it('refuses missing, unknown and mistyped parameters and unknown placeholders, naming them', () => {
    expect(expandInstance(PUMP, { template: 'Pump', path: 'A', parameters: { pump: 'P', device: 'plc' } })).toMatchObject({ ok: false, error: { path: 'parameters.base' } });
    expect(expandInstance(PUMP, { template: 'Pump', path: 'A', parameters: { pump: 'P', device: 'plc', base: '10' } })).toMatchObject({
      ok: false,
      error: { path: 'parameters.base', message: expect.stringMatching(/base is a number/) },
    });
    expect(expandInstance(PUMP, { template: 'Pump', path: 'A', parameters: { pump: 'P', device: 'plc', base: 1, colour: 'red' } })).toMatchObject({
      ok: false,
      error: { path: 'parameters.colour' },
    });
    const broken = TemplateFileSchema.parse({
      ...PUMP,
      tags: [
        { path: 'X', dataType: 'bool', source: { device: '{device}', address: 'co:{offset}' } },
        { path: 'Y', description: '{pump+1}' },
      ],
    });
    expect(expandInstance(broken, { template: 'Pump', path: 'A', parameters: { pump: 'P', device: 'plc', base: 1 } })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/\{offset\} is not a parameter/) },
    });
  });
});
