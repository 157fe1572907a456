import { describe, expect, it } from 'vitest';
import { loadScreenDocument } from '../../screens/screen-document.ts';
import { migrateScreenDocument, SCREEN_MIGRATIONS, type ScreenMigration } from '../../screens/screen-migrations.ts';
import { SCREEN_FORMAT_VERSION } from '../../screens/screen-schema.ts';

/**
 * One row per migration in SCREEN_MIGRATIONS: a document in format `from` and what it must become in
 * format `from + 1`. Adding format 2 is one step here: a row { from: 1, before: <a v1 document>,
 * after: <the same document in v2> }. Rows run through the real registry, and the final form of every
 * row must load with the current schema.
 */
const V1_SCREEN = {
  formatVersion: 1,
  kind: 'screen',
  id: 'overview',
  name: 'Overview',
  level: 'overview',
  size: { width: 800, height: 600 },
  elements: [{ id: 't', kind: 'text', x: 0, y: 0, width: 100, height: 20, props: { text: 'hello' } }],
};
const V1_TEMPLATE = { formatVersion: 1, kind: 'template', id: 'tile', name: 'Tile', size: { width: 100, height: 60 }, elements: [] };

const MIGRATION_CASES: readonly { from: number; before: Record<string, unknown>; after: Record<string, unknown> }[] = [
  // Format 2 lets a screen name its plant area; a format-1 document has none, so only the number changes.
  { from: 1, before: V1_SCREEN, after: { ...V1_SCREEN, formatVersion: 2 } },
  { from: 1, before: { ...V1_SCREEN, kind: 'screen', id: 'filler', level: 'unit', parent: 'line1' }, after: { ...V1_SCREEN, id: 'filler', level: 'unit', parent: 'line1', formatVersion: 2 } },
  { from: 1, before: V1_TEMPLATE, after: { ...V1_TEMPLATE, formatVersion: 2 } },
];
const V2_SCREEN = { ...V1_SCREEN, formatVersion: 2, area: 'Line1' };

describe('screen migrations', () => {
  it('has a test case for every registered migration, and a migration for every format before the current one', () => {
    expect([...SCREEN_MIGRATIONS.keys()].sort()).toEqual([...new Set(MIGRATION_CASES.map((c) => c.from))].sort());
    for (let v = 1; v < SCREEN_FORMAT_VERSION; v++) expect(SCREEN_MIGRATIONS.has(v)).toBe(true);
  });

  for (const { from, before, after } of MIGRATION_CASES) {
    it(`migrates format ${from} to ${from + 1}`, () => {
      const step = SCREEN_MIGRATIONS.get(from);
      expect(step).toBeDefined();
      expect({ ...step?.(structuredClone(before)), formatVersion: from + 1 }).toEqual(after);
      const loaded = loadScreenDocument(before);
      expect(loaded.ok ? true : loaded.error.message).toBe(true);
    });
  }

  it('loads a current-format document unchanged by migration', () => {
    const result = migrateScreenDocument(structuredClone(V2_SCREEN));
    expect(result).toEqual({ ok: true, value: V2_SCREEN });
    const loaded = loadScreenDocument(V2_SCREEN);
    expect(loaded.ok && loaded.value.kind === 'screen' && loaded.value.area).toBe('Line1');
  });

  it('refuses an empty area, naming the field', () => {
    const empty = loadScreenDocument({ ...V2_SCREEN, area: '  ' });
    expect(!empty.ok && empty.error.message).toMatch(/^area: an area is a name/);
  });

  it('refuses a document newer than this Lineside reads, clearly', () => {
    const result = migrateScreenDocument({ ...V1_SCREEN, formatVersion: SCREEN_FORMAT_VERSION + 1 });
    expect(result).toEqual({
      ok: false,
      error: { code: 'config-error', path: 'formatVersion', message: `formatVersion: screen format ${SCREEN_FORMAT_VERSION + 1} is newer than this Lineside reads (${SCREEN_FORMAT_VERSION}); update Lineside` },
    });
  });

  it.each([[0], [-1], [1.5], ['1'], [null]])('refuses formatVersion %j', (version) => {
    const result = migrateScreenDocument({ ...V1_SCREEN, formatVersion: version });
    expect(!result.ok && result.error.message).toMatch(/must be a positive integer/);
  });

  // The chain mechanism, with a registry of stand-in steps (the real registry is empty while format 1 is current).
  describe('the migration chain', () => {
    const renameTitle: ScreenMigration = (doc) => {
      const { title, ...rest } = doc;
      return { ...rest, name: title };
    };
    const addBackground: ScreenMigration = (doc) => ({ ...doc, background: doc['background'] ?? 'background' });
    const chain = new Map([
      [1, renameTitle],
      [2, addBackground],
    ]);

    it('runs every step from the document format to the current one, in order, setting formatVersion', () => {
      expect(migrateScreenDocument({ formatVersion: 1, title: 'Old' }, chain, 3)).toEqual({ ok: true, value: { formatVersion: 3, name: 'Old', background: 'background' } });
      expect(migrateScreenDocument({ formatVersion: 2, name: 'Mid' }, chain, 3)).toEqual({ ok: true, value: { formatVersion: 3, name: 'Mid', background: 'background' } });
    });

    it('names a missing step', () => {
      const result = migrateScreenDocument({ formatVersion: 1 }, new Map([[2, addBackground]]), 3);
      expect(!result.ok && result.error.message).toBe('formatVersion: no migration from screen format 1');
    });

    it('does not modify its input', () => {
      const input = { formatVersion: 1, title: 'Old' };
      migrateScreenDocument(input, chain, 3);
      expect(input).toEqual({ formatVersion: 1, title: 'Old' });
    });
  });
});
