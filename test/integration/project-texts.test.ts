import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmInfo } from '../../common/alarms.ts';
import { alarmTextId, screenTextId, shiftTextId } from '../../common/project-texts.ts';
import type { Runtime } from '../../main/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';
import { TestClient } from '../support/ws-client.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/alarm-ui');
const TOKEN = 'project-texts-token-0123456789abcdef';

let root: string;
let runtime: Runtime;
const clients: TestClient[] = [];

const GERMAN = {
  formatVersion: 1,
  alarms: {
    'Line1/Tank101/Level/Hi': { message: 'Füllstand T101 {value} {units} über {limit} {units}', cause: 'Nachfüllen läuft zu lange.' },
  },
  screens: { overview: { name: 'Übersicht', elements: { title: { text: 'Alarm-UI-Testanlage' } } } },
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lineside-texts-'));
  const projectDir = join(root, 'project');
  await cp(FIXTURE, projectDir, { recursive: true });
  const project = JSON.parse(await readFile(join(projectDir, 'project.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(projectDir, 'project.json'), JSON.stringify({ ...project, languages: { default: 'en', translated: ['de'] } }));
  await mkdir(join(projectDir, 'texts'));
  await writeFile(join(projectDir, 'texts', 'de.json'), JSON.stringify(GERMAN));
  runtime = await startTestRuntime({ projectDir, dataDir: join(root, 'data'), port: 0, token: TOKEN, rendererDir: join(root, 'no-renderer') });
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await runtime?.dispose();
  await rm(root, { recursive: true, force: true });
});

async function client(role?: 'operator' | 'engineer' | 'maintenance'): Promise<TestClient> {
  const c = await TestClient.connect(runtime.url, TOKEN);
  clients.push(c);
  if (role) await c.loginAs(role);
  return c;
}

async function raiseHi(c: TestClient): Promise<AlarmInfo> {
  const sub = await c.call('alarms.subscribe', {});
  const raised = c.waitForEvent('alarms.changed', (d) => d.changed.some((a) => a.id === 'Line1/Tank101/Level/Hi' && a.active));
  await c.call('tags.write', { path: 'Line1/Tank101/Level', value: 95 });
  const event = await raised;
  await c.call('alarms.unsubscribe', { subscriptionId: sub.subscriptionId });
  return event.changed.find((a) => a.id === 'Line1/Tank101/Level/Hi')!;
}

describe('the runtime serves project texts per language', () => {
  it('texts.get gives the translations into a language, the default language and the project languages', async () => {
    const c = await client();
    const de = await c.call('texts.get', { language: 'de' });
    expect(de).toMatchObject({ language: 'de', default: 'en', translated: ['de'] });
    expect(de.texts[alarmTextId('Line1/Tank101/Level/Hi')]).toBe('Füllstand T101 {value} {units} über {limit} {units}');
    expect(de.texts[screenTextId('screen', 'overview', 'title.text')]).toBe('Alarm-UI-Testanlage');
    // English is the default: its texts are the project files' own; a language the project lacks has none.
    expect((await c.call('texts.get', { language: 'en' })).texts).toEqual({});
    expect((await c.call('texts.get', { language: 'fr' })).texts).toEqual({});
    const refused = await c.request('texts.get', { language: 'German' });
    expect(refused.ok).toBe(false);
  });

  it('an alarm carries its message in the default language with the values it was raised with; REST gives it in German on ?lang=de', async () => {
    const operator = await client('operator');
    const alarm = await raiseHi(operator);
    expect(alarm.message).toBe('Tank T101 level 95 % above 93 %');
    expect(alarm.messageValues).toMatchObject({ value: '95', units: '%', limit: '93' });
    const rest = async (query: string) => {
      const res = await fetch(`${runtime.url}/api/v1/alarms${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { alarms: AlarmInfo[] };
      return body.alarms.find((a) => a.id === 'Line1/Tank101/Level/Hi')!;
    };
    expect(await rest('?lang=de')).toMatchObject({ message: 'Füllstand T101 95 % über 93 %', help: { cause: 'Nachfüllen läuft zu lange.', consequence: 'Little headroom before overflow.' } });
    expect((await rest('')).message).toBe('Tank T101 level 95 % above 93 %');
    const texts = await fetch(`${runtime.url}/api/v1/texts/de`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(((await texts.json()) as { texts: Record<string, string> }).texts[screenTextId('screen', 'overview', 'name')]).toBe('Übersicht');
    // The journal keeps the message as raised, in the default language, with the alarm id to show it translated.
    const history = await operator.call('alarms.history', { alarmId: 'Line1/Tank101/Level/Hi', kinds: ['raise'] });
    expect(history.entries[0]).toMatchObject({ alarmId: 'Line1/Tank101/Level/Hi', message: 'Tank T101 level 95 % above 93 %', messageValues: { value: '95', units: '%', limit: '93' } });
    // …and with the values it was raised with, so the alarm REST gives the history in German too.
    const restHistory = async (query: string) => {
      const res = await fetch(`${runtime.url}/api/v1/alarms/history?alarmId=Line1/Tank101/Level/Hi&kind=raise${query}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { entries: Array<{ message: string }> }).entries[0]!.message;
    };
    expect(await restHistory('&lang=de')).toBe('Füllstand T101 95 % über 93 %');
    expect(await restHistory('')).toBe('Tank T101 level 95 % above 93 %');
    // A language without a translation of this message gives the default language's.
    expect(await restHistory('&lang=fr')).toBe('Tank T101 level 95 % above 93 %');
    expect((await fetch(`${runtime.url}/api/v1/alarms/history?lang=German`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(400);
  });

  it('an engineer saves a translation: written to texts/de.json, audited, and every client told', async () => {
    const engineer = await client('engineer');
    const watcher = await client();
    const told = watcher.waitForEvent('texts.changed', (d) => d.language === 'de');
    const saved = await engineer.call('texts.save', { language: 'de', texts: { [alarmTextId('Line1/Labeler/Faulted')]: 'Etikettierer gestört', [shiftTextId('Nowhere')]: null } });
    expect(saved.texts[alarmTextId('Line1/Labeler/Faulted')]).toBe('Etikettierer gestört');
    expect((await told).revision).toBe(saved.revision);
    expect((await watcher.call('texts.get', { language: 'de' })).texts[alarmTextId('Line1/Labeler/Faulted')]).toBe('Etikettierer gestört');
    const file = JSON.parse(await readFile(join(root, 'project', 'texts', 'de.json'), 'utf8')) as { alarms: Record<string, Record<string, string>> };
    expect(file.alarms['Line1/Labeler/Faulted']).toEqual({ message: 'Etikettierer gestört' });
    expect(file.alarms['Line1/Tank101/Level/Hi']!['message']).toBe(GERMAN.alarms['Line1/Tank101/Level/Hi'].message);
    const admin = await client();
    await admin.loginAs('engineer');
    const trail = await admin.call('audit.search', { action: 'texts.save' });
    expect(trail.records[0]).toMatchObject({ user: 'engineer', action: 'texts.save', target: 'texts/de.json' });
    expect(JSON.parse(trail.records[0]!.newValue ?? '{}')).toMatchObject({ [alarmTextId('Line1/Labeler/Faulted')]: 'Etikettierer gestört' });
  });

  it('refuses a translation from someone who may not change the text, and a message that drops a placeholder', async () => {
    const operator = await client('operator');
    const refused = await operator.request('texts.save', { language: 'de', texts: { [alarmTextId('Line1/Labeler/Faulted')]: 'Nein' } });
    expect(refused.error).toEqual({ code: 'forbidden', message: 'translating texts["alarm|Line1/Labeler/Faulted|message"] needs the permission alarms.editDefinitions', path: 'texts.alarm|Line1/Labeler/Faulted|message' });
    const maintenance = await client('maintenance');
    expect((await maintenance.request('texts.save', { language: 'de', texts: { [screenTextId('screen', 'overview', 'title.text')]: 'X' } })).error?.code).toBe('forbidden');
    const engineer = await client('engineer');
    const dropped = await engineer.request('texts.save', { language: 'de', texts: { [alarmTextId('Line1/Tank101/Level/Hi')]: 'Füllstand hoch' } });
    expect(dropped.error?.message).toBe('texts["alarm|Line1/Tank101/Level/Hi|message"]: the translation leaves out {value}, {units}, {limit}, which the message shows');
  });
});
