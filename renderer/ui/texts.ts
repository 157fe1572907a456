import { needsPermissionCase, type Signed } from '../../common/permission-phrases.ts';
import type { Permission } from '../../common/permissions.ts';
import type { Quality } from '../../common/quality.ts';
import type { Problem } from '../../common/result.ts';
import { i18n } from '../i18n/i18n.ts';

/**
 * Texts built in code (not in JSX), in the reader's language: the runtime's refusals (a Problem's `text`:
 * a key of common/reasons.ts and its parameters), quality words, permission phrases and the sentences
 * saying why a control is disabled. English is in common/ (reasons.ts, quality.ts, permission-phrases.ts)
 * for REST clients and logs; the catalogues are renderer/i18n/locales/<lang>/common.json.
 *
 * Each reads the page's language when called. A component that shows one re-renders on a language
 * change when it (or a parent) uses `useT` or `useLanguage`; a text kept in state (a refusal shown after
 * a command) stays in the language it was made in.
 */
const t = (key: string, options?: Record<string, unknown>): string => i18n.t(key, { ns: 'common', ...options });

type WithText = Pick<Problem, 'message' | 'text'>;

function hasMessage(error: unknown): error is WithText {
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string';
}

/**
 * A runtime refusal or error in the reader's language: its `text` translated (the English message when
 * the key is unknown to this renderer, or when there is no `text`: problems not converted yet keep the
 * runtime's English words). Takes a CallError, a Problem or anything thrown.
 */
export function problemText(error: unknown): string {
  if (!hasMessage(error)) return String(error);
  const text = error.text;
  if (!text) return error.message;
  return t(`reasons.${text.key}`, { ...text.params, defaultValue: error.message });
}

/** `BadNotConnected` → "Keine Kommunikation mit Tank-SPS" (German), naming the device when known; first letter capital. */
export function qualityText(quality: Quality, device?: string): string {
  const text = device === undefined ? t(`quality.${quality}`, { context: 'noDevice' }) : t(`quality.${quality}`, { device });
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A permission as people say it ("Write tag values", "Variablenwerte schreiben"); the technical name goes beside it. */
export function permissionText(permission: Permission): string {
  return t(`permission.${permission}`);
}

/**
 * Why a person may not do something, one whole sentence: "Needs the permission ‘Write tag values’ — signed
 * in as maintenance." `who`: null for a signed-out station, undefined when not known.
 */
export function needsPermissionText(permission: Permission, who: Signed | null | undefined): string {
  return t(`needsPermission.${needsPermissionCase(who)}`, { permission: permissionText(permission), name: who?.name ?? '', role: who?.role ?? '' });
}

/** "Needs a signed-in person: sign in first." */
export function needsSignInText(): string {
  return t('needsPermission.signInFirst');
}
