import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Where the app's own files are. Its own module, light on purpose: the headless host needs the example
// project's folder before it loads the runtime (which it loads while the example plant starts).

/** The app root: the folder of Lineside's package.json, above this file both as source and compiled (out/main). */
function findAppRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'lineside') return dir;
    if (dirname(dir) === dir) throw new Error(`no Lineside package.json above ${from}`);
  }
}

export const APP_ROOT = findAppRoot(dirname(fileURLToPath(import.meta.url)));
export const EXAMPLE_PROJECT_DIR = join(APP_ROOT, 'examples', 'bottling-line');
export const DEFAULT_RENDERER_DIR = join(APP_ROOT, 'dist', 'renderer');
export const VERSION: string = (JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
