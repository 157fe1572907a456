import { useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import type { StoredWorkOrder } from '../../common/mes-contract.ts';
import type { TFunction } from 'i18next';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { unitName } from './units.ts';

type Pending = 'start' | 'confirm' | 'complete' | undefined;

/** The reason the runtime records for a hold from here (data in the order's record, not words on this screen). */
const HOLD_REASON = 'held by operator';

/**
 * The order's commands. Start and complete ask for confirmation first (start writes the recipe to
 * the PLC); every command shows pending, accepted or refused with the runtime's reason.
 */
export function OrderActions({ order, busy, scrapReasons }: { order: StoredWorkOrder; busy: boolean; scrapReasons: Array<{ code: string; label: string }> }) {
  const { client } = useServices();
  const { t } = useT('workOrders');
  const [state, act] = useAction();
  const [asking, setAsking] = useState<Pending>(undefined);
  const [scrapReason, setScrapReason] = useState<string>('');
  const key = order.key;
  const s = order.status;
  const canStart = (s === 'Released' || s === 'Ready') && !busy && !order.parameterProblem;
  // An order MES/ERP cancelled is closed out by the cancel (OrderChangesPanel), not by these commands.
  const cancelled = order.progress.cancel !== undefined;
  const onLine = (s === 'Running' || s === 'Held') && !cancelled;
  const scrap = scrapReason === '' ? {} : { scrapReason };
  // Every command here is 'workOrders.run': disabled with the reason for everyone else.
  const access = useAccess();
  const gate = (otherwise: boolean) => access.control('workOrders.run', otherwise);

  const run = (what: Pending) => {
    setAsking(undefined);
    if (what === 'start') {
      act(t('actions.start'), async () => {
        const r = await client.call('workOrders.start', { key });
        return t('actions.readBack', { checks: r.checks.map((c) => t('actions.param', { name: c.name, value: String(c.readBack) })).join(', ') || t('actions.noParameters') });
      });
    } else if (what === 'confirm') {
      act(t('actions.partialConfirmation'), async () => {
        const r = await client.call('workOrders.confirm', { key, ...scrap });
        const n = r.consumptions.length;
        return n === 0 ? t('actions.goodQueued', { good: r.completion.good.value }) : t('actions.goodQueuedBackflush', { good: r.completion.good.value, count: n });
      });
    } else if (what === 'complete') {
      act(t('actions.complete'), async () => {
        const r = await client.call('workOrders.complete', { key, ...scrap });
        const n = r.consumptions.length;
        return n === 0 ? t('actions.finalQueued', { good: r.completion.good.value }) : t('actions.finalQueuedBackflush', { good: r.completion.good.value, count: n });
      });
    }
  };

  return (
    <div className="wo__actions">
      {asking ? (
        <Dialog className="wo__confirm" label={t('actions.confirmLabel')} onClose={() => setAsking(undefined)}>
          <p>{question(asking, order, t)}</p>
          <button type="button" className="button button--primary" onClick={() => run(asking)}>
            {t('actions.confirm')}
          </button>
          <button type="button" className="button" onClick={() => setAsking(undefined)}>
            {t('actions.cancel')}
          </button>
        </Dialog>
      ) : (
        <div className="wo__buttons">
          {!onLine && !cancelled && (
            <button type="button" className="button button--primary" {...gate(!canStart)} onClick={() => setAsking('start')} title={access.why('workOrders.run') ?? (busy ? t('actions.anotherOrder') : order.parameterProblem)}>
              {t('actions.start')}
            </button>
          )}
          {s === 'Held' ? (
            <button type="button" className="button" {...gate(cancelled)} onClick={() => act(t('actions.resume'), async () => (await client.call('workOrders.resume', { key }), undefined))}>
              {t('actions.resume')}
            </button>
          ) : (
            <button type="button" className="button" {...gate(s !== 'Running')} onClick={() => act(t('actions.hold'), async () => (await client.call('workOrders.hold', { key, reason: HOLD_REASON }), undefined))}>
              {t('actions.hold')}
            </button>
          )}
          <button type="button" className="button" {...gate(!onLine)} onClick={() => setAsking('confirm')}>
            {t('actions.partialConfirm')}
          </button>
          <button type="button" className="button" {...gate(!onLine)} onClick={() => setAsking('complete')}>
            {t('actions.complete')}
          </button>
          {onLine && scrapReasons.length > 0 && (
            <label className="wo__scrap">
              {t('actions.rejectReason')}{' '}
              <select value={scrapReason} onChange={(e) => setScrapReason(e.target.value)}>
                <option value="">{t('actions.default')}</option>
                {scrapReasons.map((r) => (
                  <option key={r.code} value={r.code} data-project-text="">
                    {r.label}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      <FeedbackLine feedback={state} testId="wo-feedback" />
    </div>
  );
}

function question(what: Exclude<Pending, undefined>, order: StoredWorkOrder, t: TFunction<'workOrders'>): string {
  const p = order.progress;
  const unit = order.order.quantity.unit;
  if (what === 'start') {
    const params = (order.lineParameters ?? order.order.parameters.map((x) => ({ ...x, source: 'order' }))).map((x) => t(x.source === 'recipe' ? 'actions.paramRecipe' : 'actions.param', { name: x.name, value: String(x.value) })).join(', ');
    return params ? t('actions.startQuestion', { order: order.order.id, params }) : t('actions.startQuestionNone', { order: order.order.id });
  }
  const good = p.good - p.confirmedGood;
  const reject = p.reject - p.confirmedReject;
  return what === 'confirm' ? t('actions.confirmQuestion', { good, reject, unit: unitName(unit), order: order.order.id }) : t('actions.completeQuestion', { good, reject, order: order.order.id });
}
