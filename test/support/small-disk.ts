import { execFile } from 'node:child_process';
import { mkdtemp, open, rm, rmdir, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A small file system of its own (tmpfs) mounted by the test, so "disk full" is the real ENOSPC that
 * SQLite turns into SQLITE_FULL. `fill` writes a ballast file until the disk refuses; `free` deletes it.
 */
export interface SmallDisk {
  readonly dir: string;
  fill(): Promise<void>;
  free(): Promise<void>;
  /** Bytes the file system still has for files. */
  available(): Promise<number>;
  dispose(): Promise<void>;
}

/**
 * Mounts a tmpfs of `sizeMiB` on a new folder; undefined (with the reason) where mounting is impossible
 * (not root, no CAP_SYS_ADMIN, no mount binary): tests then fall back to SQLite's max_page_count.
 */
export async function mountSmallDisk(sizeMiB: number): Promise<{ disk: SmallDisk } | { disk: undefined; why: string }> {
  // To run the fallback on a machine that could mount: LINESIDE_TEST_NO_MOUNT=1 npm test.
  if (process.env['LINESIDE_TEST_NO_MOUNT']) return { disk: undefined, why: 'LINESIDE_TEST_NO_MOUNT is set' };
  const dir = await mkdtemp(join(tmpdir(), 'lineside-small-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700`, 'tmpfs', dir]);
  } catch (error) {
    await rmdir(dir);
    return { disk: undefined, why: `mount -t tmpfs failed: ${((error as { stderr?: string }).stderr ?? (error as Error).message).trim()}` };
  }
  const ballast = join(dir, 'ballast');
  const disk: SmallDisk = {
    dir,
    fill: async () => {
      const file = await open(ballast, 'a');
      try {
        // Big chunks first, then small ones: the last free pages go too.
        for (const size of [1 << 20, 64 << 10, 4 << 10, 512]) {
          const chunk = Buffer.alloc(size, 0x55);
          for (;;) {
            try {
              await file.write(chunk);
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw error;
            }
          }
        }
      } finally {
        await file.close();
      }
    },
    free: () => rm(ballast, { force: true }),
    available: async () => {
      const s = await statfs(dir);
      return s.bavail * s.bsize;
    },
    dispose: async () => {
      await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
      await rmdir(dir);
    },
  };
  return { disk };
}
