import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { killAll, runNodeScript } from '../support/cli-process.ts';

const ROOT = join(import.meta.dirname, '../..');
const PROJECT = join(ROOT, 'test/fixtures/projects/basic');
const children: ChildProcess[] = [];

afterEach(() => killAll(children));

/** `node main/headless.ts ARGS` with its output collected. */
function serve(args: string[], env: Record<string, string> = {}) {
  const run = runNodeScript(join(ROOT, 'main/headless.ts'), args, { cwd: ROOT, env: { ...process.env, ...env } });
  children.push(run.child);
  return run;
}

describe('npm run serve (the headless host)', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'lineside-serve-'));
  });
  afterEach(async () => {
    await killAll(children);
    await rm(work, { recursive: true, force: true });
  });

  /** A copy of the fixture project with its own (empty) data folder, as a fresh station. */
  async function freshProject(): Promise<string> {
    const dir = join(work, 'project');
    await cp(PROJECT, dir, { recursive: true, filter: (source) => !source.includes('.lineside-data') });
    return dir;
  }

  it('serves with the token from LINESIDE_TOKEN without printing it, and shuts down in order on SIGTERM', async () => {
    const token = 'token-from-the-environment-0123';
    const run = serve(['--project', await freshProject(), '--port', '0'], { LINESIDE_TOKEN: token });
    const [, origin] = await run.waitFor(/at (http:\/\/127\.0\.0\.1:\d+) \(station token: LINESIDE_TOKEN/);
    const res = await fetch(`${origin}/api/v1/tags/Line1/Quiet`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect((await fetch(`${origin}/api/v1/tags`)).status).toBe(401);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/SIGTERM: shutting down\s+stopped/);
    expect(run.output()).not.toContain(token);
  }, 90_000);

  it('makes the station token on the first start and prints it that once; later starts serve with it without printing it', async () => {
    const env = { ...process.env };
    delete env['LINESIDE_TOKEN'];
    const project = await freshProject();
    const first = serve(['--project', project, '--port', '0'], env as Record<string, string>);
    const [, , token] = await first.waitFor(/at (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/);
    expect(token!.length).toBeGreaterThanOrEqual(32);
    expect(first.output()).toMatch(/station token, shown this once/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const secrets = join(project, '.lineside-data', 'secrets.json');
    expect((await stat(secrets)).mode & 0o777).toBe(0o600);

    const second = serve(['--project', project, '--port', '0'], env as Record<string, string>);
    const [, origin] = await second.waitFor(/at (http:\/\/127\.0\.0\.1:\d+) \(open /);
    expect((await fetch(`${origin}/api/v1/tags/Line1/Quiet`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output()).not.toContain(token);
  }, 120_000);

  it.each([
    [['--port', 'eighty'], /--port must be a whole number from 0 to 65535, not "eighty"/, 2],
    [['--colour', 'red'], /Unknown option '--colour'/, 2],
    [['--project', join(ROOT, 'test/fixtures/projects/no-such-project'), '--port', '0'], /Lineside did not start: project\.json: file not found/, 1],
  ])('refuses %j with a clear message and exit code', async (args, message, code) => {
    const run = serve(args);
    expect(await run.exited).toBe(code);
    expect(run.output()).toMatch(message);
  });

  it('refuses a token shorter than 16 characters', async () => {
    const run = serve(['--project', PROJECT, '--port', '0'], { LINESIDE_TOKEN: 'short' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('the access token must be at least 16 characters (LINESIDE_TOKEN)');
  });
});
