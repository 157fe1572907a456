import type { ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killAll, runNodeScript } from '../support/cli-process.ts';

// One real build, in a copy of what the renderer is built from (never the repository's own dist/,
// which other tests serve): `npm run serve` and `npm start` run build/ensure-renderer.ts first.
const REPO = join(import.meta.dirname, '../..');
const COPIED = ['renderer', 'screens', 'common', 'build', 'tsconfig.base.json', 'package.json', 'package-lock.json'];
const children: ChildProcess[] = [];
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lineside-renderer-ensure-'));
  for (const path of COPIED) await cp(join(REPO, path), join(root, path), { recursive: true, filter: (source) => !source.includes('node_modules') });
  await symlink(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
});
afterEach(() => killAll(children));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function ensure(): Promise<string> {
  const run = runNodeScript(join(root, 'build', 'ensure-renderer.ts'), [], { cwd: root });
  children.push(run.child);
  expect(await run.exited).toBe(0);
  return run.output();
}

describe('build/ensure-renderer.ts (run by npm start and npm run serve)', () => {
  it('builds a tree that was never built, and leaves the build alone at the next start', async () => {
    const first = await ensure();
    expect(first).toContain('Building the renderer: there is no renderer build (dist/renderer/index.html is missing)');
    expect(first).toMatch(/Renderer built in \d+\.\d s\n/);
    const index = join(root, 'dist', 'renderer', 'index.html');
    expect(existsSync(index)).toBe(true);
    const builtAt = statSync(index).mtimeMs;

    const second = await ensure();
    expect(second).toMatch(/^Renderer build is up to date \(\d+ source files unchanged since .*\): not rebuilding\n$/);
    expect(statSync(index).mtimeMs).toBe(builtAt);
  }, 180_000);
});
