import { DATA_TYPES, MAX_ARRAY_LENGTH, TagDefinitionSchema, type DataType, type TagDefinitionInput } from '../../common/tag.ts';

/** A browsed variable the engineer picked: its node, and the browse names from the root down to it. */
export interface PickedVariable {
  names: readonly string[];
  address: string;
  dataType?: string | undefined;
  description?: string | undefined;
  /** An array variable's number of elements (0: an array whose length the server does not say and that is empty now). */
  arrayLength?: number | undefined;
}

/** Why a picked variable was left out; the Browse panel says it in the reader's language (`browse.skip.*`). */
export type SkipReason =
  { readonly kind: 'type'; readonly dataType: string | undefined } | { readonly kind: 'duplicate' } | { readonly kind: 'array'; readonly length: number; readonly max: number } | { readonly kind: 'invalid'; readonly message: string };

export interface Skipped {
  readonly path: string;
  readonly reason: SkipReason;
}

export interface BrowsedTags {
  /** Tag definitions as a project's tags/*.json holds them ('config.tags.import' takes them as they are). */
  tags: TagDefinitionInput[];
  /** Variables left out, with why (a data type Lineside has no tag type for, a duplicate path). */
  skipped: Skipped[];
}

/** OPC UA built-in types → Lineside tag types. Int64/UInt64 arrive as numbers, DateTime as epoch ms shown as dates. */
const FROM_OPCUA: Readonly<Record<string, DataType>> = {
  Boolean: 'bool',
  SByte: 'int16',
  Int16: 'int16',
  Byte: 'uint16',
  UInt16: 'uint16',
  Int32: 'int32',
  UInt32: 'uint32',
  Float: 'float32',
  Double: 'float64',
  Int64: 'float64',
  UInt64: 'float64',
  DateTime: 'datetime',
  String: 'string',
  LocalizedText: 'string',
  ByteString: 'string',
  Guid: 'string',
  XmlElement: 'string',
};

/** The Lineside type for a driver's type name: OPC UA names are mapped, Lineside's own names pass through. */
export function tagDataType(driverType: string | undefined): DataType | undefined {
  if (driverType === undefined) return undefined;
  if ((DATA_TYPES as readonly string[]).includes(driverType)) return driverType as DataType;
  return FROM_OPCUA[driverType];
}

/** A browse name as a tag path segment: letters, digits, _ and -, starting with a letter or digit. */
export function pathSegment(name: string): string {
  const cleaned = name
    .trim()
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^[_-]+/, '')
    .replace(/_+$/, '');
  return cleaned === '' ? 'Node' : cleaned;
}

/**
 * Tag definitions for picked variables: path from the prefix and the browse names, data type mapped
 * from the driver's, source {device, address}. Each is checked against the project's tag schema
 * here; the runtime checks them again (device, address) when they are imported.
 */
export function buildTagEntries(device: string, picked: readonly PickedVariable[], prefix = ''): BrowsedTags {
  const base = prefix
    .split('/')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(pathSegment);
  const tags: TagDefinitionInput[] = [];
  const skipped: Skipped[] = [];
  const seen = new Set<string>();
  for (const variable of picked) {
    const path = [...base, ...variable.names.map(pathSegment)].join('/');
    const dataType = tagDataType(variable.dataType);
    if (!dataType) {
      skipped.push({ path, reason: { kind: 'type', dataType: variable.dataType } });
      continue;
    }
    if (seen.has(path)) {
      skipped.push({ path, reason: { kind: 'duplicate' } });
      continue;
    }
    const tag: TagDefinitionInput = { path, dataType, source: { device, address: variable.address } };
    if (variable.description) tag.description = variable.description;
    if (variable.arrayLength !== undefined) {
      if (variable.arrayLength < 1 || variable.arrayLength > MAX_ARRAY_LENGTH) {
        skipped.push({ path, reason: { kind: 'array', length: variable.arrayLength, max: MAX_ARRAY_LENGTH } });
        continue;
      }
      tag.arrayLength = variable.arrayLength;
    }
    const checked = TagDefinitionSchema.safeParse(tag);
    if (!checked.success) {
      skipped.push({ path, reason: { kind: 'invalid', message: checked.error.issues[0]?.message ?? 'not a valid tag' } });
      continue;
    }
    seen.add(path);
    tags.push(tag);
  }
  return { tags, skipped };
}
