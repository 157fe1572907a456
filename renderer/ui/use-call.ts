import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallName, CallParams, CallResult, EventName } from '../../common/contract.ts';
import { useServices } from '../app/services.tsx';

/** One read from the runtime as a component sees it. */
export interface Call<T> {
  /** The last answer for these inputs; kept while the same inputs are read again, so nothing jumps. */
  readonly data: T | undefined;
  /** Why the last read failed (a `CallError` from the client, with its Problem code); cleared by the next answer. */
  readonly error: Error | undefined;
  /** True from the moment a read is sent until its answer or failure arrives. */
  readonly loading: boolean;
  /** Reads again now (a Retry button, or after a command changed what this shows). */
  readonly retry: () => void;
  /** Puts a newer answer in place without a read: for commands whose reply is the new list. */
  readonly set: (data: T) => void;
}

interface Held<T> {
  readonly key: string | undefined;
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
}

export interface CallOptions {
  /** Read again when this changes (a counter that moves when what is shown changed). */
  readonly refreshKey?: string | number | undefined;
  /** Read again on each of these runtime events (e.g. 'config.changed'). */
  readonly refreshOn?: readonly EventName[];
  /**
   * While true nothing is read (a hidden display, a link that is down) and what was read stays shown;
   * once false again, one read catches up with everything asked for meanwhile.
   */
  readonly paused?: boolean | undefined;
  /**
   * Keep showing the answer for the previous params until the new one arrives (a search or a pager:
   * the rows stay until the next page is there). Off by default: another device's data is no answer.
   */
  readonly keep?: boolean | undefined;
}

/**
 * Calls `name` with `params` when the component mounts and again whenever the params (compared by
 * value), `refreshKey`, one of the `refreshOn` events, the gateway link coming back or a `retry()` ask
 * for it. An answer that arrives after the inputs changed or the component unmounted is dropped.
 * `params: undefined` reads nothing (e.g. no device chosen yet).
 */
export function useCall<C extends CallName>(name: C, params: CallParams<C> | undefined, options: CallOptions = {}): Call<CallResult<C>> {
  const { client } = useServices();
  const { refreshKey, paused = false, keep = false } = options;
  const events = (options.refreshOn ?? []).join(' ');
  // Params are sent as JSON anyway; their JSON text is the value the read depends on.
  const key = params === undefined ? undefined : JSON.stringify(params);
  const [attempt, setAttempt] = useState(0);
  const [held, setHeld] = useState<Held<CallResult<C>>>({ key, data: undefined, error: undefined, loading: key !== undefined });
  // Counts `set`s: a read that was already under way when the runtime's answer to an action was set is
  // older than that answer, and is dropped (it would put the state from before the action back).
  const sets = useRef(0);

  useEffect(() => {
    if (key === undefined || paused) return;
    let cancelled = false;
    const setsAtStart = sets.current;
    setHeld((h) => (h.key === key ? { ...h, loading: true } : { key, data: keep ? h.data : undefined, error: undefined, loading: true }));
    client.call(name, JSON.parse(key) as CallParams<C>).then(
      (data) => {
        if (cancelled) return;
        if (sets.current !== setsAtStart) setHeld((h) => ({ ...h, loading: false }));
        else setHeld({ key, data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (!cancelled) setHeld((h) => ({ key, data: h.key === key ? h.data : undefined, error: asError(error), loading: false }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, name, key, refreshKey, attempt, paused, keep]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    // What changed while the link was down is read again once it is back (an error shown meanwhile goes too).
    const offs = [client.onDidChangeState((state) => state === 'open' && retry())];
    if (events !== '') offs.push(...events.split(' ').map((event) => client.on(event as EventName, retry)));
    return () => {
      for (const off of offs) off();
    };
  }, [client, events, retry]);
  const set = useCallback(
    (data: CallResult<C>) => {
      sets.current++;
      setHeld({ key, data, error: undefined, loading: false });
    },
    [key],
  );
  // Until the effect has caught up with new inputs, show nothing of the old ones (unless asked to keep them).
  const current = held.key === key;
  return {
    data: current || keep ? held.data : undefined,
    error: current ? held.error : undefined,
    loading: !paused && key !== undefined && (!current || held.loading),
    retry,
    set,
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
