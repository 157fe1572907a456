import { useState } from 'react';
import type { ScreenSummary } from '../../../common/screens-contract.ts';
import type { DocumentKind } from './document-kind.ts';
import type { DocumentSession } from './document-session.ts';
import { Dialog } from '../../ui/Dialog.tsx';

type Pending = { action: 'new' } | { action: 'rename'; summary: ScreenSummary } | { action: 'delete'; summary: ScreenSummary } | undefined;

/** Screens or templates of the project: open one; new, rename, duplicate, delete (asks first). */
export function DocumentList({
  kind,
  items,
  openId,
  session,
  editable,
  onOpen,
}: {
  kind: DocumentKind;
  items: readonly ScreenSummary[];
  openId: string | undefined;
  session: DocumentSession;
  editable: boolean;
  onOpen: (id: string) => void;
}) {
  const [pending, setPending] = useState<Pending>(undefined);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const noun = kind === 'screen' ? 'screen' : 'template';
  const selected = items.find((s) => s.id === openId);
  const act = async (work: () => Promise<boolean>) => {
    setBusy(true);
    const ok = await work();
    setBusy(false);
    if (ok) setPending(undefined);
  };
  return (
    <section className="editor-docs" aria-label={kind === 'screen' ? 'Screens' : 'Templates'} data-testid={`doc-list:${kind}`}>
      <div className="editor-docs__head">
        <h3>{kind === 'screen' ? 'Screens' : 'Templates'}</h3>
        <button
          type="button"
          className="button editor-small"
          disabled={!editable}
          data-testid={`doc-new:${kind}`}
          onClick={() => {
            setName('');
            setPending({ action: 'new' });
          }}
        >
          New
        </button>
      </div>
      <ul>
        {items.map((s) => (
          <li key={s.id}>
            <button type="button" className="editor-docs__item" aria-current={s.id === openId || undefined} data-testid={`doc:${kind}:${s.id}`} onClick={() => onOpen(s.id)}>
              {s.name}
              <span className="editor-muted"> {s.level ?? ''}</span>
            </button>
          </li>
        ))}
        {items.length === 0 && <li className="editor-muted">None yet.</li>}
      </ul>
      {selected && editable && (
        <div className="editor-docs__actions">
          <button
            type="button"
            className="button editor-small"
            data-testid={`doc-rename:${kind}`}
            onClick={() => {
              setName(selected.name);
              setPending({ action: 'rename', summary: selected });
            }}
          >
            Rename
          </button>
          <button type="button" className="button editor-small" data-testid={`doc-duplicate:${kind}`} disabled={busy} onClick={() => void act(() => session.duplicate(kind, selected))}>
            Duplicate
          </button>
          <button type="button" className="button editor-small" data-testid={`doc-delete:${kind}`} onClick={() => setPending({ action: 'delete', summary: selected })}>
            Delete
          </button>
        </div>
      )}
      {(pending?.action === 'new' || pending?.action === 'rename') && (
        <Dialog className="editor-dialog" label={pending.action === 'new' ? `New ${noun}` : `Rename ${noun}`} testId="doc-name-dialog" onClose={() => setPending(undefined)}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const n = name.trim();
              if (!n) return;
              void act(() => (pending.action === 'new' ? session.createNew(kind, n) : session.rename(kind, pending.summary, n)));
            }}
          >
            <label className="editor-field">
              <span className="editor-field__title">{pending.action === 'new' ? `Name of the new ${noun}` : 'New name'}</span>
              <input value={name} maxLength={80} autoFocus data-testid="doc-name-input" onChange={(e) => setName(e.target.value)} />
            </label>
            <div className="editor-dialog__buttons">
              <button type="button" className="button" onClick={() => setPending(undefined)}>
                Cancel
              </button>
              <button type="submit" className="button button--primary" disabled={busy || !name.trim()} data-testid="doc-name-ok">
                {pending.action === 'new' ? 'Create' : 'Rename'}
              </button>
            </div>
          </form>
        </Dialog>
      )}
      {pending?.action === 'delete' && (
        <Dialog className="editor-dialog" role="alertdialog" label={`Delete ${noun}`} testId="doc-delete-confirm" onClose={() => setPending(undefined)}>
          <p>
            Delete {noun} “{pending.summary.name}” from the project? Screens that link to it will show a broken link.
          </p>
          <div className="editor-dialog__buttons">
            <button type="button" className="button" onClick={() => setPending(undefined)}>
              Keep it
            </button>
            <button type="button" className="button button--danger" disabled={busy} data-testid="doc-delete-ok" onClick={() => void act(() => session.remove(kind, pending.summary))}>
              Delete
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
