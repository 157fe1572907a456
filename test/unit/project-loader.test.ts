import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinDrivers } from '../../drivers/registry.ts';
import { loadProject } from '../../main/core/project/project-loader.ts';
import { PROJECT_MIGRATIONS, migrateProjectFile } from '../../main/core/project/project-migrations.ts';
import { EXAMPLE_PROJECT_DIR } from '../../main/runtime.ts';

type Json = Record<string, any>;
interface Files {
  project?: Json | string;
  tags: Record<string, Json | string>;
}

function validFiles(): Files {
  return {
    project: {
      formatVersion: 1,
      name: 'Test line',
      plant: { name: 'Test plant', timeZone: 'Europe/Berlin' },
      devices: [{ name: 'sim', driver: 'simulator', config: { tickMs: 100 } }],
    },
    tags: {
      'a.json': {
        tags: [
          { path: 'Line1/Tank/Level', dataType: 'float64', units: '%', range: { min: 0, max: 100 }, source: { device: 'sim', address: 'sine(period=60s, min=0, max=100)' } },
          { path: 'Line1/Tank/Setpoint', dataType: 'float64', writable: true, source: { device: 'sim', address: 'memory(initial=50)' } },
        ],
      },
      'b.json': { tags: [{ path: 'Line1/Pump/Running', dataType: 'bool', source: { device: 'sim', address: 'memory(initial=0)' } }] },
    },
  };
}

const root = await mkdtemp(join(tmpdir(), 'lineside-project-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let n = 0;

async function writeProject(files: Files): Promise<string> {
  const dir = join(root, `p${n++}`);
  await mkdir(join(dir, 'tags'), { recursive: true });
  const text = (v: Json | string) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  if (files.project !== undefined) await writeFile(join(dir, 'project.json'), text(files.project));
  for (const [name, content] of Object.entries(files.tags)) await writeFile(join(dir, 'tags', name), text(content));
  return dir;
}

async function load(change: (files: Files) => void) {
  const files = validFiles();
  change(files);
  return loadProject(await writeProject(files), builtinDrivers());
}

const p = (f: Files) => f.project as Json;
const tagA = (f: Files, i = 0) => (f.tags['a.json'] as Json)['tags'][i];

describe('project loader', () => {
  it('loads a valid project with defaults filled in', async () => {
    const result = await load(() => {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.tags.map((t) => t.path)).toEqual(['Line1/Tank/Level', 'Line1/Tank/Setpoint', 'Line1/Pump/Running']);
    expect(result.value.tags[1]).toMatchObject({ writable: true, decimals: 1, deadband: 0, units: '' });
    expect(result.value.project.security).toEqual({
      idleTimeoutMinutes: 15,
      sessionMaxHours: 12,
      signIn: { freeFailures: 3, firstDelaySeconds: 1, maxSourceDelaySeconds: 60, maxAccountDelaySeconds: 10 },
      signatures: { calls: [], criticalTags: [], verifierCalls: [] },
    });
  });

  it('loads the example project', async () => {
    const result = await loadProject(EXAMPLE_PROJECT_DIR, builtinDrivers());
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.tags.length).toBeGreaterThanOrEqual(20);
  });

  const broken: Array<[string, (f: Files) => void, string]> = [
    ['no project.json', (f) => delete f.project, 'project.json: file not found'],
    ['project.json not JSON', (f) => (f.project = '{ "formatVersion": 1,\n  "name": }'), 'project.json: not valid JSON'],
    ['no format version', (f) => delete p(f)['formatVersion'], 'project.json: formatVersion: formatVersion is missing'],
    ['a newer format version', (f) => (p(f)['formatVersion'] = 99), 'project.json: formatVersion: format version 99 is newer than this Lineside reads (2)'],
    ['an unknown time zone', (f) => (p(f)['plant'].timeZone = 'Mars/Olympus'), 'project.json: plant.timeZone: not a known IANA time zone'],
    ['a misspelt project field', (f) => (p(f)['devics'] = []), 'project.json: Unrecognized key: "devics"'],
    ['an unknown driver', (f) => (p(f)['devices'][0].driver = 'profibus'), 'project.json: devices[0].driver: unknown driver "profibus" (known: simulator'],
    ['a bad driver config', (f) => (p(f)['devices'][0].config.tickMs = 'fast'), 'project.json: devices[0].config.tickMs:'],
    ['two devices with one name', (f) => p(f)['devices'].push({ name: 'sim', driver: 'simulator' }), 'project.json: devices[1].name: device name "sim" is used twice'],
    ['a tag file that is not JSON', (f) => (f.tags['b.json'] = '{"tags": [}'), 'tags/b.json: not valid JSON'],
    ['a tag without a data type', (f) => delete tagA(f, 1).dataType, 'tags/a.json: tags[1].dataType:'],
    ['a misspelt tag field', (f) => (tagA(f, 1).writeable = true), 'tags/a.json: tags[1]: Unrecognized key: "writeable"'],
    ['a bad tag path', (f) => (tagA(f).path = 'Line1//Tank'), 'tags/a.json: tags[0].path: a tag path is segments'],
    ['a tag path defined twice', (f) => ((f.tags['b.json'] as Json)['tags'][0].path = 'Line1/Tank/Level'), 'tags/b.json: tags[0].path: tag "Line1/Tank/Level" is already defined in tags/a.json tags[0]'],
    ['an unknown device', (f) => (tagA(f).source.device = 'plc9'), 'tags/a.json: tags[0].source.device: unknown device "plc9" (devices: sim)'],
    ['a bad address', (f) => (tagA(f).source.address = 'sine(period=banana)'), 'tags/a.json: tags[0].source.address:'],
    ['scaling with rawMin = rawMax', (f) => (tagA(f).scaling = { rawMin: 5, rawMax: 5, euMin: 0, euMax: 1 }), 'tags/a.json: tags[0].scaling.rawMax: the raw maximum must differ from the raw minimum'],
    ['write limits upside down', (f) => (tagA(f, 1).writeLimits = { min: 10, max: 5 }), 'tags/a.json: tags[1].writeLimits.max: the maximum must be greater than the minimum'],
    ['write limits outside the range', (f) => (tagA(f).writeLimits = { min: 0, max: 120 }), 'tags/a.json: tags[0].writeLimits.max: the highest value allowed to write (120) is above the range maximum (100)'],
    ['a negative deadband', (f) => (tagA(f).deadband = -1), 'tags/a.json: tags[0].deadband:'],
    ['a range on a boolean tag', (f) => ((f.tags['b.json'] as Json)['tags'][0].range = { min: 0, max: 1 }), 'tags/b.json: tags[0].range: range applies only to numeric tags, not bool'],
    ['a tag file that is a bare array', (f) => (f.tags['b.json'] = []), 'tags/b.json: '],
  ];

  it.each(broken)('refuses %s, naming the file and field', async (_name, change, message) => {
    const result = await load(change);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('config-error');
    expect(result.error.message.startsWith(message) || result.error.message.includes(message)).toBe(true);
    expect(result.error.message).toContain(message);
  });

  it('gives the line of a JSON syntax error', async () => {
    const result = await load((f) => (f.project = '{ "formatVersion": 1,\n  "name": }'));
    expect(!result.ok && result.error.message).toMatch(/line 2/);
  });
});

describe('project migrations', () => {
  it('has a migration for every format version below the current one', () => {
    expect([...PROJECT_MIGRATIONS.keys()]).toEqual([1]);
    expect(migrateProjectFile({ formatVersion: 2, name: 'x' })).toEqual({ ok: true, value: { formatVersion: 2, name: 'x' } });
  });

  it('1 → 2 (templates and instances added): a format-1 project.json is kept as it is, numbered 2', () => {
    const doc = { formatVersion: 1, name: 'x', plant: { name: 'P', timeZone: 'UTC' }, devices: [{ name: 'd', driver: 'simulator' }] };
    expect(migrateProjectFile(doc)).toEqual({ ok: true, value: { ...doc, formatVersion: 2 } });
    expect(migrateProjectFile({ formatVersion: 3 })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/newer than this Lineside reads \(2\)/) } });
  });

  it('refuses documents that are not objects or have a bad version', () => {
    expect(migrateProjectFile([])).toMatchObject({ ok: false, error: { message: 'expected a JSON object' } });
    expect(migrateProjectFile({ formatVersion: 0 })).toMatchObject({ ok: false, error: { path: 'formatVersion' } });
    expect(migrateProjectFile({ formatVersion: '1' })).toMatchObject({ ok: false, error: { path: 'formatVersion' } });
  });
});
