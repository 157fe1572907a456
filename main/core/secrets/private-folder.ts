import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { fail, ok, type Result } from '../../../common/result.ts';

const POSIX = process.platform !== 'win32';

/**
 * Everything this process creates from now on is private to its user: files 600, folders 700. That
 * covers what other code creates in the data folder without asking (SQLite's -wal and -shm files,
 * node-opcua's PKI, report files, exports). Process-wide and kept: the runtime's files are created
 * for as long as it runs. POSIX only (Windows has no umask; there the folder's ACL decides).
 */
export function makeNewFilesPrivate(): void {
  if (POSIX && isMainThread) process.umask(0o077);
}

/**
 * Creates the data folder 700, or tightens an existing one: the folder and every folder in it to 700,
 * every file in it to 600 (an install from before, or files copied in). Symbolic links are left alone.
 * Refuses, naming the file, when one cannot be made private (owned by another user).
 */
export function securePrivateFolder(dir: string): Result<{ tightened: string[] }> {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return fail('config-error', `cannot create the data folder ${dir}: ${(error as Error).message}`);
  }
  const tightened: string[] = [];
  if (!POSIX) return ok({ tightened });
  const walk = (path: string, isRoot: boolean): string | undefined => {
    let stat;
    try {
      stat = lstatSync(path);
    } catch (error) {
      // Gone since it was listed (a temporary file renamed): nothing to protect.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (stat.isSymbolicLink()) return undefined;
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== wanted) {
      try {
        chmodSync(path, wanted);
      } catch (error) {
        return `${path}: ${(error as Error).message}`;
      }
      if (!isRoot) tightened.push(path);
    }
    if (!stat.isDirectory()) return undefined;
    for (const name of readdirSync(path)) {
      const problem = walk(join(path, name), false);
      if (problem) return problem;
    }
    return undefined;
  };
  let problem: string | undefined;
  try {
    problem = walk(dir, true);
  } catch (error) {
    problem = `${dir}: ${(error as Error).message}`;
  }
  if (problem) {
    return fail('config-error', `cannot make the data folder private (folders 700, files 600): ${problem}. Give it to the user Lineside runs as (chown -R), then start again.`);
  }
  return ok({ tightened });
}
