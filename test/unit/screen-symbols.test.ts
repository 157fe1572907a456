import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SYMBOLS, symbolDefinition } from '../../screens/symbols/symbol-registry.ts';

const REQUIRED = [
  'pump',
  'on-off-valve',
  'control-valve',
  'motor',
  'tank',
  'pipe',
  'conveyor',
  'heat-exchanger',
  'instrument',
  'numeric-display',
  'bar-graph',
  'multi-state',
  'button',
  'setpoint-entry',
  'switch',
  'sparkline',
  'value-list',
  'alarm-indicator',
  'text',
  'rectangle',
  'ellipse',
  'line',
  'polyline',
  'image',
  'svg',
];

describe('symbol library', () => {
  it('defines every symbol type of the library, keyed by its type', () => {
    expect([...SYMBOLS.keys()].sort()).toEqual([...REQUIRED].sort());
    for (const [type, definition] of SYMBOLS) expect(definition.type).toBe(type);
    expect(symbolDefinition('robot')).toBeUndefined();
  });

  describe.each([...SYMBOLS.values()].map((d) => [d.type, d] as const))('%s', (_, definition) => {
    it('has defaults that validate against its own props schema', () => {
      const defaults = definition.props.parse({});
      expect(definition.props.safeParse(defaults).success).toBe(true);
      // JSON round trip: a saved screen reads back the same.
      expect(definition.props.parse(JSON.parse(JSON.stringify(defaults)))).toEqual(defaults);
    });

    it('describes itself for the palette and has a sensible default size', () => {
      expect(definition.label.length).toBeGreaterThan(0);
      expect(definition.description.length).toBeGreaterThan(10);
      expect(definition.defaultSize.width).toBeGreaterThan(0);
      expect(definition.defaultSize.height).toBeGreaterThan(0);
    });

    it('gives every prop a title and description for the generated inspector', () => {
      for (const [name, schema] of Object.entries(definition.props.shape)) {
        const meta = z.globalRegistry.get(schema as z.ZodType);
        expect(meta?.title, `${definition.type}.${name} title`).toBeTruthy();
        expect(meta?.description, `${definition.type}.${name} description`).toBeTruthy();
      }
    });

    it('labels every bindable property', () => {
      for (const [name, property] of Object.entries(definition.bindable)) {
        expect(name).toMatch(/^[a-z][A-Za-z]*$/);
        expect(property.label.length, name).toBeGreaterThan(0);
        expect(property.description.length, name).toBeGreaterThan(0);
      }
    });

    it('refuses unknown props (a typo is an error, not silently dropped)', () => {
      expect(definition.props.safeParse({ notAProp: 1 }).success).toBe(false);
    });
  });

  it('has schemas that refuse wrong values', () => {
    expect(symbolDefinition('instrument')?.props.safeParse({ function: 'tt' }).success).toBe(false);
    expect(symbolDefinition('numeric-display')?.props.safeParse({ decimals: 11 }).success).toBe(false);
    expect(symbolDefinition('setpoint-entry')?.props.safeParse({ tag: 'not a path' }).success).toBe(false);
    expect(symbolDefinition('svg')?.props.safeParse({ src: 'data:image/png;base64,AAAA' }).success).toBe(false);
    expect(symbolDefinition('svg')?.props.safeParse({ src: 'assets/drawings/filler.svg' }).success).toBe(true);
    expect(symbolDefinition('rectangle')?.props.safeParse({ fill: 'url(javascript:x)' }).success).toBe(false);
  });
});
