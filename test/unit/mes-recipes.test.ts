import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineConfigSchema } from '../../common/mes-config.ts';
import { WorkOrderSchema } from '../../common/mes.ts';
import { TagDefinitionSchema } from '../../common/tag.ts';
import { builtinConnectorTypes } from '../../main/core/mes/connector-types.ts';
import { loadMesConfig } from '../../main/core/mes/mes-config-loader.ts';
import { resolveParameters } from '../../main/core/mes/recipes.ts';

const dir = mkdtempSync(join(tmpdir(), 'lineside-mes-recipes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tag = (path: string, dataType: string, extra: Record<string, unknown> = {}) => TagDefinitionSchema.parse({ path, dataType, source: { device: 'd', address: path }, ...extra });
const tags = [tag('L/Good', 'uint32'), tag('L/State', 'int16'), tag('L/Speed', 'float64', { writable: true, writeLimits: { min: 0, max: 600 } }), tag('L/Label', 'string', { writable: true }), tag('L/Nitrogen', 'bool', { writable: true })];
const line = {
  workCentre: 'L',
  equipment: 'L',
  counters: { good: { tag: 'L/Good' }, reject: { tag: 'L/Good' } },
  stateTag: 'L/State',
  downStates: [{ value: 5, category: 'unplanned' }],
  parameters: [
    { name: 'Speed', tag: 'L/Speed', required: true },
    { name: 'Label', tag: 'L/Label' },
    { name: 'Nitrogen', tag: 'L/Nitrogen' },
  ],
};

async function load(products: unknown) {
  writeFileSync(join(dir, 'mes.json'), JSON.stringify({ lines: [line], products }));
  return loadMesConfig(dir, tags, builtinConnectorTypes());
}

describe('recipe defaults in mes.json (products)', () => {
  it("loads products whose parameters the lines write, with values of their tags' types", async () => {
    const r = await load([
      {
        material: 'WATER',
        parameters: [
          { name: 'Speed', value: 320 },
          { name: 'Label', value: 'Still' },
          { name: 'Nitrogen', value: false },
        ],
      },
    ]);
    expect(r).toMatchObject({ ok: true, value: { config: { products: [{ material: 'WATER', parameters: [{ name: 'Speed', value: 320 }, {}, {}] }] } } });
  });

  it.each([
    [[{ material: 'WATER' }, { material: 'WATER' }], 'mes.json: products[1].material: product WATER is listed twice'],
    [[{ material: 'WATER', parameters: [{ name: 'Sped', value: 1 }] }], 'mes.json: products[0].parameters[0].name: no line has a parameter Sped (lines[].parameters: Speed, Label, Nitrogen)'],
    [
      [
        {
          material: 'WATER',
          parameters: [
            { name: 'Speed', value: 1 },
            { name: 'Speed', value: 2 },
          ],
        },
      ],
      'mes.json: products[0].parameters[1].name: parameter Speed is listed twice for product WATER',
    ],
    [[{ material: 'WATER', parameters: [{ name: 'Speed', value: 'fast' }] }], 'mes.json: products[0].parameters[0].value: must be a number (L writes Speed to L/Speed, a float64 tag)'],
    [[{ material: 'WATER', parameters: [{ name: 'Speed', value: 900 }] }], "mes.json: products[0].parameters[0].value: 900 is outside the tag's write limits 0 to 600"],
    [[{ material: 'WATER', parameters: [{ name: 'Nitrogen', value: 1 }] }], 'mes.json: products[0].parameters[0].value: must be true or false'],
    [[{ material: 'WATER', parameters: [{ name: 'Label', value: 3 }] }], 'mes.json: products[0].parameters[0].value: must be a text'],
    [[{ material: 'WATER', parameters: [{ name: 'Speed' }] }], 'mes.json: products[0].parameters[0].value:'],
    [[{ material: 'WATER', recipe: {} }], 'mes.json: products[0]:'],
  ])('refuses %j naming the field', async (products, message) => {
    const r = await load(products);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toContain(message);
  });
});

describe('the parameters an order runs with', () => {
  const config = LineConfigSchema.parse(line);
  const order = (parameters: Array<{ name: string; value: number | string | boolean }>, material = 'WATER') =>
    WorkOrderSchema.parse({
      system: 'erp',
      id: 'WO-1',
      revision: 1,
      material: { code: material },
      quantity: { value: 10, unit: 'H87' },
      workCentre: 'L',
      scheduledStart: '2026-03-01T06:00:00Z',
      scheduledEnd: '2026-03-01T08:00:00Z',
      parameters,
    });
  const products = [
    {
      material: 'WATER',
      parameters: [
        { name: 'Speed', value: 320 },
        { name: 'Label', value: 'Still' },
      ],
    },
  ];

  it("takes each from the order, else from the product's recipe, and leaves out optional ones found in neither", () => {
    expect(resolveParameters(order([{ name: 'Speed', value: 250 }]), config, products, 'erp/WO-1')).toEqual({
      ok: true,
      value: [
        { name: 'Speed', tag: 'L/Speed', value: 250, tolerance: 0, source: 'order' },
        { name: 'Label', tag: 'L/Label', value: 'Still', tolerance: 0, source: 'recipe' },
      ],
    });
  });

  it('refuses an order missing a required parameter its product has no default for, naming the parameter', () => {
    expect(resolveParameters(order([], 'SODA'), config, products, 'erp/WO-1')).toEqual({
      ok: false,
      error: { code: 'bad-request', message: 'work order erp/WO-1 has no parameter Speed, which L needs, and product SODA has no recipe defaults (mes.json products)', path: 'Speed' },
    });
    expect(resolveParameters(order([]), config, [{ material: 'WATER', parameters: [] }], 'erp/WO-1')).toMatchObject({
      ok: false,
      error: { message: 'work order erp/WO-1 has no parameter Speed, which L needs, nor has product WATER a recipe default for it', path: 'Speed' },
    });
  });
});
