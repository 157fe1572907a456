import type { AlarmDefinition } from './alarms.ts';

/** The four limit alarms in rising order: each must sit above the ones before it on the same tag. */
const LIMIT_TYPES = ['lolo', 'lo', 'hi', 'hihi'] as const;
type LimitType = (typeof LIMIT_TYPES)[number];

/** How people write them: LoLo, Lo, Hi, HiHi. */
export const LIMIT_NAME: Record<LimitType, string> = { lolo: 'LoLo', lo: 'Lo', hi: 'Hi', hihi: 'HiHi' };

function rankOf(def: AlarmDefinition): number {
  return (LIMIT_TYPES as readonly string[]).indexOf(def.condition.type);
}

export interface LimitOrderProblem {
  /** The field of the definition being checked: always its limit. */
  readonly field: 'condition.limit';
  readonly message: string;
}

/**
 * LoLo < Lo < Hi < HiHi on one tag: `def`'s limit checked against the other limit alarms of its tag
 * (`others` may hold any definitions; those of other tags, other types or the same id are skipped).
 * Two alarms of the same type (e.g. two Hi of different priorities) are not compared. The message
 * names both alarms and their limits, so the engineer sees which one to move.
 */
export function checkLimitOrder(def: AlarmDefinition, others: Iterable<AlarmDefinition>): LimitOrderProblem | undefined {
  const rank = rankOf(def);
  if (rank < 0 || !('limit' in def.condition)) return undefined;
  const limit = def.condition.limit;
  const name = LIMIT_NAME[LIMIT_TYPES[rank]!];
  for (const other of others) {
    if (other.id === def.id || other.tag !== def.tag || !('limit' in other.condition)) continue;
    const otherRank = rankOf(other);
    if (otherRank < 0 || otherRank === rank) continue;
    const otherLimit = other.condition.limit;
    const otherName = LIMIT_NAME[LIMIT_TYPES[otherRank]!];
    if (rank > otherRank && !(limit > otherLimit)) {
      return { field: 'condition.limit', message: `the ${name} limit (${limit}) must be above the ${otherName} limit (${otherLimit}, alarm ${other.id})` };
    }
    if (rank < otherRank && !(limit < otherLimit)) {
      return { field: 'condition.limit', message: `the ${name} limit (${limit}) must be below the ${otherName} limit (${otherLimit}, alarm ${other.id})` };
    }
  }
  return undefined;
}
