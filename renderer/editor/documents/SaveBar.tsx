import { useCell } from '../../store/cell.ts';
import { useEditor, type EditorStore } from '../editor-store.ts';
import { isDirty } from '../model/editor-state.ts';
import type { DocumentSession } from './document-session.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { i18n, useT } from '../../i18n/i18n.ts';
import { Trans } from 'react-i18next';

/** Save, what saving said (flagged warnings, blocking problems), and the conflict choice. */
export function SaveBar({ session, store, editable }: { session: DocumentSession; store: EditorStore; editable: boolean }) {
  const status = useCell(session.status);
  const open = useCell(session.open);
  const dirty = useEditor(store, isDirty);
  const { t } = useT('editor');
  if (!open) return null;
  return (
    <div className="editor-savebar" data-testid="save-bar" data-dirty={dirty} data-state={status.state}>
      <button type="button" className="button button--primary" disabled={!editable || status.state === 'saving'} onClick={() => void session.save()} data-testid="save">
        {status.state === 'saving' ? t('save.saving') : t('save.save')}
      </button>
      <span className="editor-savebar__state" data-testid="save-state">
        {dirty ? t('save.unsaved') : status.state === 'saved' ? t('save.saved') : t('save.noChanges')}
      </span>
      {status.state === 'invalid' && (
        <div className="editor-savebar__problems" role="alert" data-testid="save-problems">
          <strong>{t(`save.problems.${open.kind}`, { count: status.problems.length })}</strong>
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
          {t('save.refused', { reason: status.message })}
        </p>
      )}
      {status.state === 'conflict' && (
        <Dialog className="editor-dialog editor-dialog--inline" role="alertdialog" label={t('save.conflictTitle')} testId="save-conflict" data={{ 'data-elsewhere': status.elsewhere?.change }}>
          {status.elsewhere ? (
            <p>
              <Trans i18n={i18n} t={t} i18nKey={status.elsewhere.change === 'deleted' ? 'save.elsewhereDeleted' : 'save.elsewhereChanged'} values={{ message: status.message }} components={[<strong key="what" />]} />
            </p>
          ) : (
            <p>
              <Trans i18n={i18n} t={t} i18nKey="save.conflict" values={{ id: open.id }} components={[<strong key="what" />]} />
            </p>
          )}
          <div className="editor-dialog__buttons">
            <button type="button" className="button" data-testid="conflict-reload" onClick={() => void session.reload()}>
              {status.elsewhere?.change === 'deleted' ? t('save.dropMine') : t('save.reloadTheirs')}
            </button>
            <button type="button" className="button button--primary" data-testid="conflict-copy" onClick={() => void session.keepMineAsCopy()}>
              {t('save.keepMine')}
            </button>
          </div>
        </Dialog>
      )}
      {open.warnings.length > 0 && status.state !== 'invalid' && (
        <details className="editor-savebar__warnings" data-testid="save-warnings" open>
          <summary>{t('save.warnings', { count: open.warnings.length })}</summary>
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
