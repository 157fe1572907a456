/**
 * The readout canvas of a run-mode screen: 2D canvases over all SVG layers on which the value
 * readouts are drawn. A changed SVG `<text>` costs Chromium's software renderer about 30 µs of
 * layout and paint and 20 µs of raster; a `fillText` on a canvas a few µs (measured with 2,000
 * readouts: main thread 55 → 26 ms, raster 44 → 6 ms per burst).
 *
 * The SVG text stays the truth. Symbols draw it as usual, marked `data-readout`, and ElementView
 * marks the elements whose readouts may go on the canvas (`data-readouts="canvas"`: nothing later in
 * the document covers them, canvas-layers.ts `clearOfLater`). While this painter runs, CSS takes those
 * texts out of rendering (`display: none`, so their changes cost no layout) and the painter mirrors
 * them: a MutationObserver sees every change of their text, class, place or presence and draws it in
 * the same task, before the frame is painted. Tests, the bench and anything reading the DOM read the
 * same text that is drawn.
 *
 * The canvas is cut into strips of `STRIP` device pixels, each its own canvas: the compositor takes
 * every changed canvas whole, so a frame that changes a few rows of readouts copies and blends a few
 * strips instead of a screen-sized bitmap (measured: a third of the compositor's time).
 */

/** The texts the painter draws, under `root`. */
export const READOUT_SELECTOR = '[data-readouts="canvas"] [data-readout]';

/** A rectangle in canvas pixels. */
interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Look {
  readonly font: string;
  readonly fill: string;
  readonly alpha: number;
  /** Font ascent and descent in the text's own units (for the rectangle it covers). */
  readonly ascent: number;
  readonly descent: number;
  /** Advance width per character, measured once (drawn without kerning or ligatures, widths add up). */
  readonly advances: Map<string, number>;
}

/** Where a text is drawn: text space → canvas pixels (a b c d e f), and its anchor point and alignment. */
interface Place {
  readonly m: readonly [number, number, number, number, number, number];
  readonly x: number;
  readonly y: number;
  readonly anchor: string;
}

interface Readout {
  readonly el: SVGTextElement;
  /** Undefined: to be measured again. */
  place: Place | undefined;
  look: Look | undefined;
  text: string;
  /** Where its text was last drawn, in canvas pixels (with a margin for antialiasing). */
  drawn: Rect | undefined;
}

/** Above this share of readouts changed in one batch, the whole canvas is cleared and drawn again. */
const FULL_REDRAW_SHARE = 0.5;
/** Canvas pixels round a text's box, for antialiasing and font hinting. */
const MARGIN = 2;
/** Height of a strip canvas, in device pixels. */
export const STRIP = 128;
const GRID = 64;

const ALIGN: Readonly<Record<string, CanvasTextAlign>> = { start: 'left', middle: 'center', end: 'right' };

/** One strip canvas and the state last set on its context (setting a font or a colour parses it: only on change). */
class Strip {
  readonly canvas: HTMLCanvasElement;
  readonly ctx: CanvasRenderingContext2D;
  readonly top: number;
  readonly height: number;
  font = '';
  fill = '';
  alpha = -1;
  align = '';
  /** The transform last set, a b c d e f (NaN: not known). */
  readonly #m = [Number.NaN, 0, 0, 0, 0, 0];

  constructor(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, top: number, height: number) {
    this.canvas = canvas;
    this.ctx = ctx;
    this.top = top;
    this.height = height;
    // As SVG text with text-rendering: optimizeSpeed: no kerning, no ligatures (so widths add up).
    ctx.fontKerning = 'none';
    ctx.textRendering = 'optimizeSpeed';
    ctx.textBaseline = 'alphabetic';
  }

  forget(): void {
    this.font = '';
    this.fill = '';
    this.alpha = -1;
    this.align = '';
    this.#m[0] = Number.NaN;
  }

  transform(a: number, b: number, c: number, d: number, e: number, f: number): void {
    const m = this.#m;
    if (m[0] === a && m[1] === b && m[2] === c && m[3] === d && m[4] === e && m[5] === f) return;
    this.ctx.setTransform(a, b, c, d, e, f);
    m[0] = a;
    m[1] = b;
    m[2] = c;
    m[3] = d;
    m[4] = e;
    m[5] = f;
  }
}

export class ReadoutPainter {
  readonly #root: HTMLElement;
  readonly #host: HTMLElement;
  /** For measuring text and fonts only; never shown. */
  readonly #measure: CanvasRenderingContext2D;
  #measureFont = '';
  #strips: Strip[] = [];
  #size = { width: 0, height: 0 };
  readonly #readouts = new Map<Element, Readout>();
  /** Grid cell → the readouts whose drawn rectangle touches it (to find what a cleared rectangle cut into). */
  readonly #grid = new Map<number, Set<Readout>>();
  readonly #observer: MutationObserver;
  readonly #resize: ResizeObserver;
  readonly #onLost: () => void;
  #scale = { x: 1, y: 1, left: 0, top: 0 };
  #disposed = false;

  /**
   * A painter drawing the readouts under `root` on strip canvases it puts in `host` (an empty element
   * covering `root`), or undefined when no 2D canvas context can be had. `onLost`: a canvas lost its
   * context; the painter has stopped and removed its canvases.
   */
  static attach(root: HTMLElement, host: HTMLElement, onLost: () => void): ReadoutPainter | undefined {
    const measure = document.createElement('canvas').getContext('2d');
    return measure ? new ReadoutPainter(root, host, measure, onLost) : undefined;
  }

  private constructor(root: HTMLElement, host: HTMLElement, measure: CanvasRenderingContext2D, onLost: () => void) {
    this.#root = root;
    this.#host = host;
    this.#measure = measure;
    this.#onLost = onLost;
    this.#observer = new MutationObserver((records) => this.#apply(records));
    this.#observer.observe(root, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['class', 'style', 'transform', 'x', 'y', 'text-anchor', 'data-readout', 'data-readouts'],
    });
    this.#resize = new ResizeObserver(() => this.#resized());
    this.#resize.observe(root);
    for (const el of root.querySelectorAll<SVGTextElement>(READOUT_SELECTOR)) this.#register(el);
    this.#resized();
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#observer.disconnect();
    this.#resize.disconnect();
    this.#setStrips([]);
    this.#readouts.clear();
    this.#grid.clear();
  }

  readonly #lost = () => {
    this.dispose();
    this.#onLost();
  };

  #setStrips(strips: Strip[]): void {
    for (const strip of this.#strips) {
      strip.canvas.removeEventListener('contextlost', this.#lost);
      strip.canvas.remove();
    }
    this.#strips = strips;
    for (const strip of strips) {
      strip.canvas.addEventListener('contextlost', this.#lost);
      this.#host.append(strip.canvas);
    }
  }

  #register(el: SVGTextElement): Readout {
    let readout = this.#readouts.get(el);
    if (!readout) {
      readout = { el, place: undefined, look: undefined, text: '', drawn: undefined };
      this.#readouts.set(el, readout);
    }
    return readout;
  }

  /** The readouts at or under `node` that the painter draws. */
  #within(node: Node): Readout[] {
    if (!(node instanceof Element)) return [];
    const found: Readout[] = [];
    const own = this.#readouts.get(node);
    if (own) found.push(own);
    if (node.firstElementChild) {
      for (const el of node.querySelectorAll('[data-readout]')) {
        const readout = this.#readouts.get(el);
        if (readout) found.push(readout);
      }
    }
    return found;
  }

  /** The texts at or under `node` that should be drawn here (marked, under a canvas-readout element). */
  #candidates(node: Node): SVGTextElement[] {
    if (!(node instanceof Element)) return [];
    const found: SVGTextElement[] = [];
    if (node.matches(READOUT_SELECTOR)) found.push(node as SVGTextElement);
    if (node.firstElementChild) for (const el of node.querySelectorAll<SVGTextElement>(READOUT_SELECTOR)) found.push(el);
    return found;
  }

  #apply(records: readonly MutationRecord[]): void {
    if (this.#disposed) return;
    const dirty = new Set<Readout>();
    let removed = false;
    let remarked = false;
    for (const record of records) {
      if (record.type === 'characterData') {
        const readout = this.#readouts.get(record.target.parentNode as Element);
        if (readout) dirty.add(readout);
      } else if (record.type === 'childList') {
        const readout = this.#readouts.get(record.target as Element);
        if (readout) dirty.add(readout);
        if (record.removedNodes.length > 0) removed = true;
        for (const node of record.addedNodes) for (const el of this.#candidates(node)) dirty.add(this.#register(el));
      } else {
        const target = record.target as Element;
        if (record.attributeName === 'data-readout' || record.attributeName === 'data-readouts') {
          remarked = true;
          for (const el of this.#candidates(target)) dirty.add(this.#register(el));
          continue;
        }
        // Place or look changed: of the readout itself, or of a group it is drawn in.
        for (const readout of this.#within(target)) {
          readout.place = undefined;
          readout.look = undefined;
          dirty.add(readout);
        }
      }
    }
    const gone: Readout[] = [];
    if (removed || remarked) {
      for (const readout of this.#readouts.values()) {
        if (!readout.el.isConnected || (remarked && !readout.el.matches(READOUT_SELECTOR))) gone.push(readout);
      }
      for (const readout of gone) {
        this.#readouts.delete(readout.el);
        dirty.delete(readout);
      }
    }
    if (dirty.size > 0 || gone.length > 0) this.#draw(dirty, gone);
  }

  #resized(): void {
    if (this.#disposed) return;
    const box = this.#host.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(box.width * ratio));
    const height = Math.max(1, Math.round(box.height * ratio));
    if (width !== this.#size.width || height !== this.#size.height) {
      const strips: Strip[] = [];
      for (let top = 0; top < height; top += STRIP) {
        const canvas = document.createElement('canvas');
        const ctx = canvas.getContext('2d');
        if (!ctx) {
          this.#lost();
          return;
        }
        const rows = Math.min(STRIP, height - top);
        canvas.width = width;
        canvas.height = rows;
        canvas.style.top = `${(top / height) * 100}%`;
        canvas.style.height = `${(rows / height) * 100}%`;
        strips.push(new Strip(canvas, ctx, top, rows));
      }
      this.#setStrips(strips);
      this.#size = { width, height };
    }
    this.#scale = { x: box.width > 0 ? width / box.width : ratio, y: box.height > 0 ? height / box.height : ratio, left: box.left, top: box.top };
    for (const readout of this.#readouts.values()) readout.place = undefined;
    this.#redrawAll();
  }

  /**
   * Clears where the changed readouts were and will be and where the gone ones were, draws again
   * whatever else those clearings cut into (inside them only), then draws the changed readouts.
   */
  #draw(dirty: ReadonlySet<Readout>, gone: readonly Readout[]): void {
    for (const readout of gone) this.#unindex(readout);
    if (dirty.size > this.#readouts.size * FULL_REDRAW_SHARE) {
      this.#redrawAll();
      return;
    }
    const cleared: Rect[] = [];
    for (const readout of gone) if (readout.drawn) cleared.push(readout.drawn);
    const toDraw: Readout[] = [];
    /** Changed readouts whose rectangle moved to other grid cells: indexed again once drawn. */
    const moved: Readout[] = [];
    for (const readout of dirty) {
      const before = readout.drawn;
      const drawn = this.#prepare(readout);
      if (drawn) {
        toDraw.push(readout);
        cleared.push(before ? union(before, readout.drawn!) : readout.drawn!);
      } else if (before) cleared.push(before);
      // The grid still has it under the old cells: most changes keep them (same place, similar width).
      if (!before || !drawn || !sameCells(before, readout.drawn!)) {
        if (before) this.#unindexRect(readout, before);
        if (drawn) moved.push(readout);
      }
    }
    for (const rect of cleared) this.#clear(rect);
    const cut = new Map<Readout, Rect[]>();
    for (const rect of cleared) this.#cutBy(rect, cut, dirty);
    for (const [readout, rects] of cut) this.#paint(readout, rects);
    for (const readout of toDraw) this.#paint(readout);
    for (const readout of moved) this.#index(readout);
  }

  #redrawAll(): void {
    for (const strip of this.#strips) {
      strip.transform(1, 0, 0, 1, 0, 0);
      strip.ctx.clearRect(0, 0, strip.canvas.width, strip.height);
    }
    this.#grid.clear();
    for (const readout of this.#readouts.values()) {
      if (!this.#prepare(readout)) continue;
      this.#paint(readout);
      this.#index(readout);
    }
  }

  /** The first and last strip a rectangle of canvas pixels falls on (first > last: none). */
  #stripRange(rect: Rect): [number, number] {
    return [Math.max(0, Math.floor(rect.y / STRIP)), Math.min(this.#strips.length - 1, Math.floor((rect.y + rect.h - 1) / STRIP))];
  }

  #clear(rect: Rect): void {
    const [first, last] = this.#stripRange(rect);
    for (let k = first; k <= last; k++) {
      const strip = this.#strips[k]!;
      strip.transform(1, 0, 0, 1, 0, 0);
      strip.ctx.clearRect(rect.x, rect.y - strip.top, rect.w, rect.h);
    }
  }

  /**
   * Reads the text, and its place and look when they are not known, and works out where it will be
   * drawn (`drawn`). False when there is nothing to draw (empty, not laid out, transparent).
   */
  #prepare(readout: Readout): boolean {
    const { el } = readout;
    readout.text = el.textContent ?? '';
    readout.drawn = undefined;
    readout.place ??= this.#placeOf(el);
    if (!readout.look) {
      readout.look = lookOf(el, this.#root, this.#measure);
      this.#measureFont = '';
    }
    const { place, look, text } = readout;
    if (!place || !look || text === '' || look.alpha <= 0) return false;
    let width = 0;
    for (const char of text) {
      let advance = look.advances.get(char);
      if (advance === undefined) {
        if (this.#measureFont !== look.font) {
          this.#measure.font = look.font;
          this.#measureFont = look.font;
        }
        advance = this.#measure.measureText(char).width;
        look.advances.set(char, advance);
      }
      width += advance;
    }
    const left = place.anchor === 'end' ? place.x - width : place.anchor === 'middle' ? place.x - width / 2 : place.x;
    readout.drawn = boundsOf(place.m, left, place.y - look.ascent, width, look.ascent + look.descent);
    return true;
  }

  /** Draws the readout on every strip it falls on; only inside `clip` (canvas pixels) when given. */
  #paint(readout: Readout, clip?: readonly Rect[]): void {
    const { place, look, text, drawn } = readout;
    if (!place || !look || !drawn) return;
    const [a, b, c, d, e, f] = place.m;
    const [first, last] = this.#stripRange(drawn);
    for (let k = first; k <= last; k++) {
      const strip = this.#strips[k]!;
      const ctx = strip.ctx;
      if (clip) {
        ctx.save();
        strip.transform(1, 0, 0, 1, 0, 0);
        ctx.beginPath();
        for (const rect of clip) ctx.rect(rect.x, rect.y - strip.top, rect.w, rect.h);
        ctx.clip();
      }
      if (strip.font !== look.font) {
        ctx.font = look.font;
        strip.font = look.font;
      }
      if (strip.fill !== look.fill) {
        ctx.fillStyle = look.fill;
        strip.fill = look.fill;
      }
      if (strip.alpha !== look.alpha) {
        ctx.globalAlpha = look.alpha;
        strip.alpha = look.alpha;
      }
      if (strip.align !== place.anchor) {
        ctx.textAlign = ALIGN[place.anchor] ?? 'left';
        strip.align = place.anchor;
      }
      if (b === 0 && c === 0 && a !== 0 && d !== 0) {
        // Not turned: one scale per strip for every such readout, the offset in the coordinates.
        strip.transform(a, 0, 0, d, 0, -strip.top);
        ctx.fillText(text, place.x + e / a, place.y + f / d);
      } else {
        strip.transform(a, b, c, d, e, f - strip.top);
        ctx.fillText(text, place.x, place.y);
      }
      if (clip) {
        // restore() puts back the state of before save().
        ctx.restore();
        strip.forget();
      }
    }
  }

  /** Text space → canvas pixels, through the parent's screen matrix (the text itself is not rendered). */
  #placeOf(el: SVGTextElement): Place | undefined {
    const parent = el.parentNode;
    if (!(parent instanceof SVGGraphicsElement)) return undefined;
    const screen = parent.getScreenCTM();
    if (!screen) return undefined;
    const { x: sx, y: sy, left, top } = this.#scale;
    return {
      m: [screen.a * sx, screen.b * sy, screen.c * sx, screen.d * sy, (screen.e - left) * sx, (screen.f - top) * sy],
      x: number(el.getAttribute('x')),
      y: number(el.getAttribute('y')),
      anchor: el.getAttribute('text-anchor') ?? 'start',
    };
  }

  #index(readout: Readout): void {
    const rect = readout.drawn;
    if (!rect) return;
    const [x0, x1, y0, y1] = cellRange(rect);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const key = cx * 65_536 + cy;
        let set = this.#grid.get(key);
        if (!set) this.#grid.set(key, (set = new Set()));
        set.add(readout);
      }
    }
  }

  #unindex(readout: Readout): void {
    if (readout.drawn) this.#unindexRect(readout, readout.drawn);
  }

  #unindexRect(readout: Readout, rect: Rect): void {
    const [x0, x1, y0, y1] = cellRange(rect);
    for (let cx = x0; cx <= x1; cx++) for (let cy = y0; cy <= y1; cy++) this.#grid.get(cx * 65_536 + cy)?.delete(readout);
  }

  /** Adds to `cut` every drawn readout the cleared `rect` cut into (but those drawn anew), with the rectangles to draw it again in. */
  #cutBy(rect: Rect, cut: Map<Readout, Rect[]>, skip: ReadonlySet<Readout>): void {
    const [x0, x1, y0, y1] = cellRange(rect);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const set = this.#grid.get(cx * 65_536 + cy);
        if (!set) continue;
        for (const readout of set) {
          if (skip.has(readout) || !readout.drawn || !intersects(rect, readout.drawn)) continue;
          const rects = cut.get(readout);
          if (!rects) cut.set(readout, [rect]);
          else if (!rects.includes(rect)) rects.push(rect);
        }
      }
    }
  }
}

/** The font, colour and opacity the text would be drawn with (its own computed style, its ancestors' opacity up to `root`). */
function lookOf(el: SVGTextElement, root: Element, ctx: CanvasRenderingContext2D): Look | undefined {
  const style = getComputedStyle(el);
  const fill = style.fill.startsWith('url(') || style.fill === 'none' ? (style.fill === 'none' ? '' : style.color) : style.fill;
  if (fill === '') return undefined;
  let alpha = Number(style.opacity) * Number(style.fillOpacity || 1);
  for (let node = el.parentElement; node && node !== root; node = node.parentElement) alpha *= Number(getComputedStyle(node).opacity);
  const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  ctx.font = font;
  const metrics = ctx.measureText('0');
  const size = parseFloat(style.fontSize) || 14;
  return {
    font,
    fill,
    alpha: Number.isFinite(alpha) ? alpha : 1,
    ascent: metrics.fontBoundingBoxAscent || size,
    descent: metrics.fontBoundingBoxDescent || size * 0.3,
    advances: new Map(),
  };
}

/** The box in canvas pixels (whole pixels, with a margin) round a rectangle of text space. */
function boundsOf(m: Place['m'], x: number, y: number, w: number, h: number): Rect {
  const [a, b, c, d, e, f] = m;
  let x0 = a * x + c * y + e;
  let x1 = x0 + a * w;
  let y0 = b * x + d * y + f;
  let y1 = y0 + d * h;
  if (b !== 0 || c !== 0) {
    // Rotated: the box round all four corners.
    const xs = [x0, a * (x + w) + c * y + e, a * x + c * (y + h) + e, a * (x + w) + c * (y + h) + e];
    const ys = [y0, b * (x + w) + d * y + f, b * x + d * (y + h) + f, b * (x + w) + d * (y + h) + f];
    x0 = Math.min(...xs);
    x1 = Math.max(...xs);
    y0 = Math.min(...ys);
    y1 = Math.max(...ys);
  }
  const left = Math.floor(Math.min(x0, x1)) - MARGIN;
  const top = Math.floor(Math.min(y0, y1)) - MARGIN;
  return { x: left, y: top, w: Math.ceil(Math.max(x0, x1)) + MARGIN - left, h: Math.ceil(Math.max(y0, y1)) + MARGIN - top };
}

/** The grid cells (first and last column, first and last row) a rectangle touches. */
function cellRange(rect: Rect): [number, number, number, number] {
  return [Math.floor(rect.x / GRID), Math.floor((rect.x + rect.w) / GRID), Math.floor(rect.y / GRID), Math.floor((rect.y + rect.h) / GRID)];
}

function sameCells(a: Rect, b: Rect): boolean {
  const [a0, a1, a2, a3] = cellRange(a);
  const [b0, b1, b2, b3] = cellRange(b);
  return a0 === b0 && a1 === b1 && a2 === b2 && a3 === b3;
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function number(value: string | null): number {
  const n = value === null ? 0 : Number(value);
  return Number.isFinite(n) ? n : 0;
}
