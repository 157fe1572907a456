import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../main/runtime.ts';
import type { RoleName } from '../../common/permissions.ts';
import { TestClient } from '../support/ws-client.ts';
import { startTestRuntime } from '../support/runtime.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/basic');
const TOKEN = 'screens-test-token-0123456789abcdef';

let root: string;
const runtimes: Runtime[] = [];
const clients: TestClient[] = [];

function screen(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    formatVersion: 1,
    kind: 'screen',
    id,
    name: `Screen ${id}`,
    level: 'overview',
    size: { width: 800, height: 600 },
    elements: [{ id: 'wave', kind: 'symbol', symbol: 'numeric-display', x: 10, y: 10, width: 120, height: 32, bindings: { value: '{Line1/Wave}' } }],
    ...extra,
  };
}

const faceplate = {
  formatVersion: 1,
  kind: 'template',
  id: 'run-faceplate',
  name: 'Run faceplate',
  size: { width: 200, height: 120 },
  params: [{ name: 'tag', type: 'tag' }],
  elements: [
    { id: 'state', kind: 'symbol', symbol: 'multi-state', x: 10, y: 10, width: 80, height: 30, bindings: { value: '{ {{tag}} }' } },
    { id: 'on', kind: 'symbol', symbol: 'button', x: 10, y: 50, width: 80, height: 40, props: { label: 'On' }, actions: [{ type: 'write', tag: '{{tag}}', value: true }] },
  ],
};

/** The fixture with the test users; the client signs in as `role`. */
async function start(role: RoleName, name: string, setup?: (projectDir: string) => Promise<void>): Promise<{ runtime: Runtime; c: TestClient; projectDir: string }> {
  const projectDir = join(root, name);
  await cp(FIXTURE, projectDir, { recursive: true });
  await setup?.(projectDir);
  const runtime = await startTestRuntime({ projectDir, dataDir: join(root, `${name}-data`), port: 0, token: TOKEN, rendererDir: join(root, 'no-renderer') });
  runtimes.push(runtime);
  const c = await TestClient.connect(runtime.url, TOKEN);
  clients.push(c);
  await c.loginAs(role);
  return { runtime, c, projectDir };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lineside-screens-gw-'));
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const r of runtimes) await r.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('screens and templates stored in the project, over the real gateway', () => {
  let c: TestClient;
  let projectDir: string;

  beforeAll(async () => {
    ({ c, projectDir } = await start('engineer', 'engineer'));
    expect(await c.call('screens.list', {})).toEqual([]);
  });

  it('creates a screen as a file, lists it and reads it back with its revision', async () => {
    const created = await c.call('screens.create', { document: screen('overview') });
    expect(created.summary).toMatchObject({ id: 'overview', kind: 'screen', level: 'overview', file: 'screens/overview.json' });
    expect(created.warnings).toEqual([]);
    const onDisk = JSON.parse(await readFile(join(projectDir, 'screens/overview.json'), 'utf8')) as { id: string };
    expect(onDisk.id).toBe('overview');
    expect((await c.call('screens.list', {})).map((s) => s.id)).toEqual(['overview']);
    const got = await c.call('screens.get', { id: 'overview' });
    expect(got.summary.revision).toBe(created.summary.revision);
    expect(got.document['name']).toBe('Screen overview');
    const again = await c.request('screens.create', { document: screen('overview') });
    expect(again.error).toMatchObject({ code: 'conflict', path: 'document.id' });
  });

  it('saves over the revision it started from, and refuses a save based on a stale revision', async () => {
    const base = (await c.call('screens.get', { id: 'overview' })).summary.revision;
    const first = await c.call('screens.save', { document: screen('overview', { name: 'First edit' }), baseRevision: base });
    expect(first.summary.revision).not.toBe(base);
    const stale = await c.request('screens.save', { document: screen('overview', { name: 'Lost edit' }), baseRevision: base });
    expect(stale.ok).toBe(false);
    expect(stale.error).toMatchObject({ code: 'conflict', path: 'baseRevision' });
    const onDisk = JSON.parse(await readFile(join(projectDir, 'screens/overview.json'), 'utf8')) as { name: string };
    expect(onDisk.name).toBe('First edit');
  });

  it('never writes an invalid document: the error names the path, and the file stays as it was', async () => {
    const before = await readFile(join(projectDir, 'screens/overview.json'), 'utf8');
    const { revision } = (await c.call('screens.get', { id: 'overview' })).summary;
    const broken = screen('overview', {
      elements: [{ id: 'wave', kind: 'symbol', symbol: 'numeric-display', x: 0, y: 0, width: 10, height: 10, bindings: { value: '{Line1/Wave} * )' } }],
    });
    const reply = await c.request('screens.save', { document: broken, baseRevision: revision });
    expect(reply.error?.code).toBe('bad-request');
    expect(reply.error?.path).toBe('document.elements[0].bindings.value');
    expect(reply.error?.message).toMatch(/^document\.elements\[0\]\.bindings\.value: /);
    const unknownSymbol = await c.request('screens.create', { document: screen('other', { elements: [{ id: 'x', kind: 'symbol', symbol: 'teapot', x: 0, y: 0, width: 1, height: 1 }] }) });
    expect(unknownSymbol.error?.path).toBe('document.elements[0].symbol');
    const wrongKind = await c.request('screens.create', { document: faceplate });
    expect(wrongKind.error?.path).toBe('document.kind');
    expect(await readFile(join(projectDir, 'screens/overview.json'), 'utf8')).toBe(before);
    expect((await readdir(join(projectDir, 'screens'))).sort()).toEqual(['overview.json']);
  });

  it('saves a document with broken references but flags each one with its path', async () => {
    const doc = screen('line', {
      level: 'area',
      parent: 'nowhere',
      elements: [
        { id: 'ghost', kind: 'symbol', symbol: 'numeric-display', x: 0, y: 0, width: 10, height: 10, bindings: { value: '{Line1/Ghost} + {Line1/Wave}' } },
        { id: 'fp', kind: 'symbol', symbol: 'button', x: 0, y: 20, width: 10, height: 10, actions: [{ type: 'faceplate', template: 'run-faceplate', params: { tag: 'Line1/Run' } }] },
      ],
    });
    const saved = await c.call('screens.create', { document: doc });
    const paths = saved.warnings.map((w) => w.path).sort();
    expect(paths).toEqual(['elements[0].bindings.value', 'elements[1].actions[0].template', 'parent']);
    expect(saved.warnings.find((w) => w.path === 'elements[0].bindings.value')?.message).toContain('Line1/Ghost');
    const template = await c.call('templates.create', { document: faceplate });
    expect(template.warnings).toEqual([]);
    const reread = await c.call('screens.get', { id: 'line' });
    expect(reread.warnings.map((w) => w.path).sort()).toEqual(['elements[0].bindings.value', 'parent']);
  });

  it('renames, duplicates and deletes, each file following', async () => {
    const { revision } = (await c.call('screens.get', { id: 'line' })).summary;
    const renamed = await c.call('screens.rename', { id: 'line', newId: 'line1', name: 'Line 1', baseRevision: revision });
    expect(renamed.summary).toMatchObject({ id: 'line1', name: 'Line 1', file: 'screens/line1.json' });
    const copy = await c.call('screens.duplicate', { id: 'line1', newId: 'line2' });
    expect(copy.summary.name).toBe('Line 1 (copy)');
    expect((await readdir(join(projectDir, 'screens'))).sort()).toEqual(['line1.json', 'line2.json', 'overview.json']);
    const stale = await c.request('screens.delete', { id: 'line2', baseRevision: revision });
    expect(stale.error?.code).toBe('conflict');
    await c.call('screens.delete', { id: 'line2', baseRevision: copy.summary.revision });
    expect((await readdir(join(projectDir, 'screens'))).sort()).toEqual(['line1.json', 'overview.json']);
    const tpl = await c.call('templates.duplicate', { id: 'run-faceplate', newId: 'run-faceplate-2', name: 'Second' });
    expect(tpl.summary).toMatchObject({ kind: 'template', file: 'templates/run-faceplate-2.json', name: 'Second' });
    expect((await c.call('templates.list', {})).map((t) => t.id)).toEqual(['run-faceplate', 'run-faceplate-2']);
    expect((await c.request('screens.get', { id: 'line2' })).error?.code).toBe('not-found');
  });

  it('loads what it stored when the runtime starts again', async () => {
    const { c: again } = await start('engineer', 'engineer-restart', async (dir) => {
      await mkdir(join(dir, 'screens'), { recursive: true });
      await cp(join(projectDir, 'screens'), join(dir, 'screens'), { recursive: true });
      await cp(join(projectDir, 'templates'), join(dir, 'templates'), { recursive: true });
    });
    expect((await again.call('screens.list', {})).map((s) => s.id)).toEqual(['line1', 'overview']);
    expect((await again.call('templates.get', { id: 'run-faceplate' })).document['name']).toBe('Run faceplate');
  });
});

describe('roles and bad project files', () => {
  it('lets an operator read screens but not change them, naming the permission that is missing', async () => {
    const { c, projectDir } = await start('operator', 'operator', async (dir) => {
      await mkdir(join(dir, 'screens'));
      await writeFile(join(dir, 'screens/overview.json'), JSON.stringify(screen('overview')));
    });
    const got = await c.call('screens.get', { id: 'overview' });
    const reply = await c.request('screens.save', { document: screen('overview', { name: 'Nope' }), baseRevision: got.summary.revision });
    expect(reply.error?.code).toBe('forbidden');
    expect(reply.error?.message).toContain('lacks the permission screens.configure');
    expect((await c.request('templates.create', { document: faceplate })).error?.code).toBe('forbidden');
    expect(JSON.parse(await readFile(join(projectDir, 'screens/overview.json'), 'utf8'))).toEqual(screen('overview'));
  });

  it('refuses to start a project with an invalid screen file, naming the file and the field', async () => {
    const projectDir = join(root, 'bad-screen');
    await cp(FIXTURE, projectDir, { recursive: true });
    await mkdir(join(projectDir, 'screens'));
    await writeFile(join(projectDir, 'screens/overview.json'), JSON.stringify(screen('overview', { level: 'sideways' })));
    const started = await startRuntime({ projectDir, dataDir: join(root, 'bad-data'), port: 0, token: TOKEN, rendererDir: join(root, 'no-renderer') });
    expect(started.ok).toBe(false);
    if (!started.ok) expect(started.error.message).toMatch(/^screens\/overview\.json: level: /);
  });
});
