import { basename, dirname } from 'node:path';
import type { StoreSpec } from './store-spec.ts';

/** The refusals of `openStore`: each names the file and the folder, says why, and how to restore it. */

function where(spec: StoreSpec): { name: string; dir: string } {
  return { name: basename(spec.file), dir: dirname(spec.file) };
}

function refusal(spec: StoreSpec): string {
  return `It holds ${spec.holds}; Lineside will not start with an empty one in its place${spec.emptyMeans ? ` (${spec.emptyMeans})` : ''}.`;
}

export function missingMessage(spec: StoreSpec, createdAt: string): string {
  const { name, dir } = where(spec);
  return (
    `${name} is missing from the data folder ${dir}, but Lineside created it there (${createdAt}, says ${name}.created). ${refusal(spec)} ` +
    `To restore it: stop Lineside, copy ${name} back from a backup of this data folder, and start again. ` +
    `To start this store empty on purpose, delete ${name}.created as well.`
  );
}

export function emptyMessage(spec: StoreSpec): string {
  const { name, dir } = where(spec);
  return (
    `${name} in the data folder ${dir} is empty (0 bytes): it was emptied or cut off. ${refusal(spec)} ` +
    `To restore it: stop Lineside, copy ${name} back from a backup of this data folder (and delete ${name}-wal and ${name}-shm if they are there), and start again. ` +
    `To start this store empty on purpose, delete ${name} and ${name}.created.`
  );
}

export function damagedMessage(spec: StoreSpec, detail: string): string {
  const { name, dir } = where(spec);
  return (
    `${name} in the data folder ${dir} is damaged (${detail}). It holds ${spec.holds}; Lineside will neither open nor replace it. ` +
    `To restore it: stop Lineside, replace ${name} with the copy from a backup of this data folder (and delete ${name}-wal and ${name}-shm if they are there), and start again. ` +
    `sqlite3's ".recover" command may save part of the damaged file into a new one.`
  );
}

export function newerMessage(spec: StoreSpec, version: number, latest: number): string {
  const { name, dir } = where(spec);
  return (
    `${name} in the data folder ${dir} has schema version ${version}, but this Lineside knows versions up to ${latest}: a later version of Lineside wrote it. ` + `Run that version again, or restore ${name} from a backup made by this one.`
  );
}

export function cannotMessage(spec: StoreSpec, doing: string, detail: string, diskFull: boolean): string {
  const { name, dir } = where(spec);
  return `cannot ${doing} ${name} in the data folder ${dir}: ${detail}${diskFull ? '. The disk is full: free some space and start again.' : ''}`;
}
