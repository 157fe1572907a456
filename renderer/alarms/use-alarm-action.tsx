import { useCallback, useState } from 'react';
import { isCallError } from '../client/call-error.ts';

export type ActionFeedback =
  | { readonly state: 'idle' }
  | { readonly state: 'pending'; readonly text: string }
  | { readonly state: 'accepted'; readonly text: string }
  | { readonly state: 'refused'; readonly text: string };

/** One alarm action at a time, with pending / accepted / refused (the runtime's reason) feedback. */
export function useAlarmAction() {
  const [feedback, setFeedback] = useState<ActionFeedback>({ state: 'idle' });
  const run = useCallback(async <T,>(pendingText: string, action: () => Promise<T>, accepted: (result: T) => string): Promise<boolean> => {
    setFeedback({ state: 'pending', text: pendingText });
    try {
      const result = await action();
      setFeedback({ state: 'accepted', text: accepted(result) });
      return true;
    } catch (error) {
      const reason = isCallError(error) ? `${error.code === 'forbidden' ? 'Not permitted: ' : ''}${error.message}` : String(error);
      setFeedback({ state: 'refused', text: `Refused. ${reason}` });
      return false;
    }
  }, []);
  return { feedback, run };
}

export function Feedback({ feedback }: { feedback: ActionFeedback }) {
  if (feedback.state === 'idle') return null;
  return (
    <p className={`alarm-feedback alarm-feedback--${feedback.state}`} role="status" data-testid="alarm-feedback" data-state={feedback.state}>
      {feedback.text}
    </p>
  );
}
