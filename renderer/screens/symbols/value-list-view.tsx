import { elementPath } from '../../../common/tag.ts';
import { useT } from '../../i18n/i18n.ts';
import { useTag } from '../../store/use-tag.ts';
import { ValueText } from '../../ui/ValueText.tsx';
import { num, str, type SymbolView } from './view-types.ts';

/** One element of the array: its index and its own value, units and quality (each element is a tag). */
function ElementRow({ path, index }: { path: string; index: number }) {
  const state = useTag(elementPath(path, index));
  return (
    <tr className="scr-list__row" data-testid={`list-row:${index}`}>
      <th scope="row" className="scr-list__index">
        [{index}]
      </th>
      <td className="scr-list__value">
        <ValueText state={state} />
      </td>
    </tr>
  );
}

function RuntimeList({ tag, label, maxRows }: { tag: string; label: string; maxRows: number }) {
  const array = useTag(tag);
  const { t } = useT('screens');
  const length = array.info?.arrayLength;
  const shown = Math.min(length ?? 0, maxRows);
  return (
    <div className="scr-list" data-testid={`value-list:${tag}`}>
      <div className="scr-list__title" data-project-text="">
        {label || tag.split('/').slice(-2).join(' ')}
      </div>
      {length === undefined ? (
        <div className="scr-list__note">{array.info ? t('symbol.notArray', { tag }) : t('symbol.noTag', { tag })}</div>
      ) : (
        <table className="scr-list__table">
          <tbody>
            {Array.from({ length: shown }, (_, i) => (
              <ElementRow key={i} path={tag} index={i} />
            ))}
          </tbody>
        </table>
      )}
      {length !== undefined && length > shown && <div className="scr-list__note">{t('symbol.firstRows', { shown, count: length })}</div>}
    </div>
  );
}

/** An array tag as a list (faceplates): HTML rows in the element box, each element with its own quality marks. */
export const ValueListView: SymbolView = (p) => {
  const { width: w, height: h } = p;
  const tag = str(p.props['tag']);
  const label = str(p.props['label']);
  if (p.scope.mode === 'design') {
    return (
      <g className="scr-list-design">
        <rect className="scr-numeric__box" width={w} height={h} />
        <text className="scr-label" x={4} y={14} data-project-text="">
          {label || tag}
        </text>
        {[0, 1, 2].map((i) => (
          <text key={i} className="scr-label" x={8} y={34 + i * 18}>
            {`[${i}] —`}
          </text>
        ))}
      </g>
    );
  }
  return (
    <foreignObject width={w} height={h}>
      <RuntimeList tag={tag} label={label} maxRows={num(p.props['maxRows'], 8)} />
    </foreignObject>
  );
};
