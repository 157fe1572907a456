import { entryScore, queryTokens } from '../ui/text-match.ts';

/**
 * The global search's index: entries of every kind (screens, displays, tags, alarms, alarm definitions,
 * work orders), each kind replaced as a whole when its source changes (`set`), matched per keystroke by
 * a linear scan over lower-cased texts prepared once. Pure: no DOM, no services.
 */

export const SEARCH_KINDS = ['screen', 'display', 'tag', 'alarm', 'alarm-definition', 'work-order'] as const;
/** The kinds, in the order their groups are listed (their titles: `kind.<kind>` of the 'search' catalogue). */
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchEntry {
  readonly kind: SearchKind;
  /** Unique within its kind. */
  readonly key: string;
  /** What the entry is called (a screen's name, a tag's path, an alarm's message). */
  readonly title: string;
  /** A second line: id, level and area, description, state. Matched too, weighing less. */
  readonly detail: string;
  /** Where Enter goes (a hash route). */
  readonly href: string;
}

export interface SearchHit {
  readonly entry: SearchEntry;
  readonly score: number;
}

export interface SearchGroup {
  readonly kind: SearchKind;
  readonly hits: readonly SearchHit[];
  /** How many entries of this kind matched (more than `hits` when cut to the limit). */
  readonly total: number;
}

interface Prepared {
  readonly entry: SearchEntry;
  readonly title: string;
  readonly detail: string;
}

function better(a: SearchHit, b: SearchHit): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.entry.title.length !== b.entry.title.length) return a.entry.title.length < b.entry.title.length;
  return a.entry.title < b.entry.title;
}

export class SearchIndex {
  readonly #kinds = new Map<SearchKind, readonly Prepared[]>();

  /** Replaces the entries of one kind (the rest stay as they are). */
  set(kind: SearchKind, entries: readonly SearchEntry[]): void {
    this.#kinds.set(
      kind,
      entries.map((entry) => ({ entry, title: entry.title.toLowerCase(), detail: entry.detail.toLowerCase() })),
    );
  }

  size(kind: SearchKind): number {
    return this.#kinds.get(kind)?.length ?? 0;
  }

  /**
   * The best `limit` hits of each kind, kinds in `SEARCH_KINDS` order (only kinds with hits). An empty
   * query lists the first screens and displays, to browse.
   */
  search(query: string, limit = 8): SearchGroup[] {
    const tokens = queryTokens(query);
    const groups: SearchGroup[] = [];
    for (const kind of SEARCH_KINDS) {
      const prepared = this.#kinds.get(kind) ?? [];
      if (tokens.length === 0) {
        if (kind !== 'screen' && kind !== 'display') continue;
        if (prepared.length > 0) groups.push({ kind, hits: prepared.slice(0, limit).map((p) => ({ entry: p.entry, score: 0 })), total: prepared.length });
        continue;
      }
      // The best `limit`, kept sorted by insertion: no sort of thousands of matches per keystroke.
      const best: SearchHit[] = [];
      let total = 0;
      for (const p of prepared) {
        const score = entryScore(p.title, p.detail, tokens);
        if (score === 0) continue;
        total++;
        const hit = { entry: p.entry, score };
        if (best.length === limit && !better(hit, best[limit - 1]!)) continue;
        let at = best.length === limit ? limit - 1 : best.length;
        best[at] = hit;
        while (at > 0 && better(best[at]!, best[at - 1]!)) {
          [best[at - 1], best[at]] = [best[at]!, best[at - 1]!];
          at--;
        }
      }
      if (total > 0) groups.push({ kind, hits: best, total });
    }
    return groups;
  }
}
