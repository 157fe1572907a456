import { memo } from 'react';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { useTag } from '../store/use-tag.ts';
import { severityOf } from '../../common/quality.ts';
import { formatTime, formatValue, qualityText } from './value-format.ts';
import { ValueText } from './ValueText.tsx';

export interface TagRowProps {
  path: string;
  selected: boolean;
  onSelect: (path: string) => void;
}

/** One tag; subscribes to its own value so an update re-renders this row only. */
export const TagRow = memo(function TagRow({ path, selected, onSelect }: TagRowProps) {
  const state = useTag(path);
  const { plant } = useServices();
  const timeZone = useCell(plant.session)?.timeZone;
  const { quality, sourceTime } = state.value;
  return (
    <tr className="tags__row" aria-selected={selected} data-testid={`tag-row:${path}`} onClick={() => onSelect(path)} tabIndex={selected ? 0 : -1}>
      <td className="tags__path" title={path}>
        {state.info?.elementOf ? <span className="tags__element">{path.slice(state.info.elementOf.length)}</span> : path}
        {state.info?.arrayLength !== undefined && <span className="tags__array-size"> [{state.info.arrayLength}]</span>}
      </td>
      <td className="tags__description">{state.info?.description ?? ''}</td>
      <td className={state.info?.arrayLength === undefined ? 'tags__num' : 'tags__num tags__list'} title={state.info?.arrayLength === undefined ? undefined : formatValue(state.info, state.value.value)}>
        <ValueText state={state} />
      </td>
      <td className="tags__quality" data-severity={severityOf(quality)} title={quality === 'Good' ? undefined : `${qualityText(quality, state.info?.device)} (${quality})`}>
        <span className="tags__quality-words">{qualityText(quality, state.info?.device)}</span>
        {quality !== 'Good' && <span className="tags__quality-code">{quality}</span>}
      </td>
      <td className="tags__time">{state.value.quality === 'BadWaitingForInitialData' ? '' : formatTime(sourceTime, timeZone)}</td>
    </tr>
  );
});
