import { z } from 'zod';
import { ConnectorHealthSchema, ConnectorTypeSchema } from './mes-config.ts';
import { ReasonTextSchema } from './reasons.ts';
import { connectorOptionsCalls } from './mes-connector-options.ts';
import {
  CompletionSchema,
  DowntimeEventSchema,
  MappingTablesSchema,
  MaterialConsumptionSchema,
  MaterialRefSchema,
  QuantitySchema,
  ReasonCodeSchema,
  WorkOrderSchema,
  WorkOrderStatusSchema,
  type WorkOrder,
  type WorkOrderStatus,
} from './mes.ts';

/** The MES/ERP sync part of the contract: work orders on the line, downtime, and the sync status. */

/**
 * A cancel from MES/ERP of an order that was on the line (Running or Held): the line is held, and
 * what was counted is confirmed as a final partial at once (`policy: confirm`, then the operator
 * acknowledges) or when a supervisor decides (`policy: supervisor`). Never discarded.
 */
export const OrderCancelSchema = z.object({
  /** The MES revision that cancelled it (absent when the cancel carried none, e.g. missing from a snapshot). */
  revision: z.number().int().optional(),
  /** When it arrived (UTC ISO 8601). */
  at: z.string(),
  /** The connector (MES/ERP) that cancelled it, and how it said so. */
  by: z.string(),
  how: z.string(),
  was: z.enum(['Running', 'Held']),
  policy: z.enum(['confirm', 'supervisor']),
  state: z.enum(['awaiting-decision', 'confirmed']),
  /** The final confirmation that carried the production counted until the cancel. */
  completion: z.string().optional(),
  /** Who confirmed it: the runtime (policy confirm) or the supervisor who decided. */
  decidedBy: z.string().optional(),
  acknowledgedBy: z.string().optional(),
});
export type OrderCancel = z.infer<typeof OrderCancelSchema>;

/** One line-relevant difference between the running revision and a newer one from MES/ERP. */
export const OrderChangeSchema = z.object({
  /** `quantity`, `material`, `workCentre`, `operations`, `parameters.<name>` or `bom.<material>` (quantities; null: added or removed). */
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
});
export type OrderChange = z.infer<typeof OrderChangeSchema>;

/** A newer revision of an order on the line, waiting for the operator to accept it. */
export const PendingRevisionSchema = z.object({
  revision: z.number().int(),
  receivedAt: z.string(),
  by: z.string(),
  order: z.custom<WorkOrder>(() => true),
  changes: z.array(OrderChangeSchema),
});
export type PendingRevision = { revision: number; receivedAt: string; by: string; order: WorkOrder; changes: OrderChange[] };

/** Counts since the order started, in the line's count unit, and what has been confirmed of them. */
export const OrderProgressSchema = z.object({
  good: z.number(),
  reject: z.number(),
  confirmedGood: z.number(),
  confirmedReject: z.number(),
  confirmations: z.number().int(),
  actualStart: z.string().optional(),
  actualEnd: z.string().optional(),
  /** Start of the period the next confirmation covers. */
  periodStart: z.string().optional(),
  operator: z.string().optional(),
  holdReason: z.string().optional(),
  /** Material consumptions recorded for the order (their per-order sequence); absent before the first. */
  consumptions: z.number().int().optional(),
  /** The PLC counters at the last count, so a restart counts on from there. */
  counters: z.object({ good: z.number().optional(), reject: z.number().optional() }).optional(),
  /** Cancelled by MES/ERP while on the line (issue 16). */
  cancel: OrderCancelSchema.optional(),
  /** A newer MES revision waiting for the operator (issue 16). */
  pendingRevision: PendingRevisionSchema.optional(),
});
export type OrderProgress = Omit<z.infer<typeof OrderProgressSchema>, 'pendingRevision'> & { pendingRevision?: PendingRevision };

/** A line parameter an open order runs with: from the order itself, or its product's recipe default. */
export const LineParameterSchema = z.object({ name: z.string(), value: z.union([z.number(), z.boolean(), z.string()]), source: z.enum(['order', 'recipe']) });
export type LineParameter = z.infer<typeof LineParameterSchema>;

export const StoredWorkOrderSchema = z.object({
  key: z.string(),
  order: z.custom<WorkOrder>(() => true),
  status: WorkOrderStatusSchema,
  progress: OrderProgressSchema,
  updatedAt: z.number(),
  /** Open orders in lists: the line parameters it runs with, or why it cannot start (a required one is missing). */
  lineParameters: z.array(LineParameterSchema).optional(),
  parameterProblem: z.string().optional(),
});
export type StoredWorkOrder = {
  key: string;
  order: WorkOrder;
  status: WorkOrderStatus;
  progress: OrderProgress;
  updatedAt: number;
  lineParameters?: LineParameter[];
  parameterProblem?: string;
};

export const LineStatusSchema = z.object({
  workCentre: z.string(),
  equipment: z.string(),
  running: z.string().optional(),
  /** Machine state as the state tag's text (e.g. "Running", "Starved"); absent while its quality is bad. */
  machineState: z.string().optional(),
  /** The open downtime event's id, while the line is down. */
  downtime: z.string().optional(),
  countUnit: z.string(),
  /** Orders on the line that need a person: cancelled by MES/ERP, or a revision waiting (the banner shows them). */
  notices: z
    .array(
      z.object({
        key: z.string(),
        kind: z.enum(['cancelled', 'awaiting-decision', 'revision']),
        /** In English, for REST clients and logs. */
        text: z.string(),
        /** The same as a key of common/reasons.ts and its parameters, for the reader's language; a revision's changes each as one. */
        reason: ReasonTextSchema.optional(),
        changes: z.array(ReasonTextSchema).optional(),
      }),
    )
    .default([]),
});
export type LineStatus = z.infer<typeof LineStatusSchema>;

export const ParameterCheckSchema = z.object({
  name: z.string(),
  tag: z.string(),
  written: z.union([z.number(), z.boolean(), z.string()]),
  readBack: z.union([z.number(), z.boolean(), z.string(), z.null()]),
  ok: z.boolean(),
  /** Where the value came from: the order, or its product's recipe default. */
  source: z.enum(['order', 'recipe']).optional(),
});
export type ParameterCheck = z.infer<typeof ParameterCheckSchema>;

export const StoredDowntimeSchema = z.object({ line: z.string(), event: DowntimeEventSchema });
export type StoredDowntime = { line: string; event: z.output<typeof DowntimeEventSchema> };

/** A consumption on an order: backflushed from a confirmation, recorded by the operator, or a reversal. */
export const StoredConsumptionSchema = z.object({
  orderKey: z.string(),
  source: z.enum(['backflush', 'manual', 'reversal']),
  /** The completion that backflushed it (backflush only). */
  completion: z.string().optional(),
  consumption: MaterialConsumptionSchema,
});
export type StoredConsumption = { orderKey: string; source: 'backflush' | 'manual' | 'reversal'; completion?: string; consumption: z.output<typeof MaterialConsumptionSchema> };

export const ConnectorMappingsSchema = z.object({ id: z.string(), type: ConnectorTypeSchema, enabled: z.boolean(), mappings: MappingTablesSchema });
export type ConnectorMappings = z.output<typeof ConnectorMappingsSchema>;

export const OutboxEntrySchema = z.object({
  connector: z.string(),
  key: z.string(),
  kind: z.string(),
  stream: z.string(),
  streamSeq: z.number().int(),
  state: z.enum(['pending', 'delivered', 'quarantined', 'blocked']),
  attempts: z.number().int(),
  reason: z.string(),
  payload: z.unknown(),
  createdAt: z.number(),
  nextAt: z.number(),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

export const InboxEntrySchema = z.object({
  connector: z.string(),
  messageId: z.string(),
  receivedAt: z.number(),
  verdict: z.enum(['accepted', 'stale', 'rejected', 'held']),
  orderKey: z.string().optional(),
  reason: z.string(),
  raw: z.string(),
});
export type InboxEntry = z.infer<typeof InboxEntrySchema>;

export const ConnectorStatusSchema = z.object({
  id: z.string(),
  type: ConnectorTypeSchema,
  enabled: z.boolean(),
  health: ConnectorHealthSchema,
  pending: z.number().int(),
  blocked: z.number().int(),
  quarantined: z.number().int(),
  delivered: z.number().int(),
  /** Age of the oldest message not yet delivered (ms), absent when none waits. */
  oldestPendingAgeMs: z.number().optional(),
});
export type ConnectorStatus = z.infer<typeof ConnectorStatusSchema>;

/** The MES store's size and what compaction keeps it to (the Sync view's store panel). */
export const MesStoreStatusSchema = z.object({
  /** The SQLite file with its write-ahead log. */
  bytes: z.number(),
  /** Pages free inside the file, reused before it grows. */
  freeBytes: z.number(),
  outboxRows: z.number().int(),
  inboxRows: z.number().int(),
  /** When the oldest outbox or inbox row was written (epoch ms); absent when both are empty. */
  oldestRowAt: z.number().optional(),
  retentionDays: z.number().int(),
  lastCompaction: z.object({ at: z.number(), outbox: z.number().int(), inbox: z.number().int(), ms: z.number() }).optional(),
  measuredAt: z.number(),
});
export type MesStoreStatus = z.infer<typeof MesStoreStatusSchema>;

export const SyncStatusSchema = z.object({
  connectors: z.array(ConnectorStatusSchema),
  store: MesStoreStatusSchema.optional(),
  /** Quarantined and blocked messages (with reason and payload), oldest first. */
  problems: z.array(OutboxEntrySchema),
  /** Inbound orders rejected or held, newest first. */
  inbound: z.array(InboxEntrySchema),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

const OrderKey = z.string().min(1).max(210);
const MessageRef = z.strictObject({ connector: z.string().min(1), key: z.string().min(1) });

export const mesCalls = {
  /** The lines and their queues (open orders first by priority and schedule, then recent done ones). */
  'workOrders.list': {
    params: z.strictObject({ workCentre: z.string().optional(), includeDone: z.boolean().default(false) }),
    result: z.object({ lines: z.array(LineStatusSchema), orders: z.array(StoredWorkOrderSchema), reasonCodes: z.array(ReasonCodeSchema) }),
  },
  /** Writes the order's parameters to the line, reads them back, and only then starts it. */
  'workOrders.start': {
    params: z.strictObject({ key: OrderKey }),
    result: z.object({ order: StoredWorkOrderSchema, checks: z.array(ParameterCheckSchema) }),
  },
  'workOrders.hold': { params: z.strictObject({ key: OrderKey, reason: z.string().max(500).default('') }), result: StoredWorkOrderSchema },
  'workOrders.resume': { params: z.strictObject({ key: OrderKey }), result: StoredWorkOrderSchema },
  /** A partial confirmation (shift end): what was counted since the last one, and the material it used (backflush). */
  'workOrders.confirm': {
    params: z.strictObject({ key: OrderKey, scrapReason: z.string().max(100).optional() }),
    result: z.object({ order: StoredWorkOrderSchema, completion: CompletionSchema, consumptions: z.array(MaterialConsumptionSchema) }),
  },
  /** The final confirmation; the order is Completed. */
  'workOrders.complete': {
    params: z.strictObject({ key: OrderKey, scrapReason: z.string().max(100).optional() }),
    result: z.object({ order: StoredWorkOrderSchema, completion: CompletionSchema, consumptions: z.array(MaterialConsumptionSchema) }),
  },
  /** Reverses a partial confirmation and what it backflushed (the order keeps running). */
  'workOrders.reverse': {
    params: z.strictObject({ key: OrderKey, completion: z.string().min(1).max(200) }),
    result: z.object({ order: StoredWorkOrderSchema, completion: CompletionSchema, consumptions: z.array(MaterialConsumptionSchema) }),
  },
  /** The operator records material used on a running or held order (material, lot, quantity, unit). */
  'workOrders.consume': {
    params: z.strictObject({
      key: OrderKey,
      material: MaterialRefSchema.shape.code,
      lot: z.string().min(1).max(100).optional(),
      quantity: QuantitySchema.refine((q) => q.value > 0, { message: 'must be more than 0', path: ['value'] }),
    }),
    result: z.object({ order: StoredWorkOrderSchema, consumption: MaterialConsumptionSchema }),
  },
  /**
   * Accepts the MES/ERP revision waiting for a running or held order (the revision the operator was
   * shown): changed parameters are written and read back first; refused, it keeps waiting.
   */
  'workOrders.acceptRevision': {
    params: z.strictObject({ key: OrderKey, revision: z.number().int().min(0) }),
    result: z.object({ order: StoredWorkOrderSchema, checks: z.array(ParameterCheckSchema) }),
  },
  /** The operator has seen an order MES/ERP cancelled and the runtime closed out: it leaves the line (Cancelled). */
  'workOrders.acknowledgeCancel': { params: z.strictObject({ key: OrderKey }), result: StoredWorkOrderSchema },
  /** A supervisor's decision on a cancelled order held for one: what was counted is confirmed as its final partial. */
  'workOrders.decideCancel': {
    params: z.strictObject({ key: OrderKey, scrapReason: z.string().max(100).optional() }),
    result: z.object({ order: StoredWorkOrderSchema, completion: CompletionSchema, consumptions: z.array(MaterialConsumptionSchema) }),
  },
  /** An order's confirmations (completions and reversals) and how far each got to MES/ERP. */
  'workOrders.confirmations': {
    params: z.strictObject({ key: OrderKey }),
    result: z.array(z.object({ completion: CompletionSchema, state: OutboxEntrySchema.shape.state, reversedBy: z.string().optional() })),
  },
  /** An order's material consumptions, in the order they were recorded. */
  'workOrders.consumptions': { params: z.strictObject({ key: OrderKey }), result: z.array(StoredConsumptionSchema) },
  'downtime.list': {
    params: z.strictObject({ line: z.string().optional(), limit: z.number().int().min(1).max(1000).default(100) }),
    result: z.array(StoredDowntimeSchema),
  },
  'downtime.classify': { params: z.strictObject({ id: z.string().min(1), reason: z.string().min(1).max(100) }), result: StoredDowntimeSchema },
  'sync.status': { params: z.strictObject({}), result: SyncStatusSchema },
  /** Sends a waiting message now instead of after its backoff. */
  'sync.retry': { params: MessageRef, result: OutboxEntrySchema },
  /** Puts a quarantined or blocked message back in the queue (supervisors and engineers). */
  'sync.requeue': { params: MessageRef, result: OutboxEntrySchema },
  /** Each connector's mapping tables (material codes, work centres, units with conversion, reason codes). */
  'mes.mappings.list': { params: z.strictObject({}), result: z.array(ConnectorMappingsSchema) },
  /**
   * Replaces a connector's mapping tables: validated, written to mes.json, applied at once (blocked
   * messages and held orders are tried again). Engineers (mes.configure); audited with old and new.
   */
  'mes.mappings.save': {
    params: z.strictObject({ connector: z.string().min(1).max(50), mappings: MappingTablesSchema }),
    result: z.object({ connector: ConnectorMappingsSchema, released: z.number().int(), orders: z.number().int() }),
  },
  ...connectorOptionsCalls,
  /** Starts `workOrders.changed` and `sync.changed` events to this client. */
  'mes.subscribe': { params: z.strictObject({}), result: z.object({ subscriptionId: z.number().int() }) },
  'mes.unsubscribe': { params: z.strictObject({ subscriptionId: z.number().int() }), result: z.object({ subscriptionId: z.number().int() }) },
} as const;

export const mesEvents = {
  /** Orders whose status or counts changed (clients re-read what they show). */
  'workOrders.changed': z.object({ subscriptionId: z.number().int(), keys: z.array(z.string()), lines: z.array(LineStatusSchema) }),
  'sync.changed': z.object({ subscriptionId: z.number().int(), connectors: z.array(ConnectorStatusSchema) }),
} as const;

export { WorkOrderSchema };
