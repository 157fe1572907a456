import { useCallback, useState } from 'react';
import { Feedback } from '../../ui/Feedback.tsx';

/** Feedback for one command: pending while it runs, then accepted or refused with the runtime's reason. */
export type ActionState = { kind: 'idle' } | { kind: 'pending'; what: string } | { kind: 'accepted'; what: string; detail?: string } | { kind: 'refused'; what: string; reason: string };

export function useAction(): [ActionState, (what: string, run: () => Promise<string | undefined>) => void] {
  const [state, setState] = useState<ActionState>({ kind: 'idle' });
  const act = useCallback((what: string, run: () => Promise<string | undefined>) => {
    setState({ kind: 'pending', what });
    run().then(
      (detail) => setState(detail === undefined ? { kind: 'accepted', what } : { kind: 'accepted', what, detail }),
      (e: Error) => setState({ kind: 'refused', what, reason: e.message }),
    );
  }, []);
  return [state, act];
}

export function ActionFeedback({ state }: { state: ActionState }) {
  if (state.kind === 'idle') return null;
  const text =
    state.kind === 'pending' ? `${state.what}: pending…` : state.kind === 'accepted' ? `${state.what}: accepted${state.detail ? ` — ${state.detail}` : ''}` : `${state.what}: refused — ${state.reason}`;
  return (
    <Feedback state={state.kind} testId="wo-feedback">
      {text}
    </Feedback>
  );
}
