// `node build/ensure-renderer.ts`: builds the renderer (dist/renderer) when it is missing or its sources
// changed since it was built, and says on the console which happened. Run by `npm run serve` and
// `npm start` before they serve it; `npm run build:renderer` always builds.
import { join, resolve } from 'node:path';
import { rendererBuildState, type RendererBuildState } from './renderer-build-record.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** The console line for an up-to-date build. */
export function upToDateLine(state: Extract<RendererBuildState, { fresh: true }>): string {
  return `Renderer build is up to date (${state.files} source files unchanged since ${state.builtAt}): not rebuilding`;
}

/**
 * Builds the renderer under `root` unless it is up to date; resolves with what happened. Vite is loaded
 * only for a build (it is a development dependency: a production install has a built renderer).
 */
export async function ensureRenderer(root: string, log: (line: string) => void): Promise<'kept' | 'built'> {
  const state = rendererBuildState(root);
  if (state.fresh) {
    log(upToDateLine(state));
    return 'kept';
  }
  log(`Building the renderer: ${state.reason}`);
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch (error) {
    throw new Error(`the renderer must be built, but Vite cannot be loaded (${(error as Error).message})`, { cause: error });
  }
  const started = performance.now();
  // The same build as `npm run build:renderer`; the config's plugin records what it was built from.
  await vite.build({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  const after = rendererBuildState(root);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(after.fresh ? `Renderer built in ${seconds} s` : `Renderer built in ${seconds} s, but ${after.reason} (it will be built again at the next start)`);
  return 'built';
}

if (import.meta.main) {
  try {
    await ensureRenderer(ROOT, (line) => console.log(line));
  } catch (error) {
    console.error(`The renderer was not built: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
