import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import { storeBannerText } from './store-text.ts';
import { formatClock } from '../ui/format.ts';

/**
 * Under the alarm banner while a store of the runtime cannot be written (disk full, read-only file):
 * which store, why, since when, and what that means at this station. Nothing shows while all is well.
 * The system-fault look (hatched magenta, as bad quality), never an alarm colour.
 */
export function StoreBanner() {
  const { plant } = useServices();
  const { t } = useT('frame');
  const stores = useCell(plant.stores);
  const session = useCell(plant.session);
  const link = useCell(plant.link);
  const failing = stores.filter((s) => s.state === 'failing');
  if (failing.length === 0 || link.state !== 'open') return null;
  return (
    <div className="store-banner" role="status" aria-label={t('stores.label')} data-testid="store-banner">
      {failing.map((s) => {
        const { headline, effect } = storeBannerText(s, t);
        return (
          <div key={s.store} className="store-banner__row" data-testid={`store-banner-${s.store}`} data-reason={s.reason ?? undefined} title={`${s.file}: ${s.error ?? ''}`}>
            <span className="health__mark" aria-hidden="true" />
            <strong className="store-banner__headline">{headline}</strong>
            <span className="store-banner__effect">{effect}</span>
            {s.since !== null && <span className="store-banner__since">{t('stores.since', { time: formatClock(s.since, session?.timeZone) })}</span>}
          </div>
        );
      })}
    </div>
  );
}
