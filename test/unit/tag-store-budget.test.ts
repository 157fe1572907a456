import { describe, expect, it } from 'vitest';
import type { DataValue } from '../../common/data-value.ts';
import type { GatewayClient } from '../../renderer/client/gateway-client.ts';
import { TagStore, type TagListener } from '../../renderer/store/tag-store.ts';

const PATHS = Array.from({ length: 100 }, (_, i) => `Line/T${i}`);
const good = (value: number): DataValue => ({ value, quality: 'Good', sourceTime: 1, serverTime: 1 });

/** Just enough of a gateway connection for the store: one all-tags subscription, its change events. */
class FakeGateway {
  state = 'open' as const;
  readonly #events = new Map<string, Set<(data: unknown) => void>>();

  call(name: string): Promise<unknown> {
    if (name === 'tags.subscribe') return Promise.resolve({ subscriptionId: 7, paths: PATHS, values: PATHS.map(() => good(0)) });
    if (name === 'tags.list') return Promise.resolve([]);
    return Promise.resolve({});
  }

  on(event: string, listener: (data: unknown) => void): () => void {
    let set = this.#events.get(event);
    if (!set) this.#events.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  onDidChangeState(): () => void {
    return () => {};
  }

  /** Every tag changes to `value`. */
  changeAll(value: number): void {
    const changes = PATHS.map((_, index) => [index, value, 'Good', 2, 2]);
    for (const listener of this.#events.get('tags.changed') ?? []) listener({ subscriptionId: 7, changes });
  }
}

/** A store whose frames run when the test says; returns how many listeners each frame notified. */
async function storeWith(listener: (path: string) => TagListener, budgetMs: number) {
  const gateway = new FakeGateway();
  const frames: (() => void)[] = [];
  const store = new TagStore(gateway as unknown as GatewayClient, (flush) => (frames.push(flush), () => {}), budgetMs);
  let notified = 0;
  for (const path of PATHS) {
    const inner = listener(path);
    store.subscribe(path, () => {
      notified++;
      return inner();
    });
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
  const runFrames = (max = 20): number[] => {
    const counts: number[] = [];
    for (let i = 0; i < max && frames.length > 0; i++) {
      notified = 0;
      frames.shift()!();
      counts.push(notified);
    }
    return counts;
  };
  runFrames(); // the snapshot
  return { gateway, store, runFrames };
}

describe('the tag store fills each animation frame with a budget of work', () => {
  it('notifies every changed tag in one frame when listeners are quick and report no drawing', async () => {
    const { gateway, store, runFrames } = await storeWith(() => () => undefined, 12);
    gateway.changeAll(1);
    expect(runFrames()).toEqual([100]);
    expect(store.get('Line/T99').value.value).toBe(1);
    store.dispose();
  });

  it('counts the drawing listeners report: 1 ms each against 12 ms spreads 100 changes over four frames', async () => {
    const { gateway, store, runFrames } = await storeWith(() => () => 1_000, 12);
    gateway.changeAll(1);
    // The clock (and the reported drawing) is looked at every 32 listeners.
    expect(runFrames()).toEqual([32, 32, 32, 4]);
    store.dispose();
  });

  it('gives each tag its latest value once, also when it changed again while waiting for a frame', async () => {
    const seen = new Map<string, number[]>();
    let store: TagStore | undefined;
    const made = await storeWith(
      (path) => () => {
        if (!store) return 1_000;
        const list = seen.get(path) ?? [];
        list.push(store!.get(path).value.value as number);
        seen.set(path, list);
        return 1_000;
      },
      12,
    );
    store = made.store;
    seen.clear();
    made.gateway.changeAll(1);
    expect(made.runFrames(1)).toEqual([32]);
    made.gateway.changeAll(2);
    made.runFrames();
    expect(seen.get('Line/T0')).toEqual([1, 2]);
    // Not reached in the first frame: only the newer value, once.
    expect(seen.get('Line/T99')).toEqual([2]);
    made.store.dispose();
  });
});
