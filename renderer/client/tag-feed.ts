import type { CallParams, TagChange } from '../../common/contract.ts';
import type { DataValue } from '../../common/data-value.ts';
import type { GatewayClient } from './gateway-client.ts';

export interface TagFeedHandlers {
  /** A (re)subscription was established: the full current values, in the order of `paths`. */
  snapshot(paths: readonly string[], values: readonly DataValue[]): void;
  /** Changed values; each change's index refers to `paths` of the latest snapshot. */
  changes(paths: readonly string[], changes: readonly TagChange[]): void;
  /** The connection dropped: every value of this feed is no longer live. */
  lost(): void;
  /** The runtime refused the subscription; it is retried while the connection stays open. */
  failed?(error: unknown): void;
}

const RETRY_MS = 2_000;

/**
 * A 'tags.subscribe' that survives reconnects: on every open it subscribes again and re-maps the
 * indexes of 'tags.changed' to the paths the new reply fixes. Returns the function that ends it.
 */
export function openTagFeed(client: GatewayClient, params: CallParams<'tags.subscribe'>, handlers: TagFeedHandlers): () => void {
  let generation = 0;
  let current: { subscriptionId: number; paths: readonly string[] } | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const subscribe = (): void => {
    const mine = ++generation;
    clearTimeout(retryTimer);
    client.call('tags.subscribe', params).then(
      (reply) => {
        if (closed || mine !== generation) {
          if (client.state === 'open') void client.call('tags.unsubscribe', { subscriptionId: reply.subscriptionId }).catch(() => {});
          return;
        }
        current = { subscriptionId: reply.subscriptionId, paths: reply.paths };
        handlers.snapshot(reply.paths, reply.values);
      },
      (error: unknown) => {
        if (closed || mine !== generation) return;
        handlers.failed?.(error);
        if (client.state === 'open') retryTimer = setTimeout(subscribe, RETRY_MS);
      },
    );
  };

  const stopEvents = client.on('tags.changed', (data) => {
    if (current && data.subscriptionId === current.subscriptionId) handlers.changes(current.paths, data.changes);
  });
  const stopState = client.onDidChangeState((state) => {
    if (state === 'open') {
      subscribe();
      return;
    }
    // A reply still in flight belongs to the dropped connection: its id means nothing any more.
    generation++;
    clearTimeout(retryTimer);
    if (current) {
      current = undefined;
      handlers.lost();
    }
  });
  if (client.state === 'open') subscribe();

  return () => {
    if (closed) return;
    closed = true;
    clearTimeout(retryTimer);
    stopEvents();
    stopState();
    if (current && client.state === 'open') void client.call('tags.unsubscribe', { subscriptionId: current.subscriptionId }).catch(() => {});
    current = undefined;
  };
}
