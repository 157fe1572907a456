import { createHash, randomUUID } from 'node:crypto';
import { describeMissing } from '../mappings.ts';
import type { InboundSink, InboundVerdict } from '../connector.ts';
import type { BodHeader } from './bod.ts';
import { readHeader } from './bod.ts';
import { confirmationWanted, encodeConfirmBod } from './confirm-bod.ts';
import { Reader } from './reader.ts';
import { decodeOperationsSchedule } from './schedule-decode.ts';
import { parseB2mml } from './xml.ts';

export type ScheduleReceipt = {
  /** Every order committed (accepted, duplicate, stale or held for a mapping). */
  accepted: boolean;
  /** One line per order or the reason the message could not be read, for the ack and `.reason.txt`. */
  notes: string[];
  /** The ConfirmBOD to send back, when the sender asked for one (always built for a rejection). */
  confirmBod?: string;
  bodId?: string;
};

export type ReceiveContext = {
  connector: string;
  senderId: string;
  sink: InboundSink;
  now: () => number;
  /** Pull transports confirm every message: the ConfirmBOD is what takes it off the MES's queue. */
  alwaysConfirm?: boolean;
};

/**
 * Hands a schedule's orders to the core one by one and waits for each commit; only then is the
 * ConfirmBOD built. A sink failure (the core could not store) propagates, so the caller leaves the
 * message unacknowledged and the MES sends it again.
 */
export async function receiveSchedule(xml: string, context: ReceiveContext): Promise<ScheduleReceipt> {
  const decoded = decodeOperationsSchedule(xml, context.connector);
  if (!decoded.ok) {
    const messageId = createHash('sha256').update(xml).digest('hex').slice(0, 32);
    const verdict = await context.sink.receive({ connector: context.connector, messageId, kind: 'undecodable', reason: decoded.error.message, raw: xml });
    const notes = [verdict.kind === 'rejected' ? verdict.reason : decoded.error.message];
    const header = looseHeader(xml);
    return { accepted: false, notes, ...(header ? confirm(header, false, notes, context) : {}) };
  }
  const notes: string[] = [];
  let accepted = true;
  for (const { messageId, order } of decoded.value.orders) {
    const verdict = await context.sink.receive({ connector: context.connector, messageId, kind: 'order', order, raw: JSON.stringify(order) });
    notes.push(`order ${order.id}: ${describeVerdict(verdict)}`);
    if (verdict.kind === 'rejected') accepted = false;
  }
  return { accepted, notes, ...confirm(decoded.value.header, accepted, notes, context) };
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

function confirm(header: BodHeader, accepted: boolean, notes: string[], context: ReceiveContext): Pick<ScheduleReceipt, 'confirmBod' | 'bodId'> {
  const bodId = header.bodId;
  if (!bodId || !(context.alwaysConfirm || confirmationWanted(header, accepted))) return bodId ? { bodId } : {};
  const confirmBod = encodeConfirmBod(
    { originalBodId: bodId, ...(header.senderId ? { originalSenderId: header.senderId } : {}), originalCreationDateTime: header.creationDateTime, accepted, notes },
    { senderId: context.senderId, bodId: randomUUID(), createdAt: new Date(context.now()).toISOString() },
  );
  return { confirmBod, bodId };
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
