import type { SimState } from './sim-state.ts';

/** One line stop as the simulated MES sees it: the latest version it received of the event. */
export interface SimDowntime {
  id: string;
  equipment?: string;
  start?: string;
  end?: string;
  /** `unclassified` until the operator's reason arrives. */
  reason: string;
  /** started, classified or ended: the phase of the latest version. */
  state: string;
  durationMs?: number;
  /** The keys of every version received, in arrival order (`<id>.v1`, `.v2`, ...). */
  versions: string[];
}

/**
 * The fields a NotifyOperationsEvent carries in its Categories (`Reason:JAM`, `State:ended`) and end
 * child (`Duration:PT750S`), as the REST body names them.
 */
export function downtimeFields(categories: string[], version: string | undefined, end: string | undefined, endCategories: string[]): Record<string, unknown> {
  const pick = (list: string[], name: string) => list.find((c) => c.startsWith(`${name}:`))?.slice(name.length + 1);
  const reason = pick(categories, 'Reason');
  const duration = /^PT(\d+(?:\.\d+)?)S$/.exec(pick(endCategories, 'Duration') ?? '');
  return {
    ...(version ? { version: Number(version) } : {}),
    ...(reason && reason !== 'unclassified' ? { reason } : {}),
    ...(pick(categories, 'State') ? { state: pick(categories, 'State') } : {}),
    ...(end ? { end } : {}),
    ...(duration ? { durationMs: Math.round(Number(duration[1]) * 1000) } : {}),
  };
}

/** Every stop the MES heard of, each as its latest version (REST and B2MML alike); shown on /admin/state. */
export function downtimeEvents(state: SimState): SimDowntime[] {
  const byId = new Map<string, SimDowntime>();
  for (const m of state.received) {
    if (m.kind !== 'downtime') continue;
    const b = m.body;
    const reason = typeof b['reason'] === 'string' ? b['reason'] : 'unclassified';
    const end = typeof b['end'] === 'string' ? b['end'] : undefined;
    const next: SimDowntime = {
      id: m.subject,
      ...(typeof b['equipment'] === 'string' ? { equipment: b['equipment'] } : {}),
      ...(typeof b['start'] === 'string' ? { start: b['start'] } : {}),
      ...(end ? { end } : {}),
      reason,
      state: typeof b['state'] === 'string' ? b['state'] : end ? 'ended' : reason !== 'unclassified' ? 'classified' : 'started',
      ...(typeof b['durationMs'] === 'number' ? { durationMs: b['durationMs'] } : {}),
      versions: [...(byId.get(m.subject)?.versions ?? []), m.key],
    };
    byId.set(m.subject, next);
  }
  return [...byId.values()];
}
