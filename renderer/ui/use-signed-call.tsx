import { reasonMessage } from '../../common/reasons.ts';
import { useCallback, useRef, useState, type ReactNode } from 'react';
import type { CallName, CallParams, CallResult } from '../../common/contract.ts';
import type { SignatureBlock } from '../../common/users.ts';
import { useServices } from '../app/services.tsx';
import { CallError, isCallError } from '../client/call-error.ts';
import { SignatureDialog, type SignatureRequest } from './SignatureDialog.tsx';
import { problemText } from './texts.ts';

interface Pending {
  request: SignatureRequest;
  retry: (block: SignatureBlock) => void;
  cancel: () => void;
}

/**
 * `call` as the gateway client's, but when the runtime answers 'signature-required' it shows the
 * signature dialog and repeats the call with the signature; a refused signature keeps the dialog open
 * with the reason. Render `dialog` somewhere in the display.
 */
export function useSignedCall(): {
  call: <C extends CallName>(name: C, params: CallParams<C>, action: string) => Promise<CallResult<C>>;
  dialog: ReactNode;
} {
  const { client, users } = useServices();
  const [pending, setPending] = useState<Pending | undefined>();
  const [error, setError] = useState<string | undefined>();
  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  const call = useCallback(
    <C extends CallName>(name: C, params: CallParams<C>, action: string): Promise<CallResult<C>> =>
      client.call(name, params).catch((first: unknown) => {
        if (!isCallError(first) || first.code !== 'signature-required') throw first;
        return new Promise<CallResult<C>>((resolve, reject) => {
          const open = (verifier: boolean) =>
            setPending({
              request: { action, verifier, signer: users.user.get()?.name ?? '' },
              retry: (block) => {
                client.call(name, params, { signature: block }).then(
                  (result) => {
                    setPending(undefined);
                    setError(undefined);
                    resolve(result);
                  },
                  (again: unknown) => {
                    if (isCallError(again) && again.code === 'signature-required' && again.path === 'signature.verifier') open(true);
                    else if (isCallError(again) && (again.code === 'forbidden' || again.code === 'unauthenticated') && again.path?.startsWith('signature')) setError(problemText(again));
                    else {
                      setPending(undefined);
                      setError(undefined);
                      reject(again);
                    }
                  },
                );
              },
              cancel: () => {
                setPending(undefined);
                setError(undefined);
                reject(new CallError('forbidden', reasonMessage('client.notSigned', { action }), 'signature', { key: 'client.notSigned', params: { action } }));
              },
            });
          open(first.path === 'signature.verifier');
        });
      }),
    [client, users],
  );
  const dialog = pending ? <SignatureDialog request={pending.request} error={error} onSign={pending.retry} onCancel={pending.cancel} /> : null;
  return { call, dialog };
}
