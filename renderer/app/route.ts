import { useSyncExternalStore } from 'react';

/** The displays reachable from the top bar, in tab order. */
export const DISPLAYS = [
  { id: 'overview', title: 'Overview' },
  { id: 'screens', title: 'Screens' },
  { id: 'tags', title: 'Tags' },
  { id: 'trends', title: 'Trends' },
  { id: 'alarms', title: 'Alarms' },
  { id: 'alarm-history', title: 'Alarm history' },
  { id: 'alarm-kpis', title: 'Alarm KPIs' },
  { id: 'alarm-definitions', title: 'Alarm setup' },
  { id: 'oee', title: 'OEE' },
  { id: 'reports', title: 'Reports' },
  { id: 'devices', title: 'Devices' },
  { id: 'editor', title: 'Editor' },
  { id: 'users', title: 'Users' },
  { id: 'audit', title: 'Audit' },
  { id: 'work-orders', title: 'Work orders' },
  { id: 'sync', title: 'Sync' },
] as const;
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
