import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_PROJECT_DIR, startRuntime, type Runtime, type RuntimeOptions } from '../../main/runtime.ts';

/**
 * The example plant as tests use it: the example project on a free port, with its own empty data
 * folder (history, alarm journal) that is removed on dispose. Everything the example needs to run
 * live is started here and stopped by `dispose`.
 */
export async function startExample(options: Partial<Omit<RuntimeOptions, 'projectDir'>> = {}): Promise<Runtime> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lineside-example-data-'));
  const started = await startRuntime({ projectDir: EXAMPLE_PROJECT_DIR, port: 0, dataDir, ...options });
  if (!started.ok) {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`the example did not start: ${started.error.message}`);
  }
  const runtime = started.value;
  return {
    ...runtime,
    url: runtime.url,
    token: runtime.token,
    projectName: runtime.projectName,
    dispose: async () => {
      await runtime.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
