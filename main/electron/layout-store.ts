// The station's window layout on disk: `<data folder>/window-layout.json` (mode 600, like every file of
// the data folder), written whole through a temporary file so a crash never leaves half a layout. No
// `electron` here, so tests read and write real files with it (test/unit/electron-window-layout.test.ts).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../../common/result.ts';
import { fail, ok } from '../../common/result.ts';
import { LAYOUT_FILE, parseLayout, type StationLayout } from './window-layout.ts';

export function layoutFile(dataDir: string): string {
  return join(dataDir, LAYOUT_FILE);
}

/** The remembered layout; undefined when the station has none yet; an error naming the file and field when it is broken. */
export function loadLayout(dataDir: string): Result<StationLayout | undefined> {
  const file = layoutFile(dataDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined);
    return fail('unavailable', `cannot read the window layout ${file}: ${(error as Error).message}`);
  }
  const parsed = parseLayout(text);
  return parsed.ok ? parsed : fail('config-error', `${file}: ${parsed.error.message}`, parsed.error.path);
}

export function saveLayout(dataDir: string, layout: StationLayout): void {
  const file = layoutFile(dataDir);
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(layout, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}
