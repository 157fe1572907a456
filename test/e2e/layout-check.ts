import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * What a person would call "cut off": a visible element of the frame or of the shown display that
 * reaches past the viewport, or past an ancestor that clips without scrolling (overflow hidden/clip), and
 * a bar of the frame whose content is wider than the bar. Elements inside a scrolling container are
 * reachable (the list scrolls), so they are not counted; SVG internals scale with their drawing.
 */
export async function cutOff(page: Page, roots: readonly string[]): Promise<string[]> {
  return page.evaluate((selectors) => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const name = (el: Element) => {
      const id = el.getAttribute('data-testid');
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').trim().slice(0, 30);
      return `${el.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ''}${cls}${text ? ` "${text}"` : ''}`;
    };
    const visible = (el: Element) => {
      const rect = el.getBoundingClientRect();
      if (rect.width < 1 || rect.height < 1) return false;
      const style = getComputedStyle(el);
      return style.visibility !== 'hidden' && style.opacity !== '0';
    };
    if (document.documentElement.scrollWidth > vw + 1) problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
    for (const selector of selectors) {
      for (const root of document.querySelectorAll(selector)) {
        if (!visible(root)) continue;
        for (const el of [root, ...root.querySelectorAll('*')]) {
          if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
          if (el.closest('[hidden]') || !visible(el)) continue;
          const rect = el.getBoundingClientRect();
          let clipper: Element | null = el.parentElement;
          let scrolls = false;
          let clipRect: DOMRect | undefined;
          while (clipper && clipper !== document.body) {
            const style = getComputedStyle(clipper);
            if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
              if (/(auto|scroll)/.test(style.overflowX + style.overflowY)) scrolls = true;
              else clipRect = clipper.getBoundingClientRect();
              break;
            }
            clipper = clipper.parentElement;
          }
          if (scrolls) continue;
          const box = clipRect ?? new DOMRect(0, 0, vw, vh);
          const tolerance = 1.5;
          if (rect.right > box.right + tolerance || rect.left < box.left - tolerance || rect.bottom > box.bottom + tolerance || rect.top < box.top - tolerance) {
            problems.push(
              `${name(el)} at ${Math.round(rect.left)},${Math.round(rect.top)}-${Math.round(rect.right)},${Math.round(rect.bottom)} outside ${clipRect ? name(clipper!) : 'the viewport'} ${Math.round(box.left)},${Math.round(box.top)}-${Math.round(box.right)},${Math.round(box.bottom)}`,
            );
          }
        }
      }
    }
    return problems;
  }, roots);
}

/** Bars of the frame whose content is wider than the bar (scrollWidth > clientWidth): something in them is clipped. */
export async function overfullBars(page: Page, selectors: readonly string[]): Promise<string[]> {
  return page.evaluate(
    (list) =>
      list.flatMap((selector) =>
        [...document.querySelectorAll(selector)]
          .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
          .map((el) => `${selector}: ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`),
      ),
    selectors,
  );
}

let axeSource: string | undefined;

/**
 * WCAG AA colour contrast of the page as shown (axe-core's color-contrast rule, injected by evaluation
 * so the page's CSP stays as strict as it is in use). Returns one line per failing element.
 */
export async function contrastViolations(page: Page): Promise<string[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { nodes: { target: unknown[]; any: { message: string }[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations'] });
    return result.violations.flatMap((violation) => violation.nodes.map((node) => `${node.target.join(' ')}: ${node.any.map((a) => a.message).join('; ')}`));
  });
}

/**
 * WCAG AA contrast of SVG text (symbols on the mimic and in the editor), which axe does not check: each
 * visible `<text>` against what is painted under its centre (the first filled shape or HTML background
 * below it), 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). Text on a hatched (bad quality)
 * fill is left to the quality marks' own look.
 */
export async function svgTextContrast(page: Page, root: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const parse = (colour: string): [number, number, number, number] | undefined => {
      const m = colour.match(/rgba?\(([\d.]+),?\s*([\d.]+),?\s*([\d.]+)(?:,?\s*\/?\s*([\d.]+))?\)/);
      return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : undefined;
    };
    const luminance = ([r, g, b]: number[]) => {
      const c = [r!, g!, b!].map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
    };
    const ratio = (a: number[], b: number[]) => {
      const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (l1! + 0.05) / (l2! + 0.05);
    };
    const problems: string[] = [];
    for (const scope of document.querySelectorAll(selector)) {
      for (const text of scope.querySelectorAll('svg text')) {
        const rect = text.getBoundingClientRect();
        const style = getComputedStyle(text);
        if (rect.width < 1 || rect.height < 1 || style.visibility === 'hidden' || !(text.textContent ?? '').trim()) continue;
        if (text.closest('[hidden], [aria-hidden="true"]') || Number(style.opacity) < 0.5) continue;
        const ink = parse(style.fill);
        if (!ink || ink[3] < 0.5) continue;
        const x = rect.left + rect.width / 2;
        const y = rect.top + rect.height / 2;
        let ground: number[] | undefined;
        for (const below of document.elementsFromPoint(x, y)) {
          if (below === text || text.contains(below) || below.tagName.toLowerCase() === 'text' || below.tagName.toLowerCase() === 'tspan') continue;
          const belowStyle = getComputedStyle(below);
          if (below instanceof SVGElement && !(below instanceof SVGSVGElement)) {
            if (belowStyle.fill.startsWith('url(')) {
              ground = undefined;
              break;
            }
            const fill = parse(belowStyle.fill);
            if (fill && fill[3] >= 0.5 && Number(belowStyle.fillOpacity) >= 0.5) {
              ground = fill;
              break;
            }
          } else {
            const background = parse(belowStyle.backgroundColor);
            if (background && background[3] >= 0.5) {
              ground = background;
              break;
            }
          }
        }
        if (!ground) continue;
        // The text as drawn (the drawing is scaled): its box height is about 1.15 times its size.
        const drawn = rect.height / 1.15;
        const large = drawn >= 24 || (Number(style.fontWeight) >= 700 && drawn >= 18.66);
        const found = ratio(ink, ground);
        if (found < (large ? 3 : 4.5)) problems.push(`"${(text.textContent ?? '').trim().slice(0, 30)}" ${style.fill} on rgb(${ground.slice(0, 3).join(', ')}): ${found.toFixed(2)}:1`);
      }
    }
    return problems;
  }, root);
}
