import type { LineStatus, OrderChange, StoredWorkOrder } from '../../../common/mes-contract.ts';
import type { WorkOrderStatus } from '../../../common/mes.ts';
import { reasonMessage, type ReasonKey, type ReasonParams } from '../../../common/reasons.ts';

/** Running or held: the order is on its line. */
export const isOnLine = (s: WorkOrderStatus): boolean => s === 'Running' || s === 'Held';

type Notice = LineStatus['notices'][number];
type Said = { key: ReasonKey; params: ReasonParams };

/**
 * What the banner and the line status say about an order on the line that needs a person: the English
 * `text`, and the same as keys (`reason`, a revision's `changes`) that the renderer says in the reader's language.
 */
export function noticeOf(o: StoredWorkOrder, unit: string): Notice | undefined {
  const c = o.progress.cancel;
  if (c && o.status === 'Held') {
    const counted = { order: o.order.id, good: o.progress.good, reject: o.progress.reject, unit: unitText(unit), unitCode: unit };
    const reason: Said = c.state === 'confirmed' ? { key: 'order.cancelledConfirmed', params: { ...counted, completion: String(c.completion) } } : { key: 'order.cancelledAwaiting', params: counted };
    return { key: o.key, kind: c.state === 'confirmed' ? 'cancelled' : 'awaiting-decision', text: reasonMessage(reason.key, reason.params), reason };
  }
  const r = o.progress.pendingRevision;
  if (r && isOnLine(o.status)) {
    const changes = changeTexts(r.changes);
    const reason: Said = { key: 'order.revisionWaiting', params: { order: o.order.id, revision: r.revision, changes: joinChanges(changes) } };
    return { key: o.key, kind: 'revision', text: reasonMessage(reason.key, reason.params), reason, changes };
  }
  return undefined;
}

function joinChanges(changes: readonly Said[]): string {
  return changes.map((c) => reasonMessage(c.key, c.params)).join(', ');
}

/** Each change as a key: the quantity, each other field, the bill of materials as one (its line count). */
function changeTexts(changes: readonly OrderChange[]): Said[] {
  const bom = changes.filter((c) => c.field.startsWith('bom.')).length;
  return [
    ...changes
      .filter((c) => !c.field.startsWith('bom.'))
      .map((c): Said => {
        if (c.field === 'quantity') {
          const [a, b] = [c.from as { value: number; unit: string }, c.to as { value: number; unit: string }];
          return { key: 'order.changeQuantity', params: { from: a.value, to: b.value, unit: unitText(b.unit), unitCode: b.unit } };
        }
        const name = c.field.startsWith('parameters.') ? c.field.slice('parameters.'.length) : c.field;
        return { key: 'order.changeField', params: { name, from: format(c.from), to: format(c.to) } };
      }),
    ...(bom > 0 ? [{ key: bom === 1 ? 'order.changeBom_one' : 'order.changeBom_other', params: { count: bom } } satisfies Said] : []),
  ];
}

function format(v: unknown): string {
  return v === null || v === undefined ? reasonMessage('order.noValue') : Array.isArray(v) ? v.join('/') : String(v);
}

/** Short names of common UNECE Rec 20 codes for the texts people read; others as they are. */
function unitText(code: string): string {
  return ({ H87: 'pcs', C62: 'pcs', KGM: 'kg', LTR: 'l', CS: 'cases' } as Record<string, string>)[code] ?? code;
}
