import type { AlarmDefinition } from '../../../common/alarms.ts';
import { isNumericType, type TagDefinition } from '../../../common/tag.ts';

export interface DefinitionProblem {
  /** The field inside the definition, e.g. `condition.setpointTag`. */
  field: string;
  message: string;
}

/**
 * Checks what a schema cannot: that the tags an alarm names exist and have a type its condition can
 * use. Shared by the project loader and the definition editor, so both refuse the same things.
 */
export function checkAlarmAgainstTags(def: AlarmDefinition, tags: ReadonlyMap<string, TagDefinition>): DefinitionProblem | undefined {
  const tag = tags.get(def.tag);
  if (!tag) return { field: 'tag', message: `no tag ${def.tag}` };
  const c = def.condition;
  const numeric = isNumericType(tag.dataType);
  if ((c.type === 'hihi' || c.type === 'hi' || c.type === 'lo' || c.type === 'lolo' || c.type === 'rate' || c.type === 'deviation') && !numeric) {
    return { field: 'condition.type', message: `a ${c.type} alarm needs a numeric tag; ${def.tag} is ${tag.dataType}` };
  }
  if (c.type === 'equals') {
    const problem = valueFits(c.value, tag);
    if (problem) return { field: 'condition.value', message: problem };
  }
  if (c.type === 'deviation') {
    const sp = tags.get(c.setpointTag);
    if (!sp) return { field: 'condition.setpointTag', message: `no tag ${c.setpointTag}` };
    if (!isNumericType(sp.dataType)) return { field: 'condition.setpointTag', message: `the setpoint ${c.setpointTag} is ${sp.dataType}, not numeric` };
  }
  if (def.suppressWhen) {
    const by = tags.get(def.suppressWhen.tag);
    if (!by) return { field: 'suppressWhen.tag', message: `no tag ${def.suppressWhen.tag}` };
    const problem = valueFits(def.suppressWhen.equals, by);
    if (problem) return { field: 'suppressWhen.equals', message: problem };
  }
  return undefined;
}

function valueFits(value: number | boolean | string, tag: TagDefinition): string | undefined {
  const expected = tag.dataType === 'bool' ? 'boolean' : tag.dataType === 'string' ? 'string' : 'number';
  return typeof value === expected ? undefined : `${tag.path} is ${tag.dataType}: compare it with a ${expected}, not ${JSON.stringify(value)}`;
}

/** One alarms/*.json file of a project, validated. */
export interface AlarmFileEntry {
  /** Relative to the project folder, e.g. `alarms/tank.json`. */
  file: string;
  alarms: AlarmDefinition[];
}
