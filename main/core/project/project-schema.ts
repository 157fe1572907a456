import { z } from 'zod';
import { DEFAULT_PROJECT_LANGUAGES, ProjectLanguagesSchema } from '../../../common/project-texts.ts';
import { TagDefinitionSchema } from '../../../common/tag.ts';
import { DEFAULT_SECURITY, SecuritySettingsSchema } from '../users/security-settings.ts';

/** The project format version this build reads and writes. Older versions are migrated on load. */
export const PROJECT_FORMAT_VERSION = 2;

export const DeviceDefinitionSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'a device name is letters, digits, _ and -'),
  driver: z.string().min(1),
  description: z.string().default(''),
  enabled: z.boolean().default(true),
  /** The driver's own settings, validated by the driver's schema. */
  config: z.record(z.string(), z.unknown()).default({}),
});
export type DeviceDefinition = z.infer<typeof DeviceDefinitionSchema>;

export const ProjectFileSchema = z.strictObject({
  formatVersion: z.literal(PROJECT_FORMAT_VERSION),
  name: z.string().min(1).max(100),
  description: z.string().default(''),
  plant: z.strictObject({
    name: z.string().min(1),
    /** IANA time zone of the plant (shifts and reports follow it; times are stored in UTC). */
    timeZone: z.string().refine(isTimeZone, 'not a known IANA time zone (e.g. Europe/Berlin)'),
    /** The plant's locale for numbers in reports and exports (BCP 47, e.g. de-DE); their texts follow whoever makes them. Default en-GB. */
    locale: z.string().refine(isLocale, 'not a locale this runtime knows (e.g. de-DE, en-GB)').optional(),
  }),
  devices: z.array(DeviceDefinitionSchema).default([]),
  /** The language the project's texts are written in, and those texts/<lang>.json translate them into (main/core/texts). */
  languages: ProjectLanguagesSchema.default(DEFAULT_PROJECT_LANGUAGES),
  /** Project-wide history settings; a tag's own `history.retentionDays` overrides the retention. */
  history: z.strictObject({ retentionDays: z.number().int().min(1).max(36_500).default(730) }).default({ retentionDays: 730 }),
  /**
   * Read from project files written before user accounts existed, and no longer used: people sign in
   * (main/core/users). Kept so those files still load.
   */
  localUser: z.strictObject({ name: z.string().min(1), role: z.string().min(1) }).optional(),
  /** Sign-in delays, inactivity and electronic signatures (main/core/users/README.md). */
  security: SecuritySettingsSchema.default(DEFAULT_SECURITY),
});
export type ProjectFile = z.infer<typeof ProjectFileSchema>;

/** Plain tags, and (format 2) instances of templates/*.json, checked after expansion. */
export const TagFileSchema = z.strictObject({ tags: z.array(TagDefinitionSchema).default([]), instances: z.array(z.record(z.string(), z.unknown())).optional() });

function isLocale(tag: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
