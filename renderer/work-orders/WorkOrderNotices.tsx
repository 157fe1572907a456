import type { LineStatus } from '../../common/mes-contract.ts';
import type { ReasonParams } from '../../common/reasons.ts';
import { i18n, useT } from '../i18n/i18n.ts';
import { useLineNotices } from '../store/use-mes.ts';
import { unitName } from './units.ts';
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
          <span data-testid="wo-notice-text">{noticeText(n)}</span>
        </a>
      ))}
    </div>
  );
}

/** A key of the runtime's notice in the reader's language, the unit named as the work orders do; the English text when the key is unknown. */
function said(key: string, params: ReasonParams, fallback: string, extra: Record<string, string> = {}): string {
  const unit = typeof params['unitCode'] === 'string' ? { unit: unitName(params['unitCode']) } : {};
  return i18n.t(`reasons.${key}`, { ns: 'common', ...params, ...unit, ...extra, defaultValue: fallback });
}

/** A notice in the reader's language: its key, the revision's changes each in it; the English text when it has no key. */
export function noticeText(n: LineStatus['notices'][number]): string {
  if (!n.reason) return n.text;
  const changes: Record<string, string> = n.changes ? { changes: n.changes.map((c) => said(c.key, c.params, String(n.reason?.params['changes'] ?? ''))).join(', ') } : {};
  return said(n.reason.key, n.reason.params, n.text, changes);
}
