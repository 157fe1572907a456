import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { layoutFile, loadLayout, saveLayout } from '../../main/electron/layout-store.ts';
import { defaultLayout, fitInto, forgetWindow, monitorOf, nextWindowKey, parseLayout, placeWindow, recordWindow, routeOfUrl, type Monitor, type StationLayout } from '../../main/electron/window-layout.ts';

const LEFT: Monitor = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, primary: true };
const RIGHT: Monitor = { id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1400 }, primary: false };

describe('window layout per station: which monitor, where, which display', () => {
  it('puts the main window on the primary monitor and the alarm summary on a second monitor when there is one', () => {
    expect(defaultLayout([LEFT]).windows).toEqual([{ key: 'main', route: '', monitorId: 1, bounds: LEFT.workArea, maximized: true }]);
    expect(defaultLayout([RIGHT, LEFT]).windows).toEqual([
      { key: 'main', route: '', monitorId: 1, bounds: LEFT.workArea, maximized: true },
      { key: 'window-2', route: '/alarms', monitorId: 2, bounds: RIGHT.workArea, maximized: true },
    ]);
  });

  it('brings a window back to its monitor, fitted inside it; onto the primary one, centred, when its monitor is gone', () => {
    const saved = { key: 'window-2', route: '/trends', monitorId: 2, bounds: { x: 2000, y: 100, width: 1600, height: 900 }, maximized: false };
    expect(placeWindow(saved, [LEFT, RIGHT])).toEqual({ monitorId: 2, bounds: { x: 2000, y: 100, width: 1600, height: 900 } });
    // Stuck out past the right edge: moved in.
    expect(placeWindow({ ...saved, bounds: { x: 4000, y: 1000, width: 1600, height: 900 } }, [LEFT, RIGHT]).bounds).toEqual({ x: 2880, y: 500, width: 1600, height: 900 });
    // The monitor was unplugged: centred on the primary one.
    expect(placeWindow(saved, [LEFT])).toEqual({ monitorId: 1, bounds: { x: 160, y: 70, width: 1600, height: 900 } });
    // Larger than the monitor: shrunk to it.
    expect(placeWindow({ ...saved, bounds: { x: 0, y: 0, width: 3000, height: 2000 } }, [LEFT])).toEqual({ monitorId: 1, bounds: LEFT.workArea });
  });

  it('never makes a window smaller than usable, nor larger than its area', () => {
    expect(fitInto({ x: 10, y: 10, width: 100, height: 50 }, LEFT.workArea)).toEqual({ x: 10, y: 10, width: 640, height: 400 });
    expect(fitInto({ x: 0, y: 0, width: 100, height: 50 }, { x: 0, y: 0, width: 500, height: 300 })).toEqual({ x: 0, y: 0, width: 500, height: 300 });
  });

  it('finds the monitor showing most of a window', () => {
    expect(monitorOf({ x: 1800, y: 0, width: 800, height: 600 }, [LEFT, RIGHT]).id).toBe(2);
    expect(monitorOf({ x: -5000, y: 0, width: 800, height: 600 }, [LEFT, RIGHT]).id).toBe(1);
  });

  it('records, replaces and forgets windows; the main window is never forgotten', () => {
    let layout: StationLayout = defaultLayout([LEFT, RIGHT]);
    layout = recordWindow(layout, { key: 'window-3', route: '/screens/filler', monitorId: 2, bounds: { x: 2000, y: 0, width: 800, height: 600 }, maximized: false });
    layout = recordWindow(layout, { key: 'main', route: '/trends', monitorId: 1, bounds: LEFT.workArea, maximized: true });
    expect(layout.windows.map((w) => `${w.key} ${w.route}`)).toEqual(['main /trends', 'window-2 /alarms', 'window-3 /screens/filler']);
    expect(forgetWindow(layout, 'window-2').windows.map((w) => w.key)).toEqual(['main', 'window-3']);
    expect(forgetWindow(layout, 'main')).toBe(layout);
    expect(nextWindowKey(['main', 'window-2', 'window-4'])).toBe('window-3');
  });

  it('reads the route a window shows from its URL, without the token', () => {
    expect(routeOfUrl('http://127.0.0.1:8710/#token=abc&route=%2Fscreens%2Ffiller')).toBe('/screens/filler');
    expect(routeOfUrl('http://127.0.0.1:8710/#/alarms')).toBe('/alarms');
    expect(routeOfUrl('http://127.0.0.1:8710/?kiosk#token=abc')).toBe('');
  });

  it('refuses a broken layout file naming the field', () => {
    expect(parseLayout('{').ok).toBe(false);
    const cases: [string, RegExp][] = [
      [JSON.stringify({ version: 2, windows: [] }), /version must be 1/],
      [JSON.stringify({ version: 1, windows: [{ key: 'x', route: '', monitorId: 1, bounds: LEFT.workArea, maximized: true }] }), /windows\[0\]\.key/],
      [JSON.stringify({ version: 1, windows: [{ key: 'main', route: 'http://evil', monitorId: 1, bounds: LEFT.workArea, maximized: true }] }), /windows\[0\]\.route/],
      [JSON.stringify({ version: 1, windows: [{ key: 'main', route: '', monitorId: 1, bounds: { x: 0, y: 0, width: -1, height: 5 }, maximized: true }] }), /windows\[0\]\.bounds\.width/],
    ];
    for (const [text, message] of cases) {
      const parsed = parseLayout(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error.message).toMatch(message);
    }
  });
});

describe('the layout file in the station’s data folder', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('is absent on a new station, then written private (600) and read back as it was', () => {
    dir = mkdtempSync(join(tmpdir(), 'lineside-layout-'));
    expect(loadLayout(dir)).toEqual({ ok: true, value: undefined });
    const layout = defaultLayout([LEFT, RIGHT]);
    saveLayout(dir, layout);
    expect(statSync(layoutFile(dir)).mode & 0o777).toBe(0o600);
    expect(loadLayout(dir)).toEqual({ ok: true, value: layout });
    expect(JSON.parse(readFileSync(layoutFile(dir), 'utf8'))).toEqual(layout);
  });

  it('names the file and the field when the file is broken', () => {
    dir = mkdtempSync(join(tmpdir(), 'lineside-layout-'));
    writeFileSync(layoutFile(dir), JSON.stringify({ version: 1, windows: 'all' }));
    const loaded = loadLayout(dir);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.error.message).toContain(`${layoutFile(dir)}: windows must be a list`);
  });
});
