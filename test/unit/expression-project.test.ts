import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinDrivers } from '../../drivers/registry.ts';
import { checkProject } from '../../main/core/project/project-loader.ts';
import { formatProblem } from '../../main/core/project/project-problems.ts';
import { rankDerived } from '../../main/core/tags/expression-graph.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/calc');
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lineside-expr-project-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function check(name: string, tags: unknown[]): Promise<string[]> {
  const dir = join(root, name);
  await cp(FIXTURE, dir, { recursive: true });
  await writeFile(join(dir, 'tags', 'more.json'), JSON.stringify({ tags }));
  const result = await checkProject(dir, builtinDrivers());
  return result.problems.filter((p) => p.severity === 'error').map(formatProblem);
}

describe('expression tags in a project', () => {
  it('load the fixture project (memory and expression tags, no device for them)', async () => {
    expect(await check('ok', [])).toEqual([]);
  });

  it('refuse a cycle, naming the tags in it', async () => {
    const problems = await check('cycle', [
      { path: 'X/A', dataType: 'float64', expression: '{X/C} + 1' },
      { path: 'X/B', dataType: 'float64', expression: '{X/A} * 2' },
      { path: 'X/C', dataType: 'float64', expression: 'max({X/B}, {Line1/Flow1})' },
    ]);
    expect(problems).toEqual(['tags/more.json: tags[0].expression: these tags read each other in a cycle, so none can be computed: X/A → X/C → X/B → X/A']);
  });

  it('refuse an expression that does not parse, at its line and column, and a tag that does not exist', async () => {
    const problems = await check('bad', [
      { path: 'X/A', dataType: 'float64', expression: '{Line1/Flow1} +* 2' },
      { path: 'X/B', dataType: 'float64', expression: '{Line1/Nope} * 2' },
    ]);
    expect(problems[0]).toMatch(/^tags\/more\.json: tags\[0\]\.expression: X\/A: unexpected "\*" at 1:16/);
    expect(problems[1]).toBe('tags/more.json: tags[1].expression: X/B reads the tag Line1/Nope, which does not exist');
  });

  it('refuse kinds mixed, a writable expression, an initial value of the wrong type', async () => {
    const problems = await check('kinds', [
      { path: 'X/A', dataType: 'float64', expression: '1', memory: { initial: 1 } },
      { path: 'X/B', dataType: 'float64', expression: '1', writable: true },
      { path: 'X/C', dataType: 'bool', memory: { initial: 'yes' } },
      { path: 'X/D', dataType: 'float64' },
    ]);
    expect(problems).toEqual([
      'tags/more.json: tags[0].expression: a tag is one kind: memory and expression cannot be combined',
      'tags/more.json: tags[1].writable: an expression tag is computed by Lineside and cannot be written',
      'tags/more.json: tags[2].memory.initial: the initial value "yes" does not fit a bool tag',
      'tags/more.json: tags[3].source: a tag needs a source (device and address), or is a memory, expression or accumulator tag',
    ]);
  });

  it('rank long chains without running out of stack', () => {
    const nodes = Array.from({ length: 20_000 }, (_, i) => ({ path: `T${i}`, inputs: i === 0 ? ['In'] : [`T${i - 1}`] }));
    const ranked = rankDerived(nodes);
    expect(ranked.ok && ranked.rank.get('T19999')).toBe(19_999);
  });
});
