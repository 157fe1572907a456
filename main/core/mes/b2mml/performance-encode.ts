import type { Completion, MaterialConsumption, Quantity } from '../../../../common/mes.ts';
import type { OutboundMessage } from '../connector.ts';
import { applicationArea } from './bod.ts';
import type { XmlNode } from './xml.ts';
import { buildB2mml } from './xml.ts';

export type EncodeOptions = {
  /** Sender/LogicalID: which Lineside station speaks. */
  senderId: string;
  /** CreationDateTime (UTC ISO 8601). */
  createdAt: string;
};

/** The B2MML message kinds Lineside can send; downtime has no B2MML performance element. */
export type EncodableMessage = Extract<OutboundMessage, { kind: 'completion' | 'consumption' }>;

export function isEncodable(message: OutboundMessage): message is EncodableMessage {
  return message.kind === 'completion' || message.kind === 'consumption';
}

/**
 * SyncOperationsPerformance for one outbox message. BODID and the SegmentResponse ID are the
 * idempotency key, so the MES can recognise a resend of the same confirmation. A reversal comes in
 * the connector's form (`../reversal.ts`): `negative`, actionCode Add of a new SegmentResponse with
 * negated quantities and SegmentData ReversalOf; `cancel`, actionCode Delete naming the original
 * SegmentResponse, whose ID it carries, without any MaterialActual (nothing that could be booked).
 */
export function encodeOperationsPerformance(message: EncodableMessage, options: EncodeOptions): string {
  const payload = message.payload;
  const cancels = message.reversal?.form === 'cancel' ? message.reversal.of : undefined;
  const action: XmlNode = cancels ? { '@_actionCode': 'Delete', '#text': `SegmentResponse[ID='${cancels}']` } : { '@_actionCode': 'Add' };
  const segment = cancels ? cancelSegment(message, cancels) : message.kind === 'completion' ? completionSegment(message.payload) : consumptionSegment(message.payload);
  const final = message.kind === 'completion' && message.payload.final;
  // A final partial of an order the MES cancelled while it ran: what was made until then, Aborted.
  const state = message.kind === 'completion' && message.payload.cancelled ? 'Aborted' : final ? 'Completed' : 'Running';
  return buildB2mml('SyncOperationsPerformance', {
    ApplicationArea: applicationArea(options.senderId, message.key, options.createdAt, 'Always'),
    DataArea: {
      Sync: { ActionCriteria: { ActionExpression: action } },
      OperationsPerformance: {
        ID: `PERF-${payload.workOrder.id}`,
        OperationsType: 'Production',
        OperationsResponse: {
          ID: `${payload.workOrder.id}-RESP`,
          OperationsType: 'Production',
          OperationsRequestID: payload.workOrder.id,
          ResponseState: state,
          SegmentResponse: segment,
        },
      },
    },
  });
}

function completionSegment(c: Completion): XmlNode {
  const materials: XmlNode[] = [
    materialActual('GOOD', 'Produced', undefined, c.good, c.lots),
    ...c.scrap.map((s, i) => ({ ...materialActual(`SCRAP-${i + 1}`, 'Other', 'Scrap', s.quantity, []), MaterialActualProperty: property('ReasonCode', s.reason) })),
  ];
  if (c.rework) materials.push(materialActual('REWORK', 'Other', 'Rework', c.rework, []));
  return {
    ID: c.id,
    ActualStartTime: c.actualStart,
    ActualEndTime: c.actualEnd,
    OperationsRequestID: c.workOrder.id,
    ...(c.operation ? { SegmentRequirementID: c.operation } : {}),
    SegmentState: c.cancelled ? 'Aborted' : c.final ? 'Completed' : 'Running',
    SegmentData: [...segmentData(c.sequence, c.timeZone, c.reversalOf, c.final), ...(c.cancelled ? [property('Cancelled', 'true', 'boolean')] : [])],
    PersonnelActual: { ID: 'OPERATOR', PersonID: c.operator },
    MaterialActual: materials,
  };
}

function consumptionSegment(m: MaterialConsumption): XmlNode {
  return {
    ID: m.id,
    ActualStartTime: m.at,
    ActualEndTime: m.at,
    OperationsRequestID: m.workOrder.id,
    ...(m.operation ? { SegmentRequirementID: m.operation } : {}),
    SegmentData: segmentData(m.sequence, m.timeZone, m.reversalOf, undefined),
    PersonnelActual: { ID: 'OPERATOR', PersonID: m.operator },
    MaterialActual: {
      ID: 'CONSUMED',
      MaterialDefinitionID: m.material.code,
      ...(m.lot ? { MaterialLotID: m.lot } : {}),
      MaterialUse: 'Consumed',
      Quantity: quantity(m.quantity),
    },
  };
}

/** The SegmentResponse a cancellation deletes: the original's ID, which order, who and when; no quantities. */
function cancelSegment(message: EncodableMessage, original: string): XmlNode {
  const p = message.payload;
  const at = message.kind === 'completion' ? message.payload.actualEnd : message.payload.at;
  return {
    ID: original,
    ActualEndTime: at,
    OperationsRequestID: p.workOrder.id,
    ...(p.operation ? { SegmentRequirementID: p.operation } : {}),
    SegmentData: [...segmentData(p.sequence, p.timeZone, undefined, undefined), property('CancelledBy', message.key), property('Kind', message.kind)],
    PersonnelActual: { ID: 'OPERATOR', PersonID: p.operator },
  };
}

function materialActual(id: string, use: string, otherValue: string | undefined, q: Quantity, lots: string[]): XmlNode {
  return {
    ID: id,
    ...(lots.length > 0 ? { MaterialLotID: lots } : {}),
    MaterialUse: otherValue ? { '@_OtherValue': otherValue, '#text': use } : use,
    Quantity: quantity(q),
  };
}

function segmentData(sequence: number, timeZone: string, reversalOf: string | undefined, final: boolean | undefined): XmlNode[] {
  const data = [property('Sequence', String(sequence), 'integer'), property('TimeZone', timeZone)];
  if (final !== undefined) data.push(property('Final', String(final), 'boolean'));
  if (reversalOf) data.push(property('ReversalOf', reversalOf));
  return data;
}

function property(id: string, value: string, dataType = 'string'): XmlNode {
  return { ID: id, Value: { ValueString: value, DataType: dataType } };
}

function quantity(q: Quantity): XmlNode {
  return {
    QuantityString: formatNumber(q.value),
    DataType: 'decimal',
    UnitOfMeasure: { '@_listID': 'Rec20', '@_listAgencyID': '6', '#text': q.unit },
  };
}

/** xsd:decimal has no exponent form, so 1e-7 must be written out. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  const plain = String(value);
  if (!/e/i.test(plain)) return plain;
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}
