import { useT } from '../i18n/i18n.ts';

/** Picks the connector a Sync panel edits; shown only when there is more than one, locked while the panel has unsaved changes. */
export function ConnectorPicker({ ids, current, locked, onPick }: { ids: readonly string[]; current: string; locked: boolean; onPick: (id: string) => void }) {
  const { t } = useT('sync');
  if (ids.length < 2) return null;
  return (
    <label>
      {t('picker.connector')}{' '}
      <select value={current} disabled={locked} onChange={(e) => onPick(e.target.value)}>
        {ids.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </label>
  );
}
