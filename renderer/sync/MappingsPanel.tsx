import { useEffect, useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import type { MappingTables } from '../../common/mes.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import { ConnectorPicker } from './ConnectorPicker.tsx';

type CodeTable = 'materials' | 'workCentres' | 'reasonCodes';
/** The code tables, titled by the 'sync' catalogue's `mappings.table.*`, `mappings.local.*` and `mappings.add.*`. */
const CODE_TABLES: readonly CodeTable[] = ['materials', 'workCentres', 'reasonCodes'];
const UNIT_FIELDS = ['external', 'local', 'factor', 'offset'] as const;

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
  const { t } = useT('sync');
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
    act(t('mappings.saveAction', { connector: current.id }), async () => {
      const r = await client.call('mes.mappings.save', { connector: current.id, mappings: fromDraft(draft) });
      setDirty(false);
      read.set((connectors ?? []).map((c) => (c.id === r.connector.id ? r.connector : c)));
      return `${t('mappings.written')}${r.released ? t('mappings.released', { count: r.released }) : ''}${r.orders ? t('mappings.orders', { count: r.orders }) : ''}`;
    });
  };

  if (read.error) return <LoadProblem call={read} what={t('mappings.couldNotRead')} />;
  if (!connectors || !current || !draft) return null;
  return (
    <section className="sync__mappings" aria-label={t('mappings.label')} data-testid="sync-mappings" data-connector={current.id} data-editable={mayEdit}>
      <div className="sync__mappings-head">
        <h2>{t('mappings.title')}</h2>
        <ConnectorPicker ids={connectors.map((c) => c.id)} current={current.id} locked={dirty} onPick={setChosen} />
        {!mayEdit && <span className="wo__muted">{t('mappings.readOnly', { why: notEditable })}</span>}
        {mayEdit && (
          <>
            <button type="button" className="button button--primary" disabled={!dirty} onClick={save}>
              {t('mappings.save')}
            </button>
            <button type="button" className="button" disabled={!dirty} onClick={() => (setDirty(false), setDraft(toDraft(current.mappings)))}>
              {t('mappings.discard')}
            </button>
          </>
        )}
      </div>
      <p className="wo__muted">{t('mappings.note')}</p>
      <FeedbackLine feedback={state} testId="wo-feedback" />
      <div className="sync__mapping-tables">
        {CODE_TABLES.map((table) => (
          <div key={table} className="sync__mapping" data-table={table}>
            <h3>{t(`mappings.table.${table}`)}</h3>
            <table className="wo__table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('mappings.mesCode')}</th>
                  <th>{t(`mappings.local.${table}`)}</th>
                  {mayEdit && <th />}
                </tr>
              </thead>
              <tbody>
                {draft[table].map((row, i) => (
                  <tr key={i} data-row={i + 1}>
                    <td className="wo__num">{i + 1}</td>
                    <Cell
                      editable={mayEdit}
                      label={t('mappings.rowMesCode', { table: t(`mappings.table.${table}`), row: i + 1 })}
                      value={row.external}
                      onChange={(v) => edit((d) => ({ ...d, [table]: d[table].map((r, j) => (j === i ? { ...r, external: v } : r)) }))}
                    />
                    <Cell
                      editable={mayEdit}
                      label={t('mappings.rowPlantCode', { table: t(`mappings.table.${table}`), row: i + 1 })}
                      value={row.local}
                      onChange={(v) => edit((d) => ({ ...d, [table]: d[table].map((r, j) => (j === i ? { ...r, local: v } : r)) }))}
                    />
                    {mayEdit && (
                      <td>
                        <button type="button" className="button" aria-label={t('mappings.removeRow', { table: t(`mappings.table.${table}`), row: i + 1 })} onClick={() => edit((d) => ({ ...d, [table]: d[table].filter((_, j) => j !== i) }))}>
                          {t('mappings.remove')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            {mayEdit && (
              <button type="button" className="button" onClick={() => edit((d) => ({ ...d, [table]: [...d[table], { external: '', local: '' }] }))}>
                {t(`mappings.add.${table}`)}
              </button>
            )}
          </div>
        ))}
        <div className="sync__mapping" data-table="units">
          <h3>{t('mappings.units')}</h3>
          <table className="wo__table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('mappings.mesUnit')}</th>
                <th>{t('mappings.plantUnit')}</th>
                <th className="wo__num">{t('mappings.factor')}</th>
                <th className="wo__num">{t('mappings.offset')}</th>
                {mayEdit && <th />}
              </tr>
            </thead>
            <tbody>
              {draft.units.map((row, i) => (
                <tr key={i} data-row={i + 1}>
                  <td className="wo__num">{i + 1}</td>
                  {UNIT_FIELDS.map((field) => (
                    <Cell
                      key={field}
                      editable={mayEdit}
                      label={t(`mappings.unitsRow.${field}`, { row: i + 1 })}
                      value={row[field]}
                      numeric={field === 'factor' || field === 'offset'}
                      onChange={(v) => edit((d) => ({ ...d, units: d.units.map((r, j) => (j === i ? { ...r, [field]: v } : r)) }))}
                    />
                  ))}
                  {mayEdit && (
                    <td>
                      <button type="button" className="button" aria-label={t('mappings.removeUnitsRow', { row: i + 1 })} onClick={() => edit((d) => ({ ...d, units: d.units.filter((_, j) => j !== i) }))}>
                        {t('mappings.remove')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {mayEdit && (
            <button type="button" className="button" onClick={() => edit((d) => ({ ...d, units: [...d.units, { external: '', local: '', factor: '1', offset: '0' }] }))}>
              {t('mappings.addUnit')}
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
