import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimHost } from './sim-host.ts';
import { json, keyedBody } from './sim-http.ts';
import { scheduledOrders, type SimModes } from './sim-modes.ts';

/**
 * The REST side of the modes: `GET /api/orders` (the whole schedule in snapshot mode),
 * `POST /api/cancellations` (aware MES only) and `POST /admin/modes`.
 */
export function addModeRoutes(sim: SimHost): void {
  sim.addRoute('GET', '/api/orders', (_req, res, _body, url) => {
    if (!sim.state.modes.snapshot) {
      const since = Number(url.searchParams.get('since') ?? '0');
      return json(res, 200, sim.state.ordersSince(Number.isFinite(since) ? since : 0));
    }
    const all = sim.state.ordersSince(0);
    return json(res, 200, { orders: scheduledOrders(all.orders), cursor: all.cursor });
  });
  sim.addRoute('POST', '/api/cancellations', (req, res, body) => cancellation(sim, req, res, body));
  sim.addRoute('POST', '/admin/modes', (_req, res, body) => {
    const m = sim.state.modes;
    const patch = (body ? JSON.parse(body) : {}) as Partial<SimModes>;
    if (typeof patch.snapshot === 'boolean') m.snapshot = patch.snapshot;
    if (patch.times === 'end' || patch.times === 'duration' || patch.times === 'none') m.times = patch.times;
    if (typeof patch.readBack === 'boolean') m.readBack = patch.readBack;
    if (typeof patch.naiveReversals === 'boolean') m.naiveReversals = patch.naiveReversals;
    json(res, 200, m);
  });
}

function cancellation(sim: SimHost, req: IncomingMessage, res: ServerResponse, text: string): void {
  if (sim.state.modes.naiveReversals) return json(res, 404, { error: 'no endpoint POST /api/cancellations' });
  const message = keyedBody(req, res, text);
  if (!message) return;
  const { key, body } = message;
  const original = sim.state.received.find((m) => m.key === body['cancels']);
  if (!original) return json(res, 422, { error: `nothing to cancel: no message ${String(body['cancels'])}` });
  const created = sim.state.apply({ key, kind: 'cancellation', subject: original.subject, body, receivedAt: Date.now() });
  json(res, created ? 201 : 200, { status: created ? 'created' : 'duplicate', key });
}
