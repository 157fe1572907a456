import type { CsvPreview } from '../../../common/config-contract.ts';
import { useT } from '../../i18n/i18n.ts';
import { fieldName, problemText } from '../../ui/texts.ts';

interface Props {
  name: string;
  preview: CsvPreview;
  onApply: () => void;
  onCancel: () => void;
}

/**
 * What a tag CSV would do, before anything applies: rows added, changed (with the settings they change),
 * unchanged and refused (row, column, reason); tags of the same devices the file leaves out are kept.
 * Apply is offered only when no row is refused and something would change.
 */
export function CsvPreviewPanel({ name, preview, onApply, onCancel }: Props) {
  const { t } = useT('devices');
  const { added, changed, unchanged, refused, notInFile } = preview;
  const applicable = refused.length === 0 && added.length + changed.length > 0;
  const verdict = refused.length > 0 ? t('csv.verdictRefused', { count: refused.length }) : applicable ? t('csv.verdictApply') : t('csv.verdictNothing');
  return (
    <section className="config-csv__result config-csv__preview" aria-label={t('csv.previewLabel', { name })} data-testid="csv-preview" data-refused={refused.length}>
      <h3 className="config-csv__title">{t('csv.previewTitle', { name })}</h3>
      <p className="config-csv__counts" data-testid="csv-preview-counts">
        {t('csv.counts', { added: added.length, changed: changed.length, unchanged: unchanged.length, refused: refused.length })}
      </p>
      <p className={refused.length > 0 ? 'config-csv__verdict config-csv__verdict--refused' : 'config-csv__verdict'}>{verdict}</p>
      <div className="config-csv__lists">
        {refused.length > 0 && (
          <PreviewList title={t('csv.refusedList')} testId="csv-preview-refused">
            {refused.map((r) => (
              <li key={`${r.row}:${r.column}`} data-row={r.row}>
                {t('csv.refusedRow', { row: r.row, column: r.column, reason: r.text ? problemText({ message: r.reason, text: r.text }) : r.reason })}
              </li>
            ))}
          </PreviewList>
        )}
        {added.length > 0 && (
          <PreviewList title={t('csv.addedList')} testId="csv-preview-added">
            {added.map((r) => (
              <li key={r.path} data-row={r.row}>
                {t('csv.row', { row: r.row, path: r.path })}
              </li>
            ))}
          </PreviewList>
        )}
        {changed.length > 0 && (
          <PreviewList title={t('csv.changedList')} testId="csv-preview-changed">
            {changed.map((r) => (
              <li key={r.path} data-row={r.row}>
                {t('csv.changedRow', { row: r.row, path: r.path, fields: r.fieldKeys ? r.fieldKeys.map((key, i) => fieldName(key, r.fields[i] ?? key)).join(', ') : r.fields.join(', ') })}
              </li>
            ))}
          </PreviewList>
        )}
        {notInFile.length > 0 && (
          <PreviewList title={t('csv.keptList')} testId="csv-preview-kept">
            {notInFile.map((path) => (
              <li key={path} data-project-text="">
                {path}
              </li>
            ))}
          </PreviewList>
        )}
      </div>
      <div className="config-csv__actions">
        <button type="button" className="button button--primary" onClick={onApply} disabled={!applicable} data-testid="csv-apply">
          {t('csv.apply')}
        </button>
        <button type="button" className="button" onClick={onCancel} data-testid="csv-cancel">
          {t('csv.cancel')}
        </button>
      </div>
    </section>
  );
}

function PreviewList({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <div className="config-csv__list" data-testid={testId}>
      <h4>{title}</h4>
      <ul className="config-csv__problems">{children}</ul>
    </div>
  );
}
