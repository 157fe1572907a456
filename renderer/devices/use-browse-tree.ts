import { useCallback, useEffect, useState } from 'react';
import type { BrowseNode } from '../../common/devices-contract.ts';
import { useServices } from '../app/services.tsx';

/** One node's children as loaded (lazily, on first expand). The root's key is ''. */
export type Children = { state: 'loading' } | { state: 'loaded'; nodes: readonly BrowseNode[] } | { state: 'error'; message: string };

export interface BrowseTree {
  children: ReadonlyMap<string, Children>;
  expanded: ReadonlySet<string>;
  /** Opens or closes a node; the first open loads its children. */
  toggle(browsePath: string): void;
  /** Loads a node's children again (after an error, or to see changes on the server). */
  reload(browsePath: string): void;
}

/** The address-space tree of one device (mount one per device), loaded a level at a time through devices.browse. */
export function useBrowseTree(device: string, active: boolean): BrowseTree {
  const { client } = useServices();
  const [children, setChildren] = useState<ReadonlyMap<string, Children>>(new Map());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const load = useCallback(
    (browsePath: string) => {
      setChildren((map) => new Map(map).set(browsePath, { state: 'loading' }));
      const params = browsePath === '' ? { device } : { device, browsePath };
      client.call('devices.browse', params).then(
        (nodes) => setChildren((map) => new Map(map).set(browsePath, { state: 'loaded', nodes })),
        (error: unknown) => setChildren((map) => new Map(map).set(browsePath, { state: 'error', message: error instanceof Error ? error.message : String(error) })),
      );
    },
    [client, device],
  );

  useEffect(() => {
    if (active && !children.has('')) load('');
  }, [active, children, load]);

  const toggle = useCallback(
    (browsePath: string) => {
      setExpanded((set) => {
        const next = new Set(set);
        if (next.has(browsePath)) next.delete(browsePath);
        else next.add(browsePath);
        return next;
      });
      if (!children.has(browsePath)) load(browsePath);
    },
    [children, load],
  );

  return { children, expanded, toggle, reload: load };
}
