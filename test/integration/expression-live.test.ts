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

    // A cycle made by an edit is refused like one in the files, naming the tags in order; nothing changes.
    const cycle = client.call('config.tags.save', { tag: { path: 'Line1/Factor', dataType: 'float64', expression: '{Line1/Scaled} / 2' } });
    await expect(cycle).rejects.toThrow('tag.expression: these tags read each other in a cycle, so none can be computed: Line1/Factor → Line1/Scaled → Line1/Factor');
    await expect(client.call('config.tags.save', { tag: { path: 'Line1/Ghost', dataType: 'float64', expression: '{Line1/Nowhere} + 1' } })).rejects.toThrow('tag.expression: reads the tag Line1/Nowhere, which does not exist');
    await expect(client.call('config.tags.save', { tag: { path: 'Line1/Typo', dataType: 'float64', expression: '{Line1/Flow1} +* 2' } })).rejects.toThrow(/tag\.expression: .* at 1:16/);
    expect(runtime.engine.slot('Line1/Ghost')).toBeUndefined();
    expect(runtime.engine.slot('Line1/Factor')?.def.memory).toEqual({ initial: 2 });
    await client.call('tags.write', { path: 'Line1/Factor', value: 4 });
    await until(() => value('Line1/Scaled')?.value === 100 || undefined, 'the chain still computed after the refusals');
  }, 60_000);
});
