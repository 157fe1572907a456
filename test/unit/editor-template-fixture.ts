import { loadScreenDocument } from '../../screens/screen-document.ts';
import type { Template } from '../../screens/screen-schema.ts';

function template(input: Record<string, unknown>): Template {
  const result = loadScreenDocument({ formatVersion: 1, kind: 'template', name: 'Pump tile', size: { width: 100, height: 80 }, ...input });
  if (!result.ok || result.value.kind !== 'template') throw new Error('bad template fixture');
  return result.value;
}

export const PUMP_TILE = template({
  id: 'pump-tile',
  params: [
    { name: 'pump', type: 'tag' },
    { name: 'title', type: 'text', default: 'Pump' },
  ],
  elements: [{ id: 'pump', kind: 'symbol', symbol: 'pump', x: 26, y: 0, width: 48, height: 48, bindings: { running: '{ {{pump}}/Running }' } }],
});
