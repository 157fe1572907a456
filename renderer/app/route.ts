import { useSyncExternalStore } from 'react';
import type { Permission } from '../../common/permissions.ts';
import { i18n, type Language } from '../i18n/i18n.ts';

/**
 * The displays reachable from the top bar, in tab order, in groups by who uses them most: the control
 * room's, the supervisors' analyses, the engineers' setup, administration. Ids only: the titles people
 * read are in the 'frame' catalogue (`displays.<id>`, `groups.<group>`, `sections.<id>`).
 */
export const DISPLAY_GROUPS = ['Operate', 'Analyse', 'Engineer', 'Admin'] as const;
export type DisplayGroup = (typeof DISPLAY_GROUPS)[number];

export const DISPLAYS = [
  { id: 'overview', group: 'Operate' },
  { id: 'screens', group: 'Operate' },
  { id: 'alarms', group: 'Operate' },
  { id: 'trends', group: 'Operate' },
  { id: 'work-orders', group: 'Operate' },
  { id: 'oee', group: 'Analyse' },
  { id: 'reports', group: 'Analyse' },
  { id: 'alarm-history', group: 'Analyse' },
  { id: 'alarm-kpis', group: 'Analyse' },
  { id: 'traceability', group: 'Analyse' },
  { id: 'tags', group: 'Engineer' },
  { id: 'devices', group: 'Engineer' },
  { id: 'alarm-definitions', group: 'Engineer' },
  { id: 'rules', group: 'Engineer', needs: 'tags.configure' },
  { id: 'editor', group: 'Engineer', needs: 'screens.configure' },
  { id: 'sync', group: 'Engineer' },
  { id: 'mailbox', group: 'Engineer', needs: 'audit.view' },
  { id: 'users', group: 'Admin', needs: 'users.manage' },
  { id: 'audit', group: 'Admin', needs: 'audit.view' },
] as const satisfies readonly { id: string; group: DisplayGroup; needs?: Permission }[];
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

/** The display's tab title in the language shown now, or in `language` (components re-render on a change through `useT`). */
export function displayTitle(id: DisplayId, language?: Language): string {
  return i18n.t(`displays.${id}`, { ns: 'frame', ...(language ? { lng: language } : {}) });
}

export function groupTitle(group: DisplayGroup, language?: Language): string {
  return i18n.t(`groups.${group}`, { ns: 'frame', ...(language ? { lng: language } : {}) });
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

/** The phone-sized alarm page (`#/mobile`, `#/mobile?alarm=<id>`), shown without the control room's frame. */
export function isMobileHash(hash: string): boolean {
  return /^#\/mobile(\?|$)/.test(hash);
}

export function useMobileRoute(): { mobile: boolean; alarm: string | undefined } {
  const mobile = useSyncExternalStore(subscribe, () => isMobileHash(window.location.hash));
  const alarm = useSyncExternalStore(subscribe, () => {
    const match = /^#\/mobile\?(.*)$/.exec(window.location.hash);
    return match ? (new URLSearchParams(match[1]).get('alarm') ?? undefined) : undefined;
  });
  return { mobile, alarm };
}
