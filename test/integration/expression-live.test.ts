import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRuntime } from '../support/runtime.ts';
import { until } from '../support/until.ts';
import { TestClient } from '../support/ws-client.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/calc');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('calculated tags edited in the running runtime', () => {
  it('an expression tag and a memory tag added by an engineer work at once, and a chain follows its inputs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lineside-expr-live-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await cp(FIXTURE, join(dir, 'project'), { recursive: true });
    const runtime = await startTestRuntime({ projectDir: join(dir, 'project'), dataDir: join(dir, 'data') });
    cleanups.push(() => runtime.dispose());
    const client = await TestClient.connect(runtime.url, runtime.token);
    cleanups.push(() => client.close());
    await client.loginAs('engineer');
    const value = (path: string) => runtime.engine.slot(path)?.current;
    await until(() => value('Line1/TotalFlow')?.value === 15 || undefined, 'the fixture’s expression tag');

    await client.call('config.tags.save', { tag: { path: 'Line1/Factor', dataType: 'float64', writable: true, memory: { initial: 2 } } });
    await client.call('config.tags.save', { tag: { path: 'Line1/Scaled', dataType: 'float64', expression: '{Line1/TotalFlow} * {Line1/Factor}' } });
    await until(() => value('Line1/Scaled')?.value === 30 || undefined, 'the new expression tag');
    await client.call('tags.write', { path: 'Line1/Factor', value: 3 });
    await client.call('tags.write', { path: 'Line1/Flow1', value: 20 });
    await until(() => value('Line1/Scaled')?.value === 75 || undefined, 'the chain after both writes');
    expect(value('Line1/FlowState')?.value).toBe('high');
  }, 60_000);
});
