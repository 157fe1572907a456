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
 * (a button's label and an on/off value), "Set fill volume setpoint to 500 mL?" (a number).
 * `shown` is the value as the dialog shows it (with units).
 */
export function confirmQuestion(label: string, value: Value, info: TagInfo | undefined, path: string, shown: string): string {
  if (typeof value === 'boolean') {
    // An element's id ("p101-switch") is no action: say what the value does instead.
    const action = /\s|^[A-Z]/.test(label.trim()) ? label.trim() : value ? 'Switch on' : 'Switch off';
    return `${action} ${objectOf(info, path)}?`;
  }
  const description = (info?.description ?? '').split(/[(;,]/)[0]!.trim();
  return `Set ${description ? lowerFirst(description) : objectOf(info, path)} to ${shown}?`;
}
