import { useSyncExternalStore } from 'react';

/**
 * The displays reachable from the top bar, in tab order, in groups by who uses them most: the control
 * room's, the supervisors' analyses, the engineers' setup, administration.
 */
export const DISPLAY_GROUPS = ['Operate', 'Analyse', 'Engineer', 'Admin'] as const;
export type DisplayGroup = (typeof DISPLAY_GROUPS)[number];

export const DISPLAYS = [
  { id: 'overview', title: 'Overview', group: 'Operate' },
  { id: 'screens', title: 'Screens', group: 'Operate' },
  { id: 'alarms', title: 'Alarms', group: 'Operate' },
  { id: 'trends', title: 'Trends', group: 'Operate' },
  { id: 'work-orders', title: 'Work orders', group: 'Operate' },
  { id: 'oee', title: 'OEE', group: 'Analyse' },
  { id: 'reports', title: 'Reports', group: 'Analyse' },
  { id: 'alarm-history', title: 'Alarm history', group: 'Analyse' },
  { id: 'alarm-kpis', title: 'Alarm KPIs', group: 'Analyse' },
  { id: 'tags', title: 'Tags', group: 'Engineer' },
  { id: 'devices', title: 'Devices', group: 'Engineer' },
  { id: 'alarm-definitions', title: 'Alarm setup', group: 'Engineer' },
  { id: 'editor', title: 'Editor', group: 'Engineer' },
  { id: 'sync', title: 'Sync', group: 'Engineer' },
  { id: 'users', title: 'Users', group: 'Admin' },
  { id: 'audit', title: 'Audit', group: 'Admin' },
] as const satisfies readonly { id: string; title: string; group: DisplayGroup }[];
export type DisplayId = (typeof DISPLAYS)[number]['id'];

export function displayHref(id: DisplayId): string {
  return `#/${id}`;
}

/** `#/tags` → 'tags'; anything else is the overview, so a stale bookmark still lands somewhere useful. */
export function displayFromHash(hash: string): DisplayId {
  const id = hash.replace(/^#\/?/, '').split(/[/&?]/)[0];
  return DISPLAYS.find((display) => display.id === id)?.id ?? 'overview';
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useDisplayRoute(): DisplayId {
  return useSyncExternalStore(subscribe, () => displayFromHash(window.location.hash));
}
