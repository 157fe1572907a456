import { TagDefinitionSchema, type TagDefinition } from '../../../common/tag.ts';
import type { LineDefinition } from '../shifts/production-schema.ts';

/** The source device of the tags the runtime computes itself; no driver serves it. */
export const OEE_DEVICE = 'lineside-oee';

export const OEE_TAG_FIELDS = [
  { name: 'OEE', key: 'oee', units: '%', description: 'OEE of the current shift' },
  { name: 'Availability', key: 'availability', units: '%', description: 'Availability of the current shift (run time / planned time)' },
  { name: 'Performance', key: 'performance', units: '%', description: 'Performance of the current shift (ideal cycle time × count / run time)' },
  { name: 'Quality', key: 'quality', units: '%', description: 'Quality of the current shift (good / total)' },
  { name: 'Good', key: 'good', units: '', description: 'Good units in the current shift' },
  { name: 'Reject', key: 'reject', units: '', description: 'Rejected units in the current shift' },
  { name: 'DowntimeMinutes', key: 'downtimeMinutes', units: 'min', description: 'Downtime in the current shift (known stops)' },
  { name: 'UnknownMinutes', key: 'unknownMinutes', units: 'min', description: 'Time in the current shift without a good state from the line (links down): neither run nor downtime' },
] as const;

/** `<line>/OEE/<field>` tags, so screens bind live OEE like any other tag. */
export function oeeTagDefinitions(lines: readonly LineDefinition[]): TagDefinition[] {
  return lines.flatMap((line) =>
    OEE_TAG_FIELDS.map((f) =>
      TagDefinitionSchema.parse({
        path: `${line.name}/OEE/${f.name}`,
        description: f.description,
        dataType: 'float64',
        source: { device: OEE_DEVICE, address: `${line.name}/${f.key}` },
        units: f.units || (f.key === 'good' || f.key === 'reject' ? line.units : ''),
        decimals: f.units === '%' ? 1 : 0,
      }),
    ),
  );
}
