import { useCallback, useSyncExternalStore } from 'react';
import type { AlarmInfo } from '../../../common/alarms.ts';
import { useServices } from '../../app/services.tsx';
import { useT } from '../../i18n/i18n.ts';
import { AlarmIndicator } from '../../ui/AlarmIndicator.tsx';
import { isAnnunciated, worseAlarm } from '../../ui/alarm-priority.ts';
import { useSparkline } from './sparkline-slot.tsx';
import { codeBoxWidth, SvgQualityBox, SvgUncertainMark } from '../../ui/SvgQualityBox.tsx';
import { cssColor, isAlarmColor } from '../palette.ts';
import { num, optNum, severity, shortCode, str, valueText, type SymbolView } from './view-types.ts';

/** The alarm indicator's area when the document names none (the symbol's default, alarm-marks.ts reads it too). */
const DEFAULT_AREA = 'Line1';

export const NumericDisplayView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const sev = severity(p.bound, 'value');
  const code = shortCode(p.bound, 'value');
  const label = str(p.props['label']);
  const units = str(p.props['units']);
  const unitsWidth = units ? Math.max(24, units.length * 7 + 6) : 0;
  const right = w - unitsWidth - 6;
  const y = h / 2 + 5;
  const showQuality = p.props['showQuality'] !== false;
  return (
    <g className="scr-numeric" data-quality={sev}>
      <rect className="scr-numeric__box" width={w} height={h} rx={2} />
      {label && (
        <text className="scr-numeric__label" x={6} y={y} data-project-text="">
          {label}
        </text>
      )}
      {sev === 'bad' ? (
        <SvgQualityBox x={right - codeBoxWidth(code)} y={h / 2 - 9} width={codeBoxWidth(code)} height={18} code={code} />
      ) : (
        <text className={`scr-value scr-value--${sev}`} x={right} y={y} textAnchor="end" data-testid="value-text" data-readout="">
          {valueText(p.props['value'], num(p.props['decimals'], 1))}
        </text>
      )}
      {units && (
        <text className="scr-units" x={right + 4} y={y} data-project-text="">
          {units}
        </text>
      )}
      {sev === 'uncertain' && showQuality && <SvgUncertainMark right={w} y={-2} code={code} />}
    </g>
  );
};

export const BarGraphView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const horizontal = p.props['orientation'] === 'horizontal';
  const min = num(p.props['min']);
  const max = num(p.props['max'], 100);
  const span = max - min || 1;
  const at = (v: number) => Math.min(1, Math.max(0, (v - min) / span));
  const sev = severity(p.bound, 'value');
  const value = optNum(p.props['value']);
  const code = shortCode(p.bound, 'value');
  const fraction = sev === 'bad' || value === undefined ? undefined : at(value);
  const length = horizontal ? w : h;
  const thick = horizontal ? h : w;
  // Marks along the scale: where they sit in px from the start (bottom for vertical bars).
  const mark = (v: number | undefined) => (v === undefined ? undefined : at(v) * length);
  const lo = mark(optNum(p.props['lowLimit']));
  const hi = mark(optNum(p.props['highLimit']));
  const sp = mark(optNum(p.props['setpoint']));
  const place = (pos: number, from: number, to: number) => (horizontal ? { x1: pos, x2: pos, y1: from, y2: to } : { x1: from, x2: to, y1: h - pos, y2: h - pos });
  return (
    <g className="scr-bar" data-quality={sev}>
      <rect className={sev === 'bad' ? 'scr-hatch' : 'scr-bar__track'} width={w} height={h} />
      {fraction !== undefined &&
        (horizontal ? <rect className={`scr-bar__fill scr-value--${sev}`} width={w * fraction} height={h} /> : <rect className={`scr-bar__fill scr-value--${sev}`} y={h - h * fraction} width={w} height={h * fraction} />)}
      {lo !== undefined && <line className="scr-bar__limit" {...place(lo, -3, thick + 3)} />}
      {hi !== undefined && <line className="scr-bar__limit" {...place(hi, -3, thick + 3)} />}
      {sp !== undefined && <path className="scr-bar__setpoint" data-testid="bar-setpoint" d={horizontal ? `M ${sp} ${h} l -5 7 h 10 z` : `M ${w} ${h - sp} l 7 -5 v 10 z`} />}
      {sev === 'bad' && <SvgQualityBox x={w / 2 - 20} y={h / 2 - 8} width={40} height={16} code={code} />}
      {sev === 'uncertain' && <SvgUncertainMark right={w} y={-3} code={code} />}
    </g>
  );
};

interface StateEntry {
  value: unknown;
  text: string;
  fill: string;
}

export const MultiStateView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const sev = severity(p.bound, 'value');
  const states = (Array.isArray(p.props['states']) ? p.props['states'] : []) as StateEntry[];
  const value = p.props['value'];
  const bound = p.bound?.qualities['value'] !== undefined;
  const match = states.find((s) => s.value === value || (typeof s.value === 'number' && value === Boolean(s.value) && typeof value === 'boolean'));
  const entry = bound ? match : states[0];
  const text = entry?.text ?? str(p.props['unknownText'], '?');
  const abnormal = isAlarmColor(entry?.fill);
  const code = shortCode(p.bound, 'value');
  if (sev === 'bad') {
    return (
      <g data-quality="bad">
        <rect className="scr-state" width={w} height={h} rx={3} />
        <SvgQualityBox x={w / 2 - codeBoxWidth(code) / 2} y={h / 2 - 9} width={codeBoxWidth(code)} height={18} code={code} />
      </g>
    );
  }
  const fill = cssColor(entry?.fill ?? 'process-light', 'var(--equip-off)');
  // Text readable on its fill: the equipment's own ink on dark grey, the alarm ink on alarm colours (dark on orange and yellow, light on red).
  const ink = entry?.fill === 'process-dark' ? ' scr-state__text--inverse' : entry?.fill === 'alarm-critical' || entry?.fill === 'fault' ? ' scr-state__text--on-red' : abnormal ? ' scr-state__text--on-alarm' : '';
  return (
    <g data-quality={sev} data-state={text} data-abnormal={abnormal || undefined}>
      <rect className={`scr-state scr-value--${sev}`} width={w} height={h} rx={3} style={{ fill }} />
      <text className={`scr-state__text${ink}`} x={w / 2} y={h / 2 + 5} textAnchor="middle" data-testid="machine-state" data-project-text="">
        {abnormal ? `! ${text}` : text}
      </text>
      {sev === 'uncertain' && <SvgUncertainMark right={w} y={-2} code={code} />}
    </g>
  );
};

export const SparklineView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const tag = str(p.props['tag']);
  const Sparkline = useSparkline();
  if (p.scope.mode === 'design' || Sparkline === undefined) {
    return (
      <g className="scr-spark-design">
        <rect className="scr-numeric__box" width={w} height={h} />
        <path className="scr-line" fill="none" d={`M 4 ${h * 0.7} C ${w * 0.3} ${h * 0.2}, ${w * 0.5} ${h * 0.9}, ${w - 4} ${h * 0.35}`} />
        <text className="scr-label" x={4} y={12} data-project-text="">
          {tag}
        </text>
      </g>
    );
  }
  return (
    // The sparkline is HTML (title row over its SVG, 14 px of padding): sized to fit the element box.
    <foreignObject width={w} height={h}>
      <Sparkline path={tag} label={tag.split('/').slice(-2).join(' ')} spanMs={num(p.props['windowMinutes'], 15) * 60_000} width={Math.max(40, w - 14)} height={Math.max(16, h - 30)} />
    </foreignObject>
  );
};

function useWorstUnder(area: string): AlarmInfo | undefined {
  const { alarms } = useServices();
  const snapshot = useCallback(() => {
    let worst: AlarmInfo | undefined;
    for (const alarm of alarms.list()) {
      if (!isAnnunciated(alarm) || !(alarm.tag === area || alarm.tag.startsWith(`${area}/`))) continue;
      worst = worst ? worseAlarm(worst, alarm) : alarm;
    }
    return worst;
  }, [alarms, area]);
  return useSyncExternalStore(alarms.subscribe, snapshot);
}

function LiveAlarmIndicator({ area, size }: { area: string; size: number }) {
  const worst = useWorstUnder(area);
  const { t } = useT('screens');
  if (!worst) {
    return (
      <g data-testid={`area-alarms:${area}`} data-priority="none">
        <circle className="scr-no-alarm" cx={size / 2} cy={size / 2} r={size / 2 - 2} />
        <title>{t('symbol.noAlarms', { area })}</title>
      </g>
    );
  }
  return (
    <a href="#/alarms" data-testid={`area-alarms:${area}`} data-priority={worst.priority} aria-label={t('symbol.alarmUnder', { priority: t(`priority.${worst.priority}`), area, message: worst.message })}>
      <AlarmIndicator priority={worst.priority} acknowledged={worst.acknowledged} size={size} x={0} y={0} />
    </a>
  );
}

export const AlarmIndicatorView: SymbolView = (p) => {
  const size = Math.min(p.width, p.height);
  if (p.scope.mode === 'design') return <circle className="scr-no-alarm" cx={size / 2} cy={size / 2} r={size / 2 - 2} />;
  return <LiveAlarmIndicator area={str(p.props['area'], DEFAULT_AREA)} size={size} />;
};
