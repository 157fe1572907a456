import { useState } from 'react';
import type { ScreenSummary } from '../../../common/screens-contract.ts';
import type { DocumentKind } from './document-kind.ts';
import type { DocumentSession } from './document-session.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { useT } from '../../i18n/i18n.ts';

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
  const { t } = useT('editor');
  const selected = items.find((s) => s.id === openId);
  const act = async (work: () => Promise<boolean>) => {
    setBusy(true);
    const ok = await work();
    setBusy(false);
    if (ok) setPending(undefined);
  };
  return (
    <section className="editor-docs" aria-label={t(`docs.${kind}.title`)} data-testid={`doc-list:${kind}`}>
      <div className="editor-docs__head">
        <h3>{t(`docs.${kind}.title`)}</h3>
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
          {t('docs.new')}
        </button>
      </div>
      <ul>
        {items.map((s) => (
          <li key={s.id}>
            <button type="button" className="editor-docs__item" aria-current={s.id === openId || undefined} data-testid={`doc:${kind}:${s.id}`} onClick={() => onOpen(s.id)}>
              <span data-project-text="">{s.name}</span>
              <span className="editor-muted"> {s.level ? t(`level.${s.level}`) : ''}</span>
            </button>
          </li>
        ))}
        {items.length === 0 && <li className="editor-muted">{t('docs.none')}</li>}
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
            {t('docs.rename')}
          </button>
          <button type="button" className="button editor-small" data-testid={`doc-duplicate:${kind}`} disabled={busy} onClick={() => void act(() => session.duplicate(kind, selected))}>
            {t('docs.duplicate')}
          </button>
          <button type="button" className="button editor-small" data-testid={`doc-delete:${kind}`} onClick={() => setPending({ action: 'delete', summary: selected })}>
            {t('docs.delete')}
          </button>
        </div>
      )}
      {(pending?.action === 'new' || pending?.action === 'rename') && (
        <Dialog className="editor-dialog" label={pending.action === 'new' ? t(`docs.${kind}.newTitle`) : t(`docs.${kind}.renameTitle`)} testId="doc-name-dialog" onClose={() => setPending(undefined)}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const n = name.trim();
              if (!n) return;
              void act(() => (pending.action === 'new' ? session.createNew(kind, n) : session.rename(kind, pending.summary, n)));
            }}
          >
            <label className="editor-field">
              <span className="editor-field__title">{pending.action === 'new' ? t(`docs.${kind}.newName`) : t('docs.newName')}</span>
              <input value={name} maxLength={80} autoFocus data-testid="doc-name-input" onChange={(e) => setName(e.target.value)} />
            </label>
            <div className="editor-dialog__buttons">
              <button type="button" className="button" onClick={() => setPending(undefined)}>
                {t('docs.cancel')}
              </button>
              <button type="submit" className="button button--primary" disabled={busy || !name.trim()} data-testid="doc-name-ok">
                {pending.action === 'new' ? t('docs.create') : t('docs.rename')}
              </button>
            </div>
          </form>
        </Dialog>
      )}
      {pending?.action === 'delete' && (
        <Dialog className="editor-dialog" role="alertdialog" label={t(`docs.${kind}.deleteTitle`)} testId="doc-delete-confirm" onClose={() => setPending(undefined)}>
          <p>{t(`docs.${kind}.deleteQuestion`, { name: pending.summary.name })}</p>
          <div className="editor-dialog__buttons">
            <button type="button" className="button" onClick={() => setPending(undefined)}>
              {t('docs.keep')}
            </button>
            <button type="button" className="button button--danger" disabled={busy} data-testid="doc-delete-ok" onClick={() => void act(() => session.remove(kind, pending.summary))}>
              {t('docs.delete')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
