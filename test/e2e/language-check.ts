import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROLE_NAMES } from '../../common/permissions.ts';
import { CATALOGUES } from '../../renderer/i18n/i18n.ts';

/**
 * Checks that a page shows no English word of the interface while it is in German. Use:
 * `const english = englishOnlyWords(); const words = await interfaceWords(page, ['section.display:not([hidden])']);`
 * then `expect(words.filter((w) => english.has(w.toLowerCase()))).toEqual([])`. Project data (tag paths,
 * alarm messages, names, the project's own texts) is marked `data-project-text` in the renderer and skipped.
 */

/**
 * Words of the English catalogues' texts that no German text of them uses: one left in a German page is an
 * untranslated string. Not counted: the role names (names, inside translated sentences too) and every word of
 * the files of `projects` (folders): a unit, a material or a tag path inside a translated sentence is the
 * project's own, in the project's language.
 */
export function englishOnlyWords(projects: readonly string[] = []): Set<string> {
  const texts = (node: unknown): string[] => (typeof node === 'string' ? [node] : node && typeof node === 'object' ? Object.values(node).flatMap(texts) : []);
  const words = (list: readonly string[]) => new Set(list.flatMap((text) => text.replace(/\{\{\w+\}\}/g, ' ').match(/\p{L}{3,}/gu) ?? []).map((w) => w.toLowerCase()));
  const german = words(texts(CATALOGUES.de));
  const project = words(projects.flatMap((dir) => projectFiles(dir).flatMap((file) => texts(JSON.parse(readFileSync(file, 'utf8'))))));
  return new Set([...words(texts(CATALOGUES.en))].filter((w) => !german.has(w) && !project.has(w) && !(ROLE_NAMES as readonly string[]).includes(w)));
}

/** The JSON files of a project folder, its translations (`texts/`) left out. */
function projectFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && !entry.name.startsWith('.'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !path.startsWith(join(dir, 'texts')));
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

/** Where each word was found (the element and attribute), to say what is left untranslated. */
export async function whereWords(page: Page, found: readonly string[], roots: readonly string[]): Promise<string[]> {
  return page.evaluate(
    ({ list, selectors }) => {
      const out: string[] = [];
      const name = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}.${String(el.className).split(' ')[0]}`;
      for (const root of selectors.flatMap((s) => [...document.querySelectorAll(s)])) {
        for (const el of [root, ...root.querySelectorAll('*')]) {
          if (el.closest('[data-project-text]')) continue;
          for (const attr of ['title', 'aria-label', 'placeholder']) {
            const value = el.getAttribute(attr) ?? '';
            if (list.some((w) => new RegExp(`\\b${w}\\b`).test(value))) out.push(`${name(el)} @${attr}: ${value.slice(0, 80)}`);
          }
          for (const node of el.childNodes) {
            if (node.nodeType === 3 && list.some((w) => new RegExp(`\\b${w}\\b`).test(node.textContent ?? ''))) out.push(`${name(el)}: ${(node.textContent ?? '').slice(0, 80)}`);
          }
        }
      }
      return [...new Set(out)].slice(0, 40);
    },
    { list: found, selectors: roots },
  );
}

/** Every word of every text of the project's files (screens, templates, tags, alarms, project.json). */
export async function projectWords(dir: string): Promise<Set<string>> {
  const words = new Set<string>();
  const collect = (node: unknown): void => {
    if (typeof node === 'string') for (const word of node.match(/\p{L}{3,}/gu) ?? []) words.add(word.toLowerCase());
    else if (node && typeof node === 'object') for (const value of Object.values(node)) collect(value);
  };
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.json') && !path.includes(`${join(dir, 'texts')}`)) collect(JSON.parse(await readFile(path, 'utf8')));
    }
  };
  await walk(dir);
  return words;
}

/** The signed-in person chooses `language` for themselves in the top bar; resolves when the page is in it. */
export async function chooseLanguageForMe(page: Page, language: string, timeout = 15_000): Promise<void> {
  await page.click('[data-testid="language-switch"] > summary');
  await page.click(`[data-testid="language-user-${language}"]`);
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language, { timeout });
}
