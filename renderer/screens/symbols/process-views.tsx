import { formatNumber } from '../../ui/value-format.ts';
import { SvgQualityBox, codeBoxWidth } from '../../ui/SvgQualityBox.tsx';
import { num, onOffLook, orientationAngle, severity, shortCode, str, truthy, type SymbolView, type SymbolViewProps } from './view-types.ts';

/** Process equipment (ISA-101): grey; running/open is solid, stopped/closed is outline; bad quality is hatched. */

function Label({ text, x, y, anchor = 'middle' }: { text: string; x: number; y: number; anchor?: 'start' | 'middle' | 'end' }) {
  if (!text) return null;
  return (
    <text className="scr-label" x={x} y={y} textAnchor={anchor} data-project-text="">
      {text}
    </text>
  );
}

function FaultMark({ show, x, y }: { show: boolean; x: number; y: number }) {
  if (!show) return null;
  return (
    <g className="scr-fault" data-testid="fault-marker" transform={`translate(${x} ${y})`}>
      <path d="M0 -9 L9 7 H-9 Z" className="scr-fault__shape" />
      <text y={5} textAnchor="middle" className="scr-fault__text">
        !
      </text>
    </g>
  );
}

function SpeedText({ p, x, y, units = '%' }: { p: SymbolViewProps; x: number; y: number; units?: string }) {
  if (p.props['speed'] === undefined || p.bound?.qualities['speed'] === undefined) return null;
  if (severity(p.bound, 'speed') === 'bad') {
    const code = shortCode(p.bound, 'speed');
    return <SvgQualityBox x={x - codeBoxWidth(code) / 2} y={y - 12} width={codeBoxWidth(code)} height={16} code={code} />;
  }
  return (
    <text className={`scr-value scr-value--${severity(p.bound, 'speed')}`} x={x} y={y} textAnchor="middle" data-project-text="">
      {formatNumber(num(p.props['speed']), num(p.props['decimals'], 0))} {str(p.props['units'], units)}
    </text>
  );
}

export const PumpView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const r = Math.min(w, h) / 2 - 2;
  const look = onOffLook(p.bound, p.props, 'running');
  const angle = orientationAngle(p.props['orientation']);
  return (
    <g data-look={look}>
      <circle className={`scr-equip scr-equip--${look}`} cx={w / 2} cy={h / 2} r={r} />
      <path className={`scr-mark scr-mark--${look}`} transform={`rotate(${angle} ${w / 2} ${h / 2})`} d={`M ${w / 2 - r * 0.4} ${h / 2 - r * 0.6} L ${w / 2 + r * 0.65} ${h / 2} L ${w / 2 - r * 0.4} ${h / 2 + r * 0.6} Z`} />
      <FaultMark show={truthy(p.props['fault'])} x={w - 4} y={6} />
      <Label text={str(p.props['label'])} x={w / 2} y={-6} />
      <SpeedText p={p} x={w / 2} y={h + 16} />
    </g>
  );
};

function bowtie(w: number, h: number, top: number): string {
  return `M 1 ${top} L ${w / 2} ${(top + h) / 2} L 1 ${h - 1} Z M ${w - 1} ${top} L ${w / 2} ${(top + h) / 2} L ${w - 1} ${h - 1} Z`;
}

export const OnOffValveView: SymbolView = (p) => {
  const look = onOffLook(p.bound, p.props, 'open');
  return (
    <g data-look={look} transform={`rotate(${orientationAngle(p.props['orientation']) % 180} ${p.width / 2} ${p.height / 2})`}>
      <path className={`scr-equip scr-equip--${look}`} d={bowtie(p.width, p.height, 1)} />
      <FaultMark show={truthy(p.props['fault'])} x={p.width} y={0} />
      <Label text={str(p.props['label'])} x={p.width / 2} y={-5} />
    </g>
  );
};

export const ControlValveView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const bodyTop = h * 0.4;
  const sev = severity(p.bound, 'position');
  const position = num(p.props['position']);
  const look = sev === 'bad' ? 'bad' : position > 0.5 ? 'on' : 'off';
  const code = shortCode(p.bound, 'position');
  return (
    <g data-look={look}>
      <path className="scr-line" d={`M ${w / 2} ${bodyTop + (h - bodyTop) / 2} V ${h * 0.18} M ${w * 0.25} ${h * 0.18} Q ${w / 2} ${-h * 0.08} ${w * 0.75} ${h * 0.18} Z`} />
      <path className={`scr-equip scr-equip--${look}`} d={bowtie(w, h, bodyTop)} />
      <FaultMark show={truthy(p.props['fault'])} x={w} y={0} />
      <Label text={str(p.props['label'])} x={w / 2} y={-6} />
      {p.props['showPosition'] !== false &&
        p.bound?.qualities['position'] !== undefined &&
        (sev === 'bad' ? (
          <SvgQualityBox x={w / 2 - 20} y={h + 2} width={40} height={15} code={code} />
        ) : (
          <text className={`scr-value scr-value--${sev}`} x={w / 2} y={h + 14} textAnchor="middle">
            {formatNumber(position, 0)} %
          </text>
        ))}
    </g>
  );
};

export const MotorView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const look = onOffLook(p.bound, p.props, 'running');
  return (
    <g data-look={look}>
      <rect className={`scr-equip scr-equip--${look}`} x={1} y={1} width={w * 0.8} height={h - 2} rx={4} />
      <rect className="scr-equip scr-equip--off" x={w * 0.8 + 1} y={h * 0.35} width={w * 0.2 - 2} height={h * 0.3} />
      <text className={`scr-motor-m scr-motor-m--${look}`} x={w * 0.4} y={h / 2 + 5} textAnchor="middle">
        M
      </text>
      <FaultMark show={truthy(p.props['fault'])} x={w - 4} y={4} />
      <Label text={str(p.props['label'])} x={w / 2} y={-6} />
    </g>
  );
};

export const TankView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const min = num(p.props['min']);
  const max = num(p.props['max'], 100);
  const sev = severity(p.bound, 'level');
  const level = num(p.props['level'], min);
  const fraction = Math.min(1, Math.max(0, (level - min) / (max - min || 1)));
  const inner = h - 6;
  const fill = sev === 'bad' ? 0 : inner * fraction;
  const bound = p.bound?.qualities['level'] !== undefined;
  const code = shortCode(p.bound, 'level');
  return (
    <g data-quality-level={sev}>
      <rect className="scr-tank" x={0} y={0} width={w} height={h} rx={Math.min(12, w / 6)} />
      {sev === 'bad' ? (
        <rect className="scr-hatch" x={3} y={3} width={w - 6} height={inner} rx={8} />
      ) : (
        <rect className={`scr-tank__level scr-value--${sev}`} x={3} y={3 + inner - fill} width={w - 6} height={fill} rx={Math.min(8, fill / 2)} data-testid="tank-level-fill" />
      )}
      {[0.25, 0.5, 0.75].map((t) => (
        <line key={t} className="scr-tick" x1={w - 12} x2={w - 3} y1={3 + inner * (1 - t)} y2={3 + inner * (1 - t)} />
      ))}
      {bound && p.props['showValue'] !== false && sev !== 'bad' && (
        <text className={`scr-value scr-value--${sev}`} x={w / 2} y={h / 2} textAnchor="middle" data-project-text="">
          {formatNumber(level, num(p.props['decimals'], 1))} {str(p.props['units'])}
        </text>
      )}
      {sev === 'bad' && <SvgQualityBox x={w / 2 - 24} y={h / 2 - 9} width={48} height={18} code={code} />}
      <Label text={str(p.props['label'])} x={w / 2} y={h + 16} />
    </g>
  );
};

export const PipeView: SymbolView = (p) => {
  const points = Array.isArray(p.props['points']) ? (p.props['points'] as [number, number][]) : [];
  const sev = severity(p.bound, 'flowing');
  const flowing = sev !== 'bad' && truthy(p.props['flowing']);
  const d = points.map(([x, y], i) => `${i ? 'L' : 'M'} ${x} ${y}`).join(' ');
  return <path className={`scr-pipe${flowing ? ' scr-pipe--flowing' : ''}${sev === 'bad' ? ' scr-pipe--bad' : ''}`} d={d} strokeWidth={num(p.props['thickness'], 6)} data-flowing={flowing} />;
};

export const ConveyorView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const look = onOffLook(p.bound, p.props, 'running');
  const r = h / 2;
  return (
    <g data-look={look}>
      <rect className={`scr-belt scr-belt--${look}`} x={0} y={0} width={w} height={h} rx={r} />
      {[r, w - r].map((cx) => (
        <circle key={cx} className="scr-roller" cx={cx} cy={r} r={r * 0.55} />
      ))}
      <FaultMark show={truthy(p.props['fault'])} x={w - r} y={-10} />
      <Label text={str(p.props['label'])} x={0} y={-6} anchor="start" />
      <g transform={`translate(${w / 2} 0)`}>
        <SpeedText p={p} x={0} y={h + 16} units="" />
      </g>
    </g>
  );
};

export const HeatExchangerView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const look = onOffLook(p.bound, p.props, 'active');
  return (
    <g data-look={look}>
      <rect className={`scr-equip scr-equip--${look === 'on' ? 'on' : look}`} x={1} y={1} width={w - 2} height={h - 2} rx={h / 2} />
      <path className={`scr-mark scr-mark--${look}`} d={`M ${w * 0.15} ${h / 2} L ${w * 0.32} ${h * 0.22} L ${w * 0.5} ${h * 0.78} L ${w * 0.68} ${h * 0.22} L ${w * 0.85} ${h / 2}`} fill="none" />
      <FaultMark show={truthy(p.props['fault'])} x={w - 4} y={4} />
      <Label text={str(p.props['label'])} x={w / 2} y={-6} />
    </g>
  );
};

export const InstrumentView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const r = Math.min(w, h) / 2 - 1;
  const sev = severity(p.bound, 'value');
  const location = p.props['location'];
  const bound = p.bound?.qualities['value'] !== undefined;
  const code = shortCode(p.bound, 'value');
  return (
    <g>
      <circle className="scr-bubble" cx={w / 2} cy={h / 2} r={r} />
      {location !== 'field' && <line className={location === 'panel' ? 'scr-line' : 'scr-line scr-line--dashed'} x1={w / 2 - r} x2={w / 2 + r} y1={h / 2} y2={h / 2} />}
      <text className="scr-bubble__fn" x={w / 2} y={h / 2 - 4} textAnchor="middle" data-project-text="">
        {str(p.props['function'])}
      </text>
      <text className="scr-bubble__loop" x={w / 2} y={h / 2 + 13} textAnchor="middle" data-project-text="">
        {str(p.props['loop'])}
      </text>
      {bound &&
        (sev === 'bad' ? (
          <SvgQualityBox x={w + 6} y={h / 2 - 9} width={codeBoxWidth(code)} height={18} code={code} />
        ) : (
          <text className={`scr-value scr-value--${sev}`} x={w + 6} y={h / 2 + 5} data-project-text="">
            {formatNumber(num(p.props['value']), num(p.props['decimals'], 1))} {str(p.props['units'])}
          </text>
        ))}
      {truthy(p.props['alarm']) && (
        <g data-testid="instrument-alarm">
          <path className="scr-alarm-diamond" d={`M ${w / 2 + r} ${-2} l 8 8 l -8 8 l -8 -8 Z`} />
        </g>
      )}
    </g>
  );
};
