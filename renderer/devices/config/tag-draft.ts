import type { DataType } from '../../../common/tag.ts';

type Raw = Record<string, unknown>;

/**
 * The form's working copy of a tag, as text so a half-typed number stays as typed. `toRawTag` puts it
 * back over the entry as it was written, so settings the form does not show (history, states, stale
 * time) are kept. The runtime judges validity; nothing here refuses a value except unreadable JSON.
 */
export interface TagDraft {
  path: string;
  description: string;
  dataType: DataType;
  device: string;
  address: string;
  options: string;
  units: string;
  decimals: string;
  rawMin: string;
  rawMax: string;
  euMin: string;
  euMax: string;
  rangeMin: string;
  rangeMax: string;
  writable: boolean;
  writeMin: string;
  writeMax: string;
  deadband: string;
}

/** The form's field names, as the runtime names them in a refusal. */
export const TAG_FIELDS = [
  'path',
  'description',
  'dataType',
  'source.device',
  'source.address',
  'source.options',
  'units',
  'decimals',
  'scaling.rawMin',
  'scaling.rawMax',
  'scaling.euMin',
  'scaling.euMax',
  'range.min',
  'range.max',
  'writable',
  'writeLimits.min',
  'writeLimits.max',
  'deadband',
] as const;

export function blankTag(device: string): TagDraft {
  return {
    path: '',
    description: '',
    dataType: 'float64',
    device,
    address: '',
    options: '',
    units: '',
    decimals: '',
    rawMin: '',
    rawMax: '',
    euMin: '',
    euMax: '',
    rangeMin: '',
    rangeMax: '',
    writable: false,
    writeMin: '',
    writeMax: '',
    deadband: '',
  };
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function draftOf(raw: Raw): TagDraft {
  const source = (raw['source'] ?? {}) as Raw;
  const scaling = (raw['scaling'] ?? {}) as Raw;
  const range = (raw['range'] ?? {}) as Raw;
  const limits = (raw['writeLimits'] ?? {}) as Raw;
  return {
    path: str(raw['path']),
    description: str(raw['description']),
    dataType: (raw['dataType'] as DataType | undefined) ?? 'float64',
    device: str(source['device']),
    address: str(source['address']),
    options: source['options'] === undefined ? '' : JSON.stringify(source['options']),
    units: str(raw['units']),
    decimals: str(raw['decimals']),
    rawMin: str(scaling['rawMin']),
    rawMax: str(scaling['rawMax']),
    euMin: str(scaling['euMin']),
    euMax: str(scaling['euMax']),
    rangeMin: str(range['min']),
    rangeMax: str(range['max']),
    writable: raw['writable'] === true,
    writeMin: str(limits['min']),
    writeMax: str(limits['max']),
    deadband: str(raw['deadband']),
  };
}

/** A number as typed: '' is "not set", text that is not a number is sent as is for the runtime to refuse by name. */
function num(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function group(keys: Record<string, string>): Raw | undefined {
  const entries = Object.entries(keys).map(([k, v]) => [k, num(v)] as const);
  if (entries.every(([, v]) => v === undefined)) return undefined;
  return Object.fromEntries(entries);
}

/** A draft that cannot be sent: the field, and the problem as a key of the 'devices' catalogue's `editor.*`. */
export type RawTagResult = { ok: true; raw: Raw } | { ok: false; field: string; problem: 'notJsonObject' };

export function toRawTag(draft: TagDraft, base: Raw = {}): RawTagResult {
  const raw: Raw = { ...base };
  const set = (key: string, value: unknown) => (value === undefined || value === '' ? delete raw[key] : (raw[key] = value));
  raw['path'] = draft.path.trim();
  set('description', draft.description);
  raw['dataType'] = draft.dataType;
  const source: Raw = { device: draft.device, address: draft.address.trim() };
  if (draft.options.trim() !== '') {
    let options: unknown;
    try {
      options = JSON.parse(draft.options);
    } catch {
      return { ok: false, field: 'source.options', problem: 'notJsonObject' };
    }
    source['options'] = options;
  }
  raw['source'] = source;
  set('units', draft.units);
  set('decimals', num(draft.decimals));
  set('scaling', group({ rawMin: draft.rawMin, rawMax: draft.rawMax, euMin: draft.euMin, euMax: draft.euMax }));
  set('range', group({ min: draft.rangeMin, max: draft.rangeMax }));
  if (draft.writable) raw['writable'] = true;
  else delete raw['writable'];
  set('writeLimits', group({ min: draft.writeMin, max: draft.writeMax }));
  set('deadband', num(draft.deadband));
  return { ok: true, raw };
}
