import { describe, expect, it } from 'vitest';
import { loadScreenDocument } from '../../screens/screen-document.ts';
import type { ScreenElement, Template } from '../../screens/screen-schema.ts';
import { expandTemplateInstance, expandTemplates, MAX_TEMPLATE_DEPTH } from '../../screens/template-expansion.ts';

function template(input: Record<string, unknown>): Template {
  const result = loadScreenDocument({ formatVersion: 1, kind: 'template', name: 'T', size: { width: 100, height: 80 }, ...input });
  if (!result.ok) throw new Error(result.error.message);
  if (result.value.kind !== 'template') throw new Error('not a template');
  return result.value;
}

const pumpTile = template({
  id: 'pump-tile',
  params: [
    { name: 'pump', type: 'tag' },
    { name: 'title', type: 'text', default: 'Pump' },
    { name: 'limit', type: 'number', default: 80 },
  ],
  elements: [
    {
      id: 'pump',
      kind: 'symbol',
      symbol: 'pump',
      x: 10,
      y: 0,
      width: 48,
      height: 48,
      props: { label: '{{title}}' },
      bindings: { running: '{ {{pump}}/Running }', fault: '{ {{pump}}/Speed } > {{limit}}' },
      actions: [
        { type: 'faceplate', template: 'pump-faceplate', params: { pump: '{{pump}}' } },
        { type: 'write', tag: '{{pump}}/Start', value: true },
      ],
    },
    {
      id: 'box',
      kind: 'group',
      x: 0,
      y: 50,
      width: 100,
      height: 30,
      children: [{ id: 'caption', kind: 'text', x: 0, y: 0, width: 100, height: 30, bindings: { text: 'concat({{title}}, ": ", format({ {{pump}}/Speed }, 0, "%"))' } }],
    },
  ],
});

const instance = (params: Record<string, string | number>, id = 'p1'): Extract<ScreenElement, { kind: 'template' }> => ({
  id,
  kind: 'template',
  template: 'pump-tile',
  params,
  x: 300,
  y: 200,
  width: 200,
  height: 160,
  rotation: 0,
  locked: false,
  bindings: { visible: '{Line1/ShowPumps}' },
  actions: [],
});

describe('template expansion', () => {
  const templates = new Map([['pump-tile', pumpTile]]);

  it('expands an instance into a group at its place, with parameters substituted everywhere', () => {
    const result = expandTemplateInstance(instance({ pump: 'Line1/TransferPump1', title: 'P-101' }), templates);
    if (!result.ok) throw new Error(result.error.message);
    const group = result.value;
    expect(group).toMatchObject({ id: 'p1', kind: 'group', x: 300, y: 200, width: 200, height: 160, contentSize: { width: 100, height: 80 }, bindings: { visible: '{Line1/ShowPumps}' } });
    expect(group.children[0]).toMatchObject({
      id: 'p1/pump',
      props: { label: 'P-101' },
      bindings: { running: '{Line1/TransferPump1/Running}', fault: '{Line1/TransferPump1/Speed} > 80' },
      actions: [
        { type: 'faceplate', template: 'pump-faceplate', params: { pump: 'Line1/TransferPump1' } },
        { type: 'write', tag: 'Line1/TransferPump1/Start', value: true, confirm: true },
      ],
    });
    expect(group.children[1]).toMatchObject({ id: 'p1/box', kind: 'group', children: [{ id: 'p1/caption', bindings: { text: 'concat("P-101", ": ", format({Line1/TransferPump1/Speed}, 0, "%"))' } }] });
  });

  it('gives each instance its own values and ids', () => {
    const a = expandTemplateInstance(instance({ pump: 'Line1/TransferPump1', limit: 50 }, 'a'), templates);
    const b = expandTemplateInstance(instance({ pump: 'Line1/TransferPump2' }, 'b'), templates);
    expect(a.ok && a.value.children[0]?.bindings).toEqual({ running: '{Line1/TransferPump1/Running}', fault: '{Line1/TransferPump1/Speed} > 50' });
    expect(b.ok && b.value.children[0]?.bindings).toEqual({ running: '{Line1/TransferPump2/Running}', fault: '{Line1/TransferPump2/Speed} > 80' });
    expect(a.ok && a.value.children[0]?.id).toBe('a/pump');
  });

  it('resolves at expansion time: editing the template changes every instance', () => {
    const edited = template({ ...pumpTile, elements: [{ ...pumpTile.elements[0], bindings: { running: '{ {{pump}}/Run }' } }] });
    const result = expandTemplateInstance(instance({ pump: 'Line1/P9' }), new Map([['pump-tile', edited]]));
    expect(result.ok && result.value.children[0]?.bindings).toEqual({ running: '{Line1/P9/Run}' });
  });

  it('keeps parameter values as data: a hostile text value cannot add code or tags', () => {
    const result = expandTemplateInstance(instance({ pump: 'Line1/P1', title: '") + {Secret/Tag} + ("' }), templates);
    if (!result.ok) throw new Error(result.error.message);
    const text = (result.value.children[1] as { children: ScreenElement[] }).children[0]?.bindings['text'];
    expect(text).toBe('concat("\\") + {Secret/Tag} + (\\"", ": ", format({Line1/P1/Speed}, 0, "%"))');
  });

  it.each<[string, Record<string, string | number>, RegExp]>([
    ['a missing parameter', {}, /p1\.params: parameter "pump" of template "pump-tile" is missing/],
    ['an unknown parameter', { pump: 'P', colour: 'red' }, /p1\.params\.colour: template "pump-tile" has no parameter "colour"/],
    ['a text where a number is declared', { pump: 'P', limit: 'high' }, /p1\.params\.limit: expected a number/],
    ['a tag value that is not a path', { pump: 'Line 1/P1' }, /template pump-tile: elements\[0\]\.bindings\.running: "Line 1\/P1\/Running" is not a tag path/],
    ['a tag value that tries to break out', { pump: 'P} or {X' }, /is not a tag path/],
  ])('refuses %s', (_, params, message) => {
    const result = expandTemplateInstance(instance(params), templates);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(message);
  });

  it('refuses an unknown template', () => {
    const result = expandTemplateInstance({ ...instance({}), template: 'nope' }, templates);
    expect(!result.ok && result.error).toMatchObject({ code: 'not-found', path: 'p1.template' });
  });

  it('expands templates inside templates, and refuses a template that contains itself', () => {
    const outer = template({
      id: 'pair',
      params: [{ name: 'a', type: 'tag' }],
      elements: [{ id: 'left', kind: 'template', template: 'pump-tile', x: 0, y: 0, width: 50, height: 40, params: { pump: '{{a}}' } }],
    });
    const result = expandTemplates([{ ...instance({ a: 'Line1/P7' }), template: 'pair' }], new Map([...templates, ['pair', outer]]));
    if (!result.ok) throw new Error(result.error.message);
    const left = (result.value[0] as { children: ScreenElement[] }).children[0] as { id: string; children: ScreenElement[] };
    expect(left.id).toBe('p1/left');
    expect(left.children[0]).toMatchObject({ id: 'p1/left/pump', bindings: { running: '{Line1/P7/Running}' } });

    const loop = template({ id: 'loop', elements: [{ id: 'me', kind: 'template', template: 'loop', x: 0, y: 0, width: 1, height: 1 }] });
    const looped = expandTemplates([{ ...instance({}), template: 'loop' }], new Map([['loop', loop]]));
    expect(!looped.ok && looped.error.message).toMatch(new RegExp(`nested more than ${MAX_TEMPLATE_DEPTH} deep`));
  });

  it('leaves elements that are not template instances as they are', () => {
    const text: ScreenElement = { id: 't', kind: 'text', x: 0, y: 0, width: 1, height: 1, rotation: 0, locked: false, bindings: { text: '{A}' }, actions: [], props: { text: 'x' } };
    expect(expandTemplates([text], templates)).toEqual({ ok: true, value: [text] });
  });
});
