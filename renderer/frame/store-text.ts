import { storeRefusal, type StoreName, type StoreStatus } from '../../common/stores.ts';
import { formatCount } from '../ui/format.ts';

/** What still works, and what waits, while a store fails: the operator reads whether the plant view is affected. */
const EFFECT: Record<StoreName, (s: StoreStatus) => string> = {
  historian: (s) => `live values and alarms continue; ${formatCount(s.waiting)} samples wait to be recorded`,
  alarms: (s) => `alarms still annunciate; ${formatCount(s.waiting)} journal entries wait`,
  audit: () => 'writes and changes are refused until it can record them',
  mes: () => 'production counts and MES messages wait; work-order actions are refused',
  reports: () => 'reports, logbook entries and downtime reasons are refused',
  users: () => 'account changes are refused',
};

/** One line of the banner: "audit trail cannot be written: disk full — writes and changes are refused…". */
export function storeBannerText(status: StoreStatus): { headline: string; effect: string } {
  const headline = storeRefusal(status.store, status.reason ?? 'other');
  const lost = status.dropped > 0 ? `; ${formatCount(status.dropped)} given up` : '';
  return { headline: headline.charAt(0).toUpperCase() + headline.slice(1), effect: `${EFFECT[status.store](status)}${lost}` };
}
