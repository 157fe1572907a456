import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';

/** What a store takes on disk: the file with its write-ahead log, and how much of it is free pages. */
export function storeSize(db: Database.Database): { bytes: number; freeBytes: number } {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return { bytes: fileSize(db.name) + fileSize(`${db.name}-wal`), freeBytes: free * pageSize };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
