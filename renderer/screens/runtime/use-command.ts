import type { TFunction } from 'i18next';
import { createContext, useCallback, useContext, useRef, useState } from 'react';
import type { Value } from '../../../common/data-value.ts';
import type { CallName, CallParams, CallResult } from '../../../common/contract.ts';
import { useServices } from '../../app/services.tsx';
import { isCallError } from '../../client/call-error.ts';
import { useT } from '../../i18n/i18n.ts';
import { reasonOf } from '../../ui/Feedback.tsx';

export type WriteValue = boolean | number | string;

/** One operator write: proposed → confirmed → sent → accepted or refused (with the runtime's reason). */
export type CommandStep =
  | { readonly step: 'idle' }
  | { readonly step: 'confirm'; readonly value: WriteValue }
  | { readonly step: 'pending'; readonly value: WriteValue }
  | { readonly step: 'accepted'; readonly value: Value; readonly at: number }
  | { readonly step: 'invalid'; readonly reason: string }
  /** `sent`: false when the write never left this window (no connection to the runtime). */
  | { readonly step: 'refused'; readonly value: WriteValue; readonly reason: string; readonly sent: boolean };

export interface Command {
  readonly step: CommandStep;
  propose(value: WriteValue): void;
  invalid(reason: string): void;
  /** Sends the proposed value (or `value`, for writes that need no confirmation). */
  send(value?: WriteValue): void;
  cancel(): void;
}

/** `useSignedCall().call` of the screen host: a write to a tag the project marks critical asks for an electronic signature. */
export type SignedCall = <C extends CallName>(name: C, params: CallParams<C>, action: string) => Promise<CallResult<C>>;
export const SignedWriteContext = createContext<SignedCall | undefined>(undefined);

/**
 * Writes one tag through `tags.write`; the runtime checks type, limits, permission and signature and says
 * why it refuses. Inside a ScreenNavigator the write goes through its signed call (signature dialog when
 * the runtime asks for one; a cancelled or refused signature ends as refused, with the reason).
 */
export function useCommand(tag: string): Command {
  const { client } = useServices();
  const signed = useContext(SignedWriteContext);
  const { t } = useT('screens');
  const [step, setStep] = useState<CommandStep>({ step: 'idle' });
  const attempt = useRef(0);
  const proposed = step.step === 'confirm' ? step.value : undefined;
  const send = useCallback(
    (value?: WriteValue) => {
      const v = value ?? proposed;
      if (v === undefined) return;
      const mine = ++attempt.current;
      setStep({ step: 'pending', value: v });
      const params = { path: tag, value: v };
      const written = signed ? signed('tags.write', params, t('write.signedAction', { value: String(v), tag })) : client.call('tags.write', params);
      written.then(
        (result) => {
          if (mine === attempt.current) setStep({ step: 'accepted', value: result.value, at: result.acceptedAt });
        },
        (error: unknown) => {
          if (mine === attempt.current) setStep({ step: 'refused', value: v, reason: refusalOf(error, t), sent: !(isCallError(error) && error.code === 'offline') });
        },
      );
    },
    [client, signed, tag, proposed, t],
  );
  return {
    step,
    propose: useCallback((value: WriteValue) => setStep({ step: 'confirm', value }), []),
    invalid: useCallback((reason: string) => setStep({ step: 'invalid', reason }), []),
    send,
    cancel: useCallback(() => setStep((s) => (s.step === 'pending' ? s : { step: 'idle' })), []),
  };
}

/** The runtime's reason; a write never sent because the link was down says so in the write's words. */
function refusalOf(error: unknown, t: TFunction<'screens'>): string {
  if (!isCallError(error)) return String(error);
  return error.code === 'offline' ? t('write.offline') : reasonOf(error);
}
