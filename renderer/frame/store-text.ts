import type { TFunction } from 'i18next';
import type { StoreStatus } from '../../common/stores.ts';
import { formatCount } from '../ui/format.ts';

/**
 * One line of the banner: "Audit trail cannot be written: disk full — writes and changes are refused…",
 * in the reader's language (the 'frame' catalogue's `stores.*`): what still works and what waits while
 * a store fails, so the operator reads whether the plant view is affected.
 */
export function storeBannerText(status: StoreStatus, t: TFunction<'frame'>): { headline: string; effect: string } {
  const headline = t('stores.headline', { store: t(`stores.title.${status.store}`), reason: t(`stores.reason.${status.reason ?? 'other'}`) });
  const counted = status.store === 'historian' || status.store === 'alarms';
  const effect = counted ? t(`stores.effect.${status.store}`, { count: status.waiting, formatted: formatCount(status.waiting) }) : t(`stores.effect.${status.store}`);
  const lost = status.dropped > 0 ? t('stores.givenUp', { count: status.dropped, formatted: formatCount(status.dropped) }) : '';
  return { headline, effect: `${effect}${lost}` };
}
