// What dist/renderer was built from, so `npm start` and `npm run serve` rebuild it only when that changed.
// Every Vite build of the renderer records its inputs (the plugin below, in renderer/vite.config.ts);
// the launchers compare the tree with that record (build/ensure-renderer.ts).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Plugin } from 'vite';
import { z } from 'zod';

/**
 * What the renderer build is made from, relative to the repository: its own folder (sources, index.html,
 * the Vite config), the two folders it imports, the TypeScript settings, and the locked dependencies.
 */
export const RENDERER_INPUTS = ['renderer', 'screens', 'common', 'tsconfig.base.json', 'package-lock.json'] as const;
/** The build's folder and its record, which lies next to it (a build empties the folder, never the record's). */
export const RENDERER_DIR = join('dist', 'renderer');
export const RECORD_FILE = join('dist', 'renderer-build.json');

const RecordSchema = z.strictObject({
  formatVersion: z.literal(1),
  builtAt: z.iso.datetime(),
  /** sha256 of the index.html this build wrote: a build made without this record (or an edit) shows as a change. */
  index: z.string().regex(/^[0-9a-f]{64}$/),
  /** Each input file (path with `/`, relative to the repository) → sha256 of its content. */
  inputs: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type RendererBuildRecord = z.infer<typeof RecordSchema>;

/** Whether dist/renderer must be built, and why, in words for the console. */
export type RendererBuildState = { fresh: true; files: number; builtAt: string } | { fresh: false; reason: string };

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/**
 * Names that are not inputs: editor and OS leftovers, tsc's incremental state, Vite's bundled config of
 * the moment, and the folders' READMEs (documentation is never bundled).
 */
function ignored(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules' || name.endsWith('.tsbuildinfo') || name.includes('.timestamp-') || name.endsWith('.md');
}

function addFiles(root: string, path: string, into: Map<string, string>): void {
  const full = join(root, path);
  if (!existsSync(full)) return;
  const entries = readdirSync(full, { withFileTypes: true, recursive: false });
  for (const entry of entries) {
    if (ignored(entry.name)) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) addFiles(root, child, into);
    else if (entry.isFile()) into.set(child.split(sep).join('/'), sha256(readFileSync(join(root, child))));
  }
}

/** The renderer's input files under `root` (the repository), each with the sha256 of its content. */
export function hashRendererInputs(root: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const input of RENDERER_INPUTS) {
    const full = join(root, input);
    if (!existsSync(full)) continue;
    if (input.includes('.')) hashes.set(input, sha256(readFileSync(full)));
    else addFiles(root, input, hashes);
  }
  return new Map([...hashes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The record of the last build under `root`, or why there is none to trust. */
export function readRendererBuildRecord(root: string): { ok: true; value: RendererBuildRecord } | { ok: false; error: string } {
  const file = join(root, RECORD_FILE);
  if (!existsSync(file)) return { ok: false, error: `${RECORD_FILE} is missing` };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, error: `${RECORD_FILE} is not JSON (${(error as Error).message})` };
  }
  const parsed = RecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${RECORD_FILE}: ${issue?.path.join('.') || 'the record'}: ${issue?.message ?? 'not a build record'}` };
  }
  return { ok: true, value: parsed.data };
}

function listed(paths: string[]): string {
  const shown = paths.slice(0, 3).join(', ');
  return paths.length > 3 ? `${shown} and ${paths.length - 3} more` : shown;
}

/** Compares the tree under `root` with the record of its renderer build: fresh, or the reason to build. */
export function rendererBuildState(root: string): RendererBuildState {
  const index = join(root, RENDERER_DIR, 'index.html');
  if (!existsSync(index)) return { fresh: false, reason: `there is no renderer build (${RENDERER_DIR}/index.html is missing)` };
  const record = readRendererBuildRecord(root);
  if (!record.ok) return { fresh: false, reason: `the renderer build has no record of its sources (${record.error})` };
  if (sha256(readFileSync(index)) !== record.value.index) {
    return { fresh: false, reason: `${RENDERER_DIR} was built or changed without a record of its sources` };
  }
  const now = hashRendererInputs(root);
  const before = new Map(Object.entries(record.value.inputs));
  const changed: string[] = [];
  for (const [path, hash] of now) if (before.get(path) !== hash) changed.push(before.has(path) ? path : `${path} (new)`);
  for (const path of before.keys()) if (!now.has(path)) changed.push(`${path} (gone)`);
  if (changed.length > 0) {
    const files = changed.length === 1 ? '1 renderer source file' : `${changed.length} renderer source files`;
    return { fresh: false, reason: `${files} changed since the build of ${record.value.builtAt}: ${listed(changed)}` };
  }
  return { fresh: true, files: now.size, builtAt: record.value.builtAt };
}

/** Writes the record for a build that just wrote dist/renderer from `inputs`. */
export function writeRendererBuildRecord(root: string, inputs: Map<string, string>, builtAt = new Date()): void {
  const record: RendererBuildRecord = {
    formatVersion: 1,
    builtAt: builtAt.toISOString(),
    index: sha256(readFileSync(join(root, RENDERER_DIR, 'index.html'))),
    inputs: Object.fromEntries(inputs),
  };
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, RECORD_FILE), `${JSON.stringify(record, null, 1)}\n`);
}

/**
 * The Vite plugin that records every renderer build: the inputs are hashed when the build starts (a
 * file saved during the build then shows as changed at the next start), the old record is removed at
 * once (a failed build leaves none), and the new one is written after the bundle is on disk.
 */
export function rendererBuildRecordPlugin(root: string): Plugin {
  let inputs: Map<string, string> | undefined;
  let startedAt = new Date();
  return {
    name: 'lineside:renderer-build-record',
    apply: 'build',
    buildStart() {
      rmSync(join(root, RECORD_FILE), { force: true });
      startedAt = new Date();
      inputs = hashRendererInputs(root);
    },
    writeBundle() {
      if (inputs) writeRendererBuildRecord(root, inputs, startedAt);
    },
  };
}
