import type { Page } from 'playwright-core';
import { CATALOGUES } from '../../renderer/i18n/i18n.ts';

/**
 * Checks that a page shows no English word of the interface while it is in German. Use:
 * `const english = englishOnlyWords(); const words = await interfaceWords(page, ['section.display:not([hidden])']);`
 * then `expect(words.filter((w) => english.has(w.toLowerCase()))).toEqual([])`. Project data (tag paths,
 * alarm messages, names, the project's own texts) is marked `data-project-text` in the renderer and skipped.
 */

/** Words of the English catalogues' texts that no German text of them uses: one left in a German page is an untranslated string. */
export function englishOnlyWords(): Set<string> {
  const texts = (node: unknown): string[] => (typeof node === 'string' ? [node] : Object.values(node as Record<string, unknown>).flatMap(texts));
  const words = (language: 'en' | 'de') =>
    new Set(
      texts(CATALOGUES[language])
        .flatMap((text) => text.replace(/\{\{\w+\}\}/g, ' ').match(/\p{L}{3,}/gu) ?? [])
        .map((w) => w.toLowerCase()),
    );
  const german = words('de');
  return new Set([...words('en')].filter((w) => !german.has(w)));
}

/**
 * Every text a person reads under the given roots: visible text, and title, aria-label and placeholder
 * attributes; project data (`data-project-text`) and the inside of closed `<details>` are skipped.
 */
export async function interfaceWords(page: Page, roots: readonly string[]): Promise<string[]> {
  return page.evaluate((selectors) => {
    const texts: string[] = [];
    for (const root of selectors.flatMap((selector) => [...document.querySelectorAll(selector)])) {
      for (const el of [root, ...root.querySelectorAll('*')]) {
        if (el.closest('[data-project-text]')) continue;
        for (const attr of ['title', 'aria-label', 'placeholder']) {
          const value = el.getAttribute(attr);
          if (value) texts.push(value);
        }
      }
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('[data-project-text]') || parent.closest('details:not([open]) > :not(summary)')) continue;
        texts.push(node.textContent ?? '');
      }
    }
    return texts.join(' ').match(/\p{L}{3,}/gu) ?? [];
  }, roots);
}
