import type { Parameter, Quantity, WorkOrderInput } from '../../../../common/mes.ts';
import type { ConfirmationRequest } from './bod.ts';
import { applicationArea } from './bod.ts';
import { formatNumber } from './performance-encode.ts';
import type { XmlNode } from './xml.ts';
import { buildB2mml } from './xml.ts';

/**
 * How the planned times are written, all valid B2MML: StartTime and EndTime (with the segments'
 * EarliestStartTime and LatestEndTime), StartTime and each segment's Duration, or no times at all.
 */
export type ScheduleTimes = 'end' | 'duration' | 'none';
export type ScheduleHeader = { senderId: string; bodId: string; createdAt: string; confirmation: ConfirmationRequest; scheduleId: string; times?: ScheduleTimes };

const REQUEST_STATES: Record<string, string> = { Cancelled: 'Cancelled' };

/**
 * ProcessOperationsSchedule for work orders (what an MES sends; the simulator and tests use it).
 * The inverse of `decodeOperationsSchedule` for every field B2MML carries: one SegmentRequirement
 * per operation, the produced material and BOM lines as MaterialRequirements of their operation,
 * parameters as SegmentParameters of the first.
 */
export function encodeOperationsSchedule(orders: WorkOrderInput[], header: ScheduleHeader): string {
  return buildB2mml('ProcessOperationsSchedule', {
    ApplicationArea: applicationArea(header.senderId, header.bodId, header.createdAt, header.confirmation),
    DataArea: {
      Process: header.confirmation === 'Never' ? '' : { '@_acknowledgeCode': header.confirmation },
      OperationsSchedule: {
        ID: header.scheduleId,
        OperationsType: 'Production',
        OperationsRequest: orders.map((order) => request(order, header.times ?? 'end')),
      },
    },
  });
}

function request(order: WorkOrderInput, times: ScheduleTimes): XmlNode {
  const operations = order.operations && order.operations.length > 0 ? order.operations : [{ id: '0010', sequence: 10, description: '', workCentre: order.workCentre }];
  const start = times === 'none' ? undefined : order.scheduledStart;
  const end = times === 'end' ? order.scheduledEnd : undefined;
  // The whole order's duration on its first segment (the decoder adds the segments' durations up).
  const duration = times === 'duration' && order.scheduledStart && order.scheduledEnd ? xsdDuration(Date.parse(order.scheduledEnd) - Date.parse(order.scheduledStart)) : undefined;
  return {
    ID: order.id,
    ...(order.description ? { Description: order.description } : {}),
    Version: String(order.revision),
    ...(start ? { StartTime: start } : {}),
    ...(end ? { EndTime: end } : {}),
    HierarchyScope: { EquipmentID: order.workCentre, EquipmentLevel: 'ProductionLine' },
    OperationsType: 'Production',
    ...(order.priority !== undefined ? { Priority: String(order.priority) } : {}),
    RequestState: REQUEST_STATES[order.status ?? 'Released'] ?? order.status ?? 'Released',
    SegmentRequirement: operations.map((operation, index) => {
      const last = index === operations.length - 1;
      const bom = (order.bom ?? []).filter((line) => (line.operation ?? operations[0]!.id) === operation.id);
      return {
        ID: operation.id,
        ...(operation.description ? { Description: operation.description } : {}),
        ...(start ? { EarliestStartTime: start } : {}),
        ...(end ? { LatestEndTime: end } : {}),
        ProcessSegmentID: operation.id,
        ...(index === 0 && duration ? { Duration: duration } : {}),
        OperationsDefinitionID: order.material.code,
        OperationsSegmentID: operation.id,
        ...(index === 0 && (order.parameters ?? []).length > 0 ? { SegmentParameter: (order.parameters ?? []).map(parameter) } : {}),
        ...(operation.workCentre ? { EquipmentRequirement: { ID: 'EQ-1', EquipmentID: operation.workCentre, EquipmentUse: 'Used' } } : {}),
        MaterialRequirement: [
          // The order's output is produced by its last operation; earlier ones state their own quantity.
          ...(last || operation.quantity ? [{ ID: 'OUT', MaterialDefinitionID: order.material.code, MaterialUse: 'Produced', Quantity: quantity(last ? order.quantity : operation.quantity!) }] : []),
          ...bom.map((line, i) => ({ ID: `IN-${i + 1}`, MaterialDefinitionID: line.material.code, MaterialUse: 'Consumed', Quantity: quantity(line.quantity) })),
        ],
      };
    }),
  };
}

function parameter(p: Parameter): XmlNode {
  const dataType = typeof p.value === 'number' ? 'decimal' : typeof p.value === 'boolean' ? 'boolean' : 'string';
  return {
    ID: p.name,
    Value: {
      ValueString: typeof p.value === 'number' ? formatNumber(p.value) : String(p.value),
      DataType: dataType,
      ...(p.unit ? { UnitOfMeasure: p.unit } : {}),
    },
  };
}

function xsdDuration(ms: number): string {
  return `PT${formatNumber(Math.max(0, ms) / 1000)}S`;
}

function quantity(q: Quantity): XmlNode {
  return { QuantityString: formatNumber(q.value), DataType: 'decimal', UnitOfMeasure: q.unit };
}
