import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, createI18n, LANGUAGE_CODES, NAMESPACES, SOURCE_LANGUAGE, type Language } from '../../renderer/i18n/i18n.ts';
import { LanguageStore, resolveLanguage } from '../../renderer/i18n/language.ts';
import { currentFormatLocale, formatIsoDateTime, formatNumber, setFormatLocale } from '../../renderer/ui/format.ts';

/** Languages whose catalogues must have every key English has; the others may lack some (they fall back to English). */
const COMPLETE: readonly Language[] = ['en', 'de'];
const LOCALES = new URL('../../renderer/i18n/locales/', import.meta.url);
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Flat keys of a catalogue: `health.device.ok`; plural forms (`_one`, `_other`...) kept as they are. */
function keysOf(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'object' && value !== null ? keysOf(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`]));
}

/** What a language's catalogue lacks and has too much, against English: plural keys by the plural forms of each language (Intl.PluralRules). */
function compare(language: Language, namespace: string): { missing: string[]; extra: string[]; badPlurals: string[] } {
  const source = keysOf(CATALOGUES[SOURCE_LANGUAGE][namespace as 'frame']);
  const target = new Set(keysOf(CATALOGUES[language][namespace as 'frame']));
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const pluralBases = new Set(source.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
  const expected = new Set([...source.filter((k) => !PLURAL.test(k)), ...[...pluralBases].flatMap((base) => categories.map((c) => `${base}_${c}`))]);
  const missing = [...expected].filter((k) => !target.has(k));
  const extra = [...target].filter((k) => !expected.has(k));
  // A plural key present in some forms but not all: a count would show English for the missing forms.
  const badPlurals = [...pluralBases].filter((base) => categories.some((c) => target.has(`${base}_${c}`)) && !categories.every((c) => target.has(`${base}_${c}`)));
  return { missing, extra, badPlurals };
}

describe('the catalogues', () => {
  it('are JSON files renderer/i18n/locales/<language>/<namespace>.json, one per language and namespace, all bundled', () => {
    const onDisk = readdirSync(LOCALES).sort();
    expect(onDisk).toEqual([...LANGUAGE_CODES].sort());
    for (const language of LANGUAGE_CODES) {
      const files = readdirSync(new URL(`${language}/`, LOCALES)).sort();
      expect(files, language).toEqual([...NAMESPACES].map((ns) => `${ns}.json`).sort());
      for (const file of files) expect(JSON.parse(readFileSync(new URL(`${language}/${file}`, LOCALES), 'utf8')), `${language}/${file}`).toEqual(CATALOGUES[language][file.replace('.json', '') as 'frame']);
    }
  });

  for (const language of LANGUAGE_CODES) {
    for (const namespace of NAMESPACES) {
      const complete = COMPLETE.includes(language);
      it(`${language}/${namespace}.json: ${complete ? 'every key English has' : 'partial'}, no key English lacks, every plural form of the language`, () => {
        const { missing, extra, badPlurals } = compare(language, namespace);
        // Reported together, by name: the keys English has that this catalogue lacks (only for a complete
        // language), the keys English does not have (stale or misspelt: never shown), and plural keys that
        // lack some of the language's forms (a count would show English for those).
        if (complete) expect({ missing, extra, badPlurals }).toEqual({ missing: [], extra: [], badPlurals: [] });
        else {
          expect({ extra, badPlurals }).toEqual({ extra: [], badPlurals: [] });
          console.info(`${language}/${namespace}.json is partial: ${missing.length} keys fall back to English`);
        }
      });
    }
  }

  it('every {{placeholder}} of an English text is in each translation of it (a translation cannot drop the value)', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}|<(\d+)>/g)].map((m) => m[1] ?? `<${m[2]}>`).sort();
    const problems: string[] = [];
    for (const namespace of NAMESPACES) {
      const flat = (language: Language) =>
        Object.fromEntries(keysOf(CATALOGUES[language][namespace]).map((k) => [k, k.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], CATALOGUES[language][namespace]) as string]));
      const english = flat('en');
      for (const language of LANGUAGE_CODES.filter((l) => l !== 'en')) {
        for (const [key, text] of Object.entries(flat(language))) {
          const source = english[key] ?? english[key.replace(PLURAL, '_other')];
          if (source === undefined) continue;
          // Plural forms for one and two may say the number in words ("جهاز واحد"): only {{count}} may go.
          const wanted = placeholders(source).filter((p) => !(PLURAL.test(key) && p === 'count'));
          const have = placeholders(text).filter((p) => p !== 'count');
          if (JSON.stringify(wanted.filter((p) => p !== 'count')) !== JSON.stringify(have)) problems.push(`${language}/${namespace} ${key}: ${JSON.stringify(have)} instead of ${JSON.stringify(wanted)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('i18next on the catalogues: interpolation, plurals, fallbacks', () => {
  it('interpolates {{vars}} and picks the plural form by count, in English and German', () => {
    const en = createI18n('en');
    const de = createI18n('de');
    expect(en.t('health.devicesInError', { ns: 'frame', count: 1 })).toBe('1 device in error');
    expect(en.t('health.devicesInError', { ns: 'frame', count: 3 })).toBe('3 devices in error');
    expect(de.t('health.devicesInError', { ns: 'frame', count: 1 })).toBe('1 Gerät gestört');
    expect(de.t('health.devicesInError', { ns: 'frame', count: 3 })).toBe('3 Geräte gestört');
    expect(de.t('health.devicesOk', { ns: 'frame', ok: 2, total: 3 })).toBe('Geräte 2/3 OK');
    expect(de.t('banner.countTitle', { ns: 'alarms', priority: de.t('priority.high', { ns: 'alarms' }), active: 2, unack: 1 })).toBe('Hoch: 2 aktiv, 1 unquittiert');
  });

  it('Arabic takes its own plural forms (two, few, many)', () => {
    const ar = createI18n('ar');
    expect(ar.t('health.devicesInError', { ns: 'frame', count: 2 })).toBe('جهازان معطلان');
    expect(ar.t('health.devicesInError', { ns: 'frame', count: 5 })).toBe('5 أجهزة معطلة');
    expect(ar.t('health.devicesInError', { ns: 'frame', count: 11 })).toBe('11 جهازًا معطلًا');
  });

  it('a key German lacks shows in English, never as the key', () => {
    const de = createI18n('de');
    // A key only English has (as a display converted later, before its German lands).
    de.addResource('en', 'frame', 'probe.onlyEnglish', 'Only in English');
    expect(de.t('probe.onlyEnglish', { ns: 'frame' })).toBe('Only in English');
    expect(de.t('displays.overview', { ns: 'frame' })).toBe('Übersicht');
  });

  it('the partial Arabic catalogue falls back to English key by key', () => {
    const ar = createI18n('ar');
    expect(ar.t('displays.overview', { ns: 'frame' })).toBe('نظرة عامة');
    expect(ar.t('health.noDevices', { ns: 'frame' })).toBe('No devices reported.');
    expect(ar.t('signIn.timedOut', { ns: 'users' })).toBe('You were signed out after a time without activity.');
  });
});

class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem = (key: string) => this.map.get(key) ?? null;
  setItem = (key: string, value: string) => void this.map.set(key, value);
  removeItem = (key: string) => void this.map.delete(key);
}

describe('the station language and the person language', () => {
  const root = () => ({ lang: '', dir: '' }) as unknown as HTMLElement;

  it('the person’s own choice wins over the station’s, which wins over English', () => {
    expect(resolveLanguage(undefined, undefined)).toBe('en');
    expect(resolveLanguage('de', undefined)).toBe('de');
    expect(resolveLanguage('de', 'ar')).toBe('ar');
  });

  it('switches i18next, <html lang dir> and the number and date locale at once; the person’s choice follows them', () => {
    const before = currentFormatLocale();
    try {
      const storage = new MemoryStorage();
      const html = root();
      const instance = createI18n('en');
      const store = new LanguageStore(storage, html, instance);
      let changes = 0;
      store.subscribe(() => changes++);
      expect([store.get(), html.lang, html.dir]).toEqual(['en', 'en', 'ltr']);

      store.choose('de', 'station');
      expect([store.get(), html.lang, html.dir, instance.language, changes]).toEqual(['de', 'de', 'ltr', 'de', 1]);
      expect(instance.t('displays.alarms', { ns: 'frame' })).toBe('Alarme');
      expect(formatNumber(1234.5, 1)).toBe('1.234,5');
      // Texts that programs read keep one form whatever the language.
      expect(formatIsoDateTime(Date.UTC(2026, 11, 7, 13, 3, 7), 'Europe/Berlin')).toBe('2026-12-07 14:03:07');

      // The person's own choice is kept by the runtime with their account (users.preferences.save).
      const saved: (Language | null)[] = [];
      const operator = { name: 'operator', choice: null, save: (next: Language | null) => void saved.push(next) };
      store.setUser(operator);
      expect(() => store.choose('fr' as Language, 'user')).toThrow(/unknown language 'fr'/);
      store.choose('ar', 'user');
      expect([store.get(), html.lang, html.dir, saved]).toEqual(['ar', 'ar', 'rtl', ['ar']]);
      expect(formatNumber(1234.5, 1)).toBe('1,234.5');
      expect(formatIsoDateTime(Date.UTC(2026, 11, 7, 13, 3, 7), 'Europe/Berlin')).toBe('2026-12-07 14:03:07');

      // Another person signs in: the station's German again; the operator's Arabic comes back with them (from the runtime).
      store.setUser({ name: 'supervisor', choice: null, save: () => {} });
      expect([store.get(), html.dir]).toEqual(['de', 'ltr']);
      store.setUser({ ...operator, choice: 'ar' });
      expect(store.get()).toBe('ar');
      // The station's choice is in the station's storage: a new page (a reload, another window) starts in it.
      const again = new LanguageStore(storage, root(), createI18n('en'));
      expect(again.get()).toBe('de');
      expect(() => new LanguageStore(storage, root(), createI18n('en')).choose('de', 'user')).toThrow(/needs someone signed in/);
    } finally {
      setFormatLocale(before);
    }
  });
});
