import type { LineStatus, OrderChange, StoredWorkOrder } from '../../../common/mes-contract.ts';
import type { WorkOrderStatus } from '../../../common/mes.ts';

/** Running or held: the order is on its line. */
export const isOnLine = (s: WorkOrderStatus): boolean => s === 'Running' || s === 'Held';

/** What the banner and the line status say about an order on the line that needs a person. */
export function noticeOf(o: StoredWorkOrder, unit: string): LineStatus['notices'][number] | undefined {
  const c = o.progress.cancel;
  if (c && o.status === 'Held') {
    const good = o.progress.good;
    const reject = o.progress.reject;
    const counted = `${good} good and ${reject} rejected ${unitText(unit)} in all`;
    return c.state === 'confirmed'
      ? { key: o.key, kind: 'cancelled', text: `${o.order.id} was cancelled by MES/ERP while on the line: the line is held; ${counted} confirmed, the last as final partial ${c.completion}. Acknowledge it on Work orders.` }
      : { key: o.key, kind: 'awaiting-decision', text: `${o.order.id} was cancelled by MES/ERP while on the line: the line is held; ${counted} wait for a supervisor's decision.` };
  }
  const r = o.progress.pendingRevision;
  if (r && isOnLine(o.status)) return { key: o.key, kind: 'revision', text: `${o.order.id} revision ${r.revision} from MES/ERP waits for acceptance: ${describeChanges(r.changes)}.` };
  return undefined;
}

export function describeChanges(changes: readonly OrderChange[]): string {
  const bom = changes.filter((c) => c.field.startsWith('bom.')).length;
  return [
    ...changes
      .filter((c) => !c.field.startsWith('bom.'))
      .map((c) => {
        if (c.field === 'quantity') {
          const [a, b] = [c.from as { value: number; unit: string }, c.to as { value: number; unit: string }];
          return `quantity ${a.value} → ${b.value} ${unitText(b.unit)}`;
        }
        const name = c.field.startsWith('parameters.') ? c.field.slice('parameters.'.length) : c.field;
        return `${name} ${format(c.from)} → ${format(c.to)}`;
      }),
    ...(bom > 0 ? [`bill of materials (${bom} line${bom === 1 ? '' : 's'})`] : []),
  ].join(', ');
}

function format(v: unknown): string {
  return v === null || v === undefined ? '(none)' : Array.isArray(v) ? v.join('/') : String(v);
}

/** Short names of common UNECE Rec 20 codes for the texts people read; others as they are. */
function unitText(code: string): string {
  return ({ H87: 'pcs', C62: 'pcs', KGM: 'kg', LTR: 'l', CS: 'cases' } as Record<string, string>)[code] ?? code;
}
