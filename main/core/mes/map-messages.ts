import type { Completion, DowntimeEvent, MappingTables, MaterialConsumption, MissingMapping } from '../../../common/mes.ts';
import { CodeMapper } from './mappings.ts';
import type { OutboundMessage } from './connector.ts';

type Mapped = { ok: true; message: OutboundMessage } | { ok: false; missing: readonly MissingMapping[] };

/**
 * An outbox message with local codes → the same message in the MES's codes. Mapping happens at
 * delivery, not when the message is written, so a mapping added later releases a blocked message.
 */
export function mapOutbound(message: OutboundMessage, tables: MappingTables): Mapped {
  const m = new CodeMapper(tables, 'outbound');
  let mapped: OutboundMessage;
  switch (message.kind) {
    case 'completion': {
      const p: Completion = message.payload;
      mapped = {
        ...message,
        payload: {
          ...p,
          good: m.quantity(p.good),
          scrap: p.scrap.map((s) => ({ quantity: m.quantity(s.quantity), reason: m.code('reasonCodes', s.reason) })),
          ...(p.rework ? { rework: m.quantity(p.rework) } : {}),
        },
      };
      break;
    }
    case 'consumption': {
      const p: MaterialConsumption = message.payload;
      mapped = { ...message, payload: { ...p, material: { ...p.material, code: m.code('materials', p.material.code) }, quantity: m.quantity(p.quantity) } };
      break;
    }
    case 'downtime': {
      const p: DowntimeEvent = message.payload;
      mapped = { ...message, payload: { ...p, equipment: m.code('workCentres', p.equipment), ...(p.reason ? { reason: m.code('reasonCodes', p.reason) } : {}) } };
      break;
    }
  }
  return m.problems.length > 0 ? { ok: false, missing: m.problems } : { ok: true, message: mapped };
}
