import type { ParetoEntry } from '../../common/reports-contract.ts';
import { useT } from '../i18n/i18n.ts';
import { mins } from './report-format.ts';

/** Downtime by reason, longest first, with the running share as a line: plain SVG, greys only. */
export function Pareto({ entries, testId }: { entries: readonly ParetoEntry[]; testId?: string }) {
  const { t } = useT('reports');
  if (entries.length === 0)
    return (
      <p className="report-empty" data-testid={testId}>
        {t('pareto.none')}
      </p>
    );
  const shown = entries.slice(0, 8);
  const w = 560;
  const h = 180;
  const left = 8;
  const bottom = 44;
  const slot = Math.min(110, (w - left * 2) / shown.length);
  const max = shown[0]!.durationMs || 1;
  const y = (share: number) => 8 + (h - bottom - 8) * (1 - share);
  const points = shown.map((e, i) => `${left + i * slot + slot / 2},${y(e.cumulativeShare)}`).join(' ');
  return (
    <svg className="pareto" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={t('pareto.label')} data-testid={testId}>
      <line x1={left} y1={h - bottom} x2={w - left} y2={h - bottom} className="pareto__axis" />
      {shown.map((e, i) => {
        const bh = ((h - bottom - 8) * e.durationMs) / max;
        return (
          <g key={e.code}>
            <rect x={left + i * slot + slot * 0.15} y={h - bottom - bh} width={slot * 0.7} height={bh} className="pareto__bar">
              {/* The reason is the project's (its reason codes): the tooltip is marked as project text. */}
              <title data-project-text="">{t('pareto.bar', { reason: e.reason, duration: mins(e.durationMs), count: e.count })}</title>
            </rect>
            <text x={left + i * slot + slot / 2} y={h - bottom + 14} className="pareto__label" textAnchor="middle" data-project-text="">
              {e.reason.length > 16 ? `${e.reason.slice(0, 15)}…` : e.reason}
            </text>
            <text x={left + i * slot + slot / 2} y={h - bottom + 30} className="pareto__value" textAnchor="middle">
              {mins(e.durationMs)}
            </text>
          </g>
        );
      })}
      <polyline points={points} className="pareto__line" />
    </svg>
  );
}
