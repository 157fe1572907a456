import { z } from 'zod';
import { LineStatusSchema, StoredDowntimeSchema, StoredWorkOrderSchema, SyncStatusSchema } from '../../common/mes-contract.ts';
import { fail, ok } from '../../common/result.ts';
import type { RestApi } from './rest-api.ts';
import type { GatewayServices } from './services.ts';

const none = () => fail('config-error', 'this project has no MES/ERP sync (mes.json)');

export function addMesRoutes(api: RestApi, services: GatewayServices): void {
  const { mes } = services;
  api.add({
    method: 'GET',
    path: '/api/v1/work-orders',
    call: 'workOrders.list',
    tag: 'mes',
    summary: 'The lines and their work order queues',
    query: z.strictObject({ workCentre: z.string().max(100).optional(), includeDone: z.enum(['true', 'false']).optional() }),
    response: { description: 'Lines and orders.', schema: z.object({ lines: z.array(LineStatusSchema), orders: z.array(StoredWorkOrderSchema) }) },
    problems: ['config-error'],
    handle: ({ query }) => (mes ? ok({ lines: mes.lineStatuses(), orders: mes.listOrders(query.workCentre, query.includeDone === 'true') }) : none()),
  });
  api.add({
    method: 'GET',
    path: '/api/v1/downtime',
    call: 'downtime.list',
    tag: 'mes',
    summary: 'Recent downtime events, newest first',
    query: z.strictObject({ line: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
    response: { description: 'Downtime events.', schema: z.array(StoredDowntimeSchema) },
    problems: ['config-error'],
    handle: ({ query }) => (mes ? ok(mes.downtime(query.line, query.limit)) : none()),
  });
  api.add({
    method: 'GET',
    path: '/api/v1/sync',
    call: 'sync.status',
    tag: 'mes',
    summary: 'MES/ERP sync status: connector health, queue depth, oldest pending, quarantine and rejected orders',
    query: z.strictObject({}),
    response: { description: 'The sync status.', schema: SyncStatusSchema },
    problems: ['config-error'],
    handle: () => (mes ? ok(mes.status()) : none()),
  });
}
