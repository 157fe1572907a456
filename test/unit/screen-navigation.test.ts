import { describe, expect, it } from 'vitest';
import { loadScreenDocument } from '../../screens/screen-document.ts';
import { checkScreenReferences } from '../../screens/screen-navigation.ts';
import type { Screen, Template } from '../../screens/screen-schema.ts';

function screen(id: string, level: string, extra: Record<string, unknown> = {}, elements: unknown[] = []): Screen {
  const result = loadScreenDocument({ formatVersion: 1, kind: 'screen', id, name: id, level, size: { width: 800, height: 600 }, elements, ...extra });
  if (!result.ok || result.value.kind !== 'screen') throw new Error(result.ok ? 'not a screen' : result.error.message);
  return result.value;
}
const button = (actions: unknown[]) => ({ id: 'b', kind: 'symbol', symbol: 'button', x: 0, y: 0, width: 96, height: 40, actions });
const faceplate = { formatVersion: 2, kind: 'template', id: 'pump-faceplate', name: 'P', description: '', size: { width: 1, height: 1 }, params: [], elements: [] } satisfies Template;

describe('navigation between screens', () => {
  it('accepts a hierarchy whose links all resolve', () => {
    const screens = [
      screen('overview', 'overview', {}, [button([{ type: 'navigate', screen: 'line' }])]),
      screen('line', 'area', { parent: 'overview' }, [button([{ type: 'back' }, { type: 'faceplate', template: 'pump-faceplate', params: {} }, { type: 'popup', screen: 'overview' }])]),
    ];
    expect(checkScreenReferences(screens, [faceplate])).toEqual([]);
  });

  it('names unknown targets, parents and cycles by screen and path', () => {
    const screens = [
      screen('overview', 'overview', { parent: 'line' }, [{ id: 'g', kind: 'group', x: 0, y: 0, width: 1, height: 1, children: [button([{ type: 'navigate', screen: 'filler' }])] }]),
      screen('line', 'area', { parent: 'overview' }, [button([{ type: 'faceplate', template: 'nope', params: {} }])]),
      screen('orphan', 'unit', { parent: 'missing' }),
    ];
    expect(checkScreenReferences(screens).map((p) => p.message)).toEqual([
      'overview: parent: an overview has no parent',
      'overview: parent: the parent chain leads back to this screen',
      'overview: elements[0].children[0].actions[0].screen: unknown screen "filler"',
      'line: parent: the parent chain leads back to this screen',
      'line: elements[0].actions[0].template: unknown template "nope"',
      'orphan: parent: unknown screen "missing"',
    ]);
  });
});
