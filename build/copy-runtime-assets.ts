// Copies the files the runtime reads next to its own modules (not TypeScript, so tsc does not emit
// them) into out/, where the compiled shell and runtime run from: today the B2MML XSDs that every
// outbound B2MML message is validated against before it is sent (main/core/mes/b2mml/schema/).
// Run by `npm run build:electron`; electron-builder then packs them with the rest of out/.
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** The source folders the runtime is compiled from (rootDir is the repository, outDir out/). */
const SOURCE_DIRS = ['main', 'common', 'drivers', 'screens'];

/** A runtime asset: anything in the source folders that tsc neither compiles nor needs. */
export function isRuntimeAsset(file: string): boolean {
  const name = path.basename(file);
  return !/\.(ts|tsx|md)$/.test(name) && name !== 'tsconfig.json' && !name.startsWith('.');
}

/** Copies every runtime asset under `root`'s source folders to the same place under `outDir`; returns them (relative). */
export function copyRuntimeAssets(root: string, outDir: string): string[] {
  const copied: string[] = [];
  for (const dir of SOURCE_DIRS) {
    const entries = readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const file = path.relative(root, path.join(entry.parentPath, entry.name));
      if (!isRuntimeAsset(file) || file.split(path.sep).includes('node_modules')) continue;
      cpSync(path.join(root, file), path.join(outDir, file));
      copied.push(file);
    }
  }
  return copied.sort();
}

if (import.meta.main) {
  const root = path.resolve(import.meta.dirname, '..');
  const copied = copyRuntimeAssets(root, path.join(root, 'out'));
  console.log(`copied ${copied.length} runtime asset(s) to out/`);
}
