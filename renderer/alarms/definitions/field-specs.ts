import type { AlarmDefinition } from '../../../common/alarms.ts';
import type { DefinitionDraft } from './definition-draft.ts';

/**
 * A plain field of the definition, edited by one input of a kind. Its label, hint and checkbox text are
 * `form.<key>`, `form.<key>Hint` and `form.<key>Text` of the 'alarms' catalogue.
 */
export type FieldSpec =
  | { readonly key: 'message' | 'area' | 'group'; readonly kind: 'text'; readonly hint?: true; readonly wide?: boolean }
  | { readonly key: 'deadband' | 'onDelayMs' | 'offDelayMs'; readonly kind: 'number'; readonly hint?: true; readonly units?: 'tag' | 'ms' }
  | { readonly key: 'latched' | 'enabled'; readonly kind: 'check' }
  | { readonly key: 'priority'; readonly kind: 'priority' };

export const FIELD_SPECS = {
  priority: { key: 'priority', kind: 'priority' },
  message: { key: 'message', kind: 'text', hint: true, wide: true },
  area: { key: 'area', kind: 'text' },
  group: { key: 'group', kind: 'text', hint: true },
  deadband: { key: 'deadband', kind: 'number', units: 'tag', hint: true },
  onDelayMs: { key: 'onDelayMs', kind: 'number', units: 'ms' },
  offDelayMs: { key: 'offDelayMs', kind: 'number', units: 'ms' },
  latched: { key: 'latched', kind: 'check' },
  enabled: { key: 'enabled', kind: 'check' },
} as const satisfies Record<string, FieldSpec>;

/**
 * Where every field of the definition is edited: a plain spec above, or a dedicated part of the form.
 * A field added to AlarmDefinitionSchema fails the type check here until the editor shows it.
 */
export const EDITED_BY: Readonly<Record<keyof AlarmDefinition, 'spec' | 'identity' | 'condition' | 'suppression' | 'help'>> = {
  id: 'identity',
  tag: 'identity',
  condition: 'condition',
  priority: 'spec',
  message: 'spec',
  area: 'spec',
  group: 'spec',
  deadband: 'spec',
  onDelayMs: 'spec',
  offDelayMs: 'spec',
  latched: 'spec',
  enabled: 'spec',
  suppressWhen: 'suppression',
  help: 'help',
};

export type SpecKey = keyof typeof FIELD_SPECS & keyof DefinitionDraft;
