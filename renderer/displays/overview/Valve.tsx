import { useTag } from '../../store/use-tag.ts';
import { shown } from '../../values/format.ts';
import { SvgQualityBox } from '../../values/SvgQualityBox.tsx';

/** A two-way valve (bow-tie) on a horizontal pipe: filled dark when open, outlined when closed. */
export interface ValveProps {
  path: string;
  cx: number;
  cy: number;
  name: string;
  /** Where the name and state go, so they never sit on a pipe or vessel. */
  label?: 'above' | 'below';
}

export function Valve({ path, cx, cy, name, label = 'below' }: ValveProps) {
  const state = useTag(path);
  const view = shown(state);
  const open = view.severity !== 'bad' && state.value.value === true;
  const nameY = label === 'below' ? cy + 26 : cy - 34;
  const stateText = view.severity === 'bad' ? '' : state.info?.states ? view.text : open ? 'Open' : 'Closed';
  return (
    <g className="valve" data-testid={`value:${path}`} data-quality={view.severity} data-open={open}>
      <title>{`${name} ${path}`}</title>
      <path
        className={`valve__body ${view.severity === 'bad' ? 'valve__body--bad' : open ? 'valve__body--open' : 'valve__body--closed'}`}
        d={`M ${cx - 13} ${cy - 9} L ${cx + 13} ${cy + 9} L ${cx + 13} ${cy - 9} L ${cx - 13} ${cy + 9} Z`}
      />
      <text className="equip__name" x={cx} y={nameY} textAnchor="middle">
        {name}
      </text>
      {view.severity === 'bad' ? (
        <SvgQualityBox x={cx - 24} y={nameY + 5} width={48} height={16} code={view.code} />
      ) : (
        <text className={`equip__state equip__state--${view.severity}`} x={cx} y={nameY + 16} textAnchor="middle">
          {stateText}
        </text>
      )}
    </g>
  );
}
