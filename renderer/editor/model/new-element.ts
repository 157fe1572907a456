import type { ScreenElement, Template } from '../../../screens/screen-schema.ts';
import type { SymbolDefinition } from '../../../screens/symbols/symbol-definition.ts';
import { freshId } from './elements.ts';
import type { Point } from './geometry.ts';
import { tidy } from './transform.ts';

/** A symbol of the palette dropped with its centre at `at`: default size and default props. */
export function newSymbolElement(definition: SymbolDefinition, at: Point, taken: Set<string>): ScreenElement {
  const { width, height } = definition.defaultSize;
  return {
    id: freshId(definition.type, taken),
    kind: 'symbol',
    symbol: definition.type,
    props: definition.props.parse({}) as Record<string, unknown>,
    x: tidy(at.x - width / 2),
    y: tidy(at.y - height / 2),
    width,
    height,
    rotation: 0,
    locked: false,
    bindings: {},
    actions: [],
  };
}

/** An instance of a template dropped at `at`, its parameters set to their defaults. */
export function newTemplateInstance(template: Template, at: Point, taken: Set<string>): ScreenElement {
  const params: Record<string, string | number> = {};
  for (const p of template.params) if (p.default !== undefined) params[p.name] = p.default;
  return {
    id: freshId(template.id, taken),
    kind: 'template',
    template: template.id,
    params,
    x: tidy(at.x - template.size.width / 2),
    y: tidy(at.y - template.size.height / 2),
    width: template.size.width,
    height: template.size.height,
    rotation: 0,
    locked: false,
    bindings: {},
    actions: [],
  };
}
