import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScreenChange } from '../../common/screens-contract.ts';
import type { Runtime } from '../../main/runtime.ts';
import { TestClient } from '../support/ws-client.ts';
import { startTestRuntime } from '../support/runtime.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/basic');
const TOKEN = 'screens-changed-token-0123456789abcdef';

function screen(id: string, name = `Screen ${id}`): Record<string, unknown> {
  return { formatVersion: 1, kind: 'screen', id, name, level: 'overview', size: { width: 800, height: 600 }, elements: [] };
}
const template = { formatVersion: 1, kind: 'template', id: 'tile', name: 'Tile', size: { width: 100, height: 60 }, params: [], elements: [] };

let root: string;
let runtime: Runtime;
let engineer: TestClient;
let operator: TestClient;
let watcher: TestClient;
/** Every `screens.changed` a connection got, in order. */
function changes(c: TestClient): ScreenChange[] {
  return c.frames.filter((f) => f.event === 'screens.changed').map((f) => f.data as ScreenChange);
}

/** The first change matching, whether it came already or is still to come (bounded wait). */
function heard(c: TestClient, match: (e: ScreenChange) => boolean): Promise<ScreenChange> {
  const found = changes(c).find(match);
  return found ? Promise.resolve(found) : c.waitForEvent('screens.changed', match);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lineside-screens-changed-'));
  const projectDir = join(root, 'project');
  await cp(FIXTURE, projectDir, { recursive: true });
  await mkdir(join(projectDir, 'screens'));
  await writeFile(join(projectDir, 'screens/overview.json'), JSON.stringify(screen('overview')));
  runtime = await startTestRuntime({ projectDir, dataDir: join(root, 'data'), port: 0, token: TOKEN, rendererDir: join(root, 'no-renderer') });
  engineer = await (await TestClient.connect(runtime.url, TOKEN)).loginAs('engineer');
  operator = await (await TestClient.connect(runtime.url, TOKEN)).loginAs('operator');
  // A control-room display nobody has signed in to yet: it reads screens with the station token alone.
  watcher = await TestClient.connect(runtime.url, TOKEN);
});

afterAll(async () => {
  await Promise.all([engineer, operator, watcher].map((c) => c?.close()));
  await runtime?.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('screens.changed: every client hears when a screen or template changes', () => {
  it('tells the other clients of a save, with the new revision', async () => {
    const got = await engineer.call('screens.get', { id: 'overview' });
    const saved = await engineer.call('screens.save', { document: screen('overview', 'Plant overview'), baseRevision: got.summary.revision });
    const event = await heard(operator, (e) => e.id === 'overview' && e.change === 'saved');
    expect(event).toEqual({ kind: 'screen', id: 'overview', change: 'saved', revision: saved.summary.revision });
    expect(await heard(watcher, (e) => e.id === 'overview' && e.change === 'saved')).toEqual(event);
    expect(saved.summary.revision).not.toBe(got.summary.revision);
    // The revision in the event is what a reload gets.
    expect((await operator.call('screens.get', { id: 'overview' })).summary.revision).toBe(event.revision);
  });

  it('tells of created, renamed, duplicated and deleted templates and screens', async () => {
    const created = await engineer.call('templates.create', { document: template });
    await heard(operator, (e) => e.kind === 'template' && e.id === 'tile' && e.change === 'created' && e.revision === created.summary.revision);
    const renamed = await engineer.call('templates.rename', { id: 'tile', newId: 'machine-tile', name: 'Machine tile', baseRevision: created.summary.revision });
    expect(await heard(operator, (e) => e.change === 'renamed')).toEqual({ kind: 'template', id: 'tile', change: 'renamed', newId: 'machine-tile', revision: renamed.summary.revision });
    await engineer.call('screens.duplicate', { id: 'overview', newId: 'overview-2' });
    await heard(operator, (e) => e.kind === 'screen' && e.id === 'overview-2' && e.change === 'created');
    const copy = await engineer.call('screens.get', { id: 'overview-2' });
    await engineer.call('screens.delete', { id: 'overview-2', baseRevision: copy.summary.revision });
    expect(await heard(operator, (e) => e.change === 'deleted')).toEqual({ kind: 'screen', id: 'overview-2', change: 'deleted' });
  });

  it('sends nothing for a refused change: an operator without screens.configure hears changes but cannot make one', async () => {
    // The signed-out display heard everything so far too.
    await heard(watcher, (e) => e.id === 'overview-2' && e.change === 'deleted');
    expect(changes(watcher)).toEqual(changes(operator));
    const before = changes(operator).length;
    const beforeWatcher = changes(watcher).length;
    const got = await operator.call('screens.get', { id: 'overview' });
    const refused = await operator.request('screens.save', { document: screen('overview', 'Operator edit'), baseRevision: got.summary.revision });
    expect(refused.error?.code).toBe('forbidden');
    expect(refused.error?.message).toContain('screens.configure');
    const stale = await engineer.request('screens.save', { document: screen('overview', 'Stale edit'), baseRevision: 'not-the-revision' });
    expect(stale.error?.code).toBe('conflict');
    const invalid = await engineer.request('screens.save', { document: { ...screen('overview'), level: 'sideways' }, baseRevision: got.summary.revision });
    expect(invalid.error?.code).toBe('bad-request');
    // A change that does happen afterwards is the next event: nothing came in between.
    const saved = await engineer.call('screens.save', { document: screen('overview', 'After the refusals'), baseRevision: got.summary.revision });
    await heard(operator, (e) => e.revision === saved.summary.revision);
    await heard(watcher, (e) => e.revision === saved.summary.revision);
    expect(changes(operator).slice(before)).toEqual([{ kind: 'screen', id: 'overview', change: 'saved', revision: saved.summary.revision }]);
    expect(changes(watcher).slice(beforeWatcher)).toEqual(changes(operator).slice(before));
    expect((await operator.call('screens.get', { id: 'overview' })).document['name']).toBe('After the refusals');
  });
});
