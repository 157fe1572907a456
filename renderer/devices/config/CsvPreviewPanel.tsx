import type { CsvPreview } from '../../../common/config-contract.ts';

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
  const { added, changed, unchanged, refused, notInFile } = preview;
  const applicable = refused.length === 0 && added.length + changed.length > 0;
  const verdict = refused.length > 0 ? `${refused.length} row(s) refused: nothing can be imported until they are corrected.` : applicable ? 'Nothing is imported until you apply.' : 'The file changes nothing.';
  return (
    <section className="config-csv__result config-csv__preview" aria-label={`Import preview of ${name}`} data-testid="csv-preview" data-refused={refused.length}>
      <h3 className="config-csv__title">Import {name}?</h3>
      <p className="config-csv__counts" data-testid="csv-preview-counts">
        {added.length} to add, {changed.length} to change, {unchanged.length} unchanged, {refused.length} refused.
      </p>
      <p className={refused.length > 0 ? 'config-csv__verdict config-csv__verdict--refused' : 'config-csv__verdict'}>{verdict}</p>
      <div className="config-csv__lists">
        {refused.length > 0 && (
          <PreviewList title="Refused" testId="csv-preview-refused">
            {refused.map((r) => (
              <li key={`${r.row}:${r.column}`} data-row={r.row}>
                Row {r.row}, column {r.column}: {r.reason}
              </li>
            ))}
          </PreviewList>
        )}
        {added.length > 0 && (
          <PreviewList title="Added" testId="csv-preview-added">
            {added.map((r) => (
              <li key={r.path} data-row={r.row}>
                Row {r.row}: {r.path}
              </li>
            ))}
          </PreviewList>
        )}
        {changed.length > 0 && (
          <PreviewList title="Changed" testId="csv-preview-changed">
            {changed.map((r) => (
              <li key={r.path} data-row={r.row}>
                Row {r.row}: {r.path} ({r.fields.join(', ')})
              </li>
            ))}
          </PreviewList>
        )}
        {notInFile.length > 0 && (
          <PreviewList title="Not in the file (kept: an import never removes tags)" testId="csv-preview-kept">
            {notInFile.map((path) => (
              <li key={path}>{path}</li>
            ))}
          </PreviewList>
        )}
      </div>
      <div className="config-csv__actions">
        <button type="button" className="button button--primary" onClick={onApply} disabled={!applicable} data-testid="csv-apply">
          Apply import
        </button>
        <button type="button" className="button" onClick={onCancel} data-testid="csv-cancel">
          Cancel
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
