import { createHash } from 'node:crypto';
import type { WorkOrderInput, WorkOrderStatus } from '../../../../common/mes.ts';
import type { Result } from '../../../../common/result.ts';
import { fail, ok } from '../../../../common/result.ts';
import type { BodHeader } from './bod.ts';
import { readHeader, utcTime } from './bod.ts';
import { DecodeError, Reader } from './reader.ts';
import { parseB2mml } from './xml.ts';

/** One work order from a schedule, still in the MES's codes (the core applies the mapping tables). */
export type DecodedOrder = { messageId: string; order: WorkOrderInput };
export type DecodedSchedule = { verb: 'Process' | 'Sync'; header: BodHeader; scheduleId: string; orders: DecodedOrder[] };

const ROOTS = { ProcessOperationsSchedule: 'Process', SyncOperationsSchedule: 'Sync' } as const;
const PRODUCED = new Set(['Produced', 'Material Produced', 'Yield Produced', 'Co-product Produced', 'By-product Produced']);
const CONSUMED = new Set(['Consumed', 'Consumable', 'Material Consumed']);
const NUMERIC_TYPES = new Set(['decimal', 'double', 'float', 'integer', 'int', 'long', 'short', 'nonNegativeInteger', 'positiveInteger']);
const STATES: Record<string, WorkOrderStatus> = {
  Released: 'Released',
  Waiting: 'Released',
  Ready: 'Ready',
  Running: 'Running',
  Held: 'Held',
  Suspended: 'Held',
  Completed: 'Completed',
  Closed: 'Closed',
  Cancelled: 'Cancelled',
  Aborted: 'Cancelled',
};

/**
 * Reads a ProcessOperationsSchedule or SyncOperationsSchedule (B2MML V0701) into work orders, one
 * per OperationsRequest. A malformed message fails as a whole with the element path named, so a
 * schedule is never half applied.
 */
export function decodeOperationsSchedule(xml: string, system: string): Result<DecodedSchedule> {
  const parsed = parseB2mml(xml);
  if (!parsed.ok) return parsed;
  const verb = ROOTS[parsed.value.root as keyof typeof ROOTS];
  if (!verb) return fail('bad-request', `${parsed.value.root}: expected ProcessOperationsSchedule or SyncOperationsSchedule`, parsed.value.root);
  const root = new Reader(parsed.value.node, parsed.value.root);
  try {
    const data: Reader = root.required('DataArea');
    const verbElement = data.child(verb);
    const header = readHeader(root, verbElement);
    const deleting = verb === 'Sync' && actionCodes(verbElement).includes('Delete');
    const schedules = data.children('OperationsSchedule');
    if (schedules.length !== 1) data.fail(`expected one OperationsSchedule, found ${schedules.length}`, 'OperationsSchedule');
    const schedule: Reader = schedules[0]!;
    const scheduleId = schedule.requiredText('ID');
    const requests = schedule.children('OperationsRequest');
    if (requests.length === 0) schedule.fail('required element is missing', 'OperationsRequest');
    const documentId = header.bodId ?? createHash('sha256').update(xml).digest('hex').slice(0, 32);
    const orders = requests.map((request) => {
      const order = decodeRequest(request, schedule, header, system);
      if (deleting) order.status = 'Cancelled';
      return { messageId: `${documentId}/${order.id}`, order };
    });
    return ok({ verb, header, scheduleId, orders });
  } catch (error) {
    if (error instanceof DecodeError) return fail('bad-request', error.message, error.path);
    throw error;
  }
}

function actionCodes(verb: Reader | undefined): string[] {
  if (!verb) return [];
  return verb.children('ActionCriteria').flatMap((c) => c.children('ActionExpression').map((e) => e.attribute('actionCode') ?? ''));
}

function decodeRequest(request: Reader, schedule: Reader, header: BodHeader, system: string): WorkOrderInput {
  const id = request.requiredText('ID');
  const segments = request.children('SegmentRequirement');
  if (segments.length === 0) request.fail('required element is missing', 'SegmentRequirement');
  const produced = segments.flatMap((s) => s.children('MaterialRequirement').filter((m) => PRODUCED.has(m.text('MaterialUse') ?? '')));
  // The last operation's output is what the order makes; earlier ones are intermediate.
  const output = produced.at(-1);
  if (!output) request.fail('no SegmentRequirement has a MaterialRequirement with MaterialUse Produced: what does the order make?', 'SegmentRequirement');
  const start = utcTime(request, 'StartTime') ?? earliest(segments, 'EarliestStartTime');
  const end = utcTime(request, 'EndTime') ?? latest(segments, 'LatestEndTime');
  if (!start) request.fail('required element is missing (or EarliestStartTime on a SegmentRequirement)', 'StartTime');
  if (!end) request.fail('required element is missing (or LatestEndTime on a SegmentRequirement)', 'EndTime');
  if (Date.parse(end) < Date.parse(start)) request.fail(`ends (${end}) before it starts (${start})`, 'EndTime');
  const workCentre =
    request.child('HierarchyScope')?.text('EquipmentID') ??
    schedule.child('HierarchyScope')?.text('EquipmentID') ??
    segments[0]!.child('EquipmentRequirement')?.text('EquipmentID');
  if (!workCentre) request.fail('required element is missing: no work centre in HierarchyScope or EquipmentRequirement', 'HierarchyScope/EquipmentID');
  const order: WorkOrderInput = {
    system,
    id,
    revision: revisionOf(request, header),
    material: { code: output.requiredText('MaterialDefinitionID') },
    quantity: quantityOf(output.required('Quantity')),
    workCentre,
    scheduledStart: start,
    scheduledEnd: end,
    status: statusOf(request),
    operations: segments.map((segment, index) => operationOf(segment, index)),
    bom: segments.flatMap((segment) =>
      segment
        .children('MaterialRequirement')
        .filter((m) => CONSUMED.has(m.text('MaterialUse') ?? ''))
        .map((m) => ({ material: { code: m.requiredText('MaterialDefinitionID') }, quantity: quantityOf(m.required('Quantity')), operation: segment.requiredText('ID') })),
    ),
    parameters: segments.flatMap((segment) => segment.children('SegmentParameter').map(parameterOf)),
    description: request.text('Description') ?? '',
  };
  const priority = request.text('Priority');
  if (priority !== undefined) {
    const n = Number(priority);
    if (!Number.isInteger(n) || n < 1 || n > 999) request.fail(`"${priority}" is not a whole number from 1 to 999`, 'Priority');
    order.priority = n;
  }
  return order;
}

/** Version orders revisions; without one, the BOD's creation time (seconds) still orders resends. */
function revisionOf(request: Reader, header: BodHeader): number {
  const version = request.text('Version');
  if (version === undefined) return Math.floor(Date.parse(header.creationDateTime) / 1000);
  if (!/^\d{1,15}$/.test(version)) request.fail(`"${version}" is not a whole revision number`, 'Version');
  return Number(version);
}

function statusOf(request: Reader): WorkOrderStatus {
  const state = request.text('RequestState');
  if (state === undefined) return 'Released';
  const status = STATES[state];
  if (!status) request.fail(`"${state}" cannot be run (expected one of ${Object.keys(STATES).join(', ')})`, 'RequestState');
  return status;
}

function operationOf(segment: Reader, index: number) {
  const id = segment.requiredText('ID');
  const producedHere = segment.children('MaterialRequirement').find((m) => PRODUCED.has(m.text('MaterialUse') ?? ''));
  const workCentre = segment.child('EquipmentRequirement')?.text('EquipmentID');
  return {
    id,
    sequence: /^\d{1,9}$/.test(id) ? Number(id) : (index + 1) * 10,
    description: segment.text('Description') ?? segment.text('ProcessSegmentID') ?? '',
    ...(workCentre ? { workCentre } : {}),
    ...(producedHere?.child('Quantity') ? { quantity: quantityOf(producedHere.required('Quantity')) } : {}),
  };
}

function quantityOf(quantity: Reader) {
  const text = quantity.requiredText('QuantityString');
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || text.trim() === '') quantity.fail(`"${text}" is not a non-negative number`, 'QuantityString');
  const unit = quantity.requiredText('UnitOfMeasure');
  return { value, unit };
}

function parameterOf(parameter: Reader) {
  const name = parameter.requiredText('ID');
  const value = parameter.required('Value');
  const text = value.text('ValueString') ?? '';
  const type = value.text('DataType') ?? 'string';
  const unit = value.text('UnitOfMeasure');
  let typed: number | boolean | string = text;
  if (NUMERIC_TYPES.has(type)) {
    typed = Number(text);
    if (text === '' || !Number.isFinite(typed)) value.fail(`"${text}" is not a ${type}`, 'ValueString');
  } else if (type === 'boolean') {
    if (text !== 'true' && text !== 'false' && text !== '1' && text !== '0') value.fail(`"${text}" is not a boolean`, 'ValueString');
    typed = text === 'true' || text === '1';
  }
  return unit ? { name, value: typed, unit } : { name, value: typed };
}

function earliest(segments: Reader[], name: string): string | undefined {
  const times = segments.map((s) => utcTime(s, name)).filter((t): t is string => t !== undefined);
  return times.sort()[0];
}

function latest(segments: Reader[], name: string): string | undefined {
  const times = segments.map((s) => utcTime(s, name)).filter((t): t is string => t !== undefined);
  return times.sort().at(-1);
}
