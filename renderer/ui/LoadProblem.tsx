import './ui.css';
import type { Call } from './use-call.ts';

/**
 * Why a read failed, in words, with a Retry that reads again: `what` says what could not be read
 * ("Could not list the certificates"). Nothing while the read is fine.
 */
export function LoadProblem({ call, what, className }: { call: Pick<Call<unknown>, 'error' | 'loading' | 'retry'>; what: string; className: string }) {
  if (!call.error) return null;
  return (
    <p className={`load-problem ${className}`} role="alert" data-testid="load-problem">
      {what}: {call.error.message}{' '}
      <button type="button" className="button load-problem__retry" onClick={call.retry} disabled={call.loading}>
        {call.loading ? 'Reading…' : 'Retry'}
      </button>
    </p>
  );
}
