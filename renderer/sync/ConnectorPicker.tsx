/** Picks the connector a Sync panel edits; shown only when there is more than one, locked while the panel has unsaved changes. */
export function ConnectorPicker({ ids, current, locked, onPick }: { ids: readonly string[]; current: string; locked: boolean; onPick: (id: string) => void }) {
  if (ids.length < 2) return null;
  return (
    <label>
      Connector{' '}
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
