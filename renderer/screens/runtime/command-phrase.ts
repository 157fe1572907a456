import type { TFunction } from 'i18next';
import type { Value } from '../../../common/data-value.ts';
import type { TagInfo } from '../../../common/tag.ts';

/** Words at the end of a command tag's description that name the signal, not the equipment. */
const SIGNAL_WORDS = /\s+(?:start\/stop|on\/off|open\/close|run|start|stop)?\s*(?:command|cmd|request|demand)$/i;

/**
 * The equipment a tag belongs to, as people name it: its description up to the first detail ("(…)",
 * ";", ","), without the signal words ("start/stop command"): "Transfer pump P101 start/stop command
 * (true = run); …" → "transfer pump P101". Without a description, the tag's parent segment.
 */
export function objectOf(info: TagInfo | undefined, path: string): string {
  const description = (info?.description ?? '').split(/[(;,]/)[0]!.trim().replace(SIGNAL_WORDS, '').trim();
  if (description) return lowerFirst(description);
  const segments = path.split('/');
  return segments.length > 1 ? segments.at(-2)! : path;
}

/** "Transfer" → "transfer", but "P101 pump" and "XV101" stay as they are. */
function lowerFirst(text: string): string {
  const first = text.split(' ')[0]!;
  return /^[A-Z][a-z]/.test(first) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * The confirmation question of a write, naming the action and the object: "Start transfer pump P101?"
 * (a button's label and an on/off value), "Set fill volume setpoint to 500 mL?" (a number), in the
 * reader's language (`t` of the 'screens' namespace). `shown` is the value as the dialog shows it (with
 * units). The object is the project's description: English puts it in lower case inside the sentence,
 * German keeps it as written (`question.objectCase`).
 */
export function confirmQuestion(label: string, value: Value, info: TagInfo | undefined, path: string, shown: string, t: TFunction<'screens'>): string {
  const { key, params } = confirmPhrase(label, value, info, path, shown, t);
  return t(key, params).replace(/<\/?\d+>/g, '');
}

/**
 * The question as a catalogue key and its values, for a `<Trans>` that marks the project's words in it
 * (`<0>` the object, `<1>` the action: the tag's description and the button's label are project texts).
 */
export function confirmPhrase(label: string, value: Value, info: TagInfo | undefined, path: string, shown: string, t: TFunction<'screens'>): { key: string; params: Record<string, string> } {
  const lower = t('question.objectCase') === 'lower';
  const object = lower ? objectOf(info, path) : objectAsWritten(info, path);
  if (typeof value === 'boolean') {
    // An element's id ("p101-switch") is no action: say what the value does instead.
    if (/\s|^[A-Z]/.test(label.trim())) return { key: 'question.action', params: { action: label.trim(), object } };
    return { key: value ? 'question.switchOn' : 'question.switchOff', params: { object } };
  }
  const description = (info?.description ?? '').split(/[(;,]/)[0]!.trim();
  return { key: 'question.set', params: { object: description ? (lower ? lowerFirst(description) : description) : object, value: shown } };
}

/** `objectOf` without changing the case of the description's first word. */
function objectAsWritten(info: TagInfo | undefined, path: string): string {
  const description = (info?.description ?? '').split(/[(;,]/)[0]!.trim().replace(SIGNAL_WORDS, '').trim();
  if (description) return description;
  const segments = path.split('/');
  return segments.length > 1 ? segments.at(-2)! : path;
}
