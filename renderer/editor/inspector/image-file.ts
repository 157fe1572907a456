import type { SanitiseResult } from '../../screens/svg-sanitise.ts';
import { svgToDataUrl } from '../../screens/svg-sanitise.ts';
import { i18n } from '../../i18n/i18n.ts';

/** The most an image file may weigh: the document carries it as a data URL (a third bigger), and a whole save travels in one 1 MiB gateway message. */
export const MAX_IMAGE_BYTES = 512 * 1024;

export type ImageKind = 'png' | 'jpeg' | 'svg';
export type ImageFileResult = { ok: true; src: string; kind: ImageKind; bytes: number; removed: number } | { ok: false; error: string };

const MIME: Record<ImageKind, string> = { png: 'image/png', jpeg: 'image/jpeg', svg: 'image/svg+xml' };

function kib(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/** Messages in the reader's language at the moment they are made (this module has no component to re-render). */
const t = (key: string, params: Record<string, unknown>): string => i18n.t(key, { ns: 'editor', ...params });

/** Checked before a file is read, so a huge one is refused without reading it. */
export function sizeProblem(name: string, bytes: number): string | undefined {
  if (bytes === 0) return t('image.empty', { name });
  if (bytes > MAX_IMAGE_BYTES) return t('image.tooBig', { name, size: kib(bytes), max: kib(MAX_IMAGE_BYTES) });
  return undefined;
}

/** What the file is by its bytes (never by its name alone: a renamed .exe is not a PNG). */
export function sniffImage(bytes: Uint8Array): ImageKind | undefined {
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const head = new TextDecoder()
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'svg';
  return undefined;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/**
 * A picked or dropped file as the data URL an image element stores: PNG, JPEG or SVG (SVG cleaned
 * by the allowlist of svg-sanitise.ts before it is stored), at most MAX_IMAGE_BYTES. `only: 'svg'`
 * for the SVG-import symbol. The error names the file and what is wrong with it.
 */
export function imageFileToDataUrl(name: string, bytes: Uint8Array, sanitise: (svg: string) => SanitiseResult, only?: 'svg'): ImageFileResult {
  const size = sizeProblem(name, bytes.length);
  if (size) return { ok: false, error: size };
  const kind = sniffImage(bytes);
  if (!kind) return { ok: false, error: t('image.notImage', { name }) };
  if (only === 'svg' && kind !== 'svg') return { ok: false, error: t('image.svgOnly', { name, kind: kind.toUpperCase() }) };
  if (kind !== 'svg') return { ok: true, src: `data:${MIME[kind]};base64,${base64(bytes)}`, kind, bytes: bytes.length, removed: 0 };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: t('image.notUtf8', { name }) };
  }
  const clean = sanitise(text);
  if (!clean.ok) return { ok: false, error: t('image.unsafe', { name, reason: clean.error }) };
  return { ok: true, src: svgToDataUrl(clean.svg), kind, bytes: bytes.length, removed: clean.removed };
}
