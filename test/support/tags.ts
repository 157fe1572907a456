import { TagDefinitionSchema, type TagDefinition, type TagDefinitionInput } from '../../common/tag.ts';

/** A validated tag definition from the fields a test cares about. */
export function tag(fields: Partial<TagDefinitionInput> & { path: string }): TagDefinition {
  return TagDefinitionSchema.parse({ dataType: 'float64', source: { device: 'dev', address: 'memory(0)' }, ...fields });
}
