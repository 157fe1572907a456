import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Screen, ScreenLevel } from '../../../screens/screen-schema.ts';
import { useT } from '../../i18n/i18n.ts';
import { LEVEL_NUMBER } from './navigation.ts';
import { treeRows, type TreeRow } from './screen-tree.ts';

/**
 * The Screens tab's navigator: every screen of the project in a tree by display level (1 overview → 4
 * detail) and plant area, with a filter. A WAI-ARIA tree: one tab stop, ↑/↓ move, → opens a group or
 * goes into it, ← closes it or goes up, Home/End, Enter or Space shows the screen.
 */
export function ScreenTree({ screens, current, onGo }: { screens: ReadonlyMap<string, Screen>; current: string; onGo(id: string): void }) {
  const { t } = useT('screens');
  const [filter, setFilter] = useState('');
  const levelText = useCallback((level: ScreenLevel) => t('tree.level', { number: LEVEL_NUMBER[level], title: t(`level.${level}`) }), [t]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => treeRows(screens, filter, collapsed, levelText), [screens, filter, collapsed, levelText]);
  const [focusId, setFocusId] = useState<string | undefined>(undefined);
  const tree = useRef<HTMLUListElement>(null);
  // The row with the tab stop: the one focused last, else the screen shown, else the first.
  const stop = rows.find((r) => r.id === focusId) ?? rows.find((r) => r.kind === 'screen' && r.screen.id === current) ?? rows[0];

  const toggle = (id: string, open?: boolean) =>
    setCollapsed((now) => {
      const isOpen = !now.has(id);
      const want = open ?? !isOpen;
      if (want === isOpen) return now;
      const next = new Set(now);
      if (want) next.delete(id);
      else next.add(id);
      return next;
    });
  const focus = (row: TreeRow | undefined) => {
    if (!row) return;
    setFocusId(row.id);
    tree.current?.querySelector<HTMLElement>(`[data-row="${CSS.escape(row.id)}"]`)?.focus();
  };
  const rowProps = (row: TreeRow) =>
    ({
      role: 'treeitem',
      'aria-level': row.depth,
      tabIndex: row === stop ? 0 : -1,
      'data-row': row.id,
      onFocus: () => setFocusId(row.id),
      onClick: () => activate(row),
      style: { paddingLeft: `${(row.depth - 1) * 16 + 8}px` },
    }) as const;
  const activate = (row: TreeRow) => (row.kind === 'screen' ? onGo(row.screen.id) : toggle(row.id));

  const onKeyDown = (event: KeyboardEvent) => {
    if (!stop) return;
    const at = rows.indexOf(stop);
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    switch (event.key) {
      case 'ArrowDown':
        handled();
        return focus(rows[Math.min(at + 1, rows.length - 1)]);
      case 'ArrowUp':
        handled();
        return focus(rows[Math.max(at - 1, 0)]);
      case 'Home':
        handled();
        return focus(rows[0]);
      case 'End':
        handled();
        return focus(rows[rows.length - 1]);
      case 'ArrowRight':
        handled();
        if (stop.kind !== 'screen' && !stop.expanded) return toggle(stop.id, true);
        if (stop.kind !== 'screen') return focus(rows[at + 1]);
        return;
      case 'ArrowLeft':
        handled();
        if (stop.kind !== 'screen' && stop.expanded && filter === '') return toggle(stop.id, false);
        if (stop.kind !== 'level') return focus(rows.find((r) => r.id === stop.parent));
        return;
      case 'Enter':
      case ' ':
        handled();
        return activate(stop);
    }
  };

  return (
    <div className="scr-tree" id="scr-tree" data-testid="screen-tree">
      <input
        className="scr-tree__filter"
        type="search"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            focus(rows.find((r) => r.kind === 'screen') ?? rows[0]);
          } else if (event.key === 'Enter') {
            const first = rows.find((r) => r.kind === 'screen');
            if (first?.kind === 'screen') onGo(first.screen.id);
          }
        }}
        placeholder={t('tree.filter')}
        aria-label={t('tree.filter')}
        data-testid="screen-tree-filter"
      />
      {rows.length === 0 && <p className="scr-tree__none">{t('tree.none', { filter })}</p>}
      <ul className="scr-tree__list" role="tree" aria-label={t('tree.label')} ref={tree} onKeyDown={onKeyDown}>
        {rows.map((row) => {
          const shown = row.kind === 'screen' && row.screen.id === current;
          const common = rowProps(row);
          if (row.kind === 'screen') {
            return (
              <li key={row.id} {...common} className={`scr-tree__screen${shown ? ' scr-tree__screen--shown' : ''}`} aria-current={shown ? 'page' : undefined} aria-selected={shown} data-testid={`tree-screen:${row.screen.id}`}>
                <span className="scr-tree__level" aria-hidden="true">
                  {LEVEL_NUMBER[row.screen.level]}
                </span>
                <span data-project-text="">{row.screen.name}</span>
              </li>
            );
          }
          const label = row.kind === 'level' ? levelText(row.level) : <span data-project-text="">{row.area}</span>;
          return (
            <li key={row.id} {...common} className={`scr-tree__group scr-tree__group--${row.kind}`} aria-expanded={row.expanded} data-testid={`tree-${row.kind}:${row.kind === 'level' ? row.level : row.area}`}>
              <span className="scr-tree__twisty" aria-hidden="true">
                {row.expanded ? '▾' : '▸'}
              </span>
              {label}
              <span className="scr-tree__count">{row.count}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
