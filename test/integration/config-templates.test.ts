import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../main/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

const PUMP = {
  name: 'Pump',
  parameters: [{ name: 'pump' }, { name: 'speed', type: 'number', default: 40 }, { name: 'limit', type: 'number', default: 90 }],
  tags: [
    { path: 'Speed', description: '{pump} speed', dataType: 'float64', source: { device: 'sim', address: 'memory(initial={speed})' }, units: '%', writable: true },
    { path: 'Running', description: '{pump} running', dataType: 'bool', source: { device: 'sim', address: 'memory(initial=true)' } },
  ],
  alarms: [{ id: 'Speed/Hi', tag: 'Speed', condition: { type: 'hi', limit: '{limit}' }, priority: 'high', message: '{pump} speed high' }],
};

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-templates-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'tags'));
  await mkdir(join(dir, 'tag-templates'));
  const projectJson = { formatVersion: 1, name: 'Templates', plant: { name: 'P', timeZone: 'UTC' }, devices: [{ name: 'sim', driver: 'simulator', config: {} }], localUser: { name: 'e', role: 'engineer' } };
  await writeFile(join(dir, 'project.json'), `${JSON.stringify(projectJson, null, 2)}\n`);
  await writeFile(join(dir, 'tag-templates', 'Pump.json'), `${JSON.stringify(PUMP, null, 2)}\n`);
  const tags = { tags: [{ path: 'Line1/Flow', dataType: 'float64', source: { device: 'sim', address: 'memory(initial=5)' } }], instances: [{ template: 'Pump', path: 'Line1/P101', parameters: { pump: 'P101' } }] };
  await writeFile(join(dir, 'tags', 'line.json'), `${JSON.stringify(tags, null, 2)}\n`);
  return dir;
}

async function start(dir: string): Promise<Runtime> {
  const runtime = await startTestRuntime({ projectDir: dir, port: 0, dataDir: join(dir, '.data'), seedUsers: false });
  cleanups.push(() => runtime.dispose());
  return runtime;
}

describe('tag templates in a running project', () => {
  it('loads instances, adds and deletes instances live with their alarms, and protects members', async () => {
    const dir = await project();
    const runtime = await start(dir);
    expect(runtime.engine.slot('Line1/P101/Speed')?.def).toMatchObject({ description: 'P101 speed', units: '%' });
    expect(runtime.alarms.engine.get('Line1/P101/Speed/Hi')).toBeDefined();
    // Members come from their template: not rows of the CSV, listed with their instance.
    expect(
      runtime.config
        .exportCsv()
        .csv.trim()
        .split('\n')
        .map((l) => l.split(',')[0]),
    ).toEqual(['path', 'Line1/Flow']);
    expect(runtime.config.listTags().find((t) => t.definition['path'] === 'Line1/P101/Speed')?.instance).toBe('Line1/P101');
    const [info] = runtime.config.listTemplates();
    expect(info).toMatchObject({ name: 'Pump', members: ['Speed', 'Running'], instances: [{ path: 'Line1/P101', file: 'tags/line.json' }] });

    const added = await runtime.config.instantiate({ template: 'Pump', path: 'Line2/P201', parameters: { pump: 'P201', speed: 95 } });
    expect(added.ok && added.value.added).toEqual(['Line2/P201/Speed', 'Line2/P201/Running']);
    expect(JSON.parse(await readFile(join(dir, 'tags', 'instances.json'), 'utf8'))).toEqual({
      tags: [],
      instances: [{ template: 'Pump', path: 'Line2/P201', parameters: { pump: 'P201', speed: 95 } }],
    });
    // Its alarm runs: 95 % is above the template's 90 % limit.
    await expect.poll(() => runtime.alarms.engine.get('Line2/P201/Speed/Hi')?.state.status.kind, { timeout: 5000 }).toBe('unackActive');

    const files = await readFile(join(dir, 'tags', 'line.json'), 'utf8');
    const member = await runtime.config.saveTag({ path: 'Line1/P101/Speed', dataType: 'float64', source: { device: 'sim', address: 'memory()' } });
    expect(!member.ok && member.error.message).toMatch(/belongs to Line1\/P101 \(template Pump\)/);
    const missing = await runtime.config.instantiate({ template: 'Pump', path: 'Line3/P301', parameters: { speed: 10 } });
    expect(!missing.ok && missing.error.path).toBe('instance.parameters.pump');
    const noTemplate = await runtime.config.instantiate({ template: 'Valve', path: 'Line3/V1' });
    expect(!noTemplate.ok && noTemplate.error.message).toMatch(/no template Valve \(templates: Pump\)/);
    const editAlarm = await runtime.alarms.saveDefinition({ name: 'e', role: 'engineer' }, { ...runtime.alarms.engine.get('Line1/P101/Speed/Hi')!.def, priority: 'low' });
    expect(!editAlarm.ok && editAlarm.error.message).toMatch(/comes from a template/);
    expect(await readFile(join(dir, 'tags', 'line.json'), 'utf8')).toBe(files);

    const deleted = await runtime.config.deleteInstance('Line2/P201');
    expect(deleted.ok && deleted.value.removed).toEqual(['Line2/P201/Speed', 'Line2/P201/Running']);
    expect(runtime.engine.slot('Line2/P201/Speed')).toBeUndefined();
    expect(runtime.alarms.engine.get('Line2/P201/Speed/Hi')).toBeUndefined();
  });

  it('adds a device with a tag, then deletes the device with its tags when asked to', async () => {
    const dir = await project();
    const runtime = await start(dir);
    const device = await runtime.config.saveDevice({ name: 'sim2', driver: 'simulator', config: { tickMs: 50 } });
    expect(device.ok && device.value.devices).toEqual(['sim2']);
    expect(runtime.devices.list().map((d) => d.name)).toEqual(['sim', 'sim2']);
    expect((await runtime.config.saveTag({ path: 'Line2/Wave', dataType: 'float64', source: { device: 'sim2', address: 'sine(period=10s)' } })).ok).toBe(true);
    await expect.poll(() => runtime.engine.slot('Line2/Wave')?.current.quality, { timeout: 5000 }).toBe('Good');
    const refused = await runtime.config.deleteDevice('sim2', false);
    expect(!refused.ok && refused.error.message).toMatch(/sim2 still has 1 tag\(s\) \(Line2\/Wave\)/);
    const deleted = await runtime.config.deleteDevice('sim2', true);
    expect(deleted.ok && deleted.value).toMatchObject({ devices: ['sim2'], removed: ['Line2/Wave'] });
    expect(runtime.devices.list().map((d) => d.name)).toEqual(['sim']);
    expect(runtime.engine.slot('Line2/Wave')).toBeUndefined();
    const written = JSON.parse(await readFile(join(dir, 'project.json'), 'utf8')) as { formatVersion: number; devices: unknown[] };
    expect(written).toMatchObject({ formatVersion: 2, devices: [{ name: 'sim', driver: 'simulator', config: {} }] });
  });

  it('an edited template changes every instance on the next start', async () => {
    const dir = await project();
    await writeFile(join(dir, 'tags', 'more.json'), `${JSON.stringify({ instances: [{ template: 'Pump', path: 'Line2/P201', parameters: { pump: 'P201' } }] }, null, 2)}\n`);
    const first = await start(dir);
    expect(first.engine.slot('Line2/P201/Speed')?.def.units).toBe('%');
    await first.dispose();
    const edited = { ...PUMP, tags: [{ ...PUMP.tags[0], units: 'rpm', decimals: 0 }, PUMP.tags[1]] };
    await writeFile(join(dir, 'tag-templates', 'Pump.json'), `${JSON.stringify(edited, null, 2)}\n`);
    const second = await start(dir);
    for (const path of ['Line1/P101/Speed', 'Line2/P201/Speed']) expect(second.engine.slot(path)?.def).toMatchObject({ units: 'rpm', decimals: 0 });
  });

  it('refuses a project whose instance does not expand, naming the file, the instance and the member', async () => {
    const dir = await project();
    await writeFile(join(dir, 'tags', 'more.json'), JSON.stringify({ instances: [{ template: 'Pump', path: 'Line2/P201', parameters: { pump: 'P201', speed: 'fast' } }] }));
    const started = await startRuntime({ projectDir: dir, port: 0, dataDir: join(dir, '.data') });
    expect(!started.ok && started.error.message).toBe('tags/more.json: instances[0].parameters.speed: speed is a number, not "fast"');
  });
});
