import { createHash, randomUUID } from 'node:crypto';
import type { InboundMode } from '../../../../common/mes-config.ts';
import { describeMissing } from '../mappings.ts';
import type { InboundDelivery, InboundSink, InboundVerdict, SnapshotEntry } from '../connector.ts';
import type { BodHeader } from './bod.ts';
import { readHeader } from './bod.ts';
import { confirmationWanted, encodeConfirmBod } from './confirm-bod.ts';
import { Reader } from './reader.ts';
import type { DecodedOrder, RefusedOrder } from './schedule-decode.ts';
import { decodeOperationsSchedule, isRefused } from './schedule-decode.ts';
import { parseB2mml } from './xml.ts';

export type ScheduleReceipt = {
  /** No order was refused (accepted, duplicate, stale, held for a mapping, or unchanged). */
  accepted: boolean;
  /** Orders stored or already held: the message was (at least partly) taken. */
  taken: number;
  /** One line per order that was new or changed, or the reason the message could not be read. */
  notes: string[];
  /**
   * The ConfirmBODs to send back: one Accepted for the orders taken, then one Rejected per refused
   * order naming the element, each only when the sender asked (pull transports always confirm).
   * Empty when a snapshot changed nothing.
   */
  confirmBods: Array<{ accepted: boolean; xml: string; orderId?: string }>;
  bodId?: string;
};

export type ReceiveContext = {
  connector: string;
  senderId: string;
  sink: InboundSink;
  now: () => number;
  /** Pull transports confirm every message: the ConfirmBOD is what takes it off the MES's queue. */
  alwaysConfirm?: boolean;
  /** `snapshot`: the message is the MES's whole current schedule (unchanged orders cost nothing). */
  mode?: InboundMode;
};

type Outcome = { orderId: string; verdict: InboundVerdict };

/**
 * Hands a schedule's orders to the core and waits for the commit; only then are the ConfirmBODs
 * built. An OperationsRequest that cannot be read is refused on its own (its own verdict and
 * ConfirmBOD naming the element); the others are applied. A sink failure (the core could not store)
 * propagates, so the caller leaves the message unacknowledged and the MES sends it again.
 */
export async function receiveSchedule(xml: string, context: ReceiveContext): Promise<ScheduleReceipt> {
  const decoded = decodeOperationsSchedule(xml, context.connector);
  if (!decoded.ok) {
    // In snapshot mode the same broken content comes every poll with a new BODID: one row for it.
    const messageId = context.mode === 'snapshot' ? `snapshot/${snapshotDigest(xml)}` : digest(xml);
    const verdict = await context.sink.receive({ connector: context.connector, messageId, kind: 'undecodable', reason: decoded.error.message, raw: xml });
    const header = looseHeader(xml);
    if (verdict.kind === 'duplicate') return { accepted: false, taken: 0, notes: [decoded.error.message], confirmBods: [], ...(header?.bodId ? { bodId: header.bodId } : {}) };
    const notes = [verdict.kind === 'rejected' ? verdict.reason : decoded.error.message];
    return { accepted: false, taken: 0, notes, confirmBods: header ? confirmations(header, [{ orderId: '', verdict: { kind: 'rejected', reason: notes[0]! } }], context, false) : [], ...(header?.bodId ? { bodId: header.bodId } : {}) };
  }
  const { header, orders } = decoded.value;
  const outcomes = context.mode === 'snapshot' ? await snapshot(orders, context) : await queued(orders, context);
  const refused = outcomes.filter((o) => o.verdict.kind === 'rejected');
  return {
    accepted: refused.length === 0,
    taken: outcomes.length - refused.length,
    notes: outcomes.map((o) => `order ${o.orderId}: ${describeVerdict(o.verdict)}`),
    confirmBods: outcomes.length > 0 ? confirmations(header, outcomes, context, true) : [],
    ...(header.bodId ? { bodId: header.bodId } : {}),
  };
}

/** Queue mode: every order of the message is a delivery of its own (redeliveries are duplicates by BODID). */
async function queued(orders: Array<DecodedOrder | RefusedOrder>, context: ReceiveContext): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const order of orders) outcomes.push({ orderId: order.orderId, verdict: await context.sink.receive(delivery(order, order.messageId, context.connector)) });
  return outcomes;
}

/** Snapshot mode: only orders new or changed since the last snapshot reach the inbox. */
async function snapshot(orders: Array<DecodedOrder | RefusedOrder>, context: ReceiveContext): Promise<Outcome[]> {
  if (!context.sink.receiveSnapshot) throw new Error('this core cannot take whole-schedule snapshots');
  const entries: SnapshotEntry[] = [];
  const ids = new Set<string>();
  for (const order of orders) {
    // The same id twice in one schedule: the first one counts.
    if (ids.has(order.orderId)) continue;
    ids.add(order.orderId);
    entries.push({ orderId: order.orderId, version: order.version, delivery: delivery(order, `${order.orderId}@${order.version}`, context.connector) });
  }
  return (await context.sink.receiveSnapshot(context.connector, entries)).changed;
}

function delivery(order: DecodedOrder | RefusedOrder, messageId: string, connector: string): InboundDelivery {
  return isRefused(order) ? { connector, messageId, kind: 'undecodable', reason: order.reason, raw: order.raw } : { connector, messageId, kind: 'order', order: order.order, raw: JSON.stringify(order.order) };
}

export function describeVerdict(verdict: InboundVerdict): string {
  switch (verdict.kind) {
    case 'accepted':
      return `accepted (revision ${verdict.revision})`;
    case 'duplicate':
      return 'already received';
    case 'stale':
      return `stale: revision ${verdict.revision} is not newer than the stored ${verdict.storedRevision}`;
    case 'held':
      return `held until mapped: ${describeMissing(verdict.missing)}`;
    case 'rejected':
      return `rejected: ${verdict.reason}`;
  }
}

/** One ConfirmBOD Accepted for the orders taken, one Rejected for each refused order, as the sender asked. */
function confirmations(header: BodHeader, outcomes: Outcome[], context: ReceiveContext, perOrder: boolean): ScheduleReceipt['confirmBods'] {
  const taken = outcomes.filter((o) => o.verdict.kind !== 'rejected');
  const refused = outcomes.filter((o) => o.verdict.kind === 'rejected');
  const out: ScheduleReceipt['confirmBods'] = [];
  if (taken.length > 0 && (context.alwaysConfirm || confirmationWanted(header, true))) {
    const xml = confirmBod(
      header,
      true,
      taken.map((o) => `order ${o.orderId}: ${describeVerdict(o.verdict)}`),
      context,
    );
    if (xml) out.push({ accepted: true, xml });
  }
  if (refused.length > 0 && (context.alwaysConfirm || confirmationWanted(header, false))) {
    for (const o of refused) {
      const note = perOrder ? `order ${o.orderId}: ${describeVerdict(o.verdict)}` : describeVerdict(o.verdict).replace(/^rejected: /, '');
      const xml = confirmBod(header, false, [note], context);
      if (xml) out.push({ accepted: false, xml, ...(perOrder ? { orderId: o.orderId } : {}) });
    }
  }
  return out;
}

function confirmBod(header: BodHeader, accepted: boolean, notes: string[], context: ReceiveContext): string | undefined {
  if (!header.bodId) return undefined;
  return encodeConfirmBod(
    { originalBodId: header.bodId, ...(header.senderId ? { originalSenderId: header.senderId } : {}), originalCreationDateTime: header.creationDateTime, accepted, notes },
    { senderId: context.senderId, bodId: randomUUID(), createdAt: new Date(context.now()).toISOString() },
  );
}

const APPLICATION_AREA = /<(\w+:)?ApplicationArea[\s>][\s\S]*?<\/(\w+:)?ApplicationArea>/;

/**
 * What tells one whole-schedule answer from another: a digest of the document without its
 * ApplicationArea (a snapshot MES sends a fresh BODID and CreationDateTime every time).
 */
export function snapshotDigest(xml: string): string {
  // The two parts hashed one after the other: the same digest as of the text without the area, without
  // building that text (a 2 MB schedule would be copied on every poll).
  const area = APPLICATION_AREA.exec(xml);
  if (!area) return digest(xml);
  return createHash('sha256')
    .update(xml.slice(0, area.index))
    .update(xml.slice(area.index + area[0].length))
    .digest('hex')
    .slice(0, 32);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** The header of a message whose body is broken, so the rejection can still be confirmed. */
function looseHeader(xml: string): BodHeader | undefined {
  const parsed = parseB2mml(xml);
  if (!parsed.ok) return undefined;
  try {
    return readHeader(new Reader(parsed.value.node, parsed.value.root), undefined);
  } catch {
    return undefined;
  }
}
