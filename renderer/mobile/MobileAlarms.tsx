import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type { AlarmInfo } from '../../common/alarms.ts';
import { useServices } from '../app/services.tsx';
import { useMobileRoute } from '../app/route.ts';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import { AlarmIndicator } from '../ui/AlarmIndicator.tsx';
import { priorityRank } from '../ui/alarm-priority.ts';
import { formatDayTime } from '../ui/format.ts';
import { MobileAlarmDetail } from './MobileAlarmDetail.tsx';
import { MobileMaintenanceSummary } from './MobileMaintenance.tsx';
import './mobile.css';

const STANDING = new Set(['unackActive', 'ackActive', 'rtnUnack', 'latched']);

function byUrgency(a: AlarmInfo, b: AlarmInfo): number {
  return Number(a.acknowledged) - Number(b.acknowledged) || priorityRank(a.priority) - priorityRank(b.priority) || (b.raisedAt ?? b.since) - (a.raisedAt ?? a.since);
}

/**
 * The on-call person's phone: the standing alarms, most urgent first, and one alarm with its actions
 * (acknowledge, shelve, comment: the same calls, permissions and audit as the control room's). A link
 * from a notification (`#/mobile?alarm=<id>`) opens that alarm once the person has signed in.
 */
export function MobileAlarms() {
  const { alarms, users } = useServices();
  const { t } = useT('notify');
  const user = useCell(users.user);
  const { alarm: selected } = useMobileRoute();
  const list = useSyncExternalStore(alarms.subscribe, alarms.list);
  const standing = list.filter((a) => STANDING.has(a.state)).sort(byUrgency);
  const open = (id: string | undefined) => {
    window.location.hash = id ? `#/mobile?alarm=${encodeURIComponent(id)}` : '#/mobile';
  };
  return (
    <div className="mobile" data-testid="mobile-alarms">
      <header className="mobile__bar">
        <h1 className="mobile__title">{t('mobile.title')}</h1>
        {user ? (
          <button type="button" className="mobile__user" onClick={() => void users.logout()}>
            {t('mobile.signOut', { name: user.name })}
          </button>
        ) : null}
      </header>
      {!user ? (
        <MobileSignIn />
      ) : selected ? (
        <MobileAlarmDetail id={selected} alarm={alarms.get(selected)} onBack={() => open(undefined)} />
      ) : (
        <main className="mobile__list" aria-label={t('mobile.listLabel')}>
          <p className="mobile__count">{t('mobile.count', { count: standing.length })}</p>
          {standing.map((a) => (
            <button type="button" key={a.id} className="mobile__alarm" data-alarm={a.id} onClick={() => open(a.id)}>
              <AlarmIndicator priority={a.priority} acknowledged={a.acknowledged} size={28} />
              <span className="mobile__alarm-text">
                <span className="mobile__alarm-message" data-project-text>
                  {a.message}
                </span>
                <span className="mobile__alarm-meta">
                  <span data-project-text>{a.area || a.tag}</span> · {formatDayTime(a.raisedAt ?? a.since)} · {a.acknowledged ? t('mobile.acknowledged') : t('mobile.unacknowledged')}
                </span>
              </span>
            </button>
          ))}
          <MobileMaintenanceSummary />
        </main>
      )}
    </div>
  );
}

function MobileSignIn() {
  const { users } = useServices();
  const { t } = useT('notify');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await users.login(name.trim(), password);
      setPassword('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="mobile__sign-in" onSubmit={(e) => void submit(e)} aria-label={t('mobile.signInTitle')}>
      <h2>{t('mobile.signInTitle')}</h2>
      <p>{t('mobile.signInLead')}</p>
      <label>
        {t('mobile.user')}
        <input name="user" autoComplete="username" autoCapitalize="none" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        {t('mobile.password')}
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error ? (
        <p className="mobile__error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="mobile__primary" disabled={busy}>
        {t('mobile.signIn')}
      </button>
    </form>
  );
}
