import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildService } from '../../main/child-service.ts';
import { killAll, runNodeScript, type CliRun } from '../support/cli-process.ts';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/projects/basic');
const OLD_TRAIL = join(ROOT, 'test/fixtures/audit/unkeyed/audit.sqlite');
const DEVICE_PASSWORD = 'opc-device-Pa55word-in-clear';
const MES_TOKEN = 'mes-bearer-token-in-clear-0123';
const children: ChildProcess[] = [];

let work: string;
let project: string;
let data: string;

/** Every folder and file under `dir` with its mode. */
async function modes(dir: string): Promise<Array<{ path: string; mode: number; folder: boolean }>> {
  const out = [{ path: dir, mode: (await stat(dir)).mode & 0o777, folder: true }];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await modes(path)));
    else out.push({ path, mode: (await stat(path)).mode & 0o777, folder: false });
  }
  return out;
}

/** `node main/headless.ts` on the project, as a station's service would run it (no LINESIDE_TOKEN). */
function serve(): CliRun {
  const env = { ...process.env };
  delete env['LINESIDE_TOKEN'];
  const run = runNodeScript(join(ROOT, 'main/headless.ts'), ['--project', project, '--port', '0'], { cwd: ROOT, env });
  children.push(run.child);
  return run;
}

async function stop(run: CliRun): Promise<void> {
  run.child.kill('SIGTERM');
  expect(await run.exited).toBe(0);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'lineside-secrets-process-'));
  project = join(work, 'project');
  data = join(project, '.lineside-data');
  await cp(FIXTURE, project, { recursive: true, filter: (source) => !source.includes('.lineside-data') });
  // A project from before the secrets file: an OPC UA password in project.json, an MES token in mes.json.
  const file = join(project, 'project.json');
  const doc = JSON.parse(await readFile(file, 'utf8')) as { devices: unknown[] };
  doc.devices.push({ name: 'plc', driver: 'opcua', config: { endpointUrl: 'opc.tcp://127.0.0.1:9', reconnectMinMs: 1000, reconnectMaxMs: 5000, auth: { type: 'username', username: 'op', password: DEVICE_PASSWORD } } });
  await writeFile(file, JSON.stringify(doc, null, 2));
  await writeFile(join(project, 'mes.json'), JSON.stringify({ connectors: [{ id: 'erp', type: 'rest', options: { baseUrl: 'http://127.0.0.1:9/api', pollIntervalMs: 0, token: MES_TOKEN } }] }));
  // …and its data folder as older versions left it: 755, files 644.
  await mkdir(join(data, 'pki'), { recursive: true, mode: 0o755 });
  await chmod(data, 0o755);
  await copyFile(OLD_TRAIL, join(data, 'audit.sqlite'));
  await writeFile(join(data, 'trend-views.json'), '{"version":1,"views":[]}\n');
  await writeFile(join(data, 'pki', 'private_key.pem'), 'not a real key\n');
  for (const f of ['audit.sqlite', 'trend-views.json', 'pki/private_key.pem']) await chmod(join(data, f), 0o644);
});

afterAll(async () => {
  await killAll(children);
  await rm(work, { recursive: true, force: true });
});

describe('a real start of the headless host', () => {
  it('tightens the data folder to 700 / 600 (SQLite -wal and -shm included), prints the token once, and keeps it out of every process argument and log', async () => {
    const first = serve();
    const [, token] = await first.waitFor(/\/#token=(\S+)/, 60_000);
    await first.waitFor(/station token, shown this once/);

    // No process on this machine carries the token in its arguments.
    const processes = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
    expect(processes).toContain(String(first.child.pid));
    expect(processes).not.toContain(token!);

    const files = await modes(data);
    expect(files.filter((f) => f.folder && f.mode !== 0o700)).toEqual([]);
    expect(files.filter((f) => !f.folder && f.mode !== 0o600)).toEqual([]);
    const names = files.map((f) => f.path.slice(data.length + 1));
    expect(names).toEqual(expect.arrayContaining(['secrets.json', 'users.sqlite', 'audit.sqlite', 'audit.sqlite-wal', 'audit.sqlite-shm', 'users.sqlite-wal', 'mes.sqlite', 'pki/private_key.pem', 'trend-views.json']));
    await stop(first);

    // The secrets left the project files; the log names them, never their values.
    const output = first.output();
    expect(output).toMatch(/Moved 2 secret\(s\) out of project\.json and mes\.json/);
    expect(output).toMatch(/Made 4 file\(s\) and folder\(s\) in the data folder .* private/);
    for (const secret of [DEVICE_PASSWORD, MES_TOKEN]) {
      expect(output).not.toContain(secret);
      expect(await readFile(join(project, 'project.json'), 'utf8')).not.toContain(secret);
      expect(await readFile(join(project, 'mes.json'), 'utf8')).not.toContain(secret);
    }
    expect(output.split(token!).length - 1).toBe(1);

    const second = serve();
    const [, origin] = await second.waitFor(/at (http:\/\/127\.0\.0\.1:\d+) \(open /, 60_000);
    expect((await fetch(`${origin}/api/v1/config/devices`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    await stop(second);
    expect(second.output()).not.toContain(token!);
  }, 180_000);

  it('starts helper processes without LINESIDE_TOKEN in their environment or arguments', async () => {
    const token = 'token-of-this-station-0123456789';
    const before = process.env['LINESIDE_TOKEN'];
    process.env['LINESIDE_TOKEN'] = token;
    let pid: number | undefined;
    const helper = await startChildService<{ type?: string }>({
      main: join(ROOT, 'test/fixtures/child/ready-child.ts'),
      name: 'a test helper',
      readyType: 'child-ready',
      startMs: 30_000,
      exitHint: '',
      describe: (_message, childPid) => String((pid = childPid)),
    }).finally(() => (before === undefined ? delete process.env['LINESIDE_TOKEN'] : (process.env['LINESIDE_TOKEN'] = before)));
    try {
      const environ = await readFile(`/proc/${pid}/environ`, 'utf8');
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      expect(environ).toContain('PATH=');
      expect(environ).not.toContain(token);
      expect(cmdline).not.toContain(token);
    } finally {
      await helper.stop();
    }
  });
});
