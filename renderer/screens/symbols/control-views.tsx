import { useT } from '../../i18n/i18n.ts';
import { formatNumber } from '../../ui/value-format.ts';
import { SvgQualityBox } from '../../ui/SvgQualityBox.tsx';
import { num, severity, shortCode, str, truthy, type SymbolView } from './view-types.ts';

/** Operator controls: big targets (≥ 32 px), never write on their own; the screen runtime confirms. */

/** A setpoint not bound to a tag (design mode) shows no number. */
const NO_VALUE = '—';

function enabled(props: Readonly<Record<string, unknown>>): boolean {
  return props['enabled'] !== false;
}

export const ButtonView: SymbolView = (p) => {
  const on = enabled(p.props);
  const { t } = useT('screens');
  return (
    <g className={`scr-button${on ? '' : ' scr-button--disabled'}`} data-enabled={on}>
      <rect className="scr-button__face" width={p.width} height={p.height} rx={4} />
      <text className="scr-button__text" x={p.width / 2} y={p.height / 2 + 5} textAnchor="middle" data-project-text="">
        {str(p.props['label'], t('symbol.button'))}
      </text>
    </g>
  );
};

export const SetpointEntryView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const sev = severity(p.bound, 'value');
  const label = str(p.props['label']);
  const units = str(p.props['units']);
  const bound = p.bound?.qualities['value'] !== undefined;
  const right = w - (units ? units.length * 7 + 12 : 8);
  const code = shortCode(p.bound, 'value');
  return (
    <g className={`scr-setpoint${enabled(p.props) ? '' : ' scr-button--disabled'}`} data-quality={sev}>
      <rect className="scr-setpoint__box" width={w} height={h} rx={3} />
      {label && (
        <text className="scr-numeric__label" x={6} y={h / 2 + 5} data-project-text="">
          {label}
        </text>
      )}
      {sev === 'bad' ? (
        <SvgQualityBox x={right - 40} y={h / 2 - 9} width={40} height={18} code={code} />
      ) : (
        <text className={`scr-value scr-value--${sev}`} x={right} y={h / 2 + 5} textAnchor="end" data-testid="value-text" data-readout="">
          {bound ? formatNumber(num(p.props['value']), num(p.props['decimals'], 1)) : NO_VALUE}
        </text>
      )}
      {units && (
        <text className="scr-units" x={right + 4} y={h / 2 + 5} data-project-text="">
          {units}
        </text>
      )}
      <path className="scr-setpoint__pen" d={`M ${w - 3} ${h - 3} l -8 0 l 8 -8 z`} />
    </g>
  );
};

export const SwitchView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const sev = severity(p.bound, 'value');
  const on = truthy(p.props['value']);
  const look = sev === 'bad' ? 'bad' : on ? 'on' : 'off';
  const knob = h - 8;
  const code = shortCode(p.bound, 'value');
  const { t } = useT('screens');
  return (
    <g className={`scr-switch${enabled(p.props) ? '' : ' scr-button--disabled'}`} data-look={look}>
      <rect className={`scr-switch__track scr-switch__track--${look}`} width={w} height={h} rx={h / 2} />
      {sev !== 'bad' && <circle className="scr-switch__knob" cx={on ? w - h / 2 : h / 2} cy={h / 2} r={knob / 2} />}
      {sev === 'bad' ? (
        <SvgQualityBox x={w / 2 - 20} y={h / 2 - 8} width={40} height={16} code={code} />
      ) : (
        <text className={`scr-switch__text${on ? ' scr-switch__text--on' : ''}`} x={on ? (w - h) / 2 + 2 : w - (w - h) / 2 - 2} y={h / 2 + 5} textAnchor="middle" data-project-text="">
          {on ? str(p.props['onText'], t('symbol.on')) : str(p.props['offText'], t('symbol.off'))}
        </text>
      )}
    </g>
  );
};
