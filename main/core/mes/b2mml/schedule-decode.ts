import { createHash } from 'node:crypto';
import type { WorkOrderInput, WorkOrderStatus } from '../../../../common/mes.ts';
import type { Result } from '../../../../common/result.ts';
import { fail, ok } from '../../../../common/result.ts';
import type { BodHeader } from './bod.ts';
import { readHeader, utcTime } from './bod.ts';
import { addDuration } from './duration.ts';
import { DecodeError, Reader } from './reader.ts';
import { parseB2mml } from './xml.ts';

/** One work order from a schedule, still in the MES's codes (the core applies the mapping tables). */
export type DecodedOrder = {
  /** The inbox id in queue mode: this document's BODID (or digest) and the order id. */
  messageId: string;
  orderId: string;
  /** What tells this state of the order from another in a snapshot: its Version, else a digest of its content. */
  version: string;
  order: WorkOrderInput;
};
/** An OperationsRequest that could not be read: refused on its own, the others of the schedule still apply. */
export type RefusedOrder = { messageId: string; orderId: string; version: string; reason: string; path: string; raw: string };
export type DecodedSchedule = { verb: 'Process' | 'Sync'; header: BodHeader; scheduleIds: string[]; orders: Array<DecodedOrder | RefusedOrder> };

export function isRefused(order: DecodedOrder | RefusedOrder): order is RefusedOrder {
  return 'reason' in order;
}

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
 * per OperationsRequest, in every OperationsSchedule of the message. Only what the line needs is
 * required (README: "What a schedule must carry"); elements of other namespaces are ignored. A
 * message that is not a schedule at all fails as a whole; an OperationsRequest that cannot be read
 * is refused alone, with the element path named, and the others are still returned.
 */
export function decodeOperationsSchedule(xml: string, system: string): Result<DecodedSchedule> {
  const parsed = parseB2mml(xml);
  if (!parsed.ok) return parsed;
  const verb = ROOTS[parsed.value.root as keyof typeof ROOTS];
  if (!verb) return fail('bad-request', `${parsed.value.root}: expected ProcessOperationsSchedule or SyncOperationsSchedule`, parsed.value.root);
  const root = new Reader(parsed.value.node, parsed.value.root);
  let header: BodHeader;
  let schedules: Reader[];
  let deleting: boolean;
  try {
    const data: Reader = root.required('DataArea');
    const verbElement = data.child(verb);
    header = readHeader(root, verbElement);
    deleting = verb === 'Sync' && actionCodes(verbElement).includes('Delete');
    schedules = data.children('OperationsSchedule');
    if (schedules.length === 0) data.fail('required element is missing', 'OperationsSchedule');
    if (schedules.every((s) => s.children('OperationsRequest').length === 0)) schedules[0]!.fail('required element is missing', 'OperationsRequest');
  } catch (error) {
    if (error instanceof DecodeError) return fail('bad-request', error.message, error.path);
    throw error;
  }
  const documentId = header.bodId ?? digest(xml);
  const orders = schedules.flatMap((schedule) =>
    schedule.children('OperationsRequest').map((request, index): DecodedOrder | RefusedOrder => {
      const orderId = request.text('ID') ?? `(no ID: OperationsRequest[${index}])`;
      const messageId = `${documentId}/${orderId}`;
      try {
        const order = decodeRequest(request, schedule, header, system);
        if (deleting) order.status = 'Cancelled';
        return { messageId, orderId, version: request.text('Version') ?? contentVersion(order), order };
      } catch (error) {
        if (!(error instanceof DecodeError)) throw error;
        const raw = JSON.stringify(request.node);
        return { messageId, orderId, version: request.text('Version') ?? digest(raw), reason: error.message, path: error.path, raw };
      }
    }),
  );
  return ok({ verb, header, scheduleIds: schedules.map((s) => s.text('ID') ?? ''), orders });
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** Without a Version, the order's content tells one state from another (its revision is the BOD's time, new in every message). */
function contentVersion(order: WorkOrderInput): string {
  const { revision: _, ...content } = order;
  return `#${digest(JSON.stringify(content))}`;
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
  const workCentre = request.child('HierarchyScope')?.text('EquipmentID') ?? schedule.child('HierarchyScope')?.text('EquipmentID') ?? segments[0]!.child('EquipmentRequirement')?.text('EquipmentID');
  if (!workCentre) request.fail('required element is missing: no work centre in HierarchyScope or EquipmentRequirement', 'HierarchyScope/EquipmentID');
  const order: WorkOrderInput = {
    system,
    id,
    revision: revisionOf(request, header),
    material: { code: output.requiredText('MaterialDefinitionID') },
    quantity: quantityOf(output.required('Quantity')),
    workCentre,
    ...scheduleOf(request, segments),
    status: statusOf(request),
    operations: segments.map((segment, index) => operationOf(segment, index)),
    bom: segments.flatMap((segment) => segment.children('MaterialRequirement').flatMap((m) => bomLineOf(m, segment))),
    parameters: segments.flatMap((segment) => segment.children('SegmentParameter').flatMap(parameterOf)),
    description: request.text('Description') ?? '',
  };
  const priority = request.text('Priority');
  if (priority !== undefined) {
    // PriorityType is an xsd:decimal: any number is valid B2MML; the queue keeps 1..999.
    const n = Number(priority);
    if (!Number.isFinite(n) || priority.trim() === '') request.fail(`"${priority}" is not a number`, 'Priority');
    order.priority = Math.min(999, Math.max(1, Math.round(n)));
  }
  return order;
}

/**
 * The scheduled start and end, each optional in B2MML: StartTime (or the earliest segment's
 * EarliestStartTime); EndTime, or the latest LatestEndTime, or the start plus the segments' Durations.
 */
function scheduleOf(request: Reader, segments: Reader[]): { scheduledStart?: string; scheduledEnd?: string } {
  const start = utcTime(request, 'StartTime') ?? earliest(segments, 'EarliestStartTime');
  let end = utcTime(request, 'EndTime') ?? latest(segments, 'LatestEndTime');
  if (end === undefined && start !== undefined) {
    let at: string | undefined;
    for (const segment of segments) {
      const text = segment.text('Duration');
      if (text === undefined) continue;
      at = addDuration(at ?? start, text);
      if (at === undefined) segment.fail(`"${text}" is not an xsd:duration (e.g. PT8H, P1DT2H30M)`, 'Duration');
    }
    end = at;
  }
  if (start !== undefined && end !== undefined && Date.parse(end) < Date.parse(start)) request.fail(`ends (${end}) before it starts (${start})`, 'EndTime');
  return { ...(start !== undefined ? { scheduledStart: start } : {}), ...(end !== undefined ? { scheduledEnd: end } : {}) };
}

/** A consumed MaterialRequirement as a BOM line; one without a MaterialDefinitionID or Quantity (e.g. a MaterialClassID only) cannot be backflushed and is left out. */
function bomLineOf(m: Reader, segment: Reader) {
  if (!CONSUMED.has(m.text('MaterialUse') ?? '')) return [];
  const code = m.text('MaterialDefinitionID');
  const quantity = m.child('Quantity');
  if (code === undefined || quantity === undefined) return [];
  return [{ material: { code }, quantity: quantityOf(quantity), operation: segment.requiredText('ID') }];
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
  // UnitOfMeasure is optional in B2MML, but the line cannot count a quantity without its unit.
  const unit = quantity.text('UnitOfMeasure');
  if (unit === undefined) quantity.fail('required element is missing or empty: the line needs the unit of a quantity', 'UnitOfMeasure');
  return { value, unit };
}

/** A SegmentParameter with its Value; one without a Value (optional in B2MML) carries nothing to write and is left out. */
function parameterOf(parameter: Reader) {
  const name = parameter.requiredText('ID');
  const value = parameter.child('Value');
  if (!value) return [];
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
  return [unit ? { name, value: typed, unit } : { name, value: typed }];
}

function earliest(segments: Reader[], name: string): string | undefined {
  const times = segments.map((s) => utcTime(s, name)).filter((t): t is string => t !== undefined);
  return times.sort()[0];
}

function latest(segments: Reader[], name: string): string | undefined {
  const times = segments.map((s) => utcTime(s, name)).filter((t): t is string => t !== undefined);
  return times.sort().at(-1);
}
