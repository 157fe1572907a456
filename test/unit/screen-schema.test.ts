import { describe, expect, it } from 'vitest';
import { loadScreenDocument, screenDocumentProblems } from '../../screens/screen-document.ts';
import type { Template } from '../../screens/screen-schema.ts';

function screen(elements: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { formatVersion: 1, kind: 'screen', id: 's1', name: 'Test', level: 'area', size: { width: 800, height: 600 }, elements, ...extra };
}
const pump = (extra: Record<string, unknown> = {}) => ({ id: 'p1', kind: 'symbol', symbol: 'pump', x: 10, y: 10, width: 48, height: 48, ...extra });

describe('screen documents: valid', () => {
  it('fills in defaults: rotation, bindings, actions, background and symbol props', () => {
    const result = loadScreenDocument(screen([pump()]));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ background: 'background', elements: [{ rotation: 0, bindings: {}, actions: [], props: { label: '', orientation: 'right' } }] });
  });

  it('accepts nested groups, every element kind and every action', () => {
    const doc = screen(
      [
        {
          id: 'g',
          kind: 'group',
          x: 0,
          y: 0,
          width: 200,
          height: 200,
          children: [
            { id: 'r', kind: 'shape', shape: 'rect', x: 0, y: 0, width: 10, height: 10, bindings: { fill: "{A/B} > 1 ? 'alarm-high' : 'process-light'" } },
            { id: 'g2', kind: 'group', x: 0, y: 0, width: 10, height: 10, children: [{ id: 't', kind: 'text', x: 0, y: 0, width: 10, height: 10, props: { text: 'x' } }] },
          ],
        },
        { id: 'i', kind: 'image', x: 0, y: 0, width: 10, height: 10, props: { src: 'assets/line.png' } },
        { id: 'tpl', kind: 'template', template: 'pump-tile', params: { pump: 'Line1/P1' }, x: 0, y: 0, width: 10, height: 10 },
        pump({
          rotation: 90,
          actions: [
            { type: 'navigate', screen: 'filler' },
            { type: 'popup', screen: 'help' },
            { type: 'faceplate', template: 'pump-faceplate', params: { pump: 'P1' } },
            { type: 'back' },
            { type: 'forward' },
            { type: 'write', tag: 'Line1/RunCommand', value: true },
          ],
        }),
      ],
      { parent: 'overview' },
    );
    const result = loadScreenDocument(doc);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.elements[3]?.actions[5]).toEqual({ type: 'write', tag: 'Line1/RunCommand', value: true, confirm: true });
  });
});

describe('screen documents: problems name their path', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['not an object', [], '', /expected a JSON object/],
    ['no formatVersion', { kind: 'screen' }, 'formatVersion', /missing/],
    ['a newer format', screen([], { formatVersion: 7 }), 'formatVersion', /screen format 7 is newer than this Lineside reads \(2\); update Lineside/],
    ['a bad level', screen([], { level: 'plant' }), 'level', /overview|area/],
    ['a bad id', screen([], { id: 'has space' }), 'id', /an id is/],
    ['an unknown element kind', screen([pump(), { ...pump({ id: 'x' }), kind: 'widget' }]), 'elements[1].kind', /./],
    ['a missing width', screen([pump(), pump({ id: 'p2', width: undefined })]), 'elements[1].width', /number/],
    ['an unknown field', screen([pump({ colour: 'red' })]), 'elements[0]', /colour/],
    ['a bad nested child', screen([{ id: 'g', kind: 'group', x: 0, y: 0, width: 1, height: 1, children: [pump({ x: 'left' })] }]), 'elements[0].children[0].x', /number/],
    ['an unknown symbol type', screen([pump({ symbol: 'robot' })]), 'elements[0].symbol', /unknown symbol type "robot"/],
    ['a prop of the wrong type', screen([pump({ props: { orientation: 'sideways' } })]), 'elements[0].props.orientation', /./],
    ['an unknown prop', screen([pump({ symbol: 'tank', props: { colour: 1 } })]), 'elements[0].props', /colour/],
    ['an image from the web', screen([{ id: 'i', kind: 'image', x: 0, y: 0, width: 1, height: 1, props: { src: 'https://example.com/x.png' } }]), 'elements[0].props.src', /data:image/],
    ['an image escaping assets', screen([{ id: 'i', kind: 'image', x: 0, y: 0, width: 1, height: 1, props: { src: 'assets/../secret.png' } }]), 'elements[0].props.src', /no "\.\."/],
    [
      'a binding that does not parse',
      screen([pump(), pump({ id: 'p2' }), pump({ id: 'p3' }), { id: 'r', kind: 'shape', shape: 'rect', x: 0, y: 0, width: 1, height: 1, bindings: { fill: '{A} >' } }]),
      'elements[3].bindings.fill',
      /unexpected end of expression at 1:6\n\{A\} >\n {5}\^/,
    ],
    ['a binding on a property that cannot be bound', screen([pump({ bindings: { colour: '1' } })]), 'elements[0].bindings.colour', /not a bindable property of pump \(visible, running, fault, speed\)/],
    ['a template placeholder in a screen', screen([pump({ bindings: { running: '{ {{pump}}/Running }' } })]), 'elements[0].bindings.running', /unknown template parameter/],
    ['a duplicate element id', screen([pump(), { id: 'g', kind: 'group', x: 0, y: 0, width: 1, height: 1, children: [pump()] }]), 'elements[1].children[0].id', /duplicate element id "p1"/],
    ['a write to a non-path', screen([pump({ actions: [{ type: 'write', tag: 'no such/tag', value: 1 }] })]), 'elements[0].actions[0].tag', /not a tag path/],
    ['an unknown action', screen([pump({ actions: [{ type: 'shell', command: 'rm' }] })]), 'elements[0].actions[0].type', /./],
    ['a screen that is its own parent', screen([], { parent: 's1' }), 'parent', /own parent/],
    ['a rotation out of range', screen([pump({ rotation: 720 })]), 'elements[0].rotation', /360/],
  ])('%s', (_, input, path, message) => {
    const result = loadScreenDocument(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.path ?? '').toBe(path);
    expect(result.error.message).toMatch(message);
    if (path) expect(result.error.message.startsWith(`${path}: `)).toBe(true);
  });

  it('a "__proto__" key from JSON is dropped, never set as a prototype', () => {
    const json =
      '{"formatVersion":1,"kind":"screen","id":"s","name":"S","level":"unit","size":{"width":800,"height":600},"elements":[{"id":"t","kind":"template","template":"x","x":0,"y":0,"width":1,"height":1,"params":{"__proto__":{"polluted":true},"a":"Line1"}}]}';
    const result = loadScreenDocument(JSON.parse(json));
    if (!result.ok) throw new Error(result.error.message);
    const params = (result.value.elements[0] as { params: Record<string, unknown> }).params;
    expect(Object.keys(params)).toEqual(['a']);
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(loadScreenDocument({ ...JSON.parse(json), elements: [{ id: 't', kind: 'template', template: 'x', x: 0, y: 0, width: 1, height: 1, params: { __x: 'a' } }] })).toMatchObject({
      ok: false,
      error: { path: 'elements[0].params.__x' },
    });
  });

  it('lists every problem, not only the first', () => {
    const { problems } = screenDocumentProblems(screen([pump({ symbol: 'robot' }), pump({ bindings: { speed: '1 +' } }), pump({ id: 'p2', bindings: { colour: '1' } })]));
    expect(problems.map((p) => p.path)).toEqual(['elements[0].symbol', 'elements[1].id', 'elements[1].bindings.speed', 'elements[2].bindings.colour']);
  });
});

describe('references to templates', () => {
  const template: Template = {
    formatVersion: 2,
    kind: 'template',
    id: 'tile',
    name: 'Tile',
    description: '',
    size: { width: 10, height: 10 },
    params: [
      { name: 'pump', type: 'tag', description: '' },
      { name: 'title', type: 'text', description: '', default: 'Pump' },
    ],
    elements: [],
  };
  const templates = new Map([['tile', template]]);
  const instance = (extra: Record<string, unknown>) => ({ id: 't', kind: 'template', template: 'tile', x: 0, y: 0, width: 1, height: 1, ...extra });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['unknown template', { template: 'nope', params: {} }, 'elements[0].template', /unknown template "nope"/],
    ['unknown parameter', { params: { pump: 'P', colour: 'x' } }, 'elements[0].params.colour', /has no parameter "colour"/],
    ['missing parameter', { params: {} }, 'elements[0].params', /parameter "pump" of template "tile" is missing/],
    ['a tag parameter that is not a path', { params: { pump: 'Line 1' } }, 'elements[0].params.pump', /"Line 1" is not a tag path/],
    ['a number where a tag is expected', { params: { pump: 7 } }, 'elements[0].params.pump', /7 is not a tag path/],
  ])('%s', (_, extra, path, message) => {
    const result = loadScreenDocument(screen([instance(extra)]), { templates });
    expect(!result.ok && result.error.path).toBe(path);
    expect(!result.ok && result.error.message).toMatch(message);
  });

  it('accepts an instance that gives the parameters without a default', () => {
    expect(loadScreenDocument(screen([instance({ params: { pump: 'Line1/P1' } })]), { templates }).ok).toBe(true);
  });

  it('checks a template: its bindings may use declared parameters only', () => {
    const doc = { ...template, elements: [pump({ bindings: { running: '{ {{pump}}/Running }', speed: '{ {{speed}} }' } })] };
    const result = loadScreenDocument(doc);
    expect(!result.ok && result.error.path).toBe('elements[0].bindings.speed');
    expect(!result.ok && result.error.message).toMatch(/unknown template parameter "\{\{speed\}\}" at 1:3/);
    expect(loadScreenDocument({ ...doc, params: [...doc.params, { name: 'speed' }] }).ok).toBe(true);
  });

  it('refuses duplicate template parameters', () => {
    const result = loadScreenDocument({ ...template, params: [{ name: 'a' }, { name: 'a' }] });
    expect(!result.ok && result.error.path).toBe('params[1].name');
  });
});
