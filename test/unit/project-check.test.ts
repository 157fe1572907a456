import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinDrivers } from '../../drivers/registry.ts';
import { checkProject, loadProject } from '../../main/core/project/project-loader.ts';
import { formatProblem, type ProjectProblem } from '../../main/core/project/project-problems.ts';
import { checkReport } from '../../main/check.ts';

type Json = Record<string, unknown>;
const root = await mkdtemp(join(tmpdir(), 'lineside-check-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let n = 0;

const sim = (path: string, extra: Json = {}) => ({ path, dataType: 'float64', source: { device: 'sim', address: 'memory(initial=1)' }, history: { enabled: true }, ...extra });
const screen = (id: string, elements: unknown[]) => ({ formatVersion: 1, kind: 'screen', id, name: id, level: 'area', size: { width: 800, height: 600 }, elements });
const display = (id: string, bindings: Json) => ({ id, kind: 'symbol', symbol: 'numeric-display', x: 0, y: 0, width: 80, height: 30, bindings });

/** A project folder from file name → content. */
async function project(files: Record<string, Json | string>): Promise<string> {
  const dir = join(root, `p${n++}`);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

const PROJECT = { formatVersion: 2, name: 'Check', plant: { name: 'Plant', timeZone: 'Europe/Berlin' }, devices: [{ name: 'sim', driver: 'simulator' }] };

function brief(problems: readonly ProjectProblem[]): string[] {
  return problems.map((p) => `${p.severity} ${formatProblem(p)}`);
}

describe('a project with many problems', () => {
  it('lists every problem of every file at once, screens included, each with file, field and severity', async () => {
    const dir = await project({
      'project.json': PROJECT,
      'tags/a.json': { tags: [sim('L/Good'), sim('L/Bad', { source: { device: 'plc9', address: 'x' } }), sim('L/Scaled', { scaling: { rawMin: 1, rawMax: 1, euMin: 0, euMax: 1 } })] },
      'tags/b.json': { tags: [sim('L/Good'), { path: 'L/Typo', dataType: 'float64', source: { device: 'sim', address: 'memory()' }, writeable: true }] },
      'alarms/a.json': {
        alarms: [
          { id: 'L/Missing/Hi', tag: 'L/Missing', condition: { type: 'hi', limit: 1 }, priority: 'high', message: 'x' },
          { id: 'L/Bad/Hi', tag: 'L/Bad', condition: { type: 'hi', limit: 1 }, priority: 'high', message: 'x' },
        ],
      },
      'shifts.json': {
        formatVersion: 1,
        shifts: [{ name: 'A', start: '06:00', durationMinutes: 480 }],
        lines: [{ name: 'L', stateTag: 'L/State', runningStates: [1], goodCounter: 'L/Good', rejectCounter: 'L/Rejects', idealRatePerMinute: 10 }],
      },
      'screens/one.json': screen('one', [display('d1', { value: '{L/Nowhere}' }), display('d2', { value: '{L/Good} + {L/Gone}' })]),
      'screens/two.json': screen('two', [display('d1', { value: '{L/Good' })]),
      'mes.json': '{ "connectors": [',
    });
    const { project: loaded, problems } = await checkProject(dir, builtinDrivers());
    expect(loaded).toBeUndefined();
    expect(brief(problems)).toEqual([
      'error tags/a.json: tags[1].source.device: unknown device "plc9" (devices: sim)',
      'error tags/a.json: tags[2].scaling.rawMax: the raw maximum must differ from the raw minimum',
      'error tags/b.json: tags[0].path: tag "L/Good" is already defined in tags/a.json tags[0]',
      'error tags/b.json: tags[1]: Unrecognized key: "writeable"',
      // L/Bad is broken (reported above): its alarm is not reported again as "no tag".
      'error alarms/a.json: alarms[0].tag: no tag L/Missing',
      'error shifts.json: lines[0].stateTag: unknown tag "L/State"',
      'error shifts.json: lines[0].rejectCounter: unknown tag "L/Rejects"',
      expect.stringMatching(/^error mes\.json: not valid JSON: /),
      expect.stringMatching(/^error screens\/two\.json: elements\[0\]\.bindings\.value: .*tag reference is not closed/),
      'warning screens/one.json: elements[0].bindings.value: no tag "L/Nowhere" in the project',
      'warning screens/one.json: elements[1].bindings.value: no tag "L/Gone" in the project',
    ]);

    // The runtime refuses with the same list: every error, one per line, the first one first.
    const refused = await loadProject(dir, builtinDrivers());
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.message).toBe(
      problems
        .filter((p) => p.severity === 'error')
        .map(formatProblem)
        .join('\n'),
    );
    expect(refused.error.message.split('\n')[0]).toBe('tags/a.json: tags[1].source.device: unknown device "plc9" (devices: sim)');
    expect(refused.error.path).toBe('tags/a.json#tags[1].source.device');
  });

  it('checks the tags even when project.json is broken, without calling every device unknown', async () => {
    const dir = await project({
      'project.json': { ...PROJECT, plant: { name: 'Plant', timeZone: 'Mars/Olympus' } },
      'tags/a.json': { tags: [sim('L/A'), sim('L/B', { deadband: -1 })] },
    });
    const { problems } = await checkProject(dir, builtinDrivers());
    expect(brief(problems)).toEqual(['error project.json: plant.timeZone: not a known IANA time zone (e.g. Europe/Berlin)', expect.stringMatching(/^error tags\/a\.json: tags\[1\]\.deadband: /)]);
  });

  it('starts with warnings only, and hands them over with the project; a check hook adds to the same list', async () => {
    const dir = await project({
      'project.json': PROJECT,
      'tags/a.json': { tags: [sim('L/A')] },
      'screens/one.json': screen('one', [display('d1', { value: '{L/Nowhere}' })]),
    });
    const hook = (p: { tagOrigins: ReadonlyMap<string, { file: string; field: string }> }): ProjectProblem[] => {
      const origin = p.tagOrigins.get('L/A')!;
      return [{ file: origin.file, field: `${origin.field}.source.address`, message: 'overlaps something', severity: 'warning' }];
    };
    const loaded = await loadProject(dir, builtinDrivers(), { checks: [hook] });
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(brief(loaded.value.warnings)).toEqual(['warning screens/one.json: elements[0].bindings.value: no tag "L/Nowhere" in the project', 'warning tags/a.json: tags[0].source.address: overlaps something']);
    expect(checkReport('/p', loaded.value.warnings)).toEqual([
      'Checked /p',
      'warning  screens/one.json: elements[0].bindings.value: no tag "L/Nowhere" in the project',
      'warning  tags/a.json: tags[0].source.address: overlaps something',
      '0 errors, 2 warnings.',
    ]);
    // An error from a hook stops the project like any other.
    const stopped = await loadProject(dir, builtinDrivers(), { checks: [() => [{ file: 'project.json', message: 'nope', severity: 'error' }]] });
    expect(stopped.ok).toBe(false);
  });
});
