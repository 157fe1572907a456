import { useEffect, useState } from 'react';
import { FeedbackLine } from '../../ui/Feedback.tsx';
import type { EditOutcome } from './use-alarm-definitions.ts';
import { Dialog } from '../../ui/Dialog.tsx';

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
  const [confirming, setConfirming] = useState(false);
  const pending = outcome.feedback.state === 'pending';
  // A new selection or a save starts without an open delete question.
  useEffect(() => setConfirming(false), [isNew, outcome]);
  const { feedback } = outcome;

  return (
    <div className="alarm-defs__actions">
      <FeedbackLine feedback={feedback} testId="def-feedback" />
      {confirming ? (
        <Dialog className="alarm-defs__confirm" role="alertdialog" label="Confirm delete" testId="def-delete-confirm" onClose={() => setConfirming(false)}>
          <span>
            Delete <strong>{id}</strong>? It is removed from the project file and stops at once.
          </span>
          <button type="button" className="button button--primary" disabled={pending} onClick={() => void onDelete()} data-testid="def-delete-yes">
            Delete
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)} data-testid="def-delete-no">
            Keep
          </button>
        </Dialog>
      ) : (
        <div className="alarm-defs__buttons">
          <button type="button" className="button button--primary" disabled={pending || (!dirty && !isNew)} onClick={onSave} data-testid="def-save">
            {isNew ? 'Create' : 'Save'}
          </button>
          <button type="button" className="button" disabled={pending || !dirty} onClick={onRevert} data-testid="def-revert">
            Revert
          </button>
          <button type="button" className="button" disabled={pending || isNew} onClick={onDuplicate} data-testid="def-duplicate">
            Duplicate
          </button>
          <span className="alarm-defs__spacer" />
          <button type="button" className="button" disabled={pending || isNew} onClick={() => setConfirming(true)} data-testid="def-delete">
            Delete…
          </button>
        </div>
      )}
    </div>
  );
}
