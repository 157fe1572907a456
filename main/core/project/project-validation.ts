import type { z } from 'zod';
import type { DriverFactory } from '../../../drivers/api.ts';
import { fail, ok, type Problem, type Result } from '../../../common/result.ts';
import { TagDefinitionSchema, tagKind, type TagDefinition } from '../../../common/tag.ts';
import { formatFieldPath, issueSentence, issueText } from '../../../common/zod-problem.ts';
import { DeviceDefinitionSchema, type DeviceDefinition } from './project-schema.ts';

/**
 * The checks a project's devices and tags must pass, on data already in memory. The loader runs them
 * over the files; the configuration editor runs them over the project as it would be after an edit,
 * so both refuse exactly the same things.
 */

export interface LoadedDevice {
  definition: DeviceDefinition;
  factory: DriverFactory<unknown>;
  /** The driver's config, parsed by its own schema. */
  config: unknown;
}

/** A problem inside one entry: `field` is relative to it (`source.address`, `config.host`). */
export interface EntryProblem {
  field?: string;
  message: string;
  /** The message as a key and parameters for the reader's language (a Problem's `text`), when there is one. */
  text?: Problem['text'];
}

/** One parsed device definition checked against its driver. */
export function checkDevice(definition: DeviceDefinition, drivers: ReadonlyMap<string, DriverFactory<unknown>>): Result<LoadedDevice, EntryProblem> {
  const factory = drivers.get(definition.driver);
  if (!factory) {
    const known = [...drivers.keys()].join(', ');
    return { ok: false, error: { field: 'driver', message: `unknown driver "${definition.driver}" (known: ${known})` } };
  }
  const config = parseEntry(factory.configSchema, definition.config, 'config');
  if (!config.ok) return config;
  return ok({ definition, factory, config: config.value });
}

/** A device as an engineer wrote it (unparsed), through the project schema and its driver. */
export function parseDevice(input: unknown, drivers: ReadonlyMap<string, DriverFactory<unknown>>): Result<LoadedDevice, EntryProblem> {
  const parsed = parseEntry(DeviceDefinitionSchema, input);
  return parsed.ok ? checkDevice(parsed.value, drivers) : parsed;
}

/** A tag as an engineer wrote it (unparsed): the schema, then its device and the driver's address check. */
export function parseTag(input: unknown, devices: ReadonlyMap<string, LoadedDevice>): Result<TagDefinition, EntryProblem> {
  const parsed = parseEntry(TagDefinitionSchema, input);
  if (!parsed.ok) return parsed;
  const problem = checkTagSource(parsed.value, devices);
  return problem ? { ok: false, error: problem } : parsed;
}

/** The tag's device exists and its driver accepts the address and options. */
export function checkTagSource(tag: TagDefinition, devices: ReadonlyMap<string, LoadedDevice>): EntryProblem | undefined {
  // Memory, expression and accumulator tags have no device (their references are checked with the whole project).
  if (tagKind(tag) !== 'device') return undefined;
  const device = devices.get(tag.source.device);
  if (!device) {
    const known = [...devices.keys()].join(', ') || 'none';
    return { field: 'source.device', message: `unknown device "${tag.source.device}" (devices: ${known})` };
  }
  const address = device.factory.validateAddress(tag.source.address, device.config, tag.source.options, tag.dataType);
  if (address.ok) return undefined;
  const inOptions = tag.source.options && address.error.path?.startsWith('options');
  return { field: `source.${inOptions ? address.error.path : 'address'}`, message: address.error.message };
}

/** The device's driver's warnings about its tags (overlapping addresses...), which do not stop it. */
export function deviceWarnings(device: LoadedDevice, tags: readonly TagDefinition[]): string[] {
  if (!device.factory.warnings) return [];
  const name = device.definition.name;
  const own = tags.filter((t) => t.source.device === name);
  return device.factory.warnings(
    device.config,
    own.map((t) => (t.source.options ? { path: t.path, address: t.source.address, options: t.source.options, dataType: t.dataType } : { path: t.path, address: t.source.address, dataType: t.dataType })),
  );
}

export function parseEntry<T>(schema: z.ZodType<T>, input: unknown, prefix = ''): Result<T, EntryProblem> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0]!;
  const field = [prefix, formatFieldPath(issue.path)].filter(Boolean).join('.');
  // zod's own wording ("Too small: expected number to be >=0") as a sentence naming the field; ours as written.
  const message = issue.code === 'custom' ? issue.message : issueSentence(issue);
  // Said as the English sentence is: the field within the entry's part (`pollMs`, not `config.pollMs`).
  const text = issueText(issue);
  return { ok: false, error: field ? { field, message, text } : { message, text } };
}

/** A problem in a project file, as the loader reports it: `file: field: message`, path `file#field`. */
export function fileProblem(file: string, message: string, field?: string): Result<never, Problem> {
  const where = field ? `${file}: ${field}` : file;
  return fail('config-error', `${where}: ${message}`, field ? `${file}#${field}` : file);
}
