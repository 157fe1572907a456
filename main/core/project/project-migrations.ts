import { fail, ok, type Result } from '../../../common/result.ts';
import { PROJECT_FORMAT_VERSION } from './project-schema.ts';

/**
 * Numbered migrations of project.json: entry N turns a format-N document into format N+1. Format 1
 * is the first; when the format changes, add the step here and a test for it.
 *
 * 1 → 2: format 2 adds tag templates (templates/*.json) and their instances in tags/*.json. A
 * format-1 project has neither, so its project.json is unchanged; the number keeps an older Lineside
 * from loading a project whose tags files it cannot read.
 */
export const PROJECT_MIGRATIONS: ReadonlyMap<number, (doc: Record<string, unknown>) => Record<string, unknown>> = new Map([[1, (doc) => ({ ...doc })]]);

export function migrateProjectFile(input: unknown): Result<unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('config-error', 'expected a JSON object');
  }
  let doc = input as Record<string, unknown>;
  const version = doc['formatVersion'];
  if (version === undefined) return fail('config-error', 'formatVersion is missing', 'formatVersion');
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail('config-error', `formatVersion must be a positive integer, not ${JSON.stringify(version)}`, 'formatVersion');
  }
  if (version > PROJECT_FORMAT_VERSION) {
    return fail('config-error', `format version ${version} is newer than this Lineside reads (${PROJECT_FORMAT_VERSION}); update Lineside`, 'formatVersion');
  }
  for (let v = version; v < PROJECT_FORMAT_VERSION; v++) {
    const step = PROJECT_MIGRATIONS.get(v);
    if (!step) return fail('config-error', `no migration from format version ${v}`, 'formatVersion');
    doc = { ...step(doc), formatVersion: v + 1 };
  }
  return ok(doc);
}
