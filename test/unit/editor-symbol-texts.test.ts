import { describe, expect, it } from 'vitest';
import { CATALOGUES, createI18n } from '../../renderer/i18n/i18n.ts';
import { propFields } from '../../renderer/editor/inspector/prop-fields.ts';
import { bindableText, choiceText, propText, symbolText } from '../../renderer/editor/symbol-text.ts';
import { COMMON_BINDABLE } from '../../screens/symbols/symbol-definition.ts';
import { SYMBOLS } from '../../screens/symbols/symbol-registry.ts';

// The symbol definitions (screens/symbols) hold the English texts of the palette and the generated property
// panel; the editor's catalogues translate them by symbol type and property. English must stay equal to the
// definitions, so a property added or reworded there shows here (and then as missing in German).
describe('the symbol texts of the palette and the property panel', () => {
  const en = createI18n('en').getFixedT('en', 'editor');
  const de = createI18n('de').getFixedT('de', 'editor');

  it('English catalogue = the definitions: every symbol, property, bindable property and choice', () => {
    const symbols: Record<string, unknown> = {};
    const choices: Record<string, string> = {};
    for (const definition of SYMBOLS.values()) {
      const props: Record<string, unknown> = {};
      for (const field of propFields(definition.props)) {
        props[field.key] = field.description === '' ? { title: field.title } : { title: field.title, description: field.description };
        if (field.kind === 'enum') for (const option of field.options) choices[option] = option;
      }
      const bindable = Object.fromEntries(Object.entries(definition.bindable).map(([name, b]) => [name, { label: b.label, description: b.description }]));
      symbols[definition.type] = { label: definition.label, description: definition.description, props, bindable };
    }
    const catalogue = CATALOGUES.en.editor as Record<string, unknown>;
    expect(catalogue['symbols']).toEqual(symbols);
    expect(catalogue['choice']).toEqual(choices);
    expect(catalogue['bindable']).toEqual(Object.fromEntries(Object.entries(COMMON_BINDABLE).map(([name, b]) => [name, { label: b.label, description: b.description }])));
  });

  it('shows them in German, and in English as the definitions say', () => {
    const pump = SYMBOLS.get('pump')!;
    expect(symbolText(en, pump)).toEqual({ label: 'Pump', description: pump.description });
    expect(symbolText(de, pump).label).toBe('Pumpe');
    const label = propFields(pump.props).find((f) => f.key === 'label')!;
    expect(propText(de, 'pump', 'label', label)).toEqual({ title: 'Beschriftung', description: 'Text an der Pumpe' });
    expect(bindableText(de, 'pump', 'running', pump.bindable['running']!)).toMatchObject({ label: 'Läuft', type: 'boolean' });
    expect(bindableText(de, 'pump', 'visible', COMMON_BINDABLE['visible']!).label).toBe('Sichtbar');
    expect(choiceText(de, 'horizontal')).toBe('waagerecht');
    // A symbol type the catalogue does not know yet shows its definition's English.
    expect(symbolText(de, { type: 'new-thing', label: 'New thing', description: 'not translated yet' })).toEqual({ label: 'New thing', description: 'not translated yet' });
  });
});
