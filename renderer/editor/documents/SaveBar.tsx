import { useCell } from '../../store/cell.ts';
import { useEditor, type EditorStore } from '../editor-store.ts';
import { isDirty } from '../model/editor-state.ts';
import type { DocumentSession } from './document-session.ts';
import { Dialog } from '../../ui/Dialog.tsx';

/** Save, what saving said (flagged warnings, blocking problems), and the conflict choice. */
export function SaveBar({ session, store, editable }: { session: DocumentSession; store: EditorStore; editable: boolean }) {
  const status = useCell(session.status);
  const open = useCell(session.open);
  const dirty = useEditor(store, isDirty);
  if (!open) return null;
  return (
    <div className="editor-savebar" data-testid="save-bar" data-dirty={dirty} data-state={status.state}>
      <button type="button" className="button button--primary" disabled={!editable || status.state === 'saving'} onClick={() => void session.save()} data-testid="save">
        {status.state === 'saving' ? 'Saving…' : 'Save'}
      </button>
      <span className="editor-savebar__state" data-testid="save-state">
        {dirty ? 'Unsaved changes' : status.state === 'saved' ? 'Saved' : 'No changes'}
      </span>
      {status.state === 'invalid' && (
        <div className="editor-savebar__problems" role="alert" data-testid="save-problems">
          <strong>
            Not saved: the {open.kind} has {status.problems.length} problem{status.problems.length > 1 ? 's' : ''}.
          </strong>
          <ul>
            {status.problems.slice(0, 8).map((p, i) => (
              <li key={i}>
                <code>{p.path}</code> {p.message.split('\n')[0]}
              </li>
            ))}
          </ul>
        </div>
      )}
      {status.state === 'refused' && (
        <p className="editor-savebar__problems" role="alert" data-testid="save-refused">
          Not saved: {status.message}
        </p>
      )}
      {status.state === 'conflict' && (
        <Dialog className="editor-dialog editor-dialog--inline" role="alertdialog" label="Changed elsewhere" testId="save-conflict" data={{ 'data-elsewhere': status.elsewhere?.change }}>
          {status.elsewhere ? (
            <p>
              <strong>Changed elsewhere: {status.message}.</strong> Your changes are still here and not saved.{' '}
              {status.elsewhere.change === 'deleted' ? 'Drop them (the document is gone), or keep yours as a new copy.' : 'Reload the other version (your changes are dropped), or keep yours as a new copy.'}
            </p>
          ) : (
            <p>
              <strong>Not saved: “{open.id}” was changed elsewhere since you opened it.</strong> Your changes are still here. Reload the other version (your changes are dropped), or keep yours as a new copy.
            </p>
          )}
          <div className="editor-dialog__buttons">
            <button type="button" className="button" data-testid="conflict-reload" onClick={() => void session.reload()}>
              {status.elsewhere?.change === 'deleted' ? 'Drop mine' : 'Reload theirs'}
            </button>
            <button type="button" className="button button--primary" data-testid="conflict-copy" onClick={() => void session.keepMineAsCopy()}>
              Keep mine as a copy
            </button>
          </div>
        </Dialog>
      )}
      {open.warnings.length > 0 && status.state !== 'invalid' && (
        <details className="editor-savebar__warnings" data-testid="save-warnings" open>
          <summary>
            ⚠ {open.warnings.length} broken reference{open.warnings.length > 1 ? 's' : ''} (saved, but will not show live values)
          </summary>
          <ul>
            {open.warnings.map((w, i) => (
              <li key={i}>
                <code>{w.path}</code> {w.message.startsWith(`${w.path}: `) ? w.message.slice(w.path.length + 2) : w.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
