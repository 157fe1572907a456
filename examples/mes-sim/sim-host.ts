import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimState } from './sim-state.ts';
import type { SimOrder } from './sim-types.ts';

export type SimRoute = (req: IncomingMessage, res: ServerResponse, body: string, url: URL) => Promise<void> | void;
/** An admin endpoint: the parsed JSON body and the path's match, answered as JSON. */
export type SimAdminRoute = (body: Record<string, unknown>, match: RegExpExecArray) => Promise<{ status: number; body: unknown }>;

/** What the simulator's features (modes, order changes) use of it to add their endpoints (`MesSim`). */
export interface SimHost {
  readonly state: SimState;
  addRoute(method: string, path: string, route: SimRoute): void;
  addAdminRoute(method: string, path: RegExp, route: SimAdminRoute): void;
  /** Creates or changes an order and, with a webhook configured, pushes it. */
  release(order: { id: string; revision?: number; [field: string]: unknown }): Promise<SimOrder>;
}
