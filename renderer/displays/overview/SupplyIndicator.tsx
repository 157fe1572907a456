import { useTag } from '../../store/use-tag.ts';
import { shown } from '../../values/format.ts';
import { SvgQualityBox } from '../../values/SvgQualityBox.tsx';

/** Upstream product supply: quiet text when available, highlighted when interrupted (the cause of a starved line). */
export function SupplyIndicator({ path, x, y }: { path: string; x: number; y: number }) {
  const state = useTag(path);
  const view = shown(state);
  const available = state.value.value === true;
  return (
    <g className="supply" data-testid={`value:${path}`} data-quality={view.severity}>
      <title>{`Supply ${path}`}</title>
      <text className="equip__name" x={x} y={y - 12}>
        Supply
      </text>
      {view.severity === 'bad' ? (
        <SvgQualityBox x={x} y={y + 8} width={44} height={16} code={view.code} />
      ) : available ? (
        <text className={`equip__state equip__state--${view.severity}`} x={x} y={y + 22}>
          OK
        </text>
      ) : (
        <g className="supply--lost">
          <rect className="supply__plate" x={x - 2} y={y + 9} width={40} height={17} rx={2} />
          <text className="supply__text" x={x + 18} y={y + 22} textAnchor="middle">
            LOST
          </text>
        </g>
      )}
    </g>
  );
}
