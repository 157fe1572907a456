import { needsPermissionCase, type Signed } from '../../common/permission-phrases.ts';
import type { Permission } from '../../common/permissions.ts';
import type { Quality } from '../../common/quality.ts';
import type { ReasonParams } from '../../common/reasons.ts';
import type { Problem } from '../../common/result.ts';
import { FIELD_TEXT_PREFIX, words } from '../../common/zod-problem.ts';
import { i18n, SOURCE_LANGUAGE } from '../i18n/i18n.ts';

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
  if (text.key.startsWith(FIELD_TEXT_PREFIX)) return fieldProblemText(text.key.slice(FIELD_TEXT_PREFIX.length), text.params, error.message);
  return t(`reasons.${text.key}`, { ...text.params, ...orderStatus(text.params), defaultValue: error.message });
}

/** A work order's ISA-95 status inside a sentence, as the Work orders view names it. */
function orderStatus(params: ReasonParams): ReasonParams {
  const status = params['orderStatus'];
  return typeof status === 'string' ? { orderStatus: i18n.t(`status.${status}`, { ns: 'workOrders', defaultValue: status }) } : {};
}

/**
 * The refusal in the reader's language when it is not English and the runtime sent it as a key; undefined
 * otherwise, for places that shape the English message themselves (dropping a field path it starts with).
 */
export function translatedProblem(error: unknown): string | undefined {
  if (!hasMessage(error) || !error.text || i18n.language === SOURCE_LANGUAGE) return undefined;
  return problemText(error);
}

/** A field of a form or file by its key (`dataType`), in the reader's language; `english` as the runtime said it. */
export function fieldName(key: string, english: string): string {
  return i18n.language === SOURCE_LANGUAGE ? english : t(`fieldProblem.field.${key}`, { defaultValue: english });
}

/**
 * A form or file value refused by its schema (common/zod-problem.ts `issueText`): the row, the field and
 * what is wrong, each in the reader's language ("Materialzuordnung Zeile 9: Externer Code ist leer.").
 * English is the runtime's own sentence. A message of our own (`custom`) is said as the runtime wrote it.
 */
function fieldProblemText(code: string, params: ReasonParams, message: string): string {
  if (i18n.language === SOURCE_LANGUAGE) return message;
  const fieldKeys = typeof params['fields'] === 'string' && params['fields'] !== '' ? params['fields'].split('.') : [];
  const field = params['named'] ? '' : fieldKeys.map((key) => t(`fieldProblem.field.${key}`, { defaultValue: words(key) })).join(t('fieldProblem.fieldJoin'));
  const list = typeof params['list'] === 'string' ? params['list'] : '';
  const row = params['row'] === undefined ? '' : list ? t('fieldProblem.row', { list: t(`fieldProblem.list.${list}`, { defaultValue: words(list) }), row: params['row'] }) : t('fieldProblem.rowAlone', { row: params['row'] });
  const custom = code === 'custom';
  const expected = typeof params['expected'] === 'string' ? t(`fieldProblem.type.${params['expected']}`, { defaultValue: params['expected'] }) : undefined;
  const wrong = custom ? String(params['detail'] ?? '') : t(`fieldProblem.wrong.${code}`, { ...params, expected, defaultValue: message });
  const shape = `${row ? 'row' : ''}${field ? 'Field' : ''}` || 'none';
  return t(`fieldProblem.sentence.${custom ? 'custom' : 'plain'}.${shape}`, { row, field, wrong });
}

/**
 * Why a device is in error, in the reader's language where the driver gave the reason as a key; the
 * driver's own words otherwise, and always in English (they are what the runtime's log says).
 */
export function deviceErrorText(device: { readonly lastError?: string | undefined; readonly lastErrorText?: { key: string; params: ReasonParams } | undefined }): string | undefined {
  const text = device.lastErrorText;
  if (device.lastError === undefined || !text || i18n.language === SOURCE_LANGUAGE) return device.lastError;
  return t(`reasons.${text.key}`, { ...text.params, defaultValue: device.lastError });
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
