import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { TagInfo } from '../../../common/tag.ts';
import { formatNumber } from '../../values/format.ts';
import { WriteFeedback } from './WriteFeedback.tsx';
import { useSetpointWrite } from './use-setpoint-write.ts';

export interface SetpointEntryProps {
  path: string;
  info: TagInfo | undefined;
  /** Current setpoint and actual value, when live (undefined when bad quality). */
  current: number | undefined;
  actual: number | undefined;
  /** Why writing is not possible right now (no gateway, not writable...), or undefined. */
  unavailable: string | undefined;
}

/**
 * Enter → confirm (current and new value side by side) → write → feedback. Enter confirms, Escape
 * cancels; focus moves to the confirm button and back to the entry so it works without a mouse.
 */
export function SetpointEntry({ path, info, current, actual, unavailable }: SetpointEntryProps) {
  const write = useSetpointWrite(path, info);
  const [text, setText] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const inputId = useId();
  const hintId = useId();
  const units = info?.units ?? '';
  const decimals = info?.decimals ?? 1;
  const limits = info?.writeLimits;
  const confirming = write.step.step === 'confirm';

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  // Once the runtime took the value, the entry is done with; the feedback below carries it on.
  const accepted = write.step.step === 'accepted';
  useEffect(() => {
    if (accepted) setText('');
  }, [accepted]);

  // Escape first cancels a pending confirmation; a second Escape reaches the faceplate and closes it.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !confirming) return;
    event.preventDefault();
    write.cancel();
    inputRef.current?.focus();
  };

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  return (
    <div className="setpoint" onKeyDown={onKeyDown}>
      <form
        className="setpoint__entry"
        onSubmit={(event) => {
          event.preventDefault();
          write.propose(text);
        }}
      >
        <label className="setpoint__label" htmlFor={inputId}>
          New speed setpoint
        </label>
        <div className="setpoint__row">
          <input
            ref={inputRef}
            id={inputId}
            className="setpoint__input"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={text}
            onChange={(event) => setText(event.target.value)}
            disabled={unavailable !== undefined || confirming || write.step.step === 'pending'}
            aria-describedby={hintId}
            data-testid="setpoint-input"
          />
          <span className="setpoint__units">{units}</span>
          <button
            type="submit"
            className="button"
            disabled={unavailable !== undefined || confirming || write.step.step === 'pending'}
            data-testid="setpoint-set"
          >
            Set…
          </button>
        </div>
        <div id={hintId} className="setpoint__hint">
          {unavailable ?? (limits ? `Limits ${formatNumber(limits.min, decimals)} – ${formatNumber(limits.max, decimals)} ${units}` : 'No write limits known')}
        </div>
      </form>

      {write.step.step === 'confirm' && (
        <div className="setpoint__confirm" role="alertdialog" aria-label="Confirm setpoint change" data-testid="setpoint-confirmation">
          <div className="setpoint__confirm-title">Change conveyor speed setpoint?</div>
          <dl className="setpoint__compare">
            <dt>Current</dt>
            <dd data-testid="setpoint-confirm-current">{current === undefined ? '—' : `${formatNumber(current, decimals)} ${units}`}</dd>
            <dt>New</dt>
            <dd data-testid="setpoint-confirm-new">{`${formatNumber(write.step.value, decimals)} ${units}`}</dd>
          </dl>
          <div className="setpoint__row">
            <button ref={confirmRef} type="button" className="button button--primary" onClick={write.confirm} data-testid="setpoint-confirm">
              Confirm
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                write.cancel();
                inputRef.current?.focus();
              }}
              data-testid="setpoint-cancel"
            >
              Cancel
            </button>
          </div>
          <div className="setpoint__hint">Enter confirms · Esc cancels</div>
        </div>
      )}

      <WriteFeedback step={write.step} info={info} current={current} actual={actual} />
    </div>
  );
}
