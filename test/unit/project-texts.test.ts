import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinDrivers } from '../../drivers/registry.ts';
import { checkReport } from '../../main/check.ts';
import { EXAMPLE_PROJECT_DIR } from '../../main/app-paths.ts';
import { checkProject } from '../../main/core/project/project-loader.ts';
import { formatProblem, type ProjectProblem } from '../../main/core/project/project-problems.ts';
import { TextsService } from '../../main/core/texts/texts-service.ts';
import { alarmTextId, fillMessage, parseTextId, reasonTextId, screenTextId, shiftTextId, tagTextId, textId, unitsTextId, type TextRef } from '../../common/project-texts.ts';
import { projectTextLookup } from '../../renderer/ui/project-texts.ts';
import { documentTexts, translateDocument } from '../../screens/screen-texts.ts';
import { loadScreenDocument } from '../../screens/screen-document.ts';

type Json = Record<string, unknown>;
const root = await mkdtemp(join(tmpdir(), 'lineside-texts-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let n = 0;

async function project(files: Record<string, Json | string>): Promise<string> {
  const dir = join(root, `p${n++}`);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

const sim = (path: string, extra: Json = {}) => ({ path, dataType: 'float64', units: '%', source: { device: 'sim', address: 'memory(initial=1)' }, history: { enabled: true }, ...extra });
const BASE = {
  'tags/t.json': { tags: [sim('L/Level', { description: 'Tank level' }), sim('L/State'), sim('L/Good'), sim('L/Rejects')] },
  'alarms/a.json': {
    alarms: [
      { id: 'L/Level/Hi', tag: 'L/Level', condition: { type: 'hi', limit: 90 }, priority: 'high', message: 'Level {value} {units} above {limit} {units}', help: { cause: 'Refill ran on', consequence: 'Overflow', action: 'Stop the pump' } },
      { id: 'L/Level/Lo', tag: 'L/Level', condition: { type: 'lo', limit: 10 }, priority: 'low', message: 'Level low' },
    ],
  },
  'shifts.json': {
    formatVersion: 1,
    shifts: [{ name: 'Early', start: '00:00', durationMinutes: 1440 }],
    lines: [{ name: 'L', stateTag: 'L/State', runningStates: [1], goodCounter: 'L/Good', rejectCounter: 'L/Rejects', idealRatePerMinute: 10, units: 'bottles', reasons: { '3': { code: 'starved', text: 'Starved' } } }],
  },
  'screens/main.json': {
    formatVersion: 2,
    kind: 'screen',
    id: 'main',
    name: 'Main',
    level: 'overview',
    size: { width: 800, height: 600 },
    elements: [
      { id: 'title', kind: 'text', x: 0, y: 0, width: 200, height: 20, props: { text: 'Line overview' } },
      { id: 'p1', kind: 'symbol', symbol: 'pump', x: 0, y: 40, width: 40, height: 40, props: { label: 'Pump 1' } },
    ],
  },
};
const projectJson = (languages?: Json): Json => ({ formatVersion: 2, name: 'Texts', plant: { name: 'Plant', timeZone: 'Europe/Berlin' }, devices: [{ name: 'sim', driver: 'simulator' }], ...(languages ? { languages } : {}) });
const GERMAN = {
  formatVersion: 1,
  alarms: { 'L/Level/Hi': { message: 'Füllstand {value} {units} über {limit} {units}', cause: 'Nachfüllen lief weiter', consequence: 'Überlauf', action: 'Pumpe stoppen' }, 'L/Level/Lo': { message: 'Füllstand tief' } },
  tags: { 'L/Level': { description: 'Tankfüllstand' } },
  screens: { main: { name: 'Übersicht', elements: { title: { text: 'Linienübersicht' }, p1: { label: 'Pumpe 1' } } } },
  shifts: { Early: 'Frühschicht' },
  lines: { L: { units: 'Flaschen', reasons: { starved: 'Mangel' } } },
};

function brief(problems: readonly ProjectProblem[]): string[] {
  return problems.map((p) => `${p.severity} ${formatProblem(p)}`);
}

describe('text ids', () => {
  it('name each kind of text and read back to the same thing', () => {
    const refs: TextRef[] = [
      { kind: 'alarm', id: 'L/Level/Hi', field: 'message' },
      { kind: 'alarm', id: 'L/Level/Hi', field: 'action' },
      { kind: 'tag', path: 'L/Level' },
      { kind: 'screen', id: 'main', field: 'title.text' },
      { kind: 'template', id: 'pump', field: 'name' },
      { kind: 'shift', name: 'Early shift' },
      { kind: 'units', line: 'L' },
      { kind: 'reason', line: 'L', code: 'starved' },
    ];
    for (const ref of refs) expect(parseTextId(textId(ref))).toEqual(ref);
    expect([alarmTextId('A/B'), tagTextId('A/B'), screenTextId('screen', 's', 'x.text'), shiftTextId('Early'), reasonTextId('L', 'c'), unitsTextId('L')]).toEqual([
      'alarm|A/B|message',
      'tag|A/B|description',
      'screen|s|x.text',
      'shift|Early|name',
      'reason|L|c',
      'line|L|units',
    ]);
    for (const bad of ['', 'alarm', 'alarm|A', 'alarm|A|colour', 'nothing|A|b', 'tag|A|name', 'alarm||message']) expect(parseTextId(bad), bad).toBeUndefined();
  });

  it('a translated message is filled with the values the runtime rendered, whichever placeholders it uses', () => {
    expect(fillMessage('{limit} {units} überschritten: {value} {units}', { value: '93.2', units: '%', limit: '90' })).toBe('90 % überschritten: 93.2 %');
    expect(fillMessage('Kein Wert {value}', {})).toBe('Kein Wert {value}');
  });
});

describe('the loader reads texts/<lang>.json', () => {
  it('loads a complete translation with no problem, and the translations by id', async () => {
    const dir = await project({ ...BASE, 'project.json': projectJson({ default: 'en', translated: ['de'] }), 'texts/de.json': GERMAN });
    const { project: loaded, problems } = await checkProject(dir, builtinDrivers());
    expect(brief(problems)).toEqual([]);
    const de = loaded!.texts.byLanguage.get('de')!;
    expect(de.get(alarmTextId('L/Level/Hi'))).toBe('Füllstand {value} {units} über {limit} {units}');
    expect(de.get(alarmTextId('L/Level/Hi', 'consequence'))).toBe('Überlauf');
    expect(de.get(screenTextId('screen', 'main', 'p1.label'))).toBe('Pumpe 1');
    expect(de.get(shiftTextId('Early'))).toBe('Frühschicht');
    expect(de.get(reasonTextId('L', 'starved'))).toBe('Mangel');
    expect(de.get(unitsTextId('L'))).toBe('Flaschen');
    expect(de.get(tagTextId('L/Level'))).toBe('Tankfüllstand');
    expect(loaded!.texts.languages).toEqual({ default: 'en', translated: ['de'] });
  });

  it('keeps projects without languages valid: English by default, no translations, nothing listed', async () => {
    const dir = await project({ ...BASE, 'project.json': projectJson() });
    const { project: loaded, problems } = await checkProject(dir, builtinDrivers());
    expect(brief(problems)).toEqual([]);
    expect(loaded!.project.languages).toEqual({ default: 'en', translated: [] });
    expect(loaded!.texts.byLanguage.size).toBe(0);
  });

  it('refuses bad texts files with errors naming the file and the field', async () => {
    const dir = await project({
      ...BASE,
      'project.json': projectJson({ default: 'en', translated: ['de', 'fr', 'en'] }),
      'texts/de.json': { formatVersion: 1, alarms: { 'L/Level/Hi': { message: 'Füllstand {valeu}', colour: 'rot' } }, shifts: { Early: '' } },
      'texts/fr.json': '{ "formatVersion": 1, ',
      'texts/it.json': { formatVersion: 1 },
      'texts/en.json': { formatVersion: 1 },
      'texts/Deutsch.json': { formatVersion: 1 },
    });
    const { project: loaded, problems } = await checkProject(dir, builtinDrivers());
    expect(loaded).toBeUndefined();
    const errors = brief(problems).filter((p) => p.startsWith('error'));
    expect(errors).toEqual([
      "error project.json: languages.translated: en is the default language: its texts are the project files' own, list only the others",
      'error texts/Deutsch.json: the file name is a language code: texts/de.json, texts/pt-BR.json',
      'error texts/de.json: alarms.L/Level/Hi: Unrecognized key: "colour"',
      'error texts/de.json: shifts.Early: an empty translation: leave it out to show the default language',
      "error texts/en.json: en is the project's default language (project.json languages.default): its texts are the project files' own",
      'error texts/fr.json: not valid JSON: PropertyNameExpected at line 1 column 23',
      'error texts/it.json: project.json does not translate into it (languages.translated: de, fr, en): add it there or remove this file',
    ]);
  });

  it('refuses a translated alarm message with an unknown placeholder; warns when it leaves one out or names what the project lacks', async () => {
    const dir = await project({
      ...BASE,
      'project.json': projectJson({ default: 'en', translated: ['de'] }),
      'texts/de.json': {
        formatVersion: 1,
        alarms: { 'L/Level/Hi': { message: 'Füllstand {value} über {limit}' }, 'L/Level/Lo': { message: 'Füllstand {wert}' }, 'L/Gone/Hi': { message: 'Weg' } },
        screens: { main: { elements: { nowhere: { text: 'Nirgends' } } } },
      },
    });
    const { problems } = await checkProject(dir, builtinDrivers());
    const lines = brief(problems).filter((p) => !p.includes('no German translation'));
    expect(lines).toEqual([
      'warning texts/de.json: alarms.L/Level/Hi.message: leaves out {units} that the message in alarms/a.json shows',
      'error texts/de.json: alarms.L/Level/Lo.message: unknown placeholder {wert} (an alarm message may hold {value}, {units}, {limit}, {setpoint}, {tag}, {id}, {state})',
      'warning texts/de.json: alarms.L/Gone/Hi.message: the project has no alarm "L/Gone/Hi": this translation is never shown',
      'warning texts/de.json: screens.main.elements.nowhere.text: the project has no element "nowhere" of screen "main" with that text: this translation is never shown',
    ]);
  });
});

describe('npm run check lists missing translations', () => {
  it('one warning per text without a translation, per language, naming the text, where it is written and where its translation goes', async () => {
    const partial = { formatVersion: 1, alarms: { 'L/Level/Hi': GERMAN.alarms['L/Level/Hi'] }, screens: { main: { name: 'Übersicht', elements: { title: { text: 'Linienübersicht' } } } } };
    const dir = await project({ ...BASE, 'project.json': projectJson({ default: 'en', translated: ['de', 'fr'] }), 'texts/de.json': partial });
    const { project: loaded, problems } = await checkProject(dir, builtinDrivers());
    expect(loaded).toBeDefined();
    expect(brief(problems)).toEqual([
      'warning texts/de.json: alarms.L/Level/Lo.message: no German translation of alarm "L/Level/Lo": "Level low" (alarms/a.json alarms[1].message) shows in English',
      'warning texts/de.json: tags.L/Level.description: no German translation of tag "L/Level": "Tank level" (tags/t.json tags[0].description) shows in English',
      'warning texts/de.json: screens.main.elements.p1.label: no German translation of element "p1" of screen "main": "Pump 1" (screens/main.json elements(p1.label)) shows in English',
      'warning texts/de.json: shifts.Early: no German translation of shift "Early": "Early" (shifts.json shifts[0].name) shows in English',
      'warning texts/de.json: lines.L.units: no German translation of line "L": "bottles" (shifts.json lines[0].units) shows in English',
      'warning texts/de.json: lines.L.reasons.starved: no German translation of reason code "starved" of line "L": "Starved" (shifts.json lines[0].reasons.3.text) shows in English',
      ...[
        'alarms.L/Level/Hi.message',
        'alarms.L/Level/Hi.cause',
        'alarms.L/Level/Hi.consequence',
        'alarms.L/Level/Hi.action',
        'alarms.L/Level/Lo.message',
        'tags.L/Level.description',
        'screens.main.name',
        'screens.main.elements.title.text',
        'screens.main.elements.p1.label',
        'shifts.Early',
        'lines.L.units',
        'lines.L.reasons.starved',
      ].map((field) => expect.stringMatching(new RegExp(`^warning texts/fr\\.json: ${field.replace(/[.|/]/g, '\\$&')}: no French translation of `))),
    ]);
    const report = checkReport(dir, problems);
    expect(report.at(-1)).toBe('0 errors, 18 warnings.');
  });

  it('the example project is translated into German completely', async () => {
    const { problems } = await checkProject(EXAMPLE_PROJECT_DIR, builtinDrivers());
    expect(brief(problems)).toEqual([]);
    const german = JSON.parse(await readFile(join(EXAMPLE_PROJECT_DIR, 'texts', 'de.json'), 'utf8')) as typeof GERMAN;
    expect(german.alarms['L/Level/Hi' as keyof typeof german.alarms]).toBeUndefined();
    expect(Object.keys(german.alarms).length).toBeGreaterThan(5);
  });
});

describe('falling back to the default language', () => {
  const doc = loadScreenDocument(BASE['screens/main.json']);
  if (!doc.ok) throw new Error(doc.error.message);

  it('a screen shows each translated text and keeps the others as written', () => {
    const texts = { [screenTextId('screen', 'main', 'p1.label')]: 'Pumpe 1' };
    const translated = translateDocument(doc.value, (field) => texts[screenTextId('screen', 'main', field)]);
    expect(documentTexts(translated)).toEqual([
      { field: 'name', text: 'Main' },
      { field: 'title.text', text: 'Line overview' },
      { field: 'p1.label', text: 'Pumpe 1' },
    ]);
    expect(translateDocument(doc.value, () => undefined)).toBe(doc.value);
  });

  it('a multi-state indicator is translated per value, its other states as written', () => {
    const states = loadScreenDocument({
      ...BASE['screens/main.json'],
      elements: [
        {
          id: 'state',
          kind: 'symbol',
          symbol: 'multi-state',
          x: 0,
          y: 0,
          width: 96,
          height: 32,
          props: {
            states: [
              { value: 0, text: 'Stopped', fill: 'process-grey' },
              { value: 5, text: 'Faulted', fill: 'alarm-high' },
            ],
          },
        },
      ],
    });
    if (!states.ok) throw new Error(states.error.message);
    expect(documentTexts(states.value).map((t) => t.field)).toEqual(['name', 'state.states.0', 'state.states.5']);
    const translated = translateDocument(states.value, (field) => (field === 'state.states.5' ? 'Gestört' : undefined));
    const element = translated.elements[0] as unknown as { props: { states: { value: number; text: string; fill: string }[] } };
    expect(element.props.states).toEqual([
      { value: 0, text: 'Stopped', fill: 'process-grey' },
      { value: 5, text: 'Gestört', fill: 'alarm-high' },
    ]);
  });

  it("the renderer's lookup: a translation where there is one, the project files' text where not", () => {
    const lookup = projectTextLookup('de', { default: 'en', translated: ['de'], texts: { [alarmTextId('L/Level/Hi')]: 'Füllstand {value} {units} über {limit} {units}', [alarmTextId('L/Level/Hi', 'cause')]: 'Nachfüllen lief weiter' } });
    const raised = { id: 'L/Level/Hi', message: 'Level 93 % above 90 %', messageValues: { value: '93', units: '%', limit: '90' }, help: { cause: 'Refill ran on', consequence: 'Overflow', action: 'Stop' } };
    expect(lookup.alarm(raised)).toEqual({ ...raised, message: 'Füllstand 93 % über 90 %', help: { cause: 'Nachfüllen lief weiter', consequence: 'Overflow', action: 'Stop' } });
    expect(lookup.alarm(raised)).toBe(lookup.alarm(raised));
    const other = { id: 'L/Level/Lo', message: 'Level low', messageValues: {} };
    expect(lookup.alarm(other)).toBe(other);
    expect(lookup.text(shiftTextId('Early'), 'Early')).toBe('Early');
    expect(projectTextLookup('de', undefined).alarmMessage(raised)).toBe('Level 93 % above 90 %');
    // Alarm history: an entry with its values in German; one journaled before the values were kept, as stored.
    const journaled = { alarmId: 'L/Level/Hi', message: 'Level 93 % above 90 %', messageValues: { value: '93', units: '%', limit: '90' } };
    expect(lookup.journalMessage(journaled)).toBe('Füllstand 93 % über 90 %');
    expect(lookup.journalMessage({ alarmId: 'L/Level/Hi', message: 'Level 91 % above 90 %' })).toBe('Level 91 % above 90 %');
    expect(lookup.journalMessage({ ...journaled, alarmId: 'L/Level/Lo' })).toBe('Level 93 % above 90 %');
  });
});

describe('saving translations (texts.save)', () => {
  async function service(): Promise<{ dir: string; texts: TextsService }> {
    const dir = await project({ ...BASE, 'project.json': projectJson({ default: 'en', translated: ['de'] }), 'texts/de.json': { formatVersion: 1, shifts: { Early: 'Frühschicht' }, alarms: { 'L/Old/Hi': { message: 'Alt' } } } });
    const { project: loaded } = await checkProject(dir, builtinDrivers());
    const alarms = loaded!.alarms.flatMap((f) => f.alarms);
    return { dir, texts: new TextsService(dir, loaded!.texts, { alarm: (id) => alarms.find((a) => a.id === id) }) };
  }

  it('writes texts/<lang>.json as the loader reads it, keeps what it does not hold, and removes with null', async () => {
    const { dir, texts } = await service();
    const changes: number[] = [];
    texts.onDidChange((c) => changes.push(c.revision));
    const saved = await texts.save('de', { [alarmTextId('L/Level/Lo')]: 'Füllstand tief', [shiftTextId('Early')]: null });
    expect(saved.ok).toBe(true);
    expect(texts.get('de').texts).toEqual({ [alarmTextId('L/Level/Lo')]: 'Füllstand tief' });
    expect(changes).toEqual([1]);
    expect(JSON.parse(await readFile(join(dir, 'texts', 'de.json'), 'utf8'))).toEqual({ formatVersion: 1, alarms: { 'L/Level/Lo': { message: 'Füllstand tief' }, 'L/Old/Hi': { message: 'Alt' } } });
    const { problems } = await checkProject(dir, builtinDrivers());
    expect(brief(problems).filter((p) => !p.includes('no German translation'))).toEqual(['warning texts/de.json: alarms.L/Old/Hi.message: the project has no alarm "L/Old/Hi": this translation is never shown']);
  });

  it('refuses a language the project does not translate into, an unknown id, an unknown alarm and a message that drops a placeholder', async () => {
    const { texts } = await service();
    const refused = async (language: string, changes: Record<string, string | null>) => {
      const r = await texts.save(language, changes);
      return r.ok ? 'saved' : r.error.message;
    };
    expect(await refused('fr', { [shiftTextId('Early')]: 'Matin' })).toBe('the project is not translated into French (fr); project.json languages.translated: de');
    expect(await refused('en', { [shiftTextId('Early')]: 'Early' })).toBe("en is the project's default language: change the text itself, not a translation");
    expect(await refused('de', { 'colour|x|y': 'rot' })).toBe('texts["colour|x|y"]: not a text id (such as alarm|Line1/Tank101/Level/Hi|message)');
    expect(await refused('de', { [alarmTextId('L/None')]: 'Nichts' })).toBe('texts["alarm|L/None|message"]: the project has no alarm "L/None"');
    expect(await refused('de', { [alarmTextId('L/Level/Hi')]: 'Füllstand {value} hoch' })).toBe('texts["alarm|L/Level/Hi|message"]: the translation leaves out {units}, {limit}, which the message shows');
    expect(texts.get('de').texts).toEqual({ [shiftTextId('Early')]: 'Frühschicht' });
  });
});
