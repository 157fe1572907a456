import { useMemo, useState, useSyncExternalStore } from 'react';
import { tagTextId } from '../../common/project-texts.ts';
import { useProjectTexts } from '../ui/project-texts.ts';
import type { AlarmInfo, AlarmStateName } from '../../common/alarms.ts';
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

const STATE_WORDS: Readonly<Record<AlarmStateName, string>> = {
  normal: 'Normal',
  unackActive: 'Active, not acknowledged',
  ackActive: 'Active, acknowledged',
  rtnUnack: 'Returned to normal, not acknowledged',
  latched: 'Latched',
  shelved: 'Shelved',
  suppressed: 'Suppressed by design',
  outOfService: 'Out of service',
};

const NO_TEMPLATES = new Map();

/**
 * One tag in detail, beside the Tags table: its live value and quality (in words, the code beside),
 * both timestamps, its range and limits, the last hour as a sparkline (a click, or the link, opens the
 * full trend), its alarms and their states, and a write when the tag is writable and the person may
 * write. Escape or × closes it, and the focus goes back to the row it was opened from.
 */
export function TagDetail({ path, onClose }: { path: string; onClose: () => void }) {
  const { plant } = useServices();
  const state = useTag(path);
  const timeZone = useCell(plant.session)?.timeZone;
  const Sparkline = useSparkline();
  const info = state.info;
  const texts = useProjectTexts();
  const { value } = state;
  const waiting = value.quality === 'BadWaitingForInitialData';
  return (
    <Dialog as="aside" className="tag-detail" label={`Tag ${path}`} testId="tag-detail" data={{ 'data-path': path }} onClose={onClose}>
      <header className="tag-detail__header">
        <h2 className="tag-detail__title">{path}</h2>
        <button type="button" className="tag-detail__close" onClick={onClose} aria-label={`Close ${path}`} data-testid="tag-detail-close">
          ×
        </button>
      </header>
      {info?.description && (
        <p className="tag-detail__description" data-project-text="">
          {texts.text(tagTextId(path), info.description)}
        </p>
      )}
      <dl className="tag-detail__values">
        <dt>Value</dt>
        <dd className="tag-detail__value" data-testid="tag-detail-value">
          <ValueText state={state} />
        </dd>
        <dt>Quality</dt>
        <dd data-testid="tag-detail-quality">
          {qualityText(value.quality)}
          {qualityText(value.quality) !== value.quality && <span className="tag-detail__code">{value.quality}</span>}
        </dd>
        <dt>Source time</dt>
        <dd>{waiting ? '—' : formatDateTime(value.sourceTime, timeZone)}</dd>
        <dt>Server time</dt>
        <dd>{waiting ? '—' : formatDateTime(value.serverTime, timeZone)}</dd>
        {info && <Definition info={info} />}
      </dl>
      <section className="tag-detail__section" aria-label="Trend">
        <h3>Last hour</h3>
        {info?.history && Sparkline ? <Sparkline path={path} label={path} spanMs={60 * 60_000} width={320} height={56} /> : <p className="tag-detail__muted">This tag is not recorded in the historian.</p>}
        <a className="tag-detail__link" href={`#/trends?pens=${encodeURIComponent(path)}`} data-testid="tag-detail-trend">
          Open in Trends
        </a>
      </section>
      <TagAlarms path={path} />
      {info && <TagWrite info={info} />}
    </Dialog>
  );
}

function Definition({ info }: { info: TagInfo }) {
  const units = info.units ? ` ${info.units}` : '';
  return (
    <>
      {info.range && (
        <>
          <dt>Range</dt>
          <dd>
            {formatNumber(info.range.min, info.decimals)} – {formatNumber(info.range.max, info.decimals)}
            {units}
          </dd>
        </>
      )}
      <dt>Device</dt>
      <dd>{info.device}</dd>
    </>
  );
}

function TagAlarms({ path }: { path: string }) {
  const { alarms } = useServices();
  const all = useSyncExternalStore(alarms.subscribe, alarms.list);
  const mine = useMemo(() => all.filter((alarm) => alarm.tag === path).sort((a, b) => a.id.localeCompare(b.id)), [all, path]);
  return (
    <section className="tag-detail__section" aria-label="Alarms">
      <h3>Alarms</h3>
      {mine.length === 0 ? (
        <p className="tag-detail__muted">No alarms are set up on this tag.</p>
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
  const annunciated = alarm.state !== 'normal';
  return (
    <li className="tag-detail__alarm" data-alarm={alarm.id} data-state={alarm.state}>
      {annunciated ? <AlarmIndicator priority={alarm.priority} acknowledged={alarm.acknowledged} size={18} /> : <span className="tag-detail__no-mark" aria-hidden="true" />}
      <span>
        <strong>{STATE_WORDS[alarm.state]}</strong> · {alarm.message}
      </span>
    </li>
  );
}

/** A write from the detail: the same confirmed write as on screens (limits, signature for critical tags, the runtime's reason). */
function TagWrite({ info }: { info: TagInfo }) {
  const { tags } = useServices();
  const access = useAccess();
  const signed = useSignedCall();
  const [request, setRequest] = useState<{ key: number; request: WriteRequest } | undefined>(undefined);
  const writeRefusal = access.why('tags.write');
  const scope = useMemo<ScreenScope>(() => ({ mode: 'run', templates: NO_TEMPLATES, tags, writeRefusal }), [tags, writeRefusal]);
  if (!info.writable) {
    return (
      <section className="tag-detail__section" aria-label="Write">
        <h3>Write</h3>
        <p className="tag-detail__muted">This tag is read-only.</p>
      </section>
    );
  }
  const ask = (value: WriteRequest['value'], label: string) => setRequest((current) => ({ key: (current?.key ?? 0) + 1, request: { tag: info.path, value, confirm: true, label, feedback: undefined } }));
  const control = access.control('tags.write');
  return (
    <section className="tag-detail__section" aria-label="Write">
      <h3>Write</h3>
      <div className="tag-detail__actions">
        {info.dataType === 'bool' ? (
          <>
            <button type="button" className="tag-detail__button" {...control} onClick={() => ask(true, `Set ${info.path} on`)} data-testid="tag-detail-write-on">
              Set on…
            </button>
            <button type="button" className="tag-detail__button" {...control} onClick={() => ask(false, `Set ${info.path} off`)} data-testid="tag-detail-write-off">
              Set off…
            </button>
          </>
        ) : isNumericType(info.dataType) ? (
          <button type="button" className="tag-detail__button" {...control} onClick={() => ask(undefined, `New value for ${info.path}`)} data-testid="tag-detail-write">
            New value…
          </button>
        ) : (
          <p className="tag-detail__muted">Text and date tags are written from screens, not from here.</p>
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
