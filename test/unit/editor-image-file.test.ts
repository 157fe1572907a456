import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { imageFileToDataUrl, MAX_IMAGE_BYTES, sizeProblem, sniffImage } from '../../renderer/editor/inspector/image-file.ts';
import { defuseHandlers } from '../../renderer/screens/svg-sanitise.ts';
import { blockingProblems, MAX_SAVE_BYTES } from '../../renderer/editor/documents/save-check.ts';
import { sanitiseSvg, svgFromDataUrl, type XmlParser, type XmlSerializer } from '../../renderer/screens/svg-sanitise.ts';
import { loadScreenDocument } from '../../screens/screen-document.ts';
import { ImageSourceSchema } from '../../screens/symbols/symbol-definition.ts';
import { run, stateWith } from './editor-fixtures.ts';

const IMAGES = join(import.meta.dirname, '../fixtures/images');
const png = new Uint8Array(readFileSync(join(IMAGES, 'valve-photo.png')));
const svg = new Uint8Array(readFileSync(join(IMAGES, 'pump-drawing.svg')));
const sanitise = (text: string) => sanitiseSvg(text, new DOMParser({ errorHandler: () => {} }) as unknown as XmlParser, new XMLSerializer() as unknown as XmlSerializer);

describe('editor: images from files, stored in the document', () => {
  it('stores a PNG as a data URL the schema accepts', () => {
    const result = imageFileToDataUrl('valve-photo.png', png, sanitise);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.kind).toBe('png');
    expect(result.src.startsWith('data:image/png;base64,')).toBe(true);
    expect(Buffer.from(result.src.slice('data:image/png;base64,'.length), 'base64').equals(Buffer.from(png))).toBe(true);
    expect(ImageSourceSchema.safeParse(result.src).success).toBe(true);
  });

  it('cleans an SVG through the sanitiser before storing it: no script, no handlers', () => {
    const result = imageFileToDataUrl('pump-drawing.svg', svg, sanitise);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.kind).toBe('svg');
    expect(result.removed).toBe(2);
    const stored = svgFromDataUrl(result.src)!;
    expect(stored).toContain('<circle');
    expect(stored).not.toMatch(/script|onclick|alert|defused/);
    expect(defuseHandlers('<circle onclick="x()" ONLOAD = "y()" fill="#000"/>')).toBe('<circle data-defused-onclick="x()" data-defused-onLOAD = "y()" fill="#000"/>');
    expect(ImageSourceSchema.safeParse(result.src).success).toBe(true);
  });

  it('refuses what is not a PNG, JPEG or SVG, naming the file, whatever its name says', () => {
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]);
    expect(imageFileToDataUrl('photo.png', exe, sanitise)).toEqual({ ok: false, error: '“photo.png” is not a PNG, JPEG or SVG image' });
    expect(imageFileToDataUrl('empty.png', new Uint8Array(), sanitise)).toEqual({ ok: false, error: '“empty.png” is empty' });
    expect(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImage(new TextEncoder().encode('<!-- drawn by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('svg');
    expect(sniffImage(new TextEncoder().encode('<html><svg></svg></html>'))).toBeUndefined();
    const broken = imageFileToDataUrl('broken.svg', new TextEncoder().encode('<svg><g></svg>'), sanitise);
    expect(broken.ok).toBe(false);
    expect(imageFileToDataUrl('photo.png', png, sanitise, 'svg')).toMatchObject({ ok: false, error: expect.stringContaining('SVG files only') });
  });

  it('refuses a file over the size limit with its size and the limit', () => {
    expect(MAX_IMAGE_BYTES).toBe(512 * 1024);
    expect(sizeProblem('huge.png', 700 * 1024)).toBe('“huge.png” is 700 KiB; an image may be at most 512 KiB (make it smaller or export it at a lower resolution)');
    expect(sizeProblem('ok.png', MAX_IMAGE_BYTES)).toBeUndefined();
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(png.subarray(0, 8));
    expect(imageFileToDataUrl('huge.png', big, sanitise)).toMatchObject({ ok: false, error: expect.stringContaining('at most 512 KiB') });
  });

  it('setting the source is one undoable edit, and a document too big for one save is refused with its size', () => {
    const result = imageFileToDataUrl('valve-photo.png', png, sanitise);
    if (!result.ok) throw new Error(result.error);
    const base = stateWith([{ x: 0, y: 0, width: 10, height: 10 }]);
    const image = loadScreenDocument({ ...base.doc, elements: [{ id: 'pic', kind: 'symbol', symbol: 'image', x: 0, y: 0, width: 160, height: 80 }] });
    if (!image.ok) throw new Error(image.error.message);
    const state = { ...base, doc: image.value, saved: image.value };
    const after = run(state, { type: 'setProps', id: 'pic', props: { src: result.src } });
    expect(after.doc.elements[0]).toMatchObject({ props: { src: result.src } });
    expect(run(after, { type: 'undo' }).doc).toEqual(state.doc);
    expect(blockingProblems(after.doc, new Map())).toEqual([]);
    // Three pictures of ~510 KiB (as data URLs ~680 KiB each) do not fit one gateway message.
    const fat = `data:image/png;base64,${'A'.repeat(700 * 1024)}`;
    const heavy = run(after, { type: 'setProps', id: 'pic', props: { src: fat } }, { type: 'select', ids: ['pic'] }, { type: 'duplicate' });
    const problems = blockingProblems(heavy.doc, new Map());
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^the screen is \d+ KiB; a save carries at most 1020 KiB/);
    expect(MAX_SAVE_BYTES).toBe(1020 * 1024);
  });
});
