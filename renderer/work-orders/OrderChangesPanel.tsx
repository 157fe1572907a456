import type { TFunction } from 'i18next';
import { useState } from 'react';
import { Trans } from 'react-i18next';
import { useAccess } from '../ui/access.tsx';
import type { OrderChange, StoredWorkOrder } from '../../common/mes-contract.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { formatDayTime } from '../ui/format.ts';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { unitName } from './units.ts';
import { Dialog } from '../ui/Dialog.tsx';

/**
 * What MES/ERP changed about the order on the line. A cancel: the line is held, what was counted
 * is confirmed as the final partial (the operator acknowledges) or waits for a supervisor, who
 * confirms it (workOrders.decide). A revision: its changes, accepted by the operator (asked first:
 * changed parameters are written and read back by the runtime before it takes effect).
 */
export function OrderChangesPanel({ order, scrapReasons, timeZone }: { order: StoredWorkOrder; scrapReasons: Array<{ code: string; label: string }>; timeZone: string | undefined }) {
  // Feedback outlives the notice it came from (an accepted revision is no longer waiting).
  const [state, act] = useAction();
  const cancel = order.progress.cancel;
  const revision = order.progress.pendingRevision;
  const onLine = order.status === 'Running' || order.status === 'Held';
  return (
    <>
      {cancel ? <CancelNotice order={order} scrapReasons={scrapReasons} timeZone={timeZone} act={act} /> : revision && onLine ? <RevisionNotice order={order} act={act} /> : null}
      <FeedbackLine feedback={state} testId="wo-feedback" />
    </>
  );
}

type Act = ReturnType<typeof useAction>[1];

function CancelNotice({ order, scrapReasons, timeZone, act }: { order: StoredWorkOrder; scrapReasons: Array<{ code: string; label: string }>; timeZone: string | undefined; act: Act }) {
  const { client } = useServices();
  const { t, i18n } = useT('workOrders');
  const [scrapReason, setScrapReason] = useState('');
  const c = order.progress.cancel!;
  const p = order.progress;
  const key = order.key;
  const held = order.status === 'Held';
  const access = useAccess();
  const mayRun = access.may('workOrders.run');
  const mayDecide = access.may('workOrders.decide');
  const when = formatDayTime(new Date(c.at).getTime(), timeZone);
  const source = c.revision !== undefined ? t('changes.sourceRevision', { by: c.by, how: c.how, revision: c.revision }) : t('changes.source', { by: c.by, how: c.how });
  return (
    <div className={`wo__change${held ? '' : ' wo__change--done'}`} role="status" data-testid="wo-cancel" data-state={c.state} data-status={order.status}>
      <p className="wo__change-title">
        {held && (
          <span className="wo__change-mark" aria-hidden="true">
            !
          </span>
        )}{' '}
        {t(c.was === 'Running' ? 'changes.cancelledRunning' : 'changes.cancelledHeld', { source, when })}
      </p>
      {c.state === 'confirmed' ? (
        <p>
          {held ? t('changes.lineHeld') : ''}
          <Trans
            i18n={i18n}
            t={t}
            i18nKey="changes.confirmedAll"
            values={{ good: p.good, reject: p.reject, completion: c.completion, decided: c.decidedBy === 'lineside' ? t('changes.byRuntime') : t('changes.byPerson', { user: c.decidedBy }) }}
            components={{ 1: <strong /> }}
          />
          {!held && c.acknowledgedBy ? t('changes.acknowledgedBy', { user: c.acknowledgedBy }) : ''}
        </p>
      ) : (
        <p>{t('changes.awaiting', { good: p.good - p.confirmedGood, reject: p.reject - p.confirmedReject })}</p>
      )}
      {held && c.state === 'confirmed' && (
        <div className="wo__buttons">
          <button
            type="button"
            className="button button--primary"
            disabled={!mayRun}
            title={access.why('workOrders.run')}
            onClick={() => act(t('changes.acknowledge'), async () => (await client.call('workOrders.acknowledgeCancel', { key }), t('changes.leavesLine')))}
          >
            {t('changes.acknowledge')}
          </button>
        </div>
      )}
      {held && c.state === 'awaiting-decision' && (
        <div className="wo__buttons">
          <button
            type="button"
            className="button button--primary"
            disabled={!mayDecide}
            title={access.why('workOrders.decide')}
            onClick={() =>
              act(t('changes.confirmFinal'), async () => {
                const r = await client.call('workOrders.decideCancel', { key, ...(scrapReason ? { scrapReason } : {}) });
                return t('changes.finalQueued', { id: r.completion.id, good: r.completion.good.value });
              })
            }
          >
            {t('changes.confirmFinal')}
          </button>
          {scrapReasons.length > 0 && (
            <label className="wo__scrap">
              {t('changes.rejectReason')}{' '}
              <select value={scrapReason} onChange={(e) => setScrapReason(e.target.value)} disabled={!mayDecide}>
                <option value="">{t('changes.default')}</option>
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
    </div>
  );
}

function RevisionNotice({ order, act }: { order: StoredWorkOrder; act: Act }) {
  const { client } = useServices();
  const { t } = useT('workOrders');
  const access = useAccess();
  const mayRun = access.may('workOrders.run');
  const [asking, setAsking] = useState(false);
  const r = order.progress.pendingRevision!;
  const params = r.changes.filter((c) => c.field.startsWith('parameters.'));
  const accept = () => {
    setAsking(false);
    act(t('changes.acceptAction', { revision: r.revision }), async () => {
      const done = await client.call('workOrders.acceptRevision', { key: order.key, revision: r.revision });
      return done.checks.length ? t('changes.readBack', { checks: done.checks.map((c) => `${c.name} = ${String(c.readBack)}`).join(', ') }) : t('changes.noParameterChanged');
    });
  };
  return (
    <div className="wo__change" role="status" data-testid="wo-revision" data-revision={r.revision}>
      <p className="wo__change-title">
        <span className="wo__change-mark" aria-hidden="true">
          !
        </span>{' '}
        {t('changes.revisionTitle', { revision: r.revision, by: r.by, running: order.order.revision })}
      </p>
      <table className="wo__table wo__changes">
        <thead>
          <tr>
            <th>{t('changes.changed')}</th>
            <th>{t('changes.runningCol')}</th>
            <th>{t('changes.newCol')}</th>
          </tr>
        </thead>
        <tbody>
          {r.changes.map((c) => (
            <tr key={c.field} data-field={c.field}>
              <td>{fieldName(c, t)}</td>
              <td>{value(c.from)}</td>
              <td>{value(c.to)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {asking ? (
        <Dialog className="wo__confirm" label={t('changes.confirmLabel')} onClose={() => setAsking(false)}>
          <p>{params.length > 0 ? t('changes.acceptQuestion', { revision: r.revision, params: params.map((c) => `${fieldName(c, t)} = ${value(c.to)}`).join(', ') }) : t('changes.acceptQuestionNone', { revision: r.revision })}</p>
          <button type="button" className="button button--primary" onClick={accept}>
            {t('changes.confirm')}
          </button>
          <button type="button" className="button" onClick={() => setAsking(false)}>
            {t('changes.cancel')}
          </button>
        </Dialog>
      ) : (
        <div className="wo__buttons">
          <button type="button" className="button button--primary" disabled={!mayRun} title={access.why('workOrders.run')} onClick={() => setAsking(true)}>
            {t('changes.accept', { revision: r.revision })}
          </button>
        </div>
      )}
    </div>
  );
}

function fieldName(c: OrderChange, t: TFunction<'workOrders'>): string {
  if (c.field.startsWith('parameters.')) return c.field.slice('parameters.'.length);
  if (c.field.startsWith('bom.')) return t('changes.field.material', { code: c.field.slice('bom.'.length) });
  const known = { quantity: 'quantity', material: 'product', workCentre: 'workCentre', operations: 'operations' }[c.field];
  return known ? t(`changes.field.${known}`) : c.field;
}

function value(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'object' && !Array.isArray(v) && 'value' in v && 'unit' in v) return `${String((v as { value: unknown }).value)} ${unitName(String((v as { unit: unknown }).unit))}`;
  return Array.isArray(v) ? v.join(', ') : String(v);
}
