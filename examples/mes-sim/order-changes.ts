import type { SimHost } from './sim-host.ts';
import type { SimOrder } from './sim-types.ts';

/** What a planner changes about an order, e.g. while it runs on the line. */
export interface OrderRevision {
  quantity?: { value: number; unit: string };
  /** Parameters by name: a value sets it, null removes it (the line then takes its recipe default). */
  parameters?: Record<string, number | string | boolean | null>;
  description?: string;
  priority?: number;
}

/**
 * The planner cancels an order (RequestState / status Cancelled, its revision rises), also one
 * that is running on the line: Lineside holds the line and confirms what was made as a final partial.
 * Pulled with the next poll, offered as the next schedule over B2MML, pushed to a webhook.
 */
export function cancelOrder(sim: SimHost, id: string): Promise<SimOrder> | undefined {
  if (!sim.state.order(id)) return undefined;
  return sim.release({ id, status: 'Cancelled' });
}

/** The planner revises an order (its revision rises); Lineside asks the operator before a running order takes it. */
export function reviseOrder(sim: SimHost, id: string, change: OrderRevision): Promise<SimOrder> | undefined {
  const order = sim.state.order(id);
  if (!order) return undefined;
  const next: { id: string; [field: string]: unknown } = { id };
  if (change.quantity) {
    next['quantity'] = change.quantity;
    // The requirements follow the planned quantity, as an MES recomputes them (BOM quantities are per order).
    const before = order['quantity'] as { value: number; unit: string } | undefined;
    const bom = order['bom'] as Array<{ quantity: { value: number; unit: string } }> | undefined;
    if (bom && before && before.unit === change.quantity.unit && before.value > 0) {
      const factor = change.quantity.value / before.value;
      next['bom'] = bom.map((line) => ({ ...line, quantity: { ...line.quantity, value: Math.round(line.quantity.value * factor * 1e6) / 1e6 } }));
    }
  }
  if (change.description !== undefined) next['description'] = change.description;
  if (change.priority !== undefined) next['priority'] = change.priority;
  if (change.parameters) {
    const params = new Map(((order['parameters'] as Array<{ name: string; value: unknown }> | undefined) ?? []).map((p) => [p.name, p.value]));
    for (const [name, value] of Object.entries(change.parameters)) {
      if (value === null) params.delete(name);
      else params.set(name, value);
    }
    next['parameters'] = [...params].map(([name, value]) => ({ name, value }));
  }
  return sim.release(next);
}

/**
 * `POST /admin/orders/{id}/cancel` and `POST /admin/orders/{id}/revise` (body: OrderRevision), beside
 * the simulator's fault switches; 404 for an unknown order, 400 for a revision that is not one.
 */
export function addOrderChangeRoutes(sim: SimHost): void {
  sim.addAdminRoute('POST', /^\/admin\/orders\/([^/]+)\/cancel$/, async (_body, [, id]) => {
    const order = await cancelOrder(sim, decodeURIComponent(id!));
    return order ? { status: 200, body: order } : { status: 404, body: { error: `no order ${id}` } };
  });
  sim.addAdminRoute('POST', /^\/admin\/orders\/([^/]+)\/revise$/, async (body, [, id]) => {
    const problem = revisionProblem(body);
    if (problem) return { status: 400, body: { error: problem } };
    const order = await reviseOrder(sim, decodeURIComponent(id!), body as OrderRevision);
    return order ? { status: 200, body: order } : { status: 404, body: { error: `no order ${id}` } };
  });
}

function revisionProblem(body: Record<string, unknown>): string | undefined {
  const known = ['quantity', 'parameters', 'description', 'priority'];
  const unknown = Object.keys(body).filter((k) => !known.includes(k));
  if (unknown.length > 0) return `unknown field ${unknown[0]} (a revision has ${known.join(', ')})`;
  if (Object.keys(body).length === 0) return 'a revision changes at least one of quantity, parameters, description, priority';
  const q = body['quantity'] as { value?: unknown; unit?: unknown } | undefined;
  if (q !== undefined && (typeof q.value !== 'number' || !(q.value >= 0) || typeof q.unit !== 'string')) return 'quantity must be { value: number ≥ 0, unit: string }';
  const p = body['parameters'];
  if (p !== undefined && (typeof p !== 'object' || p === null || Array.isArray(p))) return 'parameters must be an object of name → value (null removes one)';
  return undefined;
}
