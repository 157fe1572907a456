import { z } from 'zod';
import { ReasonTextSchema } from './reasons.ts';
import { TagPathSchema } from './tag.ts';
import { TemplateInfoSchema } from './templates.ts';
import { SecretFieldSchema } from './secrets.ts';

/**
 * Configuration editing: devices (project.json) and tags (tags/*.json) changed inside the app. The
 * runtime validates every edit with the project loader's own checks, writes the files atomically and
 * applies the change live (only the devices it touches reconnect). Changing devices needs the
 * permission devices.configure, changing tags tags.configure (common/call-access.ts); reading the
 * configuration needs only the token.
 */

const DeviceName = z.string().min(1).max(100);
/** A tags file name without folder and extension: `pumps` is tags/pumps.json. */
export const TagFileNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'a file name is letters, digits, _ and - (no folder, no .json)');
/** Entries as an engineer writes them; the runtime parses them with the project's schemas so a refusal names the field. */
const RawEntry = z.record(z.string(), z.unknown());

export const ConfigDeviceSchema = z.object({
  /**
   * The device as written in project.json, except its secret fields (passwords, private keys): those
   * read `{ set, name }` (common/secrets.ts), never the value. Saving the device with that status
   * untouched keeps the secret; `{ value }` sets it, `{ clear: true }` clears it.
   */
  definition: RawEntry,
  tagCount: z.number().int(),
});
export type ConfigDevice = z.infer<typeof ConfigDeviceSchema>;

export const ConfigTagSchema = z.object({
  /** `tags/pumps.json` */
  file: z.string(),
  /** The tag as written in its file; for a member of a template instance, as expanded. */
  definition: RawEntry,
  /** Set for members of a template instance: its path (edit the template or the instance, not the member). */
  instance: z.string().optional(),
});
export type ConfigTag = z.infer<typeof ConfigTagSchema>;

export const ConfigChangeSchema = z.object({
  /** Counts every applied edit since the runtime started. */
  revision: z.number().int(),
  /** Devices added, changed or deleted (they reconnected, or stopped). */
  devices: z.array(z.string()),
  /** Devices whose tag set changed (no reconnect). */
  retagged: z.array(z.string()),
  added: z.array(z.string()),
  changed: z.array(z.string()),
  removed: z.array(z.string()),
});
export type ConfigChange = z.infer<typeof ConfigChangeSchema>;

/** The WebSocket and REST bodies are limited to 1 MiB; a CSV of ~5,000 tags fits. */
export const CSV_MAX_CHARS = 1_000_000;

/** What importing a tag CSV would do, row by row (the spreadsheet row: the header is row 1). */
export const CsvPreviewSchema = z.object({
  added: z.array(z.object({ row: z.number().int(), path: z.string() })),
  /** `fields`: the tag's settings the row changes (description, source, scaling...), in English; `fieldKeys` the same as field keys, for the reader's language. */
  changed: z.array(z.object({ row: z.number().int(), path: z.string(), fields: z.array(z.string()), fieldKeys: z.array(z.string()).optional() })),
  unchanged: z.array(z.object({ row: z.number().int(), path: z.string() })),
  /** Rows that cannot be imported, each with the column and the reason; while any is there, nothing applies. */
  refused: z.array(z.object({ row: z.number().int(), column: z.string(), reason: z.string(), text: ReasonTextSchema.optional() })),
  /** Tags of the file's devices that are not in the file: an import never removes tags, they stay. */
  notInFile: z.array(z.string()),
});
export type CsvPreview = z.infer<typeof CsvPreviewSchema>;

export const configCalls = {
  'config.devices.list': {
    params: z.strictObject({}),
    result: z.object({
      devices: z.array(ConfigDeviceSchema),
      drivers: z.array(z.string()),
      /** Driver → the fields of its config that hold secrets (write-only). */
      secretFields: z.record(z.string(), z.array(SecretFieldSchema)),
    }),
  },
  /** Adds a device or replaces the one with the same name; only that device reconnects. */
  'config.devices.save': { params: z.strictObject({ device: RawEntry }), result: ConfigChangeSchema },
  /** Refused while tags use the device, unless `withTags` (then its tags go too; refused if alarms use them). */
  'config.devices.delete': { params: z.strictObject({ name: DeviceName, withTags: z.boolean().default(false) }), result: ConfigChangeSchema },
  'config.tags.list': { params: z.strictObject({ device: DeviceName.optional() }), result: z.array(ConfigTagSchema) },
  /** Adds a tag (to tags/<file>.json, default tags/tags.json) or replaces the one with the same path in its own file. */
  'config.tags.save': { params: z.strictObject({ tag: RawEntry, file: TagFileNameSchema.optional() }), result: ConfigChangeSchema },
  /** Refused while alarms read the tag (the message names them). */
  'config.tags.delete': { params: z.strictObject({ path: TagPathSchema }), result: ConfigChangeSchema },
  /** Adds or replaces several tags as one change (browsed variables): all valid, or nothing applied. */
  'config.tags.import': {
    params: z.strictObject({ tags: z.array(RawEntry).min(1).max(5000), file: TagFileNameSchema.optional() }),
    result: ConfigChangeSchema,
  },
  'config.templates.list': { params: z.strictObject({}), result: z.array(TemplateInfoSchema) },
  /** Adds an instance of a template (to tags/<file>.json, default tags/instances.json); its member tags and alarms apply live. */
  'config.templates.instantiate': {
    params: z.strictObject({ instance: RawEntry, file: TagFileNameSchema.optional() }),
    result: ConfigChangeSchema,
  },
  /** Deletes an instance with its member tags and alarms (refused while other alarms read its tags). */
  'config.templates.deleteInstance': { params: z.strictObject({ path: TagPathSchema }), result: ConfigChangeSchema },
  /** One row per tag (of one device, or all). */
  'config.tags.exportCsv': { params: z.strictObject({ device: DeviceName.optional() }), result: z.object({ csv: z.string(), rows: z.number().int() }) },
  /**
   * Adds or replaces the tags of every row (new ones go to tags/<file>.json, default tags/imported.json).
   * Every row is checked first; if any is bad, nothing is applied and the refusal lists every bad row
   * with its number and column (one per line).
   */
  /** What `config.tags.importCsv` would do with this file, applying nothing: shown to the engineer to confirm. */
  'config.tags.previewCsv': { params: z.strictObject({ csv: z.string().max(CSV_MAX_CHARS) }), result: CsvPreviewSchema },
  'config.tags.importCsv': {
    params: z.strictObject({ csv: z.string().max(CSV_MAX_CHARS), file: TagFileNameSchema.optional() }),
    result: ConfigChangeSchema,
  },
} as const;

export const configEvents = {
  /** The device or tag configuration changed: clients reload their lists (tags.list, devices.list). */
  'config.changed': ConfigChangeSchema,
} as const;
