import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../main/start.ts';

describe('findElectronBinary', () => {
  const dirs: string[] = [];
  const electronPackage = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lineside-electron-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('finds the binary named by path.txt under dist/', () => {
    const dir = electronPackage();
    writeFileSync(path.join(dir, 'path.txt'), 'electron\n');
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', 'electron'), '');
    expect(findElectronBinary(dir)).toBe(path.join(dir, 'dist', 'electron'));
  });

  it('finds a nested binary such as the macOS app bundle', () => {
    const dir = electronPackage();
    const relative = 'Electron.app/Contents/MacOS/Electron';
    writeFileSync(path.join(dir, 'path.txt'), relative);
    mkdirSync(path.join(dir, 'dist', 'Electron.app', 'Contents', 'MacOS'), { recursive: true });
    writeFileSync(path.join(dir, 'dist', relative), '');
    expect(findElectronBinary(dir)).toBe(path.join(dir, 'dist', relative));
  });

  it('returns null when path.txt is missing (the download never ran)', () => {
    const dir = electronPackage();
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', 'electron'), '');
    expect(findElectronBinary(dir)).toBeNull();
  });

  it('returns null when path.txt names a binary that is not there', () => {
    const dir = electronPackage();
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
    expect(findElectronBinary(dir)).toBeNull();
  });

  it('returns null when path.txt is empty', () => {
    const dir = electronPackage();
    writeFileSync(path.join(dir, 'path.txt'), '  \n');
    mkdirSync(path.join(dir, 'dist'));
    expect(findElectronBinary(dir)).toBeNull();
  });

  it('returns null for a folder that does not exist', () => {
    expect(findElectronBinary(path.join(tmpdir(), 'lineside-no-such-electron-package'))).toBeNull();
  });
});
