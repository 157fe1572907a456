import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuleRunInfo, RuleStatus } from '../../common/rules.ts';
import { startTestRuntime } from '../support/runtime.ts';
import { until } from '../support/until.ts';
import { TestClient } from '../support/ws-client.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/calc');
const TOKEN = 'rules-live-token-0123456789abcdef';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const HIGH_FLOW = { id: 'high-flow', description: 'Note a high flow', when: '{Line1/TotalFlow} > 20', edge: 'rising', runAs: 'engineer', actions: [{ kind: 'write', tag: 'Line1/Note', value: 'flow high' }] };

describe('event rules edited in the running runtime', () => {
  it('a rule saved in the app runs at once; a bad one is refused naming the field; REST lists, switches and removes; an edit of rules.json by hand applies live', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lineside-rules-live-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const projectDir = join(root, 'project');
    await cp(FIXTURE, projectDir, { recursive: true });
    const logs: string[] = [];
    const runtime = await startTestRuntime({ projectDir, dataDir: join(root, 'data'), port: 0, token: TOKEN, rendererDir: join(root, 'no-renderer'), log: (line) => logs.push(line) });
    cleanups.push(() => runtime.dispose());
    const engineer = await TestClient.connect(runtime.url, TOKEN);
    cleanups.push(() => engineer.close());
    await engineer.loginAs('engineer');
    const operator = await TestClient.connect(runtime.url, TOKEN);
    cleanups.push(() => operator.close());
    await operator.loginAs('operator');
    const value = (path: string) => runtime.engine.slot(path)?.current.value;
    await until(() => value('Line1/TotalFlow') === 15 || undefined, 'the fixture’s expression tag');

    // Saved in the app: written to rules.json, running at once, audited.
    const saved = await engineer.call('rules.save', { rule: HIGH_FLOW });
    expect(saved).toMatchObject({ id: 'high-flow', enabled: true, condition: false, quality: 'Good' });
    expect(JSON.parse(await readFile(join(projectDir, 'rules.json'), 'utf8'))).toEqual({ rules: [HIGH_FLOW] });
    await engineer.call('tags.write', { path: 'Line1/Flow1', value: 20 });
    await until(() => value('Line1/Note') === 'flow high' || undefined, 'the saved rule’s write');
    const audit = runtime.audit.search({ action: 'rules.save', limit: 50 });
    expect(audit.records.map((r) => [r.user, r.target])).toContainEqual(['engineer', 'high-flow']);

    // Refused as the loader refuses rules.json, naming the field; nothing written.
    const bad = await engineer.request('rules.save', { rule: { ...HIGH_FLOW, when: '{Line1/Nowhere} > 1' } });
    expect(bad.ok).toBe(false);
    expect(bad.error?.message).toBe('rule.when: the condition reads the tag Line1/Nowhere, which does not exist');
    const readOnly = await engineer.request('rules.save', { rule: { ...HIGH_FLOW, actions: [{ kind: 'write', tag: 'Line1/TotalFlow', value: 1 }] } });
    expect(readOnly.error?.message).toBe('rule.actions[0].tag: Line1/TotalFlow is read-only: a rule cannot write it');
    expect(JSON.parse(await readFile(join(projectDir, 'rules.json'), 'utf8'))).toEqual({ rules: [HIGH_FLOW] });
    const forbidden = await operator.request('rules.save', { rule: { ...HIGH_FLOW, id: 'other' } });
    expect(forbidden.error?.code).toBe('forbidden');

    // REST: the station token reads, an API token with tags.configure switches and removes.
    const apiToken = runtime.users.createToken({ name: 'admin', role: 'admin', station: 'test' }, { name: 'integrator', scopes: ['view', 'tags.configure'] });
    if (!apiToken.ok) throw new Error(apiToken.error.message);
    const rest = (path: string, method = 'GET', body?: unknown) =>
      fetch(`${runtime.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${method === 'GET' ? TOKEN : apiToken.value.token}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const listed = (await (await rest('/api/v1/rules')).json()) as RuleStatus[];
    expect(listed.map((r) => [r.id, r.condition, r.lastRun?.result])).toEqual([['high-flow', true, 'ok']]);
    const runs = (await (await rest('/api/v1/rules/high-flow/runs?limit=5')).json()) as RuleRunInfo[];
    expect(runs[0]).toMatchObject({ rule: 'high-flow', result: 'ok', detail: 'write "flow high" to Line1/Note' });
    expect((await rest('/api/v1/rules/nothing/runs')).status).toBe(404);
    const doc = (await (await rest('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/rules', '/api/v1/rules/{id}/runs', '/api/v1/rules/{id}/enabled', '/api/v1/rules/{id}']));
    const off = await rest('/api/v1/rules/high-flow/enabled', 'PUT', { enabled: false });
    expect(off.status).toBe(200);
    expect(((await off.json()) as RuleStatus).enabled).toBe(false);
    const stationPut = await fetch(`${runtime.url}/api/v1/rules/high-flow/enabled`, { method: 'PUT', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ enabled: true }) });
    expect(stationPut.status).toBe(403);
    const mismatch = await rest('/api/v1/rules/high-flow', 'PUT', { ...HIGH_FLOW, id: 'other' });
    expect(mismatch.status).toBe(400);
    expect((await rest('/api/v1/rules/high-flow', 'DELETE')).status).toBe(200);
    expect(await engineer.call('rules.list', {})).toEqual([]);
    expect(JSON.parse(await readFile(join(projectDir, 'rules.json'), 'utf8'))).toEqual({ rules: [] });

    // By hand: rules.json edited in an editor applies without a restart; a broken edit leaves the rules running.
    const byHand = { id: 'target-note', when: '{Line1/Target} > 1500', runAs: 'engineer', actions: [{ kind: 'write', tag: 'Line1/Note', value: 'target raised' }] };
    await writeFile(join(projectDir, 'rules.json'), JSON.stringify({ rules: [byHand] }));
    await until(async () => ((await engineer.call('rules.list', {})).some((r) => r.id === 'target-note') ? true : undefined), 'the rule edited by hand');
    await engineer.call('tags.write', { path: 'Line1/Target', value: 1600 });
    await until(() => value('Line1/Note') === 'target raised' || undefined, 'the hand-edited rule’s write');
    await writeFile(join(projectDir, 'rules.json'), JSON.stringify({ rules: [{ ...byHand, when: '{Line1/Target} >' }] }));
    const refused = await until(() => logs.find((l) => l.startsWith('rules.json changed but was not applied')), 'the broken edit logged');
    expect(refused).toMatch(/rules\.json: rules\[0\]\.when: unexpected end of expression at 1:17/);
    expect((await engineer.call('rules.list', {})).map((r) => r.when)).toEqual(['{Line1/Target} > 1500']);
  }, 90_000);
});
