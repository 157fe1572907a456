import { useTag } from '../../store/use-tag.ts';
import { numericValue, rangeFraction, shown } from '../../values/format.ts';
import { SvgQualityBox } from '../../values/SvgQualityBox.tsx';

export interface TankProps {
  name: string;
  levelPath: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A vertical vessel whose fill is its level over the tag's range; hatched when the level is bad. */
export function Tank({ name, levelPath, x, y, width, height }: TankProps) {
  const level = useTag(levelPath);
  const view = shown(level);
  const fraction = rangeFraction(level.info, numericValue(level) ?? null) ?? 0;
  const inner = height - 6;
  const fillHeight = view.severity === 'bad' ? 0 : inner * fraction;
  return (
    <g className="tank">
      <rect className="tank__shell" x={x} y={y} width={width} height={height} rx={12} />
      {view.severity === 'bad' ? (
        <rect className="tank__bad" x={x + 3} y={y + 3} width={width - 6} height={inner} rx={9} />
      ) : (
        <rect
          className={`tank__level tank__level--${view.severity}`}
          x={x + 3}
          y={y + 3 + inner - fillHeight}
          width={width - 6}
          height={fillHeight}
          rx={Math.min(9, fillHeight / 2)}
          data-testid="tank-level-fill"
        />
      )}
      {[0.25, 0.5, 0.75].map((tick) => (
        <line key={tick} className="tank__tick" x1={x + width - 12} x2={x + width - 3} y1={y + 3 + inner * (1 - tick)} y2={y + 3 + inner * (1 - tick)} />
      ))}
      {view.severity === 'bad' && <SvgQualityBox x={x + width / 2 - 28} y={y + height / 2 - 9} width={56} height={18} code={view.code} />}
      <text className="equip__name" x={x + width / 2} y={y + height + 20} textAnchor="middle">
        {name}
      </text>
    </g>
  );
}
