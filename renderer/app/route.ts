import { useSyncExternalStore } from 'react';
import type { Permission } from '../../common/permissions.ts';

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
  { id: 'editor', title: 'Editor', group: 'Engineer', needs: 'screens.configure' },
  { id: 'sync', title: 'Sync', group: 'Engineer' },
  { id: 'users', title: 'Users', group: 'Admin', needs: 'users.manage' },
  { id: 'audit', title: 'Audit', group: 'Admin', needs: 'audit.view' },
] as const satisfies readonly { id: string; title: string; group: DisplayGroup; needs?: Permission }[];
export type DisplayId = (typeof DISPLAYS)[number]['id'];

/**
 * The permission a display needs to be shown at all: a display that is only for changing things (the
 * editor, user administration) or whose reading is itself a permission (the audit trail). Every other
 * display reads what 'view' allows, so everyone sees it, signed-out stations too, with the controls
 * the person may not use disabled and the reason on them.
 */
export function displayNeeds(id: DisplayId): Permission {
  const display = DISPLAYS.find((d) => d.id === id)!;
  return 'needs' in display ? display.needs : 'view';
}

export function displayTitle(id: DisplayId): string {
  return DISPLAYS.find((d) => d.id === id)!.title;
}

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

/** `#/alarms?alarm=Line1%2FFiller%2FFaulted` → 'Line1/Filler/Faulted' for ('alarms', 'alarm'); undefined on another display. */
export function displayParam(hash: string, id: DisplayId, name: string): string | undefined {
  const match = new RegExp(`^#/${id}\\?(.*)$`).exec(hash);
  return match ? (new URLSearchParams(match[1]).get(name) ?? undefined) : undefined;
}

/** A parameter of a link to a display (`#/tags?tag=<path>`, from the global search), following the address. */
export function useDisplayParam(id: DisplayId, name: string): string | undefined {
  return useSyncExternalStore(subscribe, () => displayParam(window.location.hash, id, name));
}
