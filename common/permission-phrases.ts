import { fillTemplate } from './reasons.ts';
import type { Permission, RoleName } from './permissions.ts';

/**
 * Each permission as plant people say it: the Users/Roles panel, the reason beside a control a person
 * may not use, and the "Not allowed." refusals show these, never the technical name (which stays in the
 * API, the audit trail and the detail line). The mapped type makes a permission without a phrase a type error.
 */
export const PERMISSION_PHRASES: { readonly [P in Permission]: string } = {
  view: 'View the plant',
  'tags.write': 'Write tag values',
  'tags.configure': 'Configure tags',
  'devices.configure': 'Configure devices',
  'devices.trust': 'Trust device certificates',
  'screens.configure': 'Edit screens',
  'alarms.acknowledge': 'Acknowledge alarms',
  'alarms.shelve': 'Shelve alarms',
  'alarms.comment': 'Comment on alarms',
  'alarms.outOfService': 'Take alarms out of service',
  'alarms.editDefinitions': 'Edit alarm setup',
  'trends.saveViews': 'Save trend views',
  'workOrders.run': 'Run work orders',
  'workOrders.decide': 'Decide on orders cancelled while running',
  'production.record': 'Record downtime and the logbook',
  'reports.export': 'Generate and export reports',
  'reports.sign': 'Sign shift reports',
  'sync.requeue': 'Send MES messages again',
  'mes.configure': 'Configure the MES connection',
  'audit.view': 'Read the audit trail',
  'users.manage': 'Manage users',
};

export function permissionPhrase(permission: Permission): string {
  return PERMISSION_PHRASES[permission];
}

/** Who is at the station, as far as a reason needs to say: a person, or nobody (the station's view only). */
export interface Signed {
  readonly name: string;
  readonly role: RoleName;
}

/**
 * The sentences saying why a person may not do something, by case (whole sentences, no pieces glued
 * together): English here; the renderer says them in the reader's language (common.json `needsPermission`).
 */
export const NEEDS_PERMISSION_TEXTS = {
  unknown: 'Needs the permission ‘{{permission}}’.',
  signedOut: 'Needs the permission ‘{{permission}}’ — not signed in: sign in first.',
  role: 'Needs the permission ‘{{permission}}’ — signed in as {{role}}.',
  named: 'Needs the permission ‘{{permission}}’ — signed in as {{name}} ({{role}}).',
  signInFirst: 'Needs a signed-in person: sign in first.',
} as const;

/** Which of NEEDS_PERMISSION_TEXTS fits: `who` null for a signed-out station, undefined when not known. */
export function needsPermissionCase(who: Signed | null | undefined): Exclude<keyof typeof NEEDS_PERMISSION_TEXTS, 'signInFirst'> {
  if (who === undefined) return 'unknown';
  if (who === null) return 'signedOut';
  return who.name === who.role ? 'role' : 'named';
}

/**
 * Why a person may not do something, in one English sentence: "Needs the permission ‘Write tag values’ —
 * signed in as maintenance." `who`: null for a signed-out station, undefined when not known.
 */
export function needsPermissionText(permission: Permission, who: Signed | null | undefined): string {
  return fillTemplate(NEEDS_PERMISSION_TEXTS[needsPermissionCase(who)], { permission: permissionPhrase(permission), name: who?.name ?? '', role: who?.role ?? '' });
}
