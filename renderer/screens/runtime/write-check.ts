import type { TFunction } from 'i18next';
import type { TagInfo } from '../../../common/tag.ts';
import { formatNumber } from '../../ui/value-format.ts';

/** A number typed by the operator, checked against the tag's write limits before it is sent (the runtime checks again); the reason in the reader's language. */
export function checkEntry(info: TagInfo | undefined, text: string, t: TFunction<'screens'>): { ok: true; value: number } | { ok: false; reason: string } {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return { ok: false, reason: t('write.enterNumber') };
  const limits = info?.writeLimits;
  if (limits && (value < limits.min || value > limits.max)) {
    const d = info.decimals;
    const units = info.units ? ` ${info.units}` : '';
    return {
      ok: false,
      reason: t('write.outsideLimits', { value: `${formatNumber(value, d)}${units}`, min: formatNumber(limits.min, d), max: `${formatNumber(limits.max, d)}${units}` }),
    };
  }
  return { ok: true, value };
}

/** Close enough to call the actual value "at setpoint": 1 % of the tag's span, at least one shown digit. */
export function agreeTolerance(info: TagInfo | undefined): number {
  const span = info?.writeLimits ?? info?.range;
  const digit = 10 ** -(info?.decimals ?? 1);
  return Math.max(digit, span ? (span.max - span.min) * 0.01 : digit);
}
