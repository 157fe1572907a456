import type { TagInfo } from '../../../common/tag.ts';
import { useT } from '../../i18n/i18n.ts';
import { PRIORITY_NUMBER } from '../alarm-model.ts';
import { conditionSummary, type ConditionWords } from './definition-draft.ts';
import type { DefinitionEntry } from './use-alarm-definitions.ts';

/** A row's tooltip: the alarm's message and the file it is in (project data). */
function rowTitle(message: string, file: string): string {
  return `${message}\n${file}`;
}

/**
 * The definitions as a table, keyed by id so selection and scroll hold while the list changes.
 * Configuration is not an alarm: priorities are written as text, without the alarm colours.
 */
export function DefinitionList({ entries, selectedId, info, onSelect }: { entries: readonly DefinitionEntry[]; selectedId: string | undefined; info: (path: string) => TagInfo | undefined; onSelect: (id: string) => void }) {
  const { t } = useT('alarms');
  const words: ConditionWords = {
    deviation: (limit, setpoint) => t('summaryOf.deviation', { limit, setpoint }),
    rate: (limit) => t('summaryOf.rate', { limit }),
    badQuality: t('summaryOf.badQuality'),
  };
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
          <th>{t('form.id')}</th>
          <th>{t('form.tag')}</th>
          <th>{t('form.condition')}</th>
          <th>{t('form.priority')}</th>
          <th>{t('form.area')}</th>
          <th>{t('form.enabled')}</th>
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
            data-testid="def-row"
            data-id={d.id}
          >
            <td className="def-table__id" title={rowTitle(d.message, file)} data-project-text="">
              {d.id}
            </td>
            <td data-project-text="">{d.tag}</td>
            <td className="def-table__condition">{conditionSummary(d.condition, info(d.tag), words)}</td>
            <td>
              {PRIORITY_NUMBER[d.priority]} {t(`priority.${d.priority}`)}
            </td>
            <td data-project-text="">{d.area || '—'}</td>
            <td data-testid="def-row-enabled">{d.enabled ? t('defs.yes') : t('defs.no')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
