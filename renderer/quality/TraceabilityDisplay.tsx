import { useEffect, useState } from 'react';
import type { TraceDirection } from '../../common/lots.ts';
import { useDisplayParam } from '../app/route.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import '../styles/work-orders.css';
import '../styles/traceability.css';
import { LineInputsPanel } from './LineInputsPanel.tsx';
import { LotTree } from './LotTree.tsx';
import { RecallPanel } from './RecallPanel.tsx';
import { SamplesDuePanel } from './SamplesDuePanel.tsx';
import { SpcPanel } from './SpcPanel.tsx';

const DIRECTIONS: readonly TraceDirection[] = ['backward', 'forward'];
const VIEWS = ['lots', 'spc'] as const;
type View = (typeof VIEWS)[number];
const at = (ms: number, timeZone: string | undefined) => formatDateTime(ms, timeZone, 'minutes');

/**
 * Traceability (issue 20, item 1): find a lot, trace it backward (what went into it) or forward
 * (where it went, which orders and shifts, whether the ERP has it), as a tree; its recall list with
 * CSV and PDF exports; and the lots in use at the lines, which every consumption names.
 */
export function TraceabilityDisplay({ visible }: { visible: boolean }) {
  const { t } = useT('quality');
  const { plant } = useServices();
  const session = useCell(plant.session);
  const tz = session?.timeZone;
  const [typed, setTyped] = useState('');
  const [direction, setDirection] = useState<TraceDirection>('backward');
  const [chosen, setChosen] = useState<{ lot: string; direction: TraceDirection } | undefined>(undefined);
  const [recall, setRecall] = useState(false);
  const asked = useDisplayParam('traceability', 'view');
  const [view, setView] = useState<View>(asked === 'spc' ? 'spc' : 'lots');
  useEffect(() => {
    if (asked === 'spc' || asked === 'lots') setView(asked);
  }, [asked]);
  const lots = useCall('lots.list', { prefix: typed.trim(), limit: 50 }, { paused: !visible || view !== 'lots', keep: true });
  const trace = useCall('lots.trace', chosen ? { lot: chosen.lot, direction: chosen.direction } : undefined, { paused: !visible || view !== 'lots' });
  const views = (
    <div className="spc__views" role="group" aria-label={t('views.label')}>
      {VIEWS.map((v) => (
        <button key={v} type="button" className={`button${view === v ? ' button--chosen' : ''}`} aria-pressed={view === v} onClick={() => setView(v)}>
          {t(`views.${v}`)}
        </button>
      ))}
    </div>
  );
  if (view === 'spc')
    return (
      <div className="wo trace">
        <div className="wo__toolbar trace__search">
          <h1 className="display__title">{t('title')}</h1>
          {views}
        </div>
        <SamplesDuePanel visible={visible} timeZone={tz} />
        <SpcPanel visible={visible} timeZone={tz} />
      </div>
    );
  const choose = (lot: string) => {
    setTyped(lot);
    setRecall(false);
    setChosen({ lot, direction });
  };
  return (
    <div className="wo trace">
      <form
        className="wo__toolbar trace__search"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim()) choose(typed.trim());
        }}
      >
        <h1 className="display__title">{t('title')}</h1>
        {views}
        <label className="trace__field">
          {t('search.label')}
          <input type="search" className="input" value={typed} placeholder={t('search.placeholder')} onChange={(e) => setTyped(e.target.value)} maxLength={100} data-testid="lot-search" />
        </label>
        <fieldset className="trace__direction">
          <legend className="trace__hidden">{t('search.direction')}</legend>
          {DIRECTIONS.map((d) => (
            <label key={d}>
              <input type="radio" name="trace-direction" value={d} checked={direction === d} onChange={() => setDirection(d)} />
              {t(`search.${d}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={!typed.trim()}>
          {t('search.trace')}
        </button>
      </form>
      <div className="trace__body">
        <aside className="trace__lots" aria-label={t('lots.heading')}>
          <h2>{t('lots.heading')}</h2>
          <LoadProblem call={lots} what={t('lots.readProblem')} />
          {lots.data && lots.data.length === 0 && <p>{t('lots.none')}</p>}
          <ul className="trace__lot-list" data-testid="lot-list">
            {(lots.data ?? []).map((l) => (
              <li key={l.id}>
                <button type="button" className={`trace__lot-button${chosen?.lot === l.id ? ' trace__lot-button--chosen' : ''}`} onClick={() => choose(l.id)} data-lot={l.id}>
                  <strong data-project-text>{l.id}</strong>
                  <span className="trace__detail" data-project-text>
                    {l.material}
                  </span>
                  <span className="trace__detail">
                    {t(`kind.${l.kind}`)} · {at(l.openedAt, tz)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </aside>
        <div className="trace__main">
          <SamplesDuePanel visible={visible} timeZone={tz} />
          {!chosen && <p className="trace__summary">{t('tree.empty')}</p>}
          <LoadProblem call={trace} what={t('tree.readProblem')} />
          {trace.data && <LotTree trace={trace.data} timeZone={tz} />}
          {chosen && trace.data && (
            <div className="trace__actions">
              <button type="button" className="button" onClick={() => setRecall(true)} disabled={recall}>
                {t('recall.make')}
              </button>
            </div>
          )}
          {chosen && recall && <RecallPanel lot={chosen.lot} timeZone={tz} />}
          <LineInputsPanel visible={visible} timeZone={tz} />
        </div>
      </div>
    </div>
  );
}
