import type { TFunction } from 'i18next';
import { Trans } from 'react-i18next';
import type { MesStoreStatus } from '../../common/mes-contract.ts';
import { useT } from '../i18n/i18n.ts';
import { formatCount, formatDayTime, formatNumber } from '../ui/format.ts';

const DAY_MS = 86_400_000;

/**
 * The MES store (mes.sqlite) as the runtime last measured it (at most every 15 s, and after each
 * compaction): its size with the write-ahead log, the rows in the outbox and inbox, the oldest of
 * them, the retention and the last compaction, and in one sentence what is kept longer and why.
 * Diagnostics, not an alarm: grey throughout. Nothing is shown by a runtime that does not report it.
 */
export function StorePanel({ store, timeZone }: { store: MesStoreStatus | undefined; timeZone: string | undefined }) {
  const { t, i18n } = useT('sync');
  if (!store) return null;
  const at = (ms: number) => formatDayTime(ms, timeZone);
  const last = store.lastCompaction;
  const days = t('store.days', { count: store.retentionDays });
  return (
    <section className="sync__store" data-testid="sync-store" aria-label={t('store.label')}>
      <h2>{t('store.title')}</h2>
      <dl className="sync__store-figures">
        <Figure label={t('store.size')} testId="store-size" value={store.bytes} text={megabytes(store.bytes)} />
        <Figure label={t('store.free')} testId="store-free" value={store.freeBytes} text={megabytes(store.freeBytes)} />
        <Figure label={t('store.outbox')} testId="store-outbox" value={store.outboxRows} text={formatCount(store.outboxRows)} />
        <Figure label={t('store.inbox')} testId="store-inbox" value={store.inboxRows} text={formatCount(store.inboxRows)} />
        <Figure
          label={t('store.oldest')}
          testId="store-oldest"
          value={store.oldestRowAt}
          text={store.oldestRowAt === undefined ? t('store.oldestNone') : t('store.oldestAt', { at: at(store.oldestRowAt), age: age(store.measuredAt - store.oldestRowAt, t) })}
        />
        <Figure label={t('store.keptFor')} testId="store-retention" value={store.retentionDays} text={days} />
        <Figure
          label={t('store.lastCompaction')}
          testId="store-compaction"
          value={last?.at}
          text={last ? t('store.compaction', { at: at(last.at), outbox: formatCount(last.outbox), inbox: formatCount(last.inbox), ms: Math.round(last.ms) }) : t('store.notRun')}
        />
      </dl>
      <p className="wo__muted sync__store-note">
        <Trans i18n={i18n} t={t} i18nKey="store.note" values={{ days, at: at(store.measuredAt) }} components={{ 1: <code /> }} />
      </p>
    </section>
  );
}

function Figure({ label, testId, value, text }: { label: string; testId: string; value: number | undefined; text: string }) {
  return (
    <div className="sync__store-figure">
      <dt>{label}</dt>
      <dd data-testid={testId} data-value={value === undefined ? '' : String(value)}>
        {text}
      </dd>
    </div>
  );
}

function megabytes(bytes: number): string {
  if (bytes === 0) return '0 KB';
  if (bytes < 1_048_576) return `${formatNumber(bytes / 1024, bytes < 10_240 ? 1 : 0)} KB`;
  return `${formatNumber(bytes / 1_048_576, 1)} MB`;
}

function age(ms: number, t: TFunction<'sync'>): string {
  if (ms < 3_600_000) return t('duration.minutes', { value: Math.max(0, Math.round(ms / 60_000)) });
  if (ms < DAY_MS) return t('duration.hours', { value: formatNumber(ms / 3_600_000, 1) });
  return t('duration.days', { value: Math.floor(ms / DAY_MS) });
}
