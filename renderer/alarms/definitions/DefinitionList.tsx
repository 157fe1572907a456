import type { TagInfo } from '../../../common/tag.ts';
import { PRIORITY_LABEL, PRIORITY_NUMBER } from '../alarm-model.ts';
import { conditionSummary } from './definition-draft.ts';
import type { DefinitionEntry } from './use-alarm-definitions.ts';

/**
 * The definitions as a table, keyed by id so selection and scroll hold while the list changes.
 * Configuration is not an alarm: priorities are written as text, without the alarm colours.
 */
export function DefinitionList({ entries, selectedId, info, onSelect }: { entries: readonly DefinitionEntry[]; selectedId: string | undefined; info: (path: string) => TagInfo | undefined; onSelect: (id: string) => void }) {
  return (
    <table className="def-table" data-testid="def-list">
      <colgroup>
        <col className="def-table__col-id" />
        <col className="def-table__col-tag" />
        <col className="def-table__col-condition" />
        <col className="def-table__col-priority" />
        <col className="def-table__col-area" />
        <col className="def-table__col-enabled" />
      </colgroup>
      <thead>
        <tr>
          <th>Id</th>
          <th>Tag</th>
          <th>Condition</th>
          <th>Priority</th>
          <th>Area</th>
          <th>Enabled</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(({ definition: d, file }) => (
          <tr
            key={d.id}
            className={`def-table__row${d.id === selectedId ? ' def-table__row--selected' : ''}${d.enabled ? '' : ' def-table__row--disabled'}`}
            aria-selected={d.id === selectedId}
            tabIndex={0}
            onClick={() => onSelect(d.id)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(d.id);
              }
            }}
            title={`${d.message}\n${file}`}
            data-testid="def-row"
            data-id={d.id}
          >
            <td className="def-table__id">{d.id}</td>
            <td>{d.tag}</td>
            <td className="def-table__condition">{conditionSummary(d.condition, info(d.tag))}</td>
            <td>
              {PRIORITY_NUMBER[d.priority]} {PRIORITY_LABEL[d.priority]}
            </td>
            <td>{d.area || '—'}</td>
            <td data-testid="def-row-enabled">{d.enabled ? 'Yes' : 'No'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
