import { useT } from '../i18n/i18n.ts';
import { useLineNotices } from '../store/use-mes.ts';
import '../styles/work-orders.css';

/**
 * Under the alarm banner, on every display: an order on a line that needs a person — cancelled by
 * MES/ERP while on the line (held; acknowledge, or a supervisor decides), or a revision waiting for
 * acceptance. One line each, one click to the Work Orders view. Nothing while nothing needs anyone.
 */
export function WorkOrderNotices() {
  const { t } = useT('workOrders');
  const notices = useLineNotices();
  if (notices.length === 0) return null;
  return (
    <div className="wo-notices" role="region" aria-label={t('notices.label')} data-testid="wo-notices">
      {notices.map((n) => (
        <a key={`${n.key}/${n.kind}`} className="wo-notice" href="#/work-orders" data-key={n.key} data-kind={n.kind} title={t('notices.open')}>
          <span className="wo__change-mark" aria-hidden="true">
            !
          </span>
          <span data-testid="wo-notice-text">{n.text}</span>
        </a>
      ))}
    </div>
  );
}
