// Where the station's windows go, free of `electron` so unit tests reach it (test/unit/electron-window-layout.test.ts).
// A station remembers each window's monitor, bounds and display (its route), in its data folder
// (layout-store.ts); on the next start each window comes back where it was, or, when its monitor is
// gone, onto the primary one, never off screen.
import type { Result } from '../../common/result.ts';
import { fail, ok } from '../../common/result.ts';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A monitor as Electron's `screen.getAllDisplays()` gives it (id, work area), and whether it is the primary one. */
export interface Monitor {
  readonly id: number;
  readonly workArea: Rect;
  readonly primary: boolean;
}

export interface WindowPlacement {
  /** 'main' for the first window; others are 'window-2', 'window-3'... */
  readonly key: string;
  /** The HMI route shown (`/alarms`, `/screens/filler`), '' for the overview. */
  readonly route: string;
  readonly monitorId: number;
  readonly bounds: Rect;
  readonly maximized: boolean;
}

export interface StationLayout {
  readonly version: 1;
  readonly windows: readonly WindowPlacement[];
}

export const LAYOUT_FILE = 'window-layout.json';
export const MIN_WIDTH = 640;
export const MIN_HEIGHT = 400;
/** A second monitor's window shows the alarm summary until someone puts another display there. */
export const SECOND_WINDOW_ROUTE = '/alarms';

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function parseRect(value: unknown, path: string): Result<Rect> {
  if (typeof value !== 'object' || value === null) return fail('bad-request', `${path} must be an object with x, y, width and height`, path);
  const { x, y, width, height } = value as Record<string, unknown>;
  if (!isNumber(x) || !isNumber(y)) return fail('bad-request', `${path}.x and ${path}.y must be numbers`, path);
  if (!isNumber(width) || !isNumber(height) || width <= 0 || height <= 0) return fail('bad-request', `${path}.width and ${path}.height must be positive numbers`, path);
  return ok({ x, y, width, height });
}

/** The layout file's text, checked; each problem names the field. */
export function parseLayout(text: string): Result<StationLayout> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail('bad-request', `the window layout is not JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null) return fail('bad-request', 'the window layout must be an object { version, windows }');
  const { version, windows } = raw as Record<string, unknown>;
  if (version !== 1) return fail('bad-request', `the window layout's version must be 1, not ${JSON.stringify(version)}`, 'version');
  if (!Array.isArray(windows)) return fail('bad-request', 'windows must be a list', 'windows');
  const placements: WindowPlacement[] = [];
  const keys = new Set<string>();
  for (const [index, item] of windows.entries()) {
    const path = `windows[${index}]`;
    if (typeof item !== 'object' || item === null) return fail('bad-request', `${path} must be an object`, path);
    const { key, route, monitorId, bounds, maximized } = item as Record<string, unknown>;
    if (typeof key !== 'string' || !/^(main|window-\d{1,3})$/.test(key)) return fail('bad-request', `${path}.key must be "main" or "window-<n>"`, `${path}.key`);
    if (keys.has(key)) return fail('bad-request', `${path}.key "${key}" appears twice`, `${path}.key`);
    keys.add(key);
    if (typeof route !== 'string' || (route !== '' && !route.startsWith('/')) || route.length > 2048) return fail('bad-request', `${path}.route must be '' or start with "/"`, `${path}.route`);
    if (!isNumber(monitorId)) return fail('bad-request', `${path}.monitorId must be a number`, `${path}.monitorId`);
    const rect = parseRect(bounds, `${path}.bounds`);
    if (!rect.ok) return rect;
    if (typeof maximized !== 'boolean') return fail('bad-request', `${path}.maximized must be true or false`, `${path}.maximized`);
    placements.push({ key, route, monitorId, bounds: rect.value, maximized });
  }
  return ok({ version: 1, windows: placements });
}

function primaryOf(monitors: readonly Monitor[]): Monitor {
  const primary = monitors.find((m) => m.primary) ?? monitors[0];
  if (primary === undefined) throw new Error('no monitor: Electron reports at least one display');
  return primary;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The monitor showing most of a window (the primary one when it is on none). */
export function monitorOf(bounds: Rect, monitors: readonly Monitor[]): Monitor {
  let best: Monitor | undefined;
  let bestArea = 0;
  for (const monitor of monitors) {
    const area = overlap(bounds, monitor.workArea);
    if (area > bestArea) [best, bestArea] = [monitor, area];
  }
  return best ?? primaryOf(monitors);
}

/** Bounds fitted inside an area: shrunk to it when larger, moved in when they stick out. */
export function fitInto(bounds: Rect, area: Rect): Rect {
  const width = Math.max(Math.min(bounds.width, area.width), Math.min(MIN_WIDTH, area.width));
  const height = Math.max(Math.min(bounds.height, area.height), Math.min(MIN_HEIGHT, area.height));
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

/** Where a remembered window goes now: its monitor if it is still there, else centred on the primary one. */
export function placeWindow(saved: WindowPlacement, monitors: readonly Monitor[]): { monitorId: number; bounds: Rect } {
  const monitor = monitors.find((m) => m.id === saved.monitorId);
  if (monitor !== undefined) return { monitorId: monitor.id, bounds: fitInto(saved.bounds, monitor.workArea) };
  const primary = primaryOf(monitors);
  const area = primary.workArea;
  const centred = { ...saved.bounds, x: area.x + (area.width - saved.bounds.width) / 2, y: area.y + (area.height - saved.bounds.height) / 2 };
  return { monitorId: primary.id, bounds: fitInto(centred, area) };
}

/** A station without a remembered layout: the main window maximised on the primary monitor, and the alarm summary on the next monitor if there is one. */
export function defaultLayout(monitors: readonly Monitor[]): StationLayout {
  const primary = primaryOf(monitors);
  const windows: WindowPlacement[] = [{ key: 'main', route: '', monitorId: primary.id, bounds: primary.workArea, maximized: true }];
  const second = monitors.find((m) => m.id !== primary.id);
  if (second !== undefined) windows.push({ key: 'window-2', route: SECOND_WINDOW_ROUTE, monitorId: second.id, bounds: second.workArea, maximized: true });
  return { version: 1, windows };
}

/** The layout with one window's placement recorded (added or replaced). */
export function recordWindow(layout: StationLayout, placement: WindowPlacement): StationLayout {
  const others = layout.windows.filter((w) => w.key !== placement.key);
  return { version: 1, windows: [...others, placement].sort((a, b) => windowOrder(a.key) - windowOrder(b.key)) };
}

/** The layout without a window the person closed (the main window stays: it is the station's). */
export function forgetWindow(layout: StationLayout, key: string): StationLayout {
  return key === 'main' ? layout : { version: 1, windows: layout.windows.filter((w) => w.key !== key) };
}

function windowOrder(key: string): number {
  return key === 'main' ? 0 : Number(key.slice('window-'.length));
}

/** The key for a new window: the lowest 'window-<n>' not in use. */
export function nextWindowKey(used: Iterable<string>): string {
  const taken = new Set(used);
  for (let n = 2; ; n++) if (!taken.has(`window-${n}`)) return `window-${n}`;
}

/** The route a window shows, from its URL: the hash route without the token (`…/#/alarms` → '/alarms'). */
export function routeOfUrl(url: string): string {
  const hash = new URL(url).hash.replace(/^#/, '');
  const parts = hash.split('&').filter((part) => part !== '' && !part.startsWith('token=') && !part.startsWith('setup='));
  const route = parts.find((part) => part.startsWith('route='));
  if (route !== undefined) return decodeURIComponent(route.slice('route='.length));
  const path = parts.find((part) => part.startsWith('/'));
  return path ?? '';
}
