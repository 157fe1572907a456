import { useEffect, useState } from 'react';
import type { AlarmInfo } from '../../common/alarms.ts';
import { REQUEST_PRIORITIES, type RequestPriority } from '../../common/maintenance-contract.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { FeedbackLine, useFeedback } from '../ui/Feedback.tsx';
import { formatDayTime } from '../ui/format.ts';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';

const REFRESH_MS = 3000;

/** The equipment an alarm is about: its tag's path without the last part (as notifications name it). */
function equipmentOf(tag: string): string {
  return tag.split('/').slice(0, -1).join('/') || tag;
}

/**
 * From an alarm on the phone: a maintenance request to the CMMS (equipment, symptom, priority, failure
 * code; the alarm it came from), and the state of the requests already made for that alarm.
 */
export function MobileRequestMaintenance({ alarm }: { alarm: AlarmInfo }) {
  const { client } = useServices();
  const { t } = useT('notify');
  const { feedback, run } = useFeedback();
  const [symptom, setSymptom] = useState(alarm.message);
  const [priority, setPriority] = useState<RequestPriority>(alarm.priority === 'critical' ? 'urgent' : alarm.priority === 'high' ? 'high' : 'medium');
  const [failureCode, setFailureCode] = useState('');
  const equipment = equipmentOf(alarm.tag);
  const list = useCall('maintenance.list', { limit: 50 });
  const { retry } = list;
  useEffect(() => {
    const timer = setInterval(retry, REFRESH_MS);
    return () => clearInterval(timer);
  }, [retry]);
  const made = (list.data?.requests ?? []).filter((r) => r.alarmId === alarm.id);
  if (list.data && !list.data.configured) return null;
  return (
    <fieldset className="mobile__maintenance" data-testid="mobile-request">
      <legend>{t('maintenance.requestTitle')}</legend>
      <p className="mobile__note">{t('maintenance.requestLead', { equipment })}</p>
      <label className="mobile__field">
        {t('maintenance.symptom')}
        <textarea value={symptom} onChange={(e) => setSymptom(e.target.value)} rows={2} maxLength={500} />
      </label>
      <label className="mobile__field">
        {t('maintenance.priority')}
        <select value={priority} onChange={(e) => setPriority(e.target.value as RequestPriority)}>
          {REQUEST_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`maintenance.priorities.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="mobile__field">
        {t('maintenance.failureCode')}
        <input value={failureCode} onChange={(e) => setFailureCode(e.target.value)} maxLength={40} />
      </label>
      <FeedbackLine feedback={feedback} testId="mobile-request-feedback" />
      <button
        type="button"
        disabled={symptom.trim() === ''}
        onClick={() =>
          void run(
            t('mobile.pending'),
            () => client.call('maintenance.request', { equipment, symptom: symptom.trim(), priority, alarmId: alarm.id, ...(failureCode.trim() ? { failureCode: failureCode.trim() } : {}) }),
            () => {
              retry();
              return t('maintenance.requested');
            },
          )
        }
      >
        {t('maintenance.send')}
      </button>
      {made.length > 0 ? (
        <ul className="mobile__requests">
          {made.map((r) => (
            <li key={r.id} data-testid="mobile-request-state" data-state={r.state}>
              {t(`maintenance.states.${r.state}`)}
              {r.externalId ? <span data-project-text> · {r.externalId}</span> : null} · {formatDayTime(r.updatedAt)}
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

/** Below the alarm list: what is due on each piece of equipment, and the open requests with their CMMS state. */
export function MobileMaintenanceSummary() {
  const { t } = useT('notify');
  const list = useCall('maintenance.list', { limit: 20 });
  const { retry } = list;
  useEffect(() => {
    const timer = setInterval(retry, REFRESH_MS);
    return () => clearInterval(timer);
  }, [retry]);
  if (list.data && !list.data.configured) return null;
  const due = (list.data?.equipment ?? []).flatMap((e) => e.intervals.filter((i) => i.due).map((i) => ({ equipment: e, interval: i })));
  const requests = (list.data?.requests ?? []).filter((r) => r.state !== 'done' && r.state !== 'rejected');
  return (
    <section className="mobile__maintenance" aria-labelledby="mobile-maintenance-title" data-testid="mobile-maintenance">
      <h2 id="mobile-maintenance-title">{t('maintenance.title')}</h2>
      <LoadProblem call={list} what={t('maintenance.what')} />
      <p className="mobile__note">{due.length === 0 ? t('maintenance.nothingDue') : t('maintenance.dueCount', { count: due.length })}</p>
      <ul className="mobile__requests">
        {due.map(({ equipment, interval }) => (
          <li key={`${equipment.id}/${interval.name}`} data-testid="mobile-due">
            <span data-project-text>
              {equipment.name}: {interval.name}
            </span>{' '}
            · {t(`maintenance.units.${interval.unit}`, { since: Math.floor(interval.since * 10) / 10, every: interval.every })}
          </li>
        ))}
      </ul>
      <h3>{t('maintenance.openRequests', { count: requests.length })}</h3>
      <ul className="mobile__requests">
        {requests.map((r) => (
          <li key={r.id} data-testid="mobile-open-request" data-state={r.state}>
            <span data-project-text>
              {r.equipment}: {r.symptom}
            </span>{' '}
            · {t(`maintenance.states.${r.state}`)}
            {r.externalId ? <span data-project-text> · {r.externalId}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
