import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { rendererBuildState } from '../../build/renderer-build-record.ts';
import type { TagChange } from '../../common/contract.ts';
import type { Quality } from '../../common/quality.ts';
import { EXAMPLE_PROJECT_DIR } from '../../main/runtime.ts';
import { freePort } from '../support/free-port.ts';
import { TestClient } from '../support/ws-client.ts';
import type { BenchGroup } from './figure.ts';

const REPO = join(import.meta.dirname, '../..');
const LATER_STARTS = 3;
const PHASE_MS = 120_000;
const now = () => performance.now();

/** A helper process, its output kept for the error when it fails. */
interface Child {
  process: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function start(script: string, args: string[], options: { ipc?: boolean; env?: NodeJS.ProcessEnv } = {}): Child {
  const stdio: StdioOptions = ['ignore', 'pipe', 'pipe', ...(options.ipc ? ['ipc' as const] : [])];
  const child: ChildProcess = spawn(process.execPath, [join(REPO, script), ...args], { cwd: REPO, stdio, env: options.env ?? process.env });
  let output = '';
  child.stdout!.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
  return { process: child, output: () => output, exited: new Promise((resolve) => child.once('exit', (code: number | null) => resolve(code))) };
}

function bounded<T>(what: string, child: Child, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`startup bench: ${what} took over ${PHASE_MS / 1000} s:\n${child.output()}`)), PHASE_MS)));
  const died = child.exited.then((code): never => {
    throw new Error(`startup bench: ${what}: the process exited (${code}):\n${child.output()}`);
  });
  return Promise.race([promise, deadline, died]).finally(() => clearTimeout(timer));
}

function ready(child: Child, type: string): Promise<void> {
  return bounded(`waiting for ${type}`, child, new Promise<void>((resolve) => child.process.on('message', (m: { type?: string }) => m.type === type && resolve())));
}

function printed(child: Child, pattern: RegExp): Promise<RegExpExecArray> {
  return bounded(
    `waiting for ${pattern}`,
    child,
    new Promise((resolve) => {
      const check = () => {
        const match = pattern.exec(child.output());
        if (match) resolve(match);
      };
      child.process.stdout!.on('data', check);
      check();
    }),
  );
}

async function stop(child: Child, how: 'SIGTERM' | 'disconnect'): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  if (how === 'disconnect' && child.process.connected) child.process.disconnect();
  else child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 10_000);
  await child.exited;
  clearTimeout(timer);
}

/** A copy of the example project whose devices and MES connector point at the helpers' (free) ports. */
async function exampleCopy(into: string, ports: { opcua: number; modbus: number; mes: number }): Promise<string> {
  const dir = join(into, 'project');
  await cp(EXAMPLE_PROJECT_DIR, dir, { recursive: true, filter: (source) => !source.includes('.lineside-data') });
  const project = JSON.parse(await readFile(join(dir, 'project.json'), 'utf8')) as { devices: { name: string; config: Record<string, unknown> }[] };
  for (const device of project.devices) {
    if (device.name === 'plant-opcua') device.config['endpointUrl'] = `opc.tcp://127.0.0.1:${ports.opcua}`;
    else if (device.name === 'plant-modbus') device.config['port'] = ports.modbus;
    else throw new Error(`startup bench: the example project has a device it does not know: ${device.name}`);
  }
  await writeFile(join(dir, 'project.json'), JSON.stringify(project, null, 2));
  const mes = JSON.parse(await readFile(join(dir, 'mes.json'), 'utf8')) as { connectors: { options: Record<string, unknown> }[] };
  for (const connector of mes.connectors) connector.options['baseUrl'] = `http://127.0.0.1:${ports.mes}/api`;
  await writeFile(join(dir, 'mes.json'), JSON.stringify(mes, null, 2));
  // Its notifications would go to a development mail server on the example's fixed port: none here.
  await rm(join(dir, 'notify.json'), { force: true });
  return dir;
}

/** The overview's tags that come from the plant's devices: live means these are Good. */
async function overviewDeviceTags(projectDir: string): Promise<string[]> {
  const overview = await readFile(join(projectDir, 'screens', 'overview.json'), 'utf8');
  const bound = new Set([...overview.matchAll(/\{([A-Za-z0-9_/]+)\}/g)].map((m) => m[1]!));
  const paths: string[] = [];
  for (const file of await readdir(join(projectDir, 'tags'))) {
    const { tags } = JSON.parse(await readFile(join(projectDir, 'tags', file), 'utf8')) as { tags: { path: string; source?: { device?: string } }[] };
    for (const tag of tags) if (bound.has(tag.path) && tag.source?.device?.startsWith('plant-')) paths.push(tag.path);
  }
  if (paths.length === 0) throw new Error('startup bench: the overview shows no tag of the plant');
  return paths;
}

interface Timing {
  renderer: number;
  helpers: number;
  serving: number;
  firstGood: number;
  allGood: number;
  /** CPU seconds (user + system) each process had used when the overview was live: what a loaded machine stretches. */
  cpu: { plant: number; mesSim: number; host: number };
}

/** CPU seconds a running process has used (Linux: /proc/PID/stat, in USER_HZ = 100 ticks per second); NaN elsewhere. */
function cpuSeconds(child: Child): number {
  try {
    const stat = readFileSync(`/proc/${child.process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * One start as `npm start` makes it without Electron (main/start.ts → main/headless.ts), timed from the
 * first process: the renderer check, then the example plant (its certificate in `plantDir`), the MES
 * simulator and the host side by side, the host loading the runtime's modules meanwhile and starting the
 * runtime once both helpers serve; a WebSocket client subscribes to the overview's plant tags once the
 * URL is printed. The helpers run on free ports (the example's own may be in use), so the host
 * (test/bench/startup-host.ts, runHeadless's steps) serves a copy of the example pointing at them.
 */
async function oneStart(plantDir: string, projectDir: string, ports: { opcua: number; modbus: number; mes: number }, tags: string[]): Promise<Timing> {
  const token = randomBytes(24).toString('hex');
  const children: Child[] = [];
  const t0 = now();
  try {
    const check = start('build/ensure-renderer.ts', []);
    children.push(check);
    if ((await check.exited) !== 0) throw new Error(`startup bench: the renderer check failed:\n${check.output()}`);
    const renderer = now();
    const plant = start('examples/plant/main.ts', ['--quiet', '--data-dir', plantDir, '--opcua-port', String(ports.opcua), '--modbus-port', String(ports.modbus)], { ipc: true });
    const mes = start('examples/mes-sim/main.ts', ['--quiet', '--port', String(ports.mes)], { ipc: true });
    // The host loads the runtime's modules while the helpers start, and starts the runtime when they serve.
    const host = start('test/bench/startup-host.ts', ['--project', projectDir], { ipc: true, env: { ...process.env, LINESIDE_TOKEN: token } });
    children.push(host, plant, mes); // the host is stopped first, as the helpers are stopped after the runtime
    await Promise.all([ready(plant, 'plant-ready'), ready(mes, 'mes-sim-ready')]);
    const helpers = now();
    host.process.send({ type: 'helpers-ready' });
    const [, url] = await printed(host, /Lineside serving ".*" at (http:\/\/127\.0\.0\.1:\d+)/);
    const serving = now();
    const client = await TestClient.connect(url!, token);
    try {
      const good = new Set<string>();
      let firstGood = 0;
      let allGood = 0;
      let live: () => void = () => {};
      const everyGood = bounded('waiting for Good values', host, new Promise<void>((resolve) => (live = resolve)));
      const seen = (path: string, quality: Quality) => {
        if (quality !== 'Good' || good.has(path)) return;
        good.add(path);
        firstGood ||= now();
        if (good.size === tags.length) ((allGood = now()), live());
      };
      const subscription = await client.call('tags.subscribe', { paths: tags, maxRateMs: 20 });
      client.socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { event?: string; data?: { changes: TagChange[] } };
        if (frame.event === 'tags.changed') for (const [index, , quality] of frame.data!.changes) seen(subscription.paths[index]!, quality);
      });
      subscription.values.forEach((value, i) => seen(subscription.paths[i]!, value.quality));
      await everyGood;
      const cpu = { plant: cpuSeconds(plant), mesSim: cpuSeconds(mes), host: cpuSeconds(host) };
      return { renderer: renderer - t0, helpers: helpers - renderer, serving: serving - helpers, firstGood: firstGood - t0, allGood: allGood - t0, cpu };
    } finally {
      await client.close();
    }
  } finally {
    for (const child of children) await stop(child, child.process.connected ? 'disconnect' : 'SIGTERM');
  }
}

const seconds = (ms: number) => Math.round(ms) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * startup.*: from the first process of a start to live values at a WebSocket client, example project
 * with the example plant and MES simulator, from a built tree. The first start is a new station (empty
 * data folder, the plant's certificate made); the later ones are ordinary starts (data kept,
 * certificate kept), of which the median is reported.
 */
export const startupBench: BenchGroup = async (report) => {
  const state = rendererBuildState(REPO);
  if (!state.fresh) throw new Error(`startup bench: start from a built tree (npm run build:renderer): ${state.reason}`);
  const work = await mkdtemp(join(tmpdir(), 'lineside-startup-bench-'));
  try {
    const ports = { opcua: await freePort(), modbus: await freePort(), mes: await freePort() };
    const projectDir = await exampleCopy(work, ports);
    const tags = await overviewDeviceTags(projectDir);
    const plantDir = join(work, 'plant');
    const first = await oneStart(plantDir, projectDir, ports, tags);
    const later: Timing[] = [];
    for (let i = 0; i < LATER_STARTS; i++) later.push(await oneStart(plantDir, projectDir, ports, tags));
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    const against = `the example project (copy on free ports) with the example plant and MES simulator as processes, built renderer, Node ${process.version}, ${LATER_STARTS} later starts (median), load average ${load}`;
    const figure = (name: string, pick: (t: Timing) => number, target?: string) => report({ name: `startup.${name}`, value: seconds(median(later.map(pick))), unit: 's', ...(target ? { target } : {}), against });
    figure('serve_to_live_s', (t) => t.firstGood, '<= 10');
    figure('serve_to_overview_live_s', (t) => t.allGood);
    report({ name: 'startup.first_serve_to_live_s', value: seconds(first.firstGood), unit: 's', against: `${against}; the first start of a new station (empty data folder, plant certificate made)` });
    figure('renderer_check_s', (t) => t.renderer);
    figure('helpers_ready_s', (t) => t.helpers);
    figure('runtime_serving_s', (t) => t.serving);
    // Load-independent: what each process needed of a CPU. On an idle machine with two cores the plant
    // and the MES simulator run side by side, so a start takes about the check + the plant + the host.
    const cpu = (name: string, pick: (t: Timing) => number) =>
      report({ name: `startup.cpu_${name}_s`, value: Math.round(median(later.map(pick)) * 100) / 100, unit: 's', against: `${against}; CPU time (user + system) until the overview was live` });
    cpu('plant', (t) => t.cpu.plant);
    cpu('mes_sim', (t) => t.cpu.mesSim);
    cpu('host', (t) => t.cpu.host);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
};
