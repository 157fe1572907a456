import { useState } from 'react';
import type { Trace } from '../../common/lots.ts';
import { useT } from '../i18n/i18n.ts';
import { formatCount, formatDateTime } from '../ui/format.ts';
import { levelsOf, lotTree, type LotNode } from './lot-tree.ts';

const OPEN = '▾';
const CLOSED = '▸';
const at = (ms: number, timeZone: string | undefined) => formatDateTime(ms, timeZone, 'minutes');

/** A trace as a tree (ARIA tree of nested lists): every lot with what made it and where it went. */
export function LotTree({ trace, timeZone }: { trace: Trace; timeZone: string | undefined }) {
  const { t } = useT('quality');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const root = lotTree(trace);
  if (!root) return null;
  const toggle = (path: string) =>
    setCollapsed((was) => {
      const next = new Set(was);
      if (!next.delete(path)) next.add(path);
      return next;
    });
  const node = (n: LotNode, level: number) => {
    const open = !collapsed.has(n.path);
    const l = n.lot;
    const confirmed = l.confirmations.some((c) => c.state === 'delivered');
    return (
      <li key={n.path} role="treeitem" aria-level={level} aria-expanded={n.children.length > 0 ? open : undefined} className="trace__item" data-lot={l.id} data-depth={l.depth}>
        <div className="trace__row">
          {n.children.length > 0 ? (
            <button type="button" className="trace__toggle" aria-label={open ? t('tree.collapse', { lot: l.id }) : t('tree.expand', { lot: l.id })} onClick={() => toggle(n.path)}>
              {open ? OPEN : CLOSED}
            </button>
          ) : (
            <span className="trace__toggle" aria-hidden="true" />
          )}
          <strong className="trace__lot" data-project-text>
            {l.id}
          </strong>
          <span className="trace__material" data-project-text>
            {l.material}
          </span>
          <span className="trace__detail">{t(`kind.${l.kind}`)}</span>
          {n.via && (
            <span className={`trace__detail${n.via.reversed ? ' trace__reversed' : ''}`} data-testid="trace-via">
              {t('tree.linked', { quantity: formatCount(n.via.quantity), unit: n.via.unit, consumption: n.via.consumptions.join(', ') })}
              {n.via.reversed ? ` · ${t('tree.reversed')}` : ''}
            </span>
          )}
          {n.repeated ? (
            <span className="trace__detail trace__repeated">{t('tree.shownAbove')}</span>
          ) : (
            l.kind === 'output' && (
              <>
                {l.order && (
                  <span className="trace__detail" data-project-text>
                    {t('tree.order', { order: l.order })}
                  </span>
                )}
                {l.line && (
                  <span className="trace__detail" data-project-text>
                    {t('tree.line', { line: l.line })}
                  </span>
                )}
                {l.shift && (
                  <span className="trace__detail" data-project-text>
                    {t('tree.shift', { shift: l.shift })}
                  </span>
                )}
                <span className="trace__detail">{t('tree.period', { from: at(l.openedAt, timeZone), to: l.closedAt === undefined ? t('tree.open') : at(l.closedAt, timeZone) })}</span>
                {l.produced !== undefined && <span className="trace__detail trace__num">{t('tree.produced', { units: formatCount(l.produced) })}</span>}
                <span className="trace__detail" data-confirmed={confirmed}>
                  {confirmed ? t('tree.confirmed') : t('tree.notConfirmed')}
                </span>
              </>
            )
          )}
        </div>
        {n.children.length > 0 && open && (
          <ul role="group" className="trace__children">
            {n.children.map((c) => node(c, level + 1))}
          </ul>
        )}
      </li>
    );
  };
  return (
    <section className="trace__tree" aria-label={t('tree.heading', { lot: trace.root })}>
      <h2>{t('tree.heading', { lot: trace.root })}</h2>
      <p className="trace__summary" data-testid="trace-summary">
        {t('tree.summary', { lots: t('tree.lotCount', { count: trace.lots.length }), levels: t('tree.levelCount', { count: levelsOf(trace) }) })}
      </p>
      {trace.truncated && (
        <p className="trace__truncated" role="status">
          {t('tree.truncated')}
        </p>
      )}
      <ul role="tree" className="trace__list" data-testid="lot-tree">
        {node(root, 1)}
      </ul>
    </section>
  );
}
