import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyRuntimeAssets, isRuntimeAsset } from '../../build/copy-runtime-assets.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const out = mkdtempSync(path.join(tmpdir(), 'lineside-assets-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the runtime assets the desktop build copies into out/', () => {
  it('copies the B2MML schemas the runtime validates outbound messages against, next to the compiled validator', () => {
    const copied = copyRuntimeAssets(ROOT, out);
    const schemaDir = 'main/core/mes/b2mml/schema';
    const xsds = readdirSync(path.join(ROOT, schemaDir)).filter((n) => n.endsWith('.xsd'));
    expect(xsds).toContain('Lineside-Messages.xsd');
    for (const name of [...xsds, 'LICENSE']) {
      const file = path.join(schemaDir, name);
      expect(copied).toContain(file);
      expect(readFileSync(path.join(out, file), 'utf8')).toBe(readFileSync(path.join(ROOT, file), 'utf8'));
    }
    expect(copied.filter((f) => !isRuntimeAsset(f))).toEqual([]);
    expect(existsSync(path.join(out, 'main/runtime.ts'))).toBe(false);
  });

  it('leaves sources, docs and tsconfigs to tsc', () => {
    expect(['a/b.ts', 'a/B.tsx', 'a/README.md', 'main/tsconfig.json', 'a/.x.tmp'].filter(isRuntimeAsset)).toEqual([]);
    expect(['a/schema/x.xsd', 'a/LICENSE', 'a/fonts/f.ttf'].filter(isRuntimeAsset)).toHaveLength(3);
  });
});
