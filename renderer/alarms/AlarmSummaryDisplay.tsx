import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { ALARM_PRIORITIES, type AlarmInfo } from '../../common/alarms.ts';
import { useDisplayParam } from '../app/route.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { useT } from '../i18n/i18n.ts';
import { areasOf, STATE_VIEWS, summaryRows, type SortKey, type SummaryFilter } from './alarm-model.ts';
import { AlarmActions } from './AlarmActions.tsx';
import { AlarmDetails } from './AlarmDetails.tsx';
import { AlarmRow } from './AlarmRow.tsx';
import { SHORTCUTS } from './use-alarm-shortcuts.ts';
import { useAlarmList } from './use-alarms.ts';
import { VirtualList } from '../ui/VirtualList.tsx';

const ROW_HEIGHT = 36;

/** The sort orders, in menu order (their names: `sortKey.<id>`). */
const SORTS: readonly SortKey[] = ['time', 'priority', 'area', 'state'];

/**
 * The alarm summary: every alarm in the chosen states, filtered and sorted, in a windowed list that
 * keeps its scroll and selection while alarms change; details, help and actions for the selection.
 */
export function AlarmSummaryDisplay({ visible }: { visible: boolean }) {
  const { plant, alarms: store } = useServices();
  const { t } = useT('alarms');
  const session = useCell(plant.session);
  const live = useCell(store.live);
  const all = useAlarmList();
  const alarms = useDeferredValue(all);
  const [filter, setFilter] = useState<SummaryFilter>({ view: 'current', area: '', priority: '', text: '', sort: 'time' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [currentId, setCurrentId] = useState<string | undefined>(undefined);
  const [focusIndex, setFocusIndex] = useState<number | undefined>(undefined);
  const anchorIndex = useRef(0);
  const ackRef = useRef<(() => void) | undefined>(undefined);

  const rows = useMemo(() => summaryRows(alarms, filter), [alarms, filter]);
  const areas = useMemo(() => areasOf(alarms), [alarms]);
  const byId = useMemo(() => new Map(alarms.map((alarm) => [alarm.id, alarm])), [alarms]);
  const current = currentId === undefined ? undefined : byId.get(currentId);
  const selectedUnack = useMemo(() => [...selected].filter((id) => byId.get(id)?.acknowledged === false), [selected, byId]);
  const visibleUnack = useMemo(() => rows.filter((alarm) => !alarm.acknowledged).map((alarm) => alarm.id), [rows]);

  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const onPick = useCallback((id: string, index: number, event: MouseEvent) => {
    setCurrentId(id);
    if (event.shiftKey) {
      const [from, to] = [Math.min(anchorIndex.current, index), Math.max(anchorIndex.current, index)];
      setSelected(new Set(rowsRef.current.slice(from, to + 1).map((alarm) => alarm.id)));
      return;
    }
    anchorIndex.current = index;
    if (event.ctrlKey || event.metaKey) {
      setSelected((old) => {
        const next = new Set(old);
        if (!next.delete(id)) next.add(id);
        return next;
      });
    } else setSelected(new Set([id]));
  }, []);

  // A link to one alarm (`#/alarms?alarm=<id>`, from the global search) selects it once it is in the rows.
  const linked = useDisplayParam('alarms', 'alarm');
  useEffect(() => {
    const id = visible ? linked : undefined;
    const index = id === undefined ? -1 : rows.findIndex((alarm) => alarm.id === id);
    if (index < 0) return;
    anchorIndex.current = index;
    setCurrentId(id);
    setSelected(new Set([id!]));
    setFocusIndex(index);
    // Done: the hash names the display again, so a later change of the rows does not move the selection back.
    // (replaceState fires no hashchange; the state set above renders again and reads the plain address.)
    window.history.replaceState(null, '', '#/alarms');
  }, [visible, linked, rows]);

  // F4 acknowledges the selection; arrows move it (only while the summary is shown).
  useEffect(() => {
    if (!visible) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F4') {
        event.preventDefault();
        ackRef.current?.();
        return;
      }
      if ((event.key !== 'ArrowDown' && event.key !== 'ArrowUp') || (event.target instanceof HTMLElement && event.target.closest('input, select, textarea'))) return;
      event.preventDefault();
      const list = rowsRef.current;
      if (list.length === 0) return;
      const at = list.findIndex((alarm) => alarm.id === currentId);
      const next = Math.min(list.length - 1, Math.max(0, at < 0 ? 0 : at + (event.key === 'ArrowDown' ? 1 : -1)));
      const id = list[next]!.id;
      anchorIndex.current = next;
      setCurrentId(id);
      setSelected(new Set([id]));
      setFocusIndex(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible, currentId]);

  const set = <K extends keyof SummaryFilter>(key: K, value: SummaryFilter[K]) => setFilter((old) => ({ ...old, [key]: value }));
  return (
    <div className="alarm-summary">
      <div className="alarm-toolbar">
        <h1 className="display__title">{t('summary.title')}</h1>
        <select className="alarm-input" aria-label={t('summary.states')} value={filter.view} onChange={(e) => set('view', e.target.value as SummaryFilter['view'])} data-testid="filter-state">
          {STATE_VIEWS.map((view) => (
            <option key={view} value={view}>
              {t(`view.${view}`)}
            </option>
          ))}
        </select>
        <select className="alarm-input" aria-label={t('summary.area')} value={filter.area} onChange={(e) => set('area', e.target.value)} data-testid="filter-area">
          <option value="">{t('summary.allAreas')}</option>
          {areas.map((area) => (
            <option key={area} value={area} data-project-text="">
              {area}
            </option>
          ))}
        </select>
        <select className="alarm-input" aria-label={t('summary.priority')} value={filter.priority} onChange={(e) => set('priority', e.target.value as SummaryFilter['priority'])} data-testid="filter-priority">
          <option value="">{t('summary.allPriorities')}</option>
          {ALARM_PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priority.${priority}`)}
            </option>
          ))}
        </select>
        <input className="alarm-input" type="search" aria-label={t('summary.text')} placeholder={t('summary.textPlaceholder')} value={filter.text} onChange={(e) => set('text', e.target.value)} data-testid="filter-text" />
        <select className="alarm-input" aria-label={t('summary.sort')} value={filter.sort} onChange={(e) => set('sort', e.target.value as SortKey)} data-testid="sort">
          {SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t('summary.sortBy', { sort: t(`sortKey.${sort}`) })}
            </option>
          ))}
        </select>
        {!live && (
          <span className="alarm-summary__stale" role="status">
            {t('summary.notLive')}
          </span>
        )}
        <span className="alarm-toolbar__count" data-testid="summary-count">
          {t('summary.count', { shown: rows.length, unack: visibleUnack.length })}
        </span>
      </div>
      <div className="alarm-summary__body">
        <div className="alarm-summary__list">
          <div className="alarm-row alarm-row--head" aria-hidden="true">
            <span />
            <span>{t('column.time')}</span>
            <span>{t('column.priority')}</span>
            <span>{t('column.state')}</span>
            <span>{t('column.area')}</span>
            <span>{t('column.message')}</span>
            <span className="alarm-row__value">{t('column.value')}</span>
            <span>{t('column.flags')}</span>
          </div>
          <VirtualList<AlarmInfo>
            items={rows}
            rowHeight={ROW_HEIGHT}
            getKey={(alarm) => alarm.id}
            focusIndex={focusIndex}
            label={t('summary.list')}
            testId="alarm-list"
            className="alarm-summary__scroll"
            empty={<p className="alarm-summary__empty">{all.length === 0 ? t('summary.noAlarms') : t('summary.noMatch')}</p>}
            renderRow={(alarm, index) => <AlarmRow alarm={alarm} index={index} selected={selected.has(alarm.id)} current={alarm.id === currentId} timeZone={session?.timeZone} onPick={onPick} />}
          />
          <p className="alarm-summary__keys">{t('summary.keys', { shortcuts: SHORTCUTS.map((key) => t(`shortcut.${key}`)).join(' · ') })}</p>
        </div>
        <aside className="alarm-summary__side" aria-label={t('summary.selected')}>
          <AlarmDetails alarm={current} timeZone={session?.timeZone} />
          <AlarmActions selectedUnack={selectedUnack} visibleUnack={visibleUnack} current={current} ackRef={ackRef} />
        </aside>
      </div>
    </div>
  );
}
