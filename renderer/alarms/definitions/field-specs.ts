import type { AlarmDefinition } from '../../../common/alarms.ts';
import type { DefinitionDraft } from './definition-draft.ts';

/** A plain field of the definition, edited by one input of a kind. */
export type FieldSpec =
  | { readonly key: 'message' | 'area' | 'group'; readonly kind: 'text'; readonly label: string; readonly hint?: string; readonly wide?: boolean }
  | { readonly key: 'deadband' | 'onDelayMs' | 'offDelayMs'; readonly kind: 'number'; readonly label: string; readonly hint?: string; readonly units?: 'tag' | 'ms' }
  | { readonly key: 'latched' | 'enabled'; readonly kind: 'check'; readonly label: string; readonly text: string }
  | { readonly key: 'priority'; readonly kind: 'priority'; readonly label: string };

export const FIELD_SPECS = {
  priority: { key: 'priority', kind: 'priority', label: 'Priority' },
  message: { key: 'message', kind: 'text', label: 'Message', hint: 'Fills in {value} {units} {limit} {setpoint} {tag} {id}', wide: true },
  area: { key: 'area', kind: 'text', label: 'Area' },
  group: { key: 'group', kind: 'text', label: 'Group', hint: 'First-out among alarms of one group' },
  deadband: { key: 'deadband', kind: 'number', label: 'Deadband', units: 'tag', hint: 'Hysteresis before it returns to normal' },
  onDelayMs: { key: 'onDelayMs', kind: 'number', label: 'On delay', units: 'ms' },
  offDelayMs: { key: 'offDelayMs', kind: 'number', label: 'Off delay', units: 'ms' },
  latched: { key: 'latched', kind: 'check', label: 'Latched', text: 'Latched until acknowledged' },
  enabled: { key: 'enabled', kind: 'check', label: 'Enabled', text: 'Enabled' },
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
