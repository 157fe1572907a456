import { fail, ok, type Result } from '../common/result.ts';
import { SCREEN_FORMAT_VERSION } from './screen-schema.ts';

export type ScreenMigration = (doc: Record<string, unknown>) => Record<string, unknown>;

/**
 * Numbered migrations of screen and template documents: entry N turns a format-N document into format
 * N+1. Format 1 is the first; format 2 added a screen's `area`. To change the format: bump SCREEN_FORMAT_VERSION, add entry N here, and
 * add a row to the migration table in test/unit/screen-migrations.test.ts (an N document and its N+1 form).
 */
export const SCREEN_MIGRATIONS: ReadonlyMap<number, ScreenMigration> = new Map<number, ScreenMigration>([
  /**
   * 1 → 2: screens may name their plant `area`. A format-1 document has none (its screens are then in
   * their parent's area), so only the number changes; the bump makes an older Lineside refuse a
   * document with an area as "newer than this Lineside reads" instead of "unrecognized key".
   */
  [1, (doc) => ({ ...doc })],
]);

/** Brings a parsed JSON document to `current`; refuses documents newer than this Lineside reads. */
export function migrateScreenDocument(input: unknown, migrations: ReadonlyMap<number, ScreenMigration> = SCREEN_MIGRATIONS, current: number = SCREEN_FORMAT_VERSION): Result<Record<string, unknown>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail('config-error', 'expected a JSON object');
  let doc = input as Record<string, unknown>;
  const version = doc['formatVersion'];
  if (version === undefined) return fail('config-error', 'formatVersion: missing', 'formatVersion');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail('config-error', `formatVersion: must be a positive integer, not ${JSON.stringify(version)}`, 'formatVersion');
  }
  if (version > current) {
    return fail('config-error', `formatVersion: screen format ${version} is newer than this Lineside reads (${current}); update Lineside`, 'formatVersion');
  }
  for (let v = version; v < current; v++) {
    const step = migrations.get(v);
    if (!step) return fail('config-error', `formatVersion: no migration from screen format ${v}`, 'formatVersion');
    doc = { ...step(doc), formatVersion: v + 1 };
  }
  return ok(doc);
}
