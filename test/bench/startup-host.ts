// The startup bench's headless host: the same steps, in the same order, as main/headless.ts's
// runHeadless for the example project, except that the example plant and the MES simulator are the
// bench's processes on free ports (the example's own ports may be in use). The runtime's modules load
// while they start; the parent sends "helpers-ready" when they serve, and the runtime starts then.
import { parseArgs } from 'node:util';
import { consoleLogger } from '../../main/logger.ts';

const { values } = parseArgs({ options: { project: { type: 'string' } }, strict: true });
if (values.project === undefined || !process.send) throw new Error('usage: startup-host.ts --project DIR, as a child with an IPC channel');
const helpersReady = new Promise<void>((resolve) => process.on('message', (m: { type?: string }) => m.type === 'helpers-ready' && resolve()));
const runtimeLoading = import('../../main/runtime.ts');
await helpersReady;
const { startRuntime } = await runtimeLoading;
const started = await startRuntime({ projectDir: values.project, port: 0, host: '127.0.0.1', log: (line) => console.log(line), logger: consoleLogger() });
if (!started.ok) throw started.error;
const runtime = started.value;
process.once('disconnect', () => void runtime.dispose().then(() => process.exit(0)));
console.log(`Lineside serving "${runtime.projectName}" at ${runtime.url}`);
