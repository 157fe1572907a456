import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinDrivers } from '../../drivers/registry.ts';
import { loadProject } from '../../main/core/project/project-loader.ts';
import { EXAMPLE_PROJECT_DIR } from '../../main/runtime.ts';

const root = await mkdtemp(join(tmpdir(), 'lineside-alarm-project-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let n = 0;

const PROJECT = { formatVersion: 1, name: 'Alarm load', plant: { name: 'P', timeZone: 'UTC' }, devices: [{ name: 'sim', driver: 'simulator' }] };
const TAGS = {
  tags: [
    { path: 'L/Level', dataType: 'float64', source: { device: 'sim', address: 'memory(initial=50)' } },
    { path: 'L/Run', dataType: 'bool', source: { device: 'sim', address: 'memory(initial=true)' } },
  ],
};
const GOOD = { id: 'L/Level/Hi', tag: 'L/Level', condition: { type: 'hi', limit: 90 }, priority: 'high', message: 'Level {value}' };

async function load(alarmFiles: Record<string, unknown>) {
  const dir = join(root, `p${n++}`);
  await mkdir(join(dir, 'tags'), { recursive: true });
  await mkdir(join(dir, 'alarms'));
  await writeFile(join(dir, 'project.json'), JSON.stringify(PROJECT));
  await writeFile(join(dir, 'tags', 't.json'), JSON.stringify(TAGS));
  for (const [name, content] of Object.entries(alarmFiles)) await writeFile(join(dir, 'alarms', name), typeof content === 'string' ? content : JSON.stringify(content));
  return loadProject(dir, builtinDrivers());
}

describe('alarm definition files in a project', () => {
  it('loads alarms/*.json with defaults filled in', async () => {
    const loaded = await load({ 'a.json': { alarms: [GOOD] } });
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.alarms).toEqual([{ file: 'alarms/a.json', alarms: [expect.objectContaining({ id: 'L/Level/Hi', deadband: 0, onDelayMs: 0, latched: false, area: '' })] }]);
  });

  it.each([
    ['an unknown tag', { alarms: [{ ...GOOD, tag: 'L/Nope' }] }, 'alarms/a.json: alarms[0].tag: no tag L/Nope'],
    ['a limit alarm on a bool tag', { alarms: [{ ...GOOD, tag: 'L/Run' }] }, 'alarms[0].condition.type: a hi alarm needs a numeric tag'],
    ['an unknown priority', { alarms: [{ ...GOOD, priority: 'urgent' }] }, 'alarms[0].priority'],
    ['a negative deadband', { alarms: [{ ...GOOD, deadband: -1 }] }, 'alarms[0].deadband'],
    ['a suppression comparing a bool tag with a number', { alarms: [{ ...GOOD, suppressWhen: { tag: 'L/Run', equals: 0 } }] }, 'alarms[0].suppressWhen.equals: L/Run is bool'],
    ['a deviation from an unknown setpoint', { alarms: [{ ...GOOD, condition: { type: 'deviation', setpointTag: 'L/Sp', limit: 5 } }] }, 'alarms[0].condition.setpointTag: no tag L/Sp'],
    ['an unknown field', { alarms: [{ ...GOOD, colour: 'red' }] }, 'colour'],
    ['broken JSON', '{ "alarms": [', 'alarms/a.json: not valid JSON'],
    [
      'a HiHi limit below the Hi limit of its tag',
      { alarms: [GOOD, { ...GOOD, id: 'L/Level/HiHi', condition: { type: 'hihi', limit: 85 } }] },
      'alarms/a.json: alarms[1].condition.limit: alarm L/Level/HiHi: the HiHi limit (85) must be above the Hi limit (90, alarm L/Level/Hi)',
    ],
  ])('refuses %s, naming the file and field', async (_name, content, words) => {
    const loaded = await load({ 'a.json': content });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.error.code).toBe('config-error');
      expect(loaded.error.message).toContain(words);
    }
  });

  it('checks LoLo < Lo < Hi < HiHi across files, and lets two Hi alarms of one tag differ', async () => {
    const ordered = await load({
      'a.json': { alarms: [GOOD, { ...GOOD, id: 'L/Level/Hi2', condition: { type: 'hi', limit: 95 } }, { ...GOOD, id: 'L/Level/HiHi', condition: { type: 'hihi', limit: 98 } }] },
      'b.json': { alarms: [{ ...GOOD, id: 'L/Level/Lo', condition: { type: 'lo', limit: 10 } }] },
    });
    if (!ordered.ok) throw new Error(ordered.error.message);
    const crossed = await load({ 'a.json': { alarms: [GOOD] }, 'b.json': { alarms: [{ ...GOOD, id: 'L/Level/Lo', condition: { type: 'lo', limit: 92 } }] } });
    expect(crossed.ok).toBe(false);
    if (!crossed.ok) expect(crossed.error.message).toContain('alarms/b.json: alarms[0].condition.limit: alarm L/Level/Lo: the Lo limit (92) must be below the Hi limit (90, alarm L/Level/Hi)');
  });

  it('refuses an id defined twice, naming both files', async () => {
    const loaded = await load({ 'a.json': { alarms: [GOOD] }, 'b.json': { alarms: [GOOD] } });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.error.message).toBe('alarms/b.json: alarms[0].id: alarm "L/Level/Hi" is already defined in alarms/a.json alarms[0]');
  });

  it("loads the example plant's alarms", async () => {
    const loaded = await loadProject(EXAMPLE_PROJECT_DIR, builtinDrivers());
    if (!loaded.ok) throw new Error(loaded.error.message);
    const ids = loaded.value.alarms.flatMap((f) => f.alarms.map((a) => a.id));
    expect(ids).toEqual(expect.arrayContaining(['Line1/Tank101/Level/HiHi', 'Line1/Tank101/Level/LoLo', 'Line1/Tank101/Level/BadQuality', 'Line1/Labeler/Faulted']));
    for (const a of loaded.value.alarms.flatMap((f) => f.alarms)) expect(a.help?.action, a.id).toBeTruthy();
  });
});
