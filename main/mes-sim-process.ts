import { join } from 'node:path';
import { startChildService, type ChildService } from './child-service.ts';

export type MesSimProcess = ChildService;

/**
 * Starts the MES/ERP simulator (examples/mes-sim/main.ts) as a child process on its default port, as
 * the example project expects, and resolves once it serves. It stops with Lineside (IPC channel).
 */
export function startMesSimProcess(exampleDir: string): Promise<MesSimProcess> {
  return startChildService<{ type?: string; url?: string }>({
    main: join(exampleDir, '..', 'mes-sim', 'main.ts'),
    name: 'the MES simulator',
    readyType: 'mes-sim-ready',
    startMs: 30_000,
    exitHint: ' (is port 8720 taken? use --no-mes-sim)',
    describe: (message, pid) => `MES/ERP simulator running (pid ${pid}): ${message.url}/api`,
  });
}
