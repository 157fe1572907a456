import { useCallback, useRef, useState } from 'react';
import type { TagInfo } from '../../../common/tag.ts';
import { useServices } from '../../app/services.tsx';
import { isCallError } from '../../client/call-error.ts';
import { formatNumber } from '../../values/format.ts';

/** The steps of one operator write: entered → confirmed → sent → accepted or refused. */
export type WriteStep =
  | { readonly step: 'idle' }
  | { readonly step: 'confirm'; readonly value: number }
  | { readonly step: 'pending'; readonly value: number }
  | { readonly step: 'accepted'; readonly value: number; readonly at: number }
  /** Not sent: the entry is not a number or outside TagInfo.writeLimits. */
  | { readonly step: 'invalid'; readonly reason: string }
  /** Sent, and the runtime said no (limits, permission, device offline...) or the link dropped. */
  | { readonly step: 'refused'; readonly value: number; readonly reason: string };

export interface SetpointWrite {
  readonly step: WriteStep;
  /** Check the entry and move to the confirmation step (or say why not). */
  propose(text: string): void;
  confirm(): void;
  cancel(): void;
}

export function checkEntry(info: TagInfo | undefined, text: string): { ok: true; value: number } | { ok: false; reason: string } {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return { ok: false, reason: 'Enter a number.' };
  const limits = info?.writeLimits;
  if (limits && (value < limits.min || value > limits.max)) {
    const d = info.decimals;
    const units = info.units ? ` ${info.units}` : '';
    return {
      ok: false,
      reason: `${formatNumber(value, d)}${units} is outside the write limits ${formatNumber(limits.min, d)} – ${formatNumber(limits.max, d)}${units}.`,
    };
  }
  return { ok: true, value };
}

/** One writable tag's setpoint entry with a confirmation step; the runtime checks the write again. */
export function useSetpointWrite(path: string, info: TagInfo | undefined): SetpointWrite {
  const { client } = useServices();
  const [step, setStep] = useState<WriteStep>({ step: 'idle' });
  const attempt = useRef(0);

  const propose = useCallback(
    (text: string) => {
      const checked = checkEntry(info, text);
      setStep(checked.ok ? { step: 'confirm', value: checked.value } : { step: 'invalid', reason: checked.reason });
    },
    [info],
  );

  const confirm = useCallback(() => {
    if (step.step !== 'confirm') return;
    const value = step.value;
    const mine = ++attempt.current;
    setStep({ step: 'pending', value });
    client.call('tags.write', { path, value }).then(
      (result) => {
        if (mine === attempt.current) setStep({ step: 'accepted', value: typeof result.value === 'number' ? result.value : value, at: result.acceptedAt });
      },
      (error: unknown) => {
        if (mine !== attempt.current) return;
        const reason = isCallError(error) ? error.message : String(error);
        setStep({ step: 'refused', value, reason });
      },
    );
  }, [client, path, step]);

  const cancel = useCallback(() => {
    setStep((current) => (current.step === 'pending' ? current : { step: 'idle' }));
  }, []);

  return { step, propose, confirm, cancel };
}
