import type { TFunction } from 'i18next';
import type { BindableProperty, SymbolDefinition } from '../../screens/symbols/symbol-definition.ts';

/**
 * The texts of a symbol definition (screens/symbols) in the reader's language: its name and description
 * (palette, inspector title), each property's title and description (the generated property panel), each
 * bindable property's label and description, and enum choices. The definitions hold the English;
 * `editor:symbols.<type>...` the translations (test/unit/editor-symbol-texts.test.ts keeps the English
 * catalogue equal to the definitions, so a new property shows up as missing in every language).
 */
export function symbolText(t: TFunction<'editor'>, definition: Pick<SymbolDefinition, 'type' | 'label' | 'description'>): { label: string; description: string } {
  return {
    label: t(`symbols.${definition.type}.label`, { defaultValue: definition.label }),
    description: t(`symbols.${definition.type}.description`, { defaultValue: definition.description }),
  };
}

export function propText(t: TFunction<'editor'>, type: string, key: string, field: { title: string; description: string }): { title: string; description: string } {
  return {
    title: t(`symbols.${type}.props.${key}.title`, { defaultValue: field.title }),
    description: field.description === '' ? '' : t(`symbols.${type}.props.${key}.description`, { defaultValue: field.description }),
  };
}

/** A bindable property with its label and description translated; `visible` (every element has it) is under `bindable.visible`. */
export function bindableText(t: TFunction<'editor'>, type: string | undefined, name: string, property: BindableProperty): BindableProperty {
  const base = type === undefined || name === 'visible' ? `bindable.${name}` : `symbols.${type}.bindable.${name}`;
  return { ...property, label: t(`${base}.label`, { defaultValue: property.label }), description: t(`${base}.description`, { defaultValue: property.description }) };
}

/** An enum choice of a property (`horizontal`, `left`...), as the reader says it. */
export function choiceText(t: TFunction<'editor'>, value: string): string {
  return t(`choice.${value}`, { defaultValue: value });
}
