import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killAll, runNodeScript } from '../support/cli-process.ts';

const ROOT = join(import.meta.dirname, '../..');
const BASIC = join(ROOT, 'test/fixtures/projects/basic');
const children: ChildProcess[] = [];
/** A check process loads every driver (node-opcua...) before it reads the project: slow on a busy machine. */
const CLI_MS = 120_000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-check-cli-'));
});
afterEach(() => killAll(children));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The basic fixture project in a temp folder, with `files` written over it. */
async function projectWith(name: string, files: Record<string, unknown>): Promise<string> {
  const projectDir = join(dir, name);
  await cp(BASIC, projectDir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    await mkdir(dirname(join(projectDir, file)), { recursive: true });
    await writeFile(join(projectDir, file), JSON.stringify(content));
  }
  return projectDir;
}

function check(args: string[]) {
  const run = runNodeScript(join(ROOT, 'main/check.ts'), args, { cwd: ROOT });
  children.push(run.child);
  return run;
}

const screen = (bindings: Record<string, string>[]) => ({
  formatVersion: 1,
  kind: 'screen',
  id: 'one',
  name: 'One',
  level: 'area',
  size: { width: 800, height: 600 },
  elements: bindings.map((b, i) => ({ id: `d${i}`, kind: 'symbol', symbol: 'numeric-display', x: 0, y: 0, width: 80, height: 30, bindings: b })),
});

describe('npm run check', () => {
  it(
    'prints every error and warning without starting anything, and exits 1',
    async () => {
      const projectDir = await projectWith('broken', {
        'alarms/x.json': { alarms: [{ id: 'A/Hi', tag: 'Line1/Nope', condition: { type: 'hi', limit: 1 }, priority: 'high', message: 'x' }] },
        'screens/one.json': screen([{ value: '{Line1/Missing}' }, { value: '{Line1/AlsoMissing}' }]),
      });
      // Through npm, as a person types it.
      const child = spawn('npm', ['run', '-s', 'check', '--', '--project', projectDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      const lines = output.trim().split('\n');
      expect(lines).toEqual([
        `Checked ${projectDir}`,
        'error    alarms/x.json: alarms[0].tag: no tag Line1/Nope',
        'warning  screens/one.json: elements[0].bindings.value: no tag "Line1/Missing" in the project',
        'warning  screens/one.json: elements[1].bindings.value: no tag "Line1/AlsoMissing" in the project',
        '1 error, 2 warnings: the project would not start.',
      ]);
      // Nothing was started: no data folder, no history, no certificates.
      expect(existsSync(join(projectDir, '.lineside-data'))).toBe(false);
    },
    CLI_MS,
  );

  it(
    'prints warnings and exits 0 when nothing is an error; a clean project says so',
    async () => {
      const projectDir = await projectWith('warned', { 'screens/one.json': screen([{ value: '{Line1/Missing}' }]) });
      const warned = check(['--project', projectDir]);
      expect(await warned.exited).toBe(0);
      expect(warned.output()).toContain('warning  screens/one.json: elements[0].bindings.value: no tag "Line1/Missing" in the project\n0 errors, 1 warning.');

      const clean = check(['--project', BASIC]);
      expect(await clean.exited).toBe(0);
      expect(clean.output()).toBe(`Checked ${BASIC}\nNo problems.\n`);
    },
    CLI_MS,
  );

  it(
    'refuses an unknown option with the usage (exit 2)',
    async () => {
      const run = check(['--projet', 'x']);
      expect(await run.exited).toBe(2);
      expect(run.output()).toMatch(/usage: npm run check -- \[--project DIR\]/);
    },
    CLI_MS,
  );
});
