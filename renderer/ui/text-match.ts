/**
 * Matching typed text against names, for the global search and the screen navigator's filter: the
 * query's words (lower-cased) must each match the title or the detail line, scored so that whole
 * names beat their start, a word's start beats the middle of a word, the title beats the detail line.
 */

/** Characters after which a word starts: `Line1/Filler/Speed`, `Bowl temperature`, `alarm-kpis`. */
const BOUNDARY = /[\s/\\._\-·:,()[\]]/;

/** Where `token` starts a word of `text` (or the text), -1 when it does not. */
function wordPrefixAt(text: string, token: string): number {
  for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + 1)) {
    if (at === 0 || BOUNDARY.test(text[at - 1]!)) return at;
  }
  return -1;
}

/** The characters of `token` in order in `text`, each of them starting a word or following the last: "lfs" in "line1/filler/speed". */
function initialsMatch(text: string, token: string): boolean {
  let at = 0;
  for (const ch of token) {
    let found = -1;
    for (let i = at; i < text.length; i++) {
      if (text[i] === ch && (i === 0 || i === at || BOUNDARY.test(text[i - 1]!))) {
        found = i;
        break;
      }
    }
    if (found === -1) return false;
    at = found + 1;
  }
  return true;
}

/**
 * How well one lower-cased token matches an entry; 0 = not at all. The whole title beats its start,
 * its start beats a word's start in it, that beats anywhere in it, then the same in the detail line,
 * last the token's letters as the initials of the title's words ("lfs" → Line1/Filler/Speed).
 */
export function tokenScore(title: string, detail: string, token: string): number {
  if (title === token) return 100;
  if (title.startsWith(token)) return 80;
  if (wordPrefixAt(title, token) !== -1) return 60;
  if (title.includes(token)) return 40;
  if (wordPrefixAt(detail, token) !== -1) return 25;
  if (detail.includes(token)) return 15;
  if (token.length > 1 && initialsMatch(title, token)) return 8;
  return 0;
}

/** The query's words, lower-cased: every one must match for an entry to be found. */
export function queryTokens(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Score of an entry for all tokens (0 when one does not match); short titles first among equals. */
export function entryScore(title: string, detail: string, tokens: readonly string[]): number {
  let total = 0;
  for (const token of tokens) {
    const score = tokenScore(title, detail, token);
    if (score === 0) return 0;
    total += score;
  }
  return total;
}
