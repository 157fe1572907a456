import { useEffect, useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import type { MappingTables } from '../../common/mes.ts';
import { useServices } from '../app/services.tsx';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import { ConnectorPicker } from './ConnectorPicker.tsx';

type CodeTable = 'materials' | 'workCentres' | 'reasonCodes';
const CODE_TABLES: Array<{ table: CodeTable; title: string; local: string }> = [
  { table: 'materials', title: 'Material codes', local: 'Plant material' },
  { table: 'workCentres', title: 'Work centres', local: 'Plant work centre' },
  { table: 'reasonCodes', title: 'Reason codes', local: 'Plant reason code' },
];

/** Units as typed: numbers stay text until saved, so a half-typed "0." is not lost. */
type UnitDraft = { external: string; local: string; factor: string; offset: string };
type Draft = Pick<MappingTables, CodeTable> & { units: UnitDraft[] };

function toDraft(m: MappingTables): Draft {
  return {
    materials: m.materials.map((r) => ({ ...r })),
    workCentres: m.workCentres.map((r) => ({ ...r })),
    reasonCodes: m.reasonCodes.map((r) => ({ ...r })),
    units: m.units.map((u) => ({ external: u.external, local: u.local, factor: String(u.factor), offset: String(u.offset) })),
  };
}

function fromDraft(d: Draft): MappingTables {
  return { ...d, units: d.units.map((u) => ({ external: u.external, local: u.local, factor: Number(u.factor), offset: u.offset.trim() === '' ? 0 : Number(u.offset) })) };
}

/**
 * Each connector's mapping tables (MES code ↔ plant code; units with local = external × factor +
 * offset). Engineers (mes.configure) edit and save them: the runtime checks every row, writes
 * mes.json and releases messages that waited for a mapping. Read-only for everyone else.
 */
export function MappingsPanel({ visible }: { visible: boolean }) {
  const { client } = useServices();
  const notEditable = useAccess().why('mes.configure');
  const mayEdit = notEditable === undefined;
  // Read afresh each time the display is shown.
  const read = useCall('mes.mappings.list', {}, { paused: !visible, refreshKey: String(visible) });
  const connectors = read.data;
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  const [dirty, setDirty] = useState(false);
  const [state, act] = useAction();
  const current = connectors?.find((c) => c.id === chosen) ?? connectors?.[0];

  useEffect(() => {
    if (current && !dirty) setDraft(toDraft(current.mappings));
  }, [current, dirty]);

  const edit = (change: (d: Draft) => Draft) => {
    if (!draft) return;
    setDraft(change(draft));
    setDirty(true);
  };
  const save = () => {
    if (!current || !draft) return;
    act(`Save ${current.id} mappings`, async () => {
      const r = await client.call('mes.mappings.save', { connector: current.id, mappings: fromDraft(draft) });
      setDirty(false);
      read.set((connectors ?? []).map((c) => (c.id === r.connector.id ? r.connector : c)));
      return `written to mes.json${r.released ? `; ${r.released} waiting message(s) released` : ''}${r.orders ? `; ${r.orders} held order(s) applied` : ''}`;
    });
  };

  if (read.error) return <LoadProblem call={read} what="Could not read the connectors" />;
  if (!connectors || !current || !draft) return null;
  return (
    <section className="sync__mappings" aria-label="Mappings" data-testid="sync-mappings" data-connector={current.id} data-editable={mayEdit}>
      <div className="sync__mappings-head">
        <h2>Mappings</h2>
        <ConnectorPicker ids={connectors.map((c) => c.id)} current={current.id} locked={dirty} onPick={setChosen} />
        {!mayEdit && <span className="wo__muted">Read only. {notEditable}</span>}
        {mayEdit && (
          <>
            <button type="button" className="button button--primary" disabled={!dirty} onClick={save}>
              Save
            </button>
            <button type="button" className="button" disabled={!dirty} onClick={() => (setDirty(false), setDraft(toDraft(current.mappings)))}>
              Discard changes
            </button>
          </>
        )}
      </div>
      <p className="wo__muted">A table with rows is a closed list: a code missing from it holds the message until its row exists. An empty table passes codes through.</p>
      <FeedbackLine feedback={state} testId="wo-feedback" />
      <div className="sync__mapping-tables">
        {CODE_TABLES.map(({ table, title, local }) => (
          <div key={table} className="sync__mapping" data-table={table}>
            <h3>{title}</h3>
            <table className="wo__table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>MES code</th>
                  <th>{local}</th>
                  {mayEdit && <th />}
                </tr>
              </thead>
              <tbody>
                {draft[table].map((row, i) => (
                  <tr key={i} data-row={i + 1}>
                    <td className="wo__num">{i + 1}</td>
                    <Cell editable={mayEdit} label={`${title} row ${i + 1} MES code`} value={row.external} onChange={(v) => edit((d) => ({ ...d, [table]: d[table].map((r, j) => (j === i ? { ...r, external: v } : r)) }))} />
                    <Cell editable={mayEdit} label={`${title} row ${i + 1} plant code`} value={row.local} onChange={(v) => edit((d) => ({ ...d, [table]: d[table].map((r, j) => (j === i ? { ...r, local: v } : r)) }))} />
                    {mayEdit && (
                      <td>
                        <button type="button" className="button" aria-label={`Remove ${title} row ${i + 1}`} onClick={() => edit((d) => ({ ...d, [table]: d[table].filter((_, j) => j !== i) }))}>
                          Remove
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            {mayEdit && (
              <button type="button" className="button" onClick={() => edit((d) => ({ ...d, [table]: [...d[table], { external: '', local: '' }] }))}>
                Add {title.toLowerCase().replace(/s$/, '')}
              </button>
            )}
          </div>
        ))}
        <div className="sync__mapping" data-table="units">
          <h3>Units</h3>
          <table className="wo__table">
            <thead>
              <tr>
                <th>#</th>
                <th>MES unit</th>
                <th>Plant unit (Rec 20)</th>
                <th className="wo__num">× factor</th>
                <th className="wo__num">+ offset</th>
                {mayEdit && <th />}
              </tr>
            </thead>
            <tbody>
              {draft.units.map((row, i) => (
                <tr key={i} data-row={i + 1}>
                  <td className="wo__num">{i + 1}</td>
                  {(['external', 'local', 'factor', 'offset'] as const).map((field) => (
                    <Cell
                      key={field}
                      editable={mayEdit}
                      label={`Units row ${i + 1} ${field}`}
                      value={row[field]}
                      numeric={field === 'factor' || field === 'offset'}
                      onChange={(v) => edit((d) => ({ ...d, units: d.units.map((r, j) => (j === i ? { ...r, [field]: v } : r)) }))}
                    />
                  ))}
                  {mayEdit && (
                    <td>
                      <button type="button" className="button" aria-label={`Remove units row ${i + 1}`} onClick={() => edit((d) => ({ ...d, units: d.units.filter((_, j) => j !== i) }))}>
                        Remove
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {mayEdit && (
            <button type="button" className="button" onClick={() => edit((d) => ({ ...d, units: [...d.units, { external: '', local: '', factor: '1', offset: '0' }] }))}>
              Add unit
            </button>
          )}
        </div>
      </div>
    </section>
  );
}

function Cell({ editable, label, value, numeric, onChange }: { editable: boolean; label: string; value: string; numeric?: boolean; onChange: (v: string) => void }) {
  if (!editable) return <td className={numeric ? 'wo__num' : undefined}>{value}</td>;
  return (
    <td>
      <input className={`sync__cell${numeric ? ' wo__num' : ''}`} aria-label={label} value={value} inputMode={numeric ? 'decimal' : undefined} onChange={(e) => onChange(e.target.value)} />
    </td>
  );
}
