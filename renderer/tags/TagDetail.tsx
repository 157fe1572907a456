import { useMemo, useState, useSyncExternalStore } from 'react';
import { tagTextId } from '../../common/project-texts.ts';
import { useProjectTexts } from '../ui/project-texts.ts';
import type { AlarmInfo } from '../../common/alarms.ts';
import { isNumericType, type TagInfo } from '../../common/tag.ts';
import { useServices } from '../app/services.tsx';
import type { ScreenScope } from '../screens/screen-scope.ts';
import { SignedWriteContext } from '../screens/runtime/use-command.ts';
import { WriteDialog, type WriteRequest } from '../screens/runtime/WriteDialog.tsx';
import { useSparkline } from '../screens/symbols/sparkline-slot.tsx';
import { useCell } from '../store/cell.ts';
import { useTag } from '../store/use-tag.ts';
import { useAccess } from '../ui/access.tsx';
import { AlarmIndicator } from '../ui/AlarmIndicator.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { formatDateTime } from '../ui/format.ts';
import { useSignedCall } from '../ui/use-signed-call.tsx';
import { formatNumber, qualityText } from '../ui/value-format.ts';
import { ValueText } from '../ui/ValueText.tsx';
import { useT } from '../i18n/i18n.ts';

const NO_TEMPLATES = new Map();

/**
 * One tag in detail, beside the Tags table: its live value and quality (in words, the code beside),
 * both timestamps, its range and limits, the last hour as a sparkline (a click, or the link, opens the
 * full trend), its alarms and their states, and a write when the tag is writable and the person may
 * write. Escape or × closes it, and the focus goes back to the row it was opened from.
 */
export function TagDetail({ path, onClose }: { path: string; onClose: () => void }) {
  const { plant } = useServices();
  const { t } = useT('tags');
  const state = useTag(path);
  const timeZone = useCell(plant.session)?.timeZone;
  const Sparkline = useSparkline();
  const info = state.info;
  const texts = useProjectTexts();
  const { value } = state;
  const waiting = value.quality === 'BadWaitingForInitialData';
  return (
    <Dialog as="aside" className="tag-detail" label={t('detail.label', { path })} testId="tag-detail" data={{ 'data-path': path }} onClose={onClose}>
      <header className="tag-detail__header">
        <h2 className="tag-detail__title" data-project-text="">
          {path}
        </h2>
        <button type="button" className="tag-detail__close" onClick={onClose} aria-label={t('detail.close', { path })} data-testid="tag-detail-close">
          ×
        </button>
      </header>
      {info?.description && (
        <p className="tag-detail__description" data-project-text="">
          {texts.text(tagTextId(path), info.description)}
        </p>
      )}
      <dl className="tag-detail__values">
        <dt>{t('detail.value')}</dt>
        <dd className="tag-detail__value" data-testid="tag-detail-value">
          <ValueText state={state} />
        </dd>
        <dt>{t('detail.quality')}</dt>
        <dd data-testid="tag-detail-quality">
          {qualityText(value.quality)}
          {qualityText(value.quality) !== value.quality && (
            <span className="tag-detail__code" data-project-text="">
              {value.quality}
            </span>
          )}
        </dd>
        <dt>{t('detail.sourceTime')}</dt>
        <dd>{waiting ? '—' : formatDateTime(value.sourceTime, timeZone)}</dd>
        <dt>{t('detail.serverTime')}</dt>
        <dd>{waiting ? '—' : formatDateTime(value.serverTime, timeZone)}</dd>
        {info && <Definition info={info} />}
      </dl>
      <section className="tag-detail__section" aria-label={t('detail.trend')}>
        <h3>{t('detail.lastHour')}</h3>
        {info?.history && Sparkline ? <Sparkline path={path} label={path} spanMs={60 * 60_000} width={320} height={56} /> : <p className="tag-detail__muted">{t('detail.notRecorded')}</p>}
        <a className="tag-detail__link" href={`#/trends?pens=${encodeURIComponent(path)}`} data-testid="tag-detail-trend">
          {t('detail.openTrends')}
        </a>
      </section>
      <TagAlarms path={path} />
      {info && <TagWrite info={info} />}
    </Dialog>
  );
}

function Definition({ info }: { info: TagInfo }) {
  const { t } = useT('tags');
  const units = info.units ? ` ${info.units}` : '';
  return (
    <>
      {info.range && (
        <>
          <dt>{t('detail.range')}</dt>
          <dd>
            {formatNumber(info.range.min, info.decimals)} – {formatNumber(info.range.max, info.decimals)}
            {units}
          </dd>
        </>
      )}
      <dt>{t('detail.device')}</dt>
      <dd data-project-text="">{info.device}</dd>
    </>
  );
}

function TagAlarms({ path }: { path: string }) {
  const { alarms } = useServices();
  const { t } = useT('tags');
  const all = useSyncExternalStore(alarms.subscribe, alarms.list);
  const mine = useMemo(() => all.filter((alarm) => alarm.tag === path).sort((a, b) => a.id.localeCompare(b.id)), [all, path]);
  return (
    <section className="tag-detail__section" aria-label={t('detail.alarms')}>
      <h3>{t('detail.alarms')}</h3>
      {mine.length === 0 ? (
        <p className="tag-detail__muted">{t('detail.noAlarms')}</p>
      ) : (
        <ul className="tag-detail__alarms" data-testid="tag-detail-alarms">
          {mine.map((alarm) => (
            <AlarmLine key={alarm.id} alarm={alarm} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AlarmLine({ alarm }: { alarm: AlarmInfo }) {
  const { t } = useT('tags');
  const annunciated = alarm.state !== 'normal';
  return (
    <li className="tag-detail__alarm" data-alarm={alarm.id} data-state={alarm.state}>
      {annunciated ? <AlarmIndicator priority={alarm.priority} acknowledged={alarm.acknowledged} size={18} /> : <span className="tag-detail__no-mark" aria-hidden="true" />}
      <span>
        <strong>{t(`alarmState.${alarm.state}`)}</strong> · <span data-project-text="">{alarm.message}</span>
      </span>
    </li>
  );
}

/** A write from the detail: the same confirmed write as on screens (limits, signature for critical tags, the runtime's reason). */
function TagWrite({ info }: { info: TagInfo }) {
  const { tags } = useServices();
  const { t } = useT('tags');
  const access = useAccess();
  const signed = useSignedCall();
  const [request, setRequest] = useState<{ key: number; request: WriteRequest } | undefined>(undefined);
  const writeRefusal = access.why('tags.write');
  const scope = useMemo<ScreenScope>(() => ({ mode: 'run', templates: NO_TEMPLATES, tags, writeRefusal }), [tags, writeRefusal]);
  if (!info.writable) {
    return (
      <section className="tag-detail__section" aria-label={t('detail.write')}>
        <h3>{t('detail.write')}</h3>
        <p className="tag-detail__muted">{t('detail.readOnly')}</p>
      </section>
    );
  }
  const ask = (value: WriteRequest['value'], label: string) => setRequest((current) => ({ key: (current?.key ?? 0) + 1, request: { tag: info.path, value, confirm: true, label, feedback: undefined } }));
  const control = access.control('tags.write');
  return (
    <section className="tag-detail__section" aria-label={t('detail.write')}>
      <h3>{t('detail.write')}</h3>
      <div className="tag-detail__actions">
        {info.dataType === 'bool' ? (
          <>
            <button type="button" className="tag-detail__button" {...control} onClick={() => ask(true, t('detail.setOnLabel', { path: info.path }))} data-testid="tag-detail-write-on">
              {t('detail.setOn')}
            </button>
            <button type="button" className="tag-detail__button" {...control} onClick={() => ask(false, t('detail.setOffLabel', { path: info.path }))} data-testid="tag-detail-write-off">
              {t('detail.setOff')}
            </button>
          </>
        ) : isNumericType(info.dataType) ? (
          <button type="button" className="tag-detail__button" {...control} onClick={() => ask(undefined, t('detail.newValueLabel', { path: info.path }))} data-testid="tag-detail-write">
            {t('detail.newValue')}
          </button>
        ) : (
          <p className="tag-detail__muted">{t('detail.textTags')}</p>
        )}
      </div>
      {writeRefusal !== undefined && (
        <p className="access-note" role="note" data-needs="tags.write">
          {writeRefusal}
        </p>
      )}
      {request && writeRefusal === undefined && (
        <SignedWriteContext.Provider value={signed.call}>
          <WriteDialog key={request.key} request={request.request} scope={scope} />
        </SignedWriteContext.Provider>
      )}
      {signed.dialog}
    </section>
  );
}
