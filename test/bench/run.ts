// `npm run bench [-- group ...]`: runs benchmark groups and prints one JSON line per figure:
// {"name","value","unit","baseline"?,"target"?,"against"}. Figures, not pass/fail: nothing here is a test.
import { format, parseArgs } from 'node:util';
import type { BenchGroup, Figure } from './figure.ts';

const GROUPS: Record<string, () => Promise<BenchGroup>> = {
  engine: async () => {
    const [{ engineBench }, { expressionBench }] = await Promise.all([import('./engine.bench.ts'), import('./expression.bench.ts')]);
    return async (report) => {
      await engineBench(report);
      await expressionBench(report);
    };
  },
  historian: async () => (await import('./historian.bench.ts')).historianBench,
  opcua: async () => (await import('./opcua.bench.ts')).opcuaBench,
  modbus: async () => (await import('./modbus.bench.ts')).modbusBench,
  alarms: async () => (await import('./alarms.bench.ts')).alarmsBench,
  editor: async () => (await import('./editor.bench.ts')).editorBench,
  screens: async () => (await import('./screens.bench.ts')).screensBench,
  search: async () => (await import('./search.bench.ts')).searchBench,
  mes: async () => (await import('./mes.bench.ts')).mesBench,
  stores: async () => (await import('./stores.bench.ts')).storesBench,
  startup: async () => (await import('./startup.bench.ts')).startupBench,
  notify: async () => (await import('./notify.bench.ts')).notifyBench,
  quality: async () => (await import('./quality.bench.ts')).qualityBench,
  site: async () => (await import('./site.bench.ts')).siteBench,
  sparkplug: async () => (await import('./sparkplug.bench.ts')).sparkplugBench,
};

// Standard output carries only the figures, one JSON line each: libraries that log to the console
// (node-opcua announces certificate creation) are sent to standard error.
const toStderr = (...args: unknown[]) => process.stderr.write(`${format(...args)}\n`);
console.log = toStderr;
console.info = toStderr;
console.warn = toStderr;
const printFigure = (figure: Figure) => process.stdout.write(`${JSON.stringify(figure)}\n`);

const { positionals } = parseArgs({ allowPositionals: true, strict: true });
const unknown = positionals.filter((g) => !(g in GROUPS));
if (unknown.length > 0) {
  console.error(`unknown benchmark group(s): ${unknown.join(', ')} (groups: ${Object.keys(GROUPS).join(', ')})`);
  process.exit(2);
}
for (const name of positionals.length > 0 ? positionals : Object.keys(GROUPS)) {
  const group = await GROUPS[name]!();
  await group(printFigure);
}
