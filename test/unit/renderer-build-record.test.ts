import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashRendererInputs, RECORD_FILE, rendererBuildRecordPlugin, rendererBuildState, writeRendererBuildRecord } from '../../build/renderer-build-record.ts';

// Real files in a folder of the test's own: a miniature repository with the renderer's inputs and a
// stand-in for what Vite writes (dist/renderer/index.html). No build runs here.
let root: string;

function put(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** What a build does, as far as the record is concerned: write the bundle, then the record of the inputs. */
function build(): void {
  const inputs = hashRendererInputs(root);
  put('dist/renderer/index.html', `<html>${Math.random()}</html>`);
  writeRendererBuildRecord(root, inputs);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lineside-renderer-record-'));
  put('renderer/main.tsx', 'export const app = 1;\n');
  put('renderer/vite.config.ts', 'export default {};\n');
  put('renderer/ui/button.tsx', 'export const button = 1;\n');
  put('screens/screen-schema.ts', 'export const schema = 1;\n');
  put('common/tag.ts', 'export const tag = 1;\n');
  put('tsconfig.base.json', '{}\n');
  put('package-lock.json', '{"lockfileVersion":3}\n');
  put('main/runtime.ts', 'export const runtime = 1;\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('rendererBuildState: build the renderer only when its sources changed', () => {
  it('a fresh tree (nothing built) is built', () => {
    const state = rendererBuildState(root);
    expect(state).toEqual({ fresh: false, reason: expect.stringContaining('there is no renderer build') });
  });

  it('an unchanged tree is not rebuilt, even when files were touched without changing them', () => {
    build();
    expect(rendererBuildState(root)).toEqual({ fresh: true, files: 7, builtAt: expect.any(String) });
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'renderer/main.tsx'), later, later);
    expect(rendererBuildState(root).fresh).toBe(true);
  });

  it('an edited source file in renderer/, screens/ or common/, the Vite config or the lock file triggers a rebuild naming it', () => {
    for (const path of ['renderer/ui/button.tsx', 'screens/screen-schema.ts', 'common/tag.ts', 'renderer/vite.config.ts', 'package-lock.json']) {
      build();
      put(path, `${readFileSync(join(root, path), 'utf8')}// edited\n`);
      const state = rendererBuildState(root);
      expect(state, path).toEqual({ fresh: false, reason: expect.stringMatching(new RegExp(`^1 renderer source file changed since the build of .*: ${path}$`)) });
    }
  });

  it('added and removed files count as changes', () => {
    build();
    put('renderer/ui/dialog.tsx', 'export const dialog = 1;\n');
    rmSync(join(root, 'common/tag.ts'));
    const state = rendererBuildState(root);
    expect(state.fresh).toBe(false);
    if (!state.fresh) expect(state.reason).toMatch(/^2 renderer source files changed .*: renderer\/ui\/dialog\.tsx \(new\), common\/tag\.ts \(gone\)$/);
  });

  it('lists at most three changed files and counts the rest', () => {
    build();
    for (const n of [1, 2, 3, 4, 5]) put(`renderer/f${n}.ts`, `export const f = ${n};\n`);
    const state = rendererBuildState(root);
    if (state.fresh) throw new Error('expected a rebuild');
    expect(state.reason).toMatch(/^5 renderer source files changed .*: renderer\/f1\.ts \(new\), renderer\/f2\.ts \(new\), renderer\/f3\.ts \(new\) and 2 more$/);
  });

  it('files outside the inputs, READMEs, dotfiles and tsc build info do not trigger a rebuild', () => {
    build();
    put('main/runtime.ts', 'export const runtime = 2;\n');
    put('renderer/README.md', '# renderer\n');
    put('renderer/.DS_Store', 'x');
    put('renderer/tsconfig.tsbuildinfo', '{}');
    put('renderer/node_modules/.vite/deps.json', '{}');
    expect(rendererBuildState(root).fresh).toBe(true);
  });

  it('a missing build output is built even when its record says the sources are the same', () => {
    build();
    rmSync(join(root, 'dist/renderer'), { recursive: true });
    const state = rendererBuildState(root);
    expect(state).toEqual({ fresh: false, reason: expect.stringContaining('dist/renderer/index.html is missing') });
  });

  it('a build without a record, with a record that is not JSON or not a record, or one changed after its record, is built again', () => {
    build();
    rmSync(join(root, RECORD_FILE));
    expect(rendererBuildState(root)).toEqual({ fresh: false, reason: expect.stringContaining(`${RECORD_FILE} is missing`) });
    writeFileSync(join(root, RECORD_FILE), '{ not json');
    expect(rendererBuildState(root)).toEqual({ fresh: false, reason: expect.stringContaining(`${RECORD_FILE} is not JSON`) });
    writeFileSync(join(root, RECORD_FILE), JSON.stringify({ formatVersion: 1, builtAt: 'yesterday', index: 'x', inputs: {} }));
    expect(rendererBuildState(root)).toEqual({ fresh: false, reason: expect.stringContaining(`${RECORD_FILE}: builtAt:`) });
    build();
    put('dist/renderer/index.html', '<html>built by something else</html>');
    expect(rendererBuildState(root)).toEqual({ fresh: false, reason: 'dist/renderer was built or changed without a record of its sources' });
  });
});

describe('rendererBuildRecordPlugin: every Vite build records its inputs', () => {
  const hooks = () => {
    const plugin = rendererBuildRecordPlugin(root);
    return { buildStart: plugin.buildStart as () => void, writeBundle: plugin.writeBundle as () => void };
  };

  it('removes the old record when a build starts (a failed build leaves none) and writes the new one after the bundle', () => {
    build();
    const { buildStart, writeBundle } = hooks();
    buildStart();
    expect(rendererBuildState(root)).toEqual({ fresh: false, reason: expect.stringContaining(`${RECORD_FILE} is missing`) });
    put('dist/renderer/index.html', '<html>new bundle</html>');
    writeBundle();
    expect(rendererBuildState(root).fresh).toBe(true);
  });

  it('hashes the inputs as the build starts: a file saved during the build is rebuilt at the next start', () => {
    const { buildStart, writeBundle } = hooks();
    buildStart();
    put('renderer/main.tsx', 'export const app = 2;\n');
    put('dist/renderer/index.html', '<html>bundle of the old main.tsx</html>');
    writeBundle();
    expect(rendererBuildState(root)).toEqual({ fresh: false, reason: expect.stringMatching(/: renderer\/main\.tsx$/) });
  });
});
