// The Electron shell's decisions (main/electron/web-policy.ts, ipc.ts) without Electron.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_SAVE_BYTES, parseFileName, parseHashRoute, parseSaveFileRequest } from '../../main/electron/ipc.ts';
import { CONTENT_SECURITY_POLICY, appUrl, externalHttpUrl, isGatewayUrl, projectDirFromArgv, safeFileName, withCsp, withToken } from '../../main/electron/web-policy.ts';

const ORIGIN = 'http://127.0.0.1:4870';

describe('navigation policy', () => {
  it.each([
    ['http://127.0.0.1:4870/', true],
    ['http://127.0.0.1:4870/#token=x&route=%2Falarms', true],
    ['http://127.0.0.1:4871/', false],
    ['https://127.0.0.1:4870/', false],
    ['http://localhost:4870/', false],
    ['http://127.0.0.1:4870.evil.example/', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s on the gateway origin: %s', (url, expected) => {
    expect(isGatewayUrl(url, ORIGIN)).toBe(expected);
  });

  it.each([
    ['https://example.com/manual.pdf', 'https://example.com/manual.pdf'],
    ['http://example.com', 'http://example.com/'],
    ['file:///C:/Windows/system32/calc.exe', null],
    ['javascript:alert(1)', null],
    ['smb://server/share', null],
    ['', null],
  ])('external link %s -> %s', (url, expected) => {
    expect(externalHttpUrl(url)).toBe(expected);
  });
});

describe('app URLs', () => {
  it('puts the token, and the route when given, in the fragment', () => {
    expect(appUrl(ORIGIN, 'a+b/c')).toBe(`${ORIGIN}/#token=a%2Bb%2Fc`);
    expect(appUrl(ORIGIN, 'tok', '/screens/filler?x=1')).toBe(`${ORIGIN}/#token=tok&route=%2Fscreens%2Ffiller%3Fx%3D1`);
  });

  it('gives a same-origin window the token and keeps its fragment as the route', () => {
    expect(withToken(`${ORIGIN}/`, 'tok')).toBe(`${ORIGIN}/#token=tok`);
    expect(withToken(`${ORIGIN}/#/trends`, 'tok')).toBe(`${ORIGIN}/#token=tok&route=%2Ftrends`);
    expect(withToken(`${ORIGIN}/#token=other&route=%2Fa`, 'tok')).toBe(`${ORIGIN}/#token=other&route=%2Fa`);
  });

  it('reads --project in both spellings, relative to the working folder', () => {
    const cwd = path.resolve('/plants');
    expect(projectDirFromArgv(['electron', '.', '--project', 'line2'], cwd)).toBe(path.join(cwd, 'line2'));
    expect(projectDirFromArgv(['Lineside', '--project=/srv/line3'], cwd)).toBe(path.resolve('/srv/line3'));
    expect(projectDirFromArgv(['electron', '.', '--project'], cwd)).toBeUndefined();
    expect(projectDirFromArgv(['electron', '.', '--project', '--inspect'], cwd)).toBeUndefined();
    expect(projectDirFromArgv(['electron', '.'], cwd)).toBeUndefined();
  });
});

describe('content security policy', () => {
  it('replaces any policy the server sent, whatever the header case', () => {
    const headers = withCsp({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('allows only the gateway origin for scripts and connections', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});

describe('IPC argument validation', () => {
  it('accepts a save request and normalises missing filters', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(parseSaveFileRequest({ suggestedName: 'shift.xlsx', data: bytes })).toEqual({
      ok: true,
      value: { suggestedName: 'shift.xlsx', data: bytes, filters: [] },
    });
    const filters = [{ name: 'CSV', extensions: ['csv'] }];
    const parsed = parseSaveFileRequest({ suggestedName: 'alarms.csv', data: 'a;b\n', filters });
    expect(parsed.ok && parsed.value.filters).toEqual(filters);
  });

  it.each([
    [null, undefined],
    [{ suggestedName: '../../etc/passwd', data: '' }, 'suggestedName'],
    [{ suggestedName: 'C:\\Windows\\x.dll', data: '' }, 'suggestedName'],
    [{ suggestedName: '', data: '' }, 'suggestedName'],
    [{ suggestedName: 'a.csv', data: 42 }, 'data'],
    [{ suggestedName: 'a.csv', data: 'x'.repeat(MAX_SAVE_BYTES + 1) }, 'data'],
    [{ suggestedName: 'a.csv', data: '', filters: 'csv' }, 'filters'],
    [{ suggestedName: 'a.csv', data: '', filters: [{ name: 'CSV', extensions: ['.csv'] }] }, 'filters[0].extensions[0]'],
    [{ suggestedName: 'a.csv', data: '', filters: [{ name: '', extensions: ['csv'] }] }, 'filters[0].name'],
  ])('refuses %j, naming the field %s', (request, field) => {
    const parsed = parseSaveFileRequest(request);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('bad-request');
      expect(parsed.error.path).toBe(field);
    }
  });

  it('accepts hash routes and refuses anything that is not one', () => {
    expect(parseHashRoute('/screens/filler')).toEqual({ ok: true, value: '/screens/filler' });
    expect(parseHashRoute('#/alarms')).toEqual({ ok: true, value: '/alarms' });
    expect(parseHashRoute('')).toEqual({ ok: true, value: '' });
    for (const bad of ['https://evil.example/', 'javascript:alert(1)', '/a\nb', 7, '/'.repeat(3000)]) {
      expect(parseHashRoute(bad).ok).toBe(false);
    }
  });

  it('makes file names from free text', () => {
    expect(parseFileName('report.pdf').ok).toBe(true);
    expect(safeFileName('Line 1 / Filler: "A"')).toBe('Line 1 - Filler- -A-');
    expect(safeFileName('...')).toBe('lineside');
    expect(parseFileName(`${safeFileName('a/b\\c')}.pdf`).ok).toBe(true);
  });
});
