import type { Completion, DowntimeEvent, MaterialConsumption, MissingMapping } from '../../../common/mes.ts';
import type { ConnectorConfig, ConnectorHealth, ReversalForm } from '../../../common/mes-config.ts';
import type { Disposable } from '../../../common/emitter.ts';
import type { SecretField } from '../../../common/secrets.ts';

/**
 * The interface every MES/ERP transport implements (REST/JSON, B2MML over HTTP or folders, MQTT).
 * Transports only move and encode messages: mapping tables, ordering, retries, the outbox and the
 * inbox live in the core, so a transport never decides what is sent next or stores anything.
 */

export type OutboundKind = 'completion' | 'consumption' | 'downtime';

/** One message from the outbox. Payload codes are already mapped to the MES's codes. */
export type OutboundMessage = {
  /** The idempotency key: the receiver must apply a key at most once. Equals the payload's id. */
  key: string;
  connector: string;
  /** The ordering stream (a work order key `system/id`, or `downtime/<equipment>`). */
  stream: string;
  /** Position in the stream, 1, 2, 3...; the core never offers n+1 before n is delivered. */
  sequence: number;
  /** Attempts before this one (a send, or a read-back with the send it led to). */
  attempts: number;
  /** When the change that caused it was committed (epoch ms). */
  createdAt: number;
  /**
   * Set by the core on a reversal, in the form the connector's MES expects (`reversal.ts`): with
   * `negative` the payload's quantities are already negated; with `cancel` the transport must send
   * a cancellation of message `of` instead of the payload.
   */
  reversal?: { form: ReversalForm; of: string };
} & ({ kind: 'completion'; payload: Completion } | { kind: 'consumption'; payload: MaterialConsumption } | { kind: 'downtime'; payload: DowntimeEvent });

/**
 * What happened to one delivery attempt.
 * - delivered: the peer confirmed it (also when it says it already had this key).
 * - retry: the peer certainly did not apply it (connection refused, 429, 401); `retryAfterMs` from Retry-After.
 * - quarantine: the peer refused it as invalid; retrying would not help. Blocks only its stream.
 * - blocked-mapping: a code has no mapping; released when the mapping tables change.
 * - ambiguous: it may have been applied (a 5xx, a timeout, the connection lost after sending): the core
 *   reads it back before resending when the connector can, else resends under the same key.
 */
export type DeliveryOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'quarantine'; reason: string }
  | { kind: 'blocked-mapping'; missing: MissingMapping[] }
  | { kind: 'ambiguous'; reason: string; retryAfterMs?: number };

/** The peer's answer to "do you have this key?": unknown when it could not be asked. */
export type ReadBackOutcome = 'present' | 'absent' | 'unknown';

/**
 * An inbound order as the transport decoded it, still in the MES's codes (the core applies the
 * mapping tables, validates and upserts it). `messageId` identifies this delivery for the inbox
 * (a redelivery carries the same id); `raw` is kept with a rejection so a person can read it.
 */
export type InboundDelivery = { connector: string; messageId: string; kind: 'order'; order: unknown; raw: string } | { connector: string; messageId: string; kind: 'undecodable'; reason: string; raw: string };

/**
 * The core's verdict, given only after the inbox has committed it: a transport acknowledges to the
 * peer (HTTP 2xx, MQTT PUBACK, moving the file) only once this promise resolves.
 * - accepted: stored (new order or newer revision); duplicate: this message was already applied.
 * - stale: an equal or newer revision is stored. rejected: invalid, with the reason.
 * - held: codes without mapping; kept and applied once the mapping exists.
 */
export type InboundVerdict =
  | { kind: 'accepted'; key: string; revision: number }
  | { kind: 'duplicate'; key: string }
  | { kind: 'stale'; key: string; storedRevision: number; revision: number }
  | { kind: 'rejected'; reason: string }
  | { kind: 'held'; missing: MissingMapping[] };

/**
 * One order of a whole-schedule snapshot (`inbound: "snapshot"`): its id at the MES and what tells
 * this state of it from another (its version or revision; a digest of its content when it has none).
 */
export type SnapshotEntry = { orderId: string; version: string; delivery: InboundDelivery };

/**
 * What a snapshot changed. Orders whose id and version are unchanged cost nothing (no row, no
 * verdict, so no confirmation); new and changed ones have their verdict; orders missing from the
 * snapshot are listed with whether they were cancelled (`disappeared: "cancel"`).
 */
export type SnapshotReceipt = {
  changed: Array<{ orderId: string; verdict: InboundVerdict }>;
  unchanged: number;
  disappeared: Array<{ orderId: string; cancelled: boolean }>;
};

export interface InboundSink {
  receive(delivery: InboundDelivery): Promise<InboundVerdict>;
  /** The MES's whole current schedule (snapshot mode), committed in one transaction. */
  receiveSnapshot?(connector: string, entries: readonly SnapshotEntry[]): Promise<SnapshotReceipt>;
  /** Several deliveries committed together (one fsync for a pulled page); same verdicts as one by one. */
  receiveAll?(deliveries: readonly InboundDelivery[]): Promise<InboundVerdict[]>;
  /** A pull transport's since-cursor, kept in the store (save it only after the orders it covers were received). */
  cursor?(connector: string): string | undefined;
  saveCursor?(connector: string, value: string): void;
}

export interface MesConnector {
  readonly id: string;
  readonly type: ConnectorConfig['type'];
  /** Starts pulling or listening; inbound orders go to the sink. Resolves once started. */
  start(inbound: InboundSink): Promise<void>;
  deliver(message: OutboundMessage): Promise<DeliveryOutcome>;
  /** Asks the peer whether it already holds this message's key; absent when the peer cannot say. */
  readBack?(message: OutboundMessage): Promise<ReadBackOutcome>;
  health(): ConnectorHealth;
  onDidChangeHealth(listener: (health: ConnectorHealth) => void): Disposable;
  /** Stops pulling and listening and closes sockets; in-flight deliveries settle first. */
  dispose(): Promise<void>;
}

/** Builds one transport from its config (options already validated by `optionsSchema`). */
export interface ConnectorFactory<Options = unknown> {
  readonly type: ConnectorConfig['type'];
  /** Validates `options` at project load, so a bad connector refuses the project with the field named. */
  readonly optionsSchema: { safeParse(input: unknown): { success: true; data: Options } | { success: false; error: import('zod').ZodError } };
  /** Options that hold secrets (tokens, passwords, webhook secrets): mes.json refers to them by name (main/core/secrets). */
  readonly secretFields?: readonly SecretField[];
  /** The transport's own options schema where `optionsSchema` wraps it (secret references resolved first): the Sync view's form is generated from it. */
  readonly plainOptionsSchema?: ConnectorFactory<Options>['optionsSchema'];
  create(config: ConnectorConfig, options: Options, context: ConnectorContext): MesConnector;
}

export interface ConnectorContext {
  /** The project folder (relative paths in options resolve against it). */
  projectDir: string;
  /** The runtime's data folder (watched-folder transports may keep state here). */
  dataDir: string;
  now(): number;
  log(message: string): void;
}
