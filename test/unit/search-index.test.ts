import { describe, expect, it } from 'vitest';
import { SearchIndex, type SearchEntry, type SearchKind } from '../../renderer/search/search-index.ts';
import { entryScore, queryTokens, tokenScore } from '../../renderer/ui/text-match.ts';

const entry = (kind: SearchKind, title: string, detail = ''): SearchEntry => ({ kind, key: title, title, detail, href: `#/${kind}/${title}` });
const titles = (index: SearchIndex, query: string, kind: SearchKind) =>
  index
    .search(query)
    .find((g) => g.kind === kind)
    ?.hits.map((h) => h.entry.title) ?? [];

describe('text matching', () => {
  it('ranks the whole name over its start, a word start over the middle of a word, the title over the detail', () => {
    const ranks = [
      tokenScore('filler', '', 'filler'),
      tokenScore('filler drive', '', 'filler'),
      tokenScore('line1/filler/speed', '', 'filler'),
      tokenScore('refiller', '', 'filler'),
      tokenScore('unit', 'line1/filler', 'filler'),
      tokenScore('unit', 'refiller', 'filler'),
      tokenScore('line1/filler/speed', '', 'lfs'),
    ];
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(ranks.every((r) => r > 0)).toBe(true);
  });

  it('finds nothing for letters that are not there, in order', () => {
    expect(tokenScore('line1/filler/speed', 'bottles per minute', 'xyz')).toBe(0);
    expect(tokenScore('line1/filler/speed', '', 'sfl')).toBe(0);
  });

  it('needs every word of the query, in any order, case-insensitive', () => {
    expect(queryTokens('  Bowl   TEMP ')).toEqual(['bowl', 'temp']);
    expect(entryScore('line1/filler/bowltemperature', 'bowl temperature', ['temp', 'filler'])).toBeGreaterThan(0);
    expect(entryScore('line1/filler/bowltemperature', 'bowl temperature', ['temp', 'capper'])).toBe(0);
  });
});

describe('the search index', () => {
  const index = new SearchIndex();
  index.set('screen', [entry('screen', 'Filler', 'Level 3 unit · Line1/Filler · filler'), entry('screen', 'Line 1', 'Level 2 area · Line1 · line1'), entry('screen', 'Overview', 'Level 1 overview')]);
  index.set('tag', [entry('tag', 'Line1/Filler/Speed', 'bpm'), entry('tag', 'Line1/Filler/State'), entry('tag', 'Line1/Capper/Speed', 'bpm'), entry('tag', 'Line1/Refiller/Speed')]);
  index.set('display', [entry('display', 'Alarm history', 'Analyse'), entry('display', 'Alarms', 'Operate')]);

  it('groups hits by kind in a fixed order, best first, shorter names first among equals', () => {
    const groups = index.search('filler');
    expect(groups.map((g) => g.kind)).toEqual(['screen', 'tag']);
    expect(titles(index, 'filler', 'screen')).toEqual(['Filler']);
    expect(titles(index, 'filler', 'tag')).toEqual(['Line1/Filler/Speed', 'Line1/Filler/State', 'Line1/Refiller/Speed']);
    expect(titles(index, 'alarm', 'display')).toEqual(['Alarms', 'Alarm history']);
  });

  it('narrows with more words and finds by initials', () => {
    expect(titles(index, 'speed filler', 'tag')).toEqual(['Line1/Filler/Speed', 'Line1/Refiller/Speed']);
    expect(titles(index, 'lcs', 'tag')).toEqual(['Line1/Capper/Speed']);
  });

  it('keeps the best ones when more match than shown, and says how many matched', () => {
    const big = new SearchIndex();
    big.set(
      'tag',
      Array.from({ length: 10_000 }, (_, i) => entry('tag', `Area${String(i % 100).padStart(2, '0')}/Unit${i}/Value`)),
    );
    const [tags] = big.search('unit42', 5);
    expect(tags!.total).toBe(111); // Unit42, Unit420–429, Unit4200–4299
    expect(tags!.hits.map((h) => h.entry.title)).toEqual(['Area42/Unit42/Value', 'Area20/Unit420/Value', 'Area21/Unit421/Value', 'Area22/Unit422/Value', 'Area23/Unit423/Value']);
  });

  it('replaces one kind when its source changes, leaving the others', () => {
    const changing = new SearchIndex();
    changing.set('screen', [entry('screen', 'Filler')]);
    changing.set('tag', [entry('tag', 'Line1/Filler/Speed')]);
    changing.set('screen', [entry('screen', 'Filler'), entry('screen', 'Filler CIP')]);
    expect(titles(changing, 'filler', 'screen')).toEqual(['Filler', 'Filler CIP']);
    expect(titles(changing, 'filler', 'tag')).toEqual(['Line1/Filler/Speed']);
  });

  it('lists screens and displays to browse when nothing is typed', () => {
    expect(index.search('').map((g) => g.kind)).toEqual(['screen', 'display']);
    expect(index.search('zzz')).toEqual([]);
  });
});
