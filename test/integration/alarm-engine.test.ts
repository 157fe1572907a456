import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AlarmDefinitionSchema, type AlarmDefinitionInput } from '../../common/alarms.ts';
import { dataValue, type Value } from '../../common/data-value.ts';
import type { Quality } from '../../common/quality.ts';
import { AlarmService } from '../../main/core/alarms/alarm-service.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { tag } from '../support/tags.ts';

const TAGS = [tag({ path: 'Tank/Level', units: '%' }), tag({ path: 'Tank/Temp', units: '°C' }), tag({ path: 'Line/Run', dataType: 'bool' }), tag({ path: 'Filler/State', dataType: 'int16', states: { '5': 'Faulted' } })];

function alarm(fields: Partial<AlarmDefinitionInput> & { id: string }): AlarmDefinitionInput {
  return { tag: 'Tank/Level', condition: { type: 'hi', limit: 90 }, priority: 'high', message: 'Level {value} {units} above {limit}', ...fields };
}

const DEFS = [
  alarm({ id: 'Tank/Level/HiHi', condition: { type: 'hihi', limit: 95 }, priority: 'critical', group: 'Tank', area: 'Tank' }),
  alarm({ id: 'Tank/Level/Hi', group: 'Tank', area: 'Tank', deadband: 2 }),
  alarm({ id: 'Tank/Temp/Hi', tag: 'Tank/Temp', condition: { type: 'hi', limit: 30 }, onDelayMs: 5000, offDelayMs: 2000, priority: 'medium' }),
  alarm({ id: 'Filler/Faulted', tag: 'Filler/State', condition: { type: 'equals', value: 5 }, message: 'Filler {state}', suppressWhen: { tag: 'Line/Run', equals: false } }),
];

const dirs: string[] = [];
const open: Array<{ service: AlarmService; engine: TagEngine }> = [];
afterEach(() => {
  for (const o of open.splice(0)) (o.service.dispose(), o.engine.dispose());
});
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'lineside-alarms-'));
  dirs.push(d);
  return d;
}

function start(dir: string, clock: ManualClock, defs = DEFS) {
  const engine = new TagEngine(TAGS, clock);
  const opened = AlarmService.open({
    projectDir: dir,
    dataDir: dir,
    files: [{ file: 'alarms/test.json', alarms: defs.map((d) => AlarmDefinitionSchema.parse(d)) }],
    tags: TAGS,
    engine,
    clock,
    chatterCount: 3,
  });
  if (!opened.ok) throw new Error(opened.error.message);
  open.push({ service: opened.value, engine });
  const set = (path: string, value: Value, quality: Quality = 'Good') => engine.ingest([{ handle: engine.slot(path)!.id, value: dataValue(value, quality, clock.now()) }]);
  return { engine, service: opened.value, set };
}

const OP = { name: 'ann', role: 'operator' };
const state = (s: AlarmService, id: string) => s.engine.get(id)!.state.status.kind;

describe('the alarm engine on the tag engine, with a real SQLite journal', () => {
  it('raises, acknowledges and clears, journaling every transition with value and user', async () => {
    const clock = new ManualClock();
    const { service, set } = start(await folder(), clock);
    set('Tank/Level', 50);
    set('Tank/Level', 92);
    expect(state(service, 'Tank/Level/Hi')).toBe('unackActive');
    expect(state(service, 'Tank/Level/HiHi')).toBe('normal');
    clock.advance(1000);
    expect(service.acknowledge(OP, { ids: ['Tank/Level/Hi'] }, 'on it').ok).toBe(true);
    set('Tank/Level', 89); // inside the 2 % deadband: still active
    expect(state(service, 'Tank/Level/Hi')).toBe('ackActive');
    set('Tank/Level', 87.9);
    expect(state(service, 'Tank/Level/Hi')).toBe('normal');
    const history = service.history({ alarmId: 'Tank/Level/Hi', limit: 10, offset: 0 });
    expect(history.entries.map((e) => [e.kind, e.state, e.value, e.user, e.comment])).toEqual([
      ['clear', 'normal', 87.9, 'system', ''],
      ['acknowledge', 'ackActive', 92, 'ann', 'on it'],
      ['raise', 'unackActive', 92, 'system', ''],
    ]);
    expect(history.entries[2]!.message).toBe('Level 92 % above 90');
  });

  it('evaluates only the alarms whose input tags changed', async () => {
    const { service, set } = start(await folder(), new ManualClock());
    const before = service.engine.evaluations;
    set('Tank/Temp', 20);
    expect(service.engine.evaluations - before).toBe(1);
    set('Tank/Level', 20);
    expect(service.engine.evaluations - before).toBe(3);
  });

  it('runs on- and off-delays on its own timer', async () => {
    const clock = new ManualClock();
    const { service, set } = start(await folder(), clock);
    set('Tank/Temp', 35);
    clock.advance(4999);
    service.engine.onTimer();
    expect(state(service, 'Tank/Temp/Hi')).toBe('normal');
    clock.advance(1);
    service.engine.onTimer();
    expect(state(service, 'Tank/Temp/Hi')).toBe('unackActive');
    set('Tank/Temp', 20);
    clock.advance(2000);
    service.engine.onTimer();
    expect(state(service, 'Tank/Temp/Hi')).toBe('rtnUnack');
  });

  it('fires the timer by itself on the real clock', async () => {
    const clock = { now: () => Date.now() };
    const dir = await folder();
    const defs = [alarm({ id: 'Quick', onDelayMs: 30 })];
    const engine = new TagEngine(TAGS, clock);
    const opened = AlarmService.open({ projectDir: dir, dataDir: dir, files: [{ file: 'a.json', alarms: defs.map((d) => AlarmDefinitionSchema.parse(d)) }], tags: TAGS, engine, clock });
    if (!opened.ok) throw new Error(opened.error.message);
    open.push({ service: opened.value, engine });
    const raised = new Promise<void>((resolve) => {
      const sub = opened.value.engine.onDidChange((c) => {
        if (c.changed.some((r) => r.state.status.kind === 'unackActive')) (sub.dispose(), resolve());
      });
    });
    engine.ingest([{ handle: 0, value: dataValue(99, 'Good', Date.now()) }]);
    await raised;
    expect(state(opened.value, 'Quick')).toBe('unackActive');
  });

  it('marks the first-out of a group and suppresses by design from a tag', async () => {
    const clock = new ManualClock();
    const { service, set } = start(await folder(), clock);
    set('Tank/Level', 92);
    clock.advance(100);
    set('Tank/Level', 96);
    const list = service.list();
    expect(list.find((a) => a.id === 'Tank/Level/Hi')!.firstOut).toBe(true);
    expect(list.find((a) => a.id === 'Tank/Level/HiHi')!.firstOut).toBe(false);

    set('Line/Run', false);
    set('Filler/State', 5);
    expect(state(service, 'Filler/Faulted')).toBe('suppressed');
    set('Line/Run', true);
    expect(state(service, 'Filler/Faulted')).toBe('unackActive');
    expect(service.list({ states: ['unackActive'], text: 'filler' })[0]!.message).toBe('Filler Faulted');
    expect(service.summary()).toMatchObject({ totalActive: 3, totalUnacknowledged: 3, active: { critical: 1, high: 2 }, highestUnacknowledged: 'critical' });
  });

  it('comes back after a restart with the same states, from the data folder', async () => {
    const dir = await folder();
    const clock = new ManualClock();
    const first = start(dir, clock);
    first.set('Tank/Level', 96);
    first.service.acknowledge(OP, { ids: ['Tank/Level/HiHi'] }, '');
    expect(first.service.shelve(OP, 'Tank/Temp/Hi', 60_000, 'sensor swap').ok).toBe(true);
    const withoutLive = (list: ReturnType<AlarmService['list']>) => list.map(({ value: _v, quality: _q, ...rest }) => rest);
    const before = withoutLive(first.service.list());
    first.service.dispose();
    first.engine.dispose();
    open.length = 0;

    clock.advance(10_000);
    const second = start(dir, clock);
    expect(withoutLive(second.service.list())).toEqual(before);
    expect(before.map((a) => a.state).sort()).toEqual(['shelved', 'ackActive', 'unackActive'].sort());
    expect(state(second.service, 'Tank/Level/HiHi')).toBe('ackActive');
    // The shelving still expires at its time.
    clock.advance(50_000);
    second.service.engine.onTimer();
    expect(state(second.service, 'Tank/Temp/Hi')).toBe('normal');
    expect(second.service.history({ alarmId: 'Tank/Temp/Hi', limit: 1, offset: 0 }).entries[0]).toMatchObject({ kind: 'unshelve', user: 'system' });
  });

  it('refuses actions a role lacks, naming the permission, and changes nothing', async () => {
    const { service, set } = start(await folder(), new ManualClock());
    set('Tank/Level', 96);
    const viewer = { name: 'vic', role: 'viewer' };
    const refused = service.acknowledge(viewer, { ids: ['Tank/Level/HiHi'] }, '');
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('alarms.acknowledge') } });
    expect(service.setOutOfService(OP, 'Tank/Level/HiHi', true, 'x')).toMatchObject({ ok: false, error: { code: 'forbidden', path: 'alarms.outOfService' } });
    expect(service.setOutOfService({ name: 'eve', role: 'engineer' }, 'Tank/Level/HiHi', true, 'calibration').ok).toBe(true);
    expect(state(service, 'Tank/Level/Hi')).toBe('unackActive');
    expect(service.history({ user: 'vic', limit: 10, offset: 0 }).total).toBe(0);
  });

  it('saves definitions atomically, applies them live, and refuses an invalid one naming the field', async () => {
    const dir = await folder();
    const { service, set } = start(dir, new ManualClock());
    const engineer = { name: 'eve', role: 'engineer' };
    const saved = await service.saveDefinition(engineer, alarm({ id: 'Tank/Level/Hi', condition: { type: 'hi', limit: 80 } }));
    expect(saved).toMatchObject({ ok: true, value: { file: 'alarms/test.json' } });
    set('Tank/Level', 85);
    expect(state(service, 'Tank/Level/Hi')).toBe('unackActive');
    const file = JSON.parse(await readFile(join(dir, 'alarms/test.json'), 'utf8')) as { alarms: Array<{ id: string; condition: { limit: number } }> };
    expect(file.alarms).toHaveLength(4);
    expect(file.alarms.find((a) => a.id === 'Tank/Level/Hi')!.condition.limit).toBe(80);

    const bad = await service.saveDefinition(engineer, { ...alarm({ id: 'New/One' }), tag: 'No/Such' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request', path: 'definition.tag' } });
    const badType = await service.saveDefinition(engineer, alarm({ id: 'New/Two', tag: 'Line/Run' }));
    expect(badType).toMatchObject({ ok: false, error: { path: 'definition.condition.type' } });
    const badShape = await service.saveDefinition(engineer, { ...alarm({ id: 'New/Three' }), priority: 'urgent' });
    expect(badShape).toMatchObject({ ok: false, error: { path: 'definition.priority' } });
    expect(await service.saveDefinition(OP, alarm({ id: 'New/Four' }))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(service.engine.get('New/One')).toBeUndefined();
    expect((await readdir(join(dir, 'alarms'))).sort()).toEqual(['test.json']);

    const added = await service.saveDefinition(engineer, alarm({ id: 'New/Five', tag: 'Tank/Temp', condition: { type: 'lo', limit: 5 } }), 'more');
    expect(added).toMatchObject({ ok: true, value: { file: 'alarms/more.json' } });
    expect(service.engine.get('New/Five')).toBeDefined();
    expect(await service.deleteDefinition(engineer, 'Tank/Level/Hi')).toMatchObject({ ok: true, value: { file: 'alarms/test.json' } });
    expect(service.engine.get('Tank/Level/Hi')).toBeUndefined();
    expect(service.listDefinitions().map((d) => d.definition.id)).toEqual(['Tank/Level/HiHi', 'Tank/Temp/Hi', 'Filler/Faulted', 'New/Five']);
  });
});
