import type { DowntimeEvent } from '../../../../common/mes.ts';
import type { OutboundMessage } from '../connector.ts';
import { applicationArea } from './bod.ts';
import type { EncodeOptions } from './performance-encode.ts';
import { buildB2mml } from './xml.ts';

export type DowntimeMessage = Extract<OutboundMessage, { kind: 'downtime' }>;

/**
 * A downtime event as ISA-95 Part 2's operations event (NotifyOperationsEvent, B2MML V0701): the
 * stop's start is its EffectiveTimeStamp, the end (once known) a child event carrying the duration,
 * the category, reason code (`Reason:unclassified` until an operator gives one) and phase (`State:
 * started | classified | ended`) its Categories. Each change of the same stop (start, reason, end)
 * is a new BOD (BODID = idempotency key) about the same event ID with a rising Version (the key's
 * `.vN`), so the MES keeps the latest.
 */
export function encodeDowntimeEvent(message: DowntimeMessage, options: EncodeOptions): string {
  const event: DowntimeEvent = message.payload;
  const phase = event.end ? 'ended' : event.reason ? 'classified' : 'started';
  const categories = [`Downtime:${event.category}`, `Reason:${event.reason ?? 'unclassified'}`, `State:${phase}`];
  const version = /\.v(\d+)$/.exec(message.key)?.[1];
  return buildB2mml('NotifyOperationsEvent', {
    ApplicationArea: applicationArea(options.senderId, message.key, options.createdAt, 'Always'),
    DataArea: {
      Sync: { ActionCriteria: { ActionExpression: { '@_actionCode': 'Change' } } },
      OperationsEvent: {
        ID: event.id,
        Description: event.end ? 'Downtime (ended)' : 'Downtime (ongoing)',
        ...(version ? { Version: version } : {}),
        HierarchyScope: { EquipmentID: event.equipment, EquipmentLevel: 'WorkCell' },
        EffectiveTimeStamp: event.start,
        RecordTimeStamp: options.createdAt,
        OperationsEventType: 'Event',
        OperationsType: 'Production',
        Category: categories,
        Source: [`TimeZone:${event.timeZone}`, ...(event.operator ? [`Operator:${event.operator}`] : []), ...(event.workOrder ? [`WorkOrder:${event.workOrder.id}`] : [])],
        ...(event.end
          ? {
              OperationsEventChild: {
                ID: `${event.id}-end`,
                Description: 'Downtime end',
                EffectiveTimeStamp: event.end,
                OperationsEventType: 'Event',
                ...(event.durationMs !== undefined ? { Category: `Duration:${isoDuration(event.durationMs)}` } : {}),
              },
            }
          : {}),
      },
    },
  });
}

/** Milliseconds as an ISO 8601 / xsd:duration: `PT750S`, `PT0.5S`. */
export function isoDuration(ms: number): string {
  const seconds = Math.round(ms) / 1000;
  return `PT${Number.isInteger(seconds) ? seconds.toFixed(0) : String(seconds)}S`;
}
