// The contract between the preload (window.linesideNative) and the Electron main process.
// Plain TypeScript with no electron or Node import: the preload bundle and the main process both
// import it, so channel names are written once. Everything the main process receives is parsed here.
import type { Result } from '../../common/result.ts';
import { fail, ok } from '../../common/result.ts';

export const IPC_CHANNELS = {
  saveFile: 'lineside:save-file',
  printToPdf: 'lineside:print-to-pdf',
  openWindow: 'lineside:open-window',
  kioskUnlock: 'lineside:kiosk-unlock',
  kioskLock: 'lineside:kiosk-lock',
} as const;
export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

// The shape the renderer sees is declared once, in common/ (the renderer cannot import main/).
export type { FileFilter, LinesideNative, SaveFileRequest } from '../../common/native-bridge.ts';
import type { FileFilter, SaveFileRequest } from '../../common/native-bridge.ts';

export const MAX_SAVE_BYTES = 100 * 1024 * 1024;
const MAX_FILTERS = 20;
const EXTENSION = /^(\*|[A-Za-z0-9_-]{1,16})$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** A file name only: the main process decides the folder, so no separators and no `..`. */
export function parseFileName(value: unknown, path = 'suggestedName'): Result<string> {
  if (typeof value !== 'string' || value.length === 0 || value.length > 255) {
    return fail('bad-request', `${path} must be a file name of 1 to 255 characters`, path);
  }
  if (/[/\\]/.test(value) || CONTROL_CHARS.test(value) || value === '.' || value === '..') {
    return fail('bad-request', `${path} must be a plain file name without folders: ${JSON.stringify(value)}`, path);
  }
  return ok(value);
}

function parseFilters(value: unknown): Result<FileFilter[]> {
  if (value === undefined) return ok([]);
  if (!Array.isArray(value) || value.length > MAX_FILTERS) {
    return fail('bad-request', `filters must be an array of at most ${MAX_FILTERS} filters`, 'filters');
  }
  const filters: FileFilter[] = [];
  for (const [i, item] of value.entries()) {
    const at = `filters[${i}]`;
    if (typeof item !== 'object' || item === null) return fail('bad-request', `${at} must be an object`, at);
    const { name, extensions } = item as Record<string, unknown>;
    if (typeof name !== 'string' || name.length === 0 || name.length > 100 || CONTROL_CHARS.test(name)) {
      return fail('bad-request', `${at}.name must be a text of 1 to 100 characters`, `${at}.name`);
    }
    if (!Array.isArray(extensions) || extensions.length === 0 || extensions.length > 20) {
      return fail('bad-request', `${at}.extensions must list 1 to 20 extensions`, `${at}.extensions`);
    }
    for (const [j, ext] of extensions.entries()) {
      if (typeof ext !== 'string' || !EXTENSION.test(ext)) {
        return fail('bad-request', `${at}.extensions[${j}] must be an extension without dot, like "csv"`, `${at}.extensions[${j}]`);
      }
    }
    filters.push({ name, extensions: [...(extensions as string[])] });
  }
  return ok(filters);
}

export function parseSaveFileRequest(value: unknown): Result<Required<SaveFileRequest>> {
  if (typeof value !== 'object' || value === null) {
    return fail('bad-request', 'saveFile expects { suggestedName, data, filters? }');
  }
  const request = value as Record<string, unknown>;
  const name = parseFileName(request.suggestedName);
  if (!name.ok) return name;
  const data = request.data;
  const size = typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : -1;
  if (size < 0) return fail('bad-request', 'data must be a string or a Uint8Array', 'data');
  if (size > MAX_SAVE_BYTES) return fail('bad-request', `data is larger than ${MAX_SAVE_BYTES} bytes`, 'data');
  const filters = parseFilters(request.filters);
  if (!filters.ok) return filters;
  return ok({ suggestedName: name.value, data: data as string | Uint8Array, filters: filters.value });
}

/** A hash route such as `/screens/filler?x=1`: a short path starting with `/`, nothing that leaves the page. */
export function parseHashRoute(value: unknown): Result<string> {
  if (typeof value !== 'string' || value.length > 2048 || CONTROL_CHARS.test(value)) {
    return fail('bad-request', 'hashRoute must be a text of at most 2048 characters', 'hashRoute');
  }
  const route = value.startsWith('#') ? value.slice(1) : value;
  if (route !== '' && !route.startsWith('/')) {
    return fail('bad-request', `hashRoute must start with "/": ${JSON.stringify(value)}`, 'hashRoute');
  }
  return ok(route);
}

/** A session's resume token as the page sends it for a kiosk unlock: an opaque text, checked by the runtime. */
export function parseResumeToken(value: unknown): Result<string> {
  if (typeof value !== 'string' || value.length === 0 || value.length > 512 || CONTROL_CHARS.test(value)) {
    return fail('bad-request', 'resumeToken must be a text of 1 to 512 characters', 'resumeToken');
  }
  return ok(value);
}
