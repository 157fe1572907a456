import { memo, type KeyboardEvent } from 'react';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { useTag } from '../store/use-tag.ts';
import { severityOf } from '../../common/quality.ts';
import { formatTime, formatValue, qualityText } from './value-format.ts';
import { ValueText } from './ValueText.tsx';
import { useProjectTexts } from './project-texts.ts';
import { tagTextId } from '../../common/project-texts.ts';

export interface TagRowProps {
  path: string;
  selected: boolean;
  /** The row the Tab key reaches (the selected one, else the first): the table is one stop, arrows move in it. */
  tabbable: boolean;
  /** A click, or Enter or Space on the focused row. */
  onSelect: (path: string) => void;
}

/** Up and down move the focus between rows (the rows between are scrolled into view by the browser). */
function onRowKey(event: KeyboardEvent<HTMLTableRowElement>, path: string, onSelect: (path: string) => void): void {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    onSelect(path);
    return;
  }
  const next = event.key === 'ArrowDown' ? event.currentTarget.nextElementSibling : event.key === 'ArrowUp' ? event.currentTarget.previousElementSibling : null;
  if (next instanceof HTMLTableRowElement && next.classList.contains('tags__row')) {
    event.preventDefault();
    next.focus();
  }
}

/** One tag; subscribes to its own value so an update re-renders this row only. */
export const TagRow = memo(function TagRow({ path, selected, tabbable, onSelect }: TagRowProps) {
  const state = useTag(path);
  const { plant } = useServices();
  const timeZone = useCell(plant.session)?.timeZone;
  const { quality, sourceTime } = state.value;
  const texts = useProjectTexts();
  return (
    <tr className="tags__row" aria-selected={selected} data-testid={`tag-row:${path}`} onClick={() => onSelect(path)} onKeyDown={(event) => onRowKey(event, path, onSelect)} tabIndex={tabbable ? 0 : -1}>
      <td className="tags__path" title={path}>
        {state.info?.elementOf ? <span className="tags__element">{path.slice(state.info.elementOf.length)}</span> : path}
        {state.info?.arrayLength !== undefined && <span className="tags__array-size"> [{state.info.arrayLength}]</span>}
      </td>
      <td className="tags__description" data-project-text="">
        {texts.text(tagTextId(path), state.info?.description ?? '')}
      </td>
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
