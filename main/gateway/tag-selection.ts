import { fail, ok, type Result } from '../../common/result.ts';
import type { TagEngine, TagSlot } from '../core/tags/tag-engine.ts';

/** Tags whose path is the prefix or lies below it (`Line1/Filler` matches `Line1/Filler/Speed`, not `Line1/Filler2`; an array tag's elements go with it). */
export function tagsUnder(engine: TagEngine, prefix: string | undefined): TagSlot[] {
  const all = engine.all();
  if (prefix === undefined || prefix === '') return [...all];
  const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return all.filter((s) => s.def.path === base || s.def.path.startsWith(`${base}/`) || s.def.path.startsWith(`${base}[`));
}

/** Resolves paths to tags; the first unknown path is named in the error. */
export function tagsByPath(engine: TagEngine, paths: readonly string[]): Result<TagSlot[]> {
  const slots: TagSlot[] = [];
  for (const [i, path] of paths.entries()) {
    const slot = engine.slot(path);
    if (!slot) return fail('not-found', `no tag ${path}`, `paths[${i}]`);
    slots.push(slot);
  }
  return ok(slots);
}
