import type { mesCalls } from '../../common/mes-contract.ts';
import type { Disposable } from '../../common/emitter.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { MesService } from '../core/mes/mes-service.ts';
import type { ClientContext, Handler } from './client-context.ts';
import type { GatewayServices } from './services.ts';

type MesHandlers = { [C in keyof typeof mesCalls]: Handler<C> };

/** Who acts, and at which station (for the audit trail). */
const caller = (client: ClientContext) => ({ ...client.user, station: client.station });

const notConfigured = (): Result<never> => fail('config-error', 'this project has no MES/ERP sync (mes.json)');

/** The `workOrders.*`, `downtime.*`, `sync.*` and `mes.*` calls; roles are checked by the MES service. */
export function createMesHandlers(services: GatewayServices): MesHandlers {
  const mes = services.mes;
  const subs = new MesSubscriptions(mes);
  const withMes = <T>(fn: (m: MesService) => T): T | Result<never> => (mes ? fn(mes) : notConfigured());
  return {
    'workOrders.list': ({ workCentre, includeDone }) => withMes((m) => ok({ lines: m.lineStatuses(), orders: m.listOrders(workCentre, includeDone), reasonCodes: m.reasonCodes() })),
    'workOrders.start': ({ key }, client) => withMes((m) => m.start_(key, caller(client))),
    'workOrders.hold': ({ key, reason }, client) => withMes((m) => m.hold(key, reason, caller(client))),
    'workOrders.resume': ({ key }, client) => withMes((m) => m.resume(key, caller(client))),
    'workOrders.confirm': ({ key, scrapReason }, client) => withMes((m) => m.confirm(key, false, scrapReason, caller(client))),
    'workOrders.complete': ({ key, scrapReason }, client) => withMes((m) => m.confirm(key, true, scrapReason, caller(client))),
    'workOrders.reverse': ({ key, completion }, client) => withMes((m) => m.reverse(key, completion, caller(client))),
    'workOrders.consume': ({ key, material, lot, quantity }, client) => withMes((m) => m.consume(key, { material, ...(lot ? { lot } : {}), quantity }, caller(client))),
    'workOrders.acceptRevision': ({ key, revision }, client) => withMes((m) => m.acceptRevision(key, revision, caller(client))),
    'workOrders.acknowledgeCancel': ({ key }, client) => withMes((m) => m.acknowledgeCancel(key, caller(client))),
    'workOrders.decideCancel': ({ key, scrapReason }, client) => withMes((m) => m.decideCancel(key, scrapReason, caller(client))),
    'workOrders.consumptions': ({ key }) => withMes((m) => m.consumptions(key)),
    'workOrders.confirmations': ({ key }) => withMes((m) => m.confirmations(key)),
    'downtime.list': ({ line, limit }) => withMes((m) => ok(m.downtime(line, limit))),
    'downtime.classify': ({ id, reason }, client) => withMes((m) => m.classify(id, reason, caller(client))),
    'sync.status': () => withMes((m) => ok(m.status())),
    'sync.retry': ({ connector, key }, client) => withMes((m) => m.retry(connector, key, caller(client), false)),
    'sync.requeue': ({ connector, key }, client) => withMes((m) => m.retry(connector, key, caller(client), true)),
    'mes.mappings.list': () => withMes((m) => ok(m.mappingTables())),
    'mes.mappings.save': ({ connector, mappings }, client) =>
      withMes(async (m) => {
        const saved = await m.saveMappings(connector, mappings);
        if (!saved.ok) return saved;
        const { old, ...result } = saved.value;
        services.audit.record({ user: client.user.name, role: client.user.role, station: client.station, action: 'mes.mappings.save', target: connector, oldValue: old, newValue: mappings });
        return ok(result);
      }),
    'mes.connectors.list': () => withMes((m) => ok(m.connectorOptions())),
    'mes.connectors.save': ({ id, enabled, options, secrets }, client) =>
      withMes(async (m) => {
        const saved = await m.saveConnectorOptions(id, { enabled, options, secrets });
        if (!saved.ok) return saved;
        const { old, new: next, changedSecrets, connector, restarted } = saved.value;
        // Secrets appear only by name (which were set or cleared), never by value.
        services.audit.record({
          user: client.user.name,
          role: client.user.role,
          station: client.station,
          action: 'mes.connectors.save',
          target: id,
          oldValue: old,
          newValue: { ...next, ...(changedSecrets.length ? { secretsChanged: changedSecrets } : {}) },
        });
        return ok({ connector, restarted });
      }),
    'mes.subscribe': (_params, client) => withMes(() => ok({ subscriptionId: subs.add(client) })),
    'mes.unsubscribe': ({ subscriptionId }, client) => (subs.remove(client, subscriptionId) ? ok({ subscriptionId }) : fail('not-found', `no MES subscription ${subscriptionId}`, 'subscriptionId')),
  };
}

/** Clients that asked for `workOrders.changed` and `sync.changed`; order events are coalesced to 4 per second. */
class MesSubscriptions {
  private readonly subs = new Map<number, { client: ClientContext; close: Disposable }>();
  private nextId = 1;
  private pendingKeys = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly mes: MesService | undefined;

  constructor(mes: MesService | undefined) {
    this.mes = mes;
    mes?.onDidChangeOrders((keys) => this.ordersChanged(keys));
    mes?.onDidChangeSync(() => {
      if (this.subs.size === 0) return;
      const connectors = mes.connectorStatuses();
      for (const [id, s] of this.subs) s.client.sendEvent({ event: 'sync.changed', data: { subscriptionId: id, connectors } });
    });
  }

  add(client: ClientContext): number {
    const id = this.nextId++;
    const close = client.onDidClose(() => this.drop(id));
    this.subs.set(id, { client, close });
    return id;
  }

  remove(client: ClientContext, id: number): boolean {
    const s = this.subs.get(id);
    if (!s || s.client !== client) return false;
    this.drop(id);
    return true;
  }

  private drop(id: number): void {
    this.subs.get(id)?.close.dispose();
    this.subs.delete(id);
    if (this.subs.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private ordersChanged(keys: string[]): void {
    if (this.subs.size === 0) return;
    for (const k of keys) this.pendingKeys.add(k);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const changed = [...this.pendingKeys];
      this.pendingKeys = new Set();
      const lines = this.mes?.lineStatuses() ?? [];
      for (const [id, s] of this.subs) s.client.sendEvent({ event: 'workOrders.changed', data: { subscriptionId: id, keys: changed, lines } });
    }, 250);
  }
}
