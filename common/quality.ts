import { fillTemplate } from './reasons.ts';
import { z } from 'zod';

/**
 * Tag quality, named and numbered after OPC UA status codes (Part 4, 7.39 and Part 8, Annex A) so that
 * a driver maps a device's status onto the same vocabulary every layer shows. The numbers are the
 * StatusCode values with the info bits clear.
 */
export const QUALITY_CODES = {
  Good: 0x00000000,
  GoodLocalOverride: 0x00960000,
  Uncertain: 0x40000000,
  /** Communication lost; the value is the last one read (OPC "last known value"). */
  UncertainNoCommunicationLastUsableValue: 0x408f0000,
  /** No fresh value within the tag's stale time; the value is the last one received. */
  UncertainLastUsableValue: 0x40900000,
  UncertainSubstituteValue: 0x40910000,
  UncertainInitialValue: 0x40920000,
  UncertainSensorNotAccurate: 0x40930000,
  /** The value is outside the tag's engineering range. */
  UncertainEngineeringUnitsExceeded: 0x40940000,
  UncertainSubNormal: 0x40950000,
  Bad: 0x80000000,
  BadInternalError: 0x80020000,
  BadCommunicationError: 0x80050000,
  BadTimeout: 0x800a0000,
  BadUserAccessDenied: 0x801f0000,
  /** Communication lost and no last value is known. */
  BadNoCommunication: 0x80310000,
  BadWaitingForInitialData: 0x80320000,
  BadNodeIdUnknown: 0x80340000,
  /** An element of an array tag beyond the end of the array the device sent. */
  BadIndexRangeNoData: 0x80370000,
  BadNotReadable: 0x803a0000,
  BadNotWritable: 0x803b0000,
  BadOutOfRange: 0x803c0000,
  BadTypeMismatch: 0x80740000,
  BadConfigurationError: 0x80890000,
  BadNotConnected: 0x808a0000,
  BadDeviceFailure: 0x808b0000,
  BadSensorFailure: 0x808c0000,
  BadOutOfService: 0x808d0000,
} as const;

export type Quality = keyof typeof QUALITY_CODES;
export const QUALITIES = Object.keys(QUALITY_CODES) as [Quality, ...Quality[]];
export const QualitySchema = z.enum(QUALITIES);

export type Severity = 'good' | 'uncertain' | 'bad';

export function severityOf(quality: Quality): Severity {
  return severityOfCode(QUALITY_CODES[quality]);
}

/** The severity bits of any OPC UA status code (the top two bits). */
export function severityOfCode(code: number): Severity {
  const top = code >>> 30;
  return top === 0 ? 'good' : top === 1 ? 'uncertain' : 'bad';
}

const RANK = { good: 0, uncertain: 1, bad: 2 } as const;

/** The worse of two qualities; on a tie the first stays, so the earliest input names the cause. */
export function worseQuality(a: Quality, b: Quality): Quality {
  return RANK[severityOf(b)] > RANK[severityOf(a)] ? b : a;
}

const BY_CODE = new Map<number, Quality>((Object.entries(QUALITY_CODES) as [Quality, number][]).map(([name, code]) => [code, name]));

/**
 * Maps any OPC UA status code onto a Quality: the exact name when we know it, otherwise the plain
 * Good/Uncertain/Bad of its severity, so an unknown code is never shown as better than it is.
 */
export function qualityFromStatusCode(code: number): Quality {
  const exact = BY_CODE.get((code & 0xffff0000) >>> 0);
  if (exact) return exact;
  const severity = severityOfCode(code);
  return severity === 'good' ? 'Good' : severity === 'uncertain' ? 'Uncertain' : 'Bad';
}

/** Short codes shown on screens in place of or beside a value that is not good (ISA-101). */
export function qualityShortCode(quality: Quality): string {
  switch (quality) {
    case 'Good':
    case 'GoodLocalOverride':
      return '';
    case 'BadNotConnected':
    case 'BadNoCommunication':
    case 'BadCommunicationError':
    case 'BadTimeout':
    case 'UncertainNoCommunicationLastUsableValue':
      return 'COMM';
    case 'BadConfigurationError':
    case 'BadNodeIdUnknown':
    case 'BadTypeMismatch':
    case 'BadIndexRangeNoData':
      return 'CFG';
    case 'BadWaitingForInitialData':
      return 'INIT';
    case 'UncertainLastUsableValue':
      return 'STALE';
    case 'UncertainEngineeringUnitsExceeded':
    case 'BadOutOfRange':
      return 'RANGE';
    case 'BadDeviceFailure':
    case 'BadSensorFailure':
      return 'FAIL';
    case 'BadOutOfService':
      return 'OOS';
    case 'UncertainSubstituteValue':
      return 'SUBST';
    case 'UncertainSubNormal':
      return 'PART';
    default:
      return severityOf(quality) === 'bad' ? 'BAD' : '?';
  }
}

/**
 * Each quality as plant people say it; `{{device}}` is the device the value comes from. English, for REST,
 * logs and reports; the renderer says them in the reader's language (common.json `quality.<name>`).
 */
export const QUALITY_WORDS: { readonly [Q in Quality]: string } = {
  Good: 'Good',
  GoodLocalOverride: 'Good (overridden locally)',
  Uncertain: 'Uncertain value',
  UncertainNoCommunicationLastUsableValue: 'Last known value: no communication with {{device}}',
  UncertainLastUsableValue: 'Not updated lately: last value received',
  UncertainSubstituteValue: 'Substitute value',
  UncertainInitialValue: 'Initial value, not read yet',
  UncertainSensorNotAccurate: 'Sensor not accurate',
  UncertainEngineeringUnitsExceeded: 'Outside the engineering range',
  UncertainSubNormal: 'Fewer good inputs than needed',
  Bad: 'Bad value',
  BadInternalError: 'Internal error in Lineside',
  BadCommunicationError: 'Communication error with {{device}}',
  BadTimeout: '{{device}} did not answer in time',
  BadUserAccessDenied: '{{device}} refused access',
  BadNoCommunication: 'No communication with {{device}}',
  BadWaitingForInitialData: 'Waiting for the first value',
  BadNodeIdUnknown: '{{device}} does not know this address',
  BadIndexRangeNoData: '{{device}} sent fewer array elements',
  BadNotReadable: '{{device}} does not allow reading it',
  BadNotWritable: 'Not writable',
  BadOutOfRange: 'Out of range',
  BadTypeMismatch: 'Wrong data type at {{device}}',
  BadConfigurationError: 'Configuration error',
  BadNotConnected: 'No communication with {{device}}',
  BadDeviceFailure: 'Failure of {{device}}',
  BadSensorFailure: 'Sensor failure',
  BadOutOfService: 'Out of service',
};

/**
 * A quality in words, naming the device when it is known ("No communication with tank PLC"); the
 * OPC UA name (`BadNotConnected`) is the technical detail shown beside it, never instead of it.
 */
export function qualityWords(quality: Quality, device = 'the device'): string {
  const text = fillTemplate(QUALITY_WORDS[quality], { device });
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * How a device is called in a sentence: its description's subject ("Example plant: tank PLC over Modbus
 * TCP (tank T101…)" → "tank PLC"), else its name.
 */
export function deviceLabel(name: string, description = ''): string {
  const subject = (description.split('(')[0] ?? '')
    .split(': ')
    .at(-1)!
    .split(/\s+over\s+/)[0]!
    .trim();
  return subject || name;
}
