import { useEffect, useState } from 'react';
import { FeedbackLine } from '../../ui/Feedback.tsx';
import type { EditOutcome } from './use-alarm-definitions.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { Trans } from 'react-i18next';
import { i18n, useT } from '../../i18n/i18n.ts';

/** Save, duplicate, revert and delete (asked twice), with the runtime's answer to the last one. */
export function EditorActions({
  id,
  outcome,
  isNew,
  dirty,
  onSave,
  onDuplicate,
  onRevert,
  onDelete,
}: {
  id: string;
  outcome: EditOutcome;
  isNew: boolean;
  dirty: boolean;
  onSave: () => void;
  onDuplicate: () => void;
  onRevert: () => void;
  onDelete: () => Promise<unknown>;
}) {
  const { t } = useT('alarms');
  const [confirming, setConfirming] = useState(false);
  const pending = outcome.feedback.state === 'pending';
  // A new selection or a save starts without an open delete question.
  useEffect(() => setConfirming(false), [isNew, outcome]);
  const { feedback } = outcome;

  return (
    <div className="alarm-defs__actions">
      <FeedbackLine feedback={feedback} testId="def-feedback" />
      {confirming ? (
        <Dialog className="alarm-defs__confirm" role="alertdialog" label={t('defs.confirmDelete')} testId="def-delete-confirm" onClose={() => setConfirming(false)}>
          <span>
            <Trans i18n={i18n} t={t} i18nKey="defs.deleteQuestion" values={{ id }} components={{ 1: <strong data-project-text="" /> }} />
          </span>
          <button type="button" className="button button--primary" disabled={pending} onClick={() => void onDelete()} data-testid="def-delete-yes">
            {t('defs.delete')}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)} data-testid="def-delete-no">
            {t('defs.keep')}
          </button>
        </Dialog>
      ) : (
        <div className="alarm-defs__buttons">
          <button type="button" className="button button--primary" disabled={pending || (!dirty && !isNew)} onClick={onSave} data-testid="def-save">
            {isNew ? t('defs.create') : t('defs.save')}
          </button>
          <button type="button" className="button" disabled={pending || !dirty} onClick={onRevert} data-testid="def-revert">
            {t('defs.revert')}
          </button>
          <button type="button" className="button" disabled={pending || isNew} onClick={onDuplicate} data-testid="def-duplicate">
            {t('defs.duplicate')}
          </button>
          <span className="alarm-defs__spacer" />
          <button type="button" className="button" disabled={pending || isNew} onClick={() => setConfirming(true)} data-testid="def-delete">
            {t('defs.deleteAsk')}
          </button>
        </div>
      )}
    </div>
  );
}
