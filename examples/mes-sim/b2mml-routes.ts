import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WorkOrderInput } from '../../common/mes.ts';
import type { Confirmation } from '../../main/core/mes/b2mml/confirm-bod.ts';
import { decodeConfirmBod, encodeConfirmBod } from '../../main/core/mes/b2mml/confirm-bod.ts';
import { Reader } from '../../main/core/mes/b2mml/reader.ts';
import { encodeOperationsSchedule } from '../../main/core/mes/b2mml/schedule-encode.ts';
import { validateB2mml } from '../../main/core/mes/b2mml/schema-validator.ts';
import { parseB2mml } from '../../main/core/mes/b2mml/xml.ts';
import type { MesSim } from './sim-server.ts';
import { scheduledOrders } from './sim-modes.ts';
import type { ReceivedMessage, SimOrder } from './sim-types.ts';
import { downtimeFields } from './downtime-view.ts';
import { afterCommitFault } from './sim-http.ts';

const SENDER = 'MES-SIM';
const BODID_SLOT = 'SNAPSHOT-BODID-SLOT';
const CREATED_SLOT = '2000-01-01T00:00:00.000Z';

/**
 * The simulator's B2MML V0701 endpoints, beside its REST API and over the same orders and received
 * messages: `GET /b2mml/schedules` offers the oldest order revision not yet confirmed as a
 * ProcessOperationsSchedule (204 when none), `POST /b2mml/confirm` takes Lineside's ConfirmBOD for
 * it, `POST /b2mml/performance` and `/b2mml/events` take SyncOperationsPerformance and
 * NotifyOperationsEvent (checked against MESA's schemas, applied once per BODID, answered with a
 * ConfirmBOD), `GET /b2mml/messages?key=` says whether a key was applied. In snapshot mode
 * (`sim-modes.ts`) the schedules GET answers the whole current schedule every time.
 */
export class B2mmlSimRoutes {
  /** Order id → the revision Lineside confirmed. */
  readonly confirmedRevisions = new Map<string, number>();
  readonly confirmations: Confirmation[] = [];
  /** Documents that failed schema validation, with libxml2's words. */
  readonly invalid: string[] = [];
  private readonly offered = new Map<string, Array<{ id: string; revision: number }>>();
  private readonly sim: MesSim;
  private snapshots = 0;
  /** The current schedule as last encoded, with slots for each answer's BODID and CreationDateTime. */
  private encoded: { state: string; xml: string } | undefined;

  constructor(sim: MesSim) {
    this.sim = sim;
    sim.addRoute('GET', '/b2mml/schedules', (_req, res) => this.schedules(res));
    sim.addRoute('POST', '/b2mml/confirm', (_req, res, body) => this.confirm(res, body));
    sim.addRoute('POST', '/b2mml/performance', (req, res, body) => this.receive(req, res, body, 'SyncOperationsPerformance'));
    sim.addRoute('POST', '/b2mml/events', (req, res, body) => this.receive(req, res, body, 'NotifyOperationsEvent'));
    sim.addRoute('GET', '/b2mml/messages', (_req, res, _body, url) => {
      // An MES without read-back (modes.readBack false) has no such endpoint.
      if (!this.sim.state.modes.readBack) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no endpoint GET /b2mml/messages');
      const key = url.searchParams.get('key') ?? '';
      res.writeHead(this.sim.state.has(key) ? 200 : 404).end();
    });
  }

  private schedules(res: ServerResponse): void {
    if (this.sim.state.modes.snapshot) return this.snapshot(res);
    const pending = this.sim.state.ordersSince(0).orders.find((o) => o.revision > (this.confirmedRevisions.get(o.id) ?? 0));
    if (!pending) return void res.writeHead(204).end();
    this.offer(res, `SCHED-${pending.id}-R${pending.revision}`, `SCHED-${pending.id}`, [pending]);
  }

  /**
   * The whole current schedule, under a fresh BODID every time (as a snapshot MES sends it); 204 when
   * it is empty. The document is encoded once per state of the orders; each answer gets its own BODID
   * and CreationDateTime, so a large schedule is answered at once, as a real MES's cached one would be.
   */
  private snapshot(res: ServerResponse): void {
    const orders = scheduledOrders(this.sim.state.ordersSince(0).orders);
    if (orders.length === 0) return void res.writeHead(204).end();
    this.snapshots += 1;
    const bodId = `SNAPSHOT-${this.snapshots}`;
    this.offered.set(
      bodId,
      orders.map((o) => ({ id: o.id, revision: o.revision })),
    );
    // Every change of an order raises its revision; a removed order is missing from the list.
    const state = `${this.sim.state.modes.times} ${orders.map((o) => `${o.id}@${o.revision}`).join(' ')}`;
    if (this.encoded?.state !== state) {
      const inputs = orders.map((o) => ({ system: 'mes-sim', ...o }) as unknown as WorkOrderInput);
      const xml = encodeOperationsSchedule(inputs, { senderId: SENDER, bodId: BODID_SLOT, createdAt: CREATED_SLOT, confirmation: 'Always', scheduleId: 'SCHEDULE-CURRENT', times: this.sim.state.modes.times });
      this.encoded = { state, xml };
    }
    const xml = this.encoded.xml.replace(BODID_SLOT, bodId).replace(CREATED_SLOT, new Date().toISOString());
    res.writeHead(200, { 'Content-Type': 'application/xml; charset=utf-8' }).end(xml);
  }

  private offer(res: ServerResponse, bodId: string, scheduleId: string, orders: SimOrder[]): void {
    this.offered.set(
      bodId,
      orders.map((o) => ({ id: o.id, revision: o.revision })),
    );
    const inputs = orders.map((o) => ({ system: 'mes-sim', ...o }) as unknown as WorkOrderInput);
    const xml = encodeOperationsSchedule(inputs, { senderId: SENDER, bodId, createdAt: new Date().toISOString(), confirmation: 'Always', scheduleId, times: this.sim.state.modes.times });
    res.writeHead(200, { 'Content-Type': 'application/xml; charset=utf-8' }).end(xml);
  }

  private confirm(res: ServerResponse, body: string): void {
    const confirm = decodeConfirmBod(body);
    if (!confirm.ok) return void res.writeHead(400, { 'Content-Type': 'text/plain' }).end(confirm.error.message);
    this.confirmations.push(confirm.value);
    const offered = this.offered.get(confirm.value.originalBodId);
    if (!offered) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`no schedule ${confirm.value.originalBodId} was offered`);
    // A rejection is an answer too: the MES stops offering that revision and a person looks at it.
    for (const o of offered) this.confirmedRevisions.set(o.id, Math.max(o.revision, this.confirmedRevisions.get(o.id) ?? 0));
    res.writeHead(200).end();
  }

  private async receive(req: IncomingMessage, res: ServerResponse, body: string, root: 'SyncOperationsPerformance' | 'NotifyOperationsEvent'): Promise<void> {
    const valid = await validateB2mml(body);
    if (!valid.ok) {
      this.invalid.push(valid.error.message);
      return this.answer(res, 400, undefined, false, [valid.error.message]);
    }
    const parsed = parseB2mml(body);
    if (!parsed.ok || parsed.value.root !== root) return this.answer(res, 400, undefined, false, [`expected ${root}`]);
    const doc = new Reader(parsed.value.node, root);
    const area = doc.required('ApplicationArea');
    const key = area.text('BODID') ?? '';
    if (req.headers['idempotency-key'] !== key) return this.answer(res, 400, key, false, ['the Idempotency-Key header must equal the BODID']);
    const message = root === 'NotifyOperationsEvent' ? this.event(doc, key) : (this.deletion(doc, key) ?? this.performance(doc, key));
    if (typeof message === 'string') return this.answer(res, 422, key, false, [message]);
    const created = this.sim.state.apply(message);
    if (created && message.body['final'] === true && this.sim.state.order(message.subject)?.['status'] !== 'Cancelled') this.sim.state.putOrder({ id: message.subject, status: 'Completed' });
    // As on the REST routes: the message is applied at once; the reply may be late, dropped or a failure.
    const failed = (status: number) => void res.writeHead(status, { 'Content-Type': 'text/plain' }).end('simulated failure after commit');
    if (await afterCommitFault(this.sim.state.faults, req, failed)) return;
    this.answer(res, created ? 201 : 200, key, true, created ? [] : ['duplicate: already applied']);
  }

  /**
   * A Sync with actionCode Delete: an aware MES takes it as the cancellation of the SegmentResponse it
   * names; a naive one (modes.naiveReversals) ignores the action code and reads it as a performance.
   */
  private deletion(doc: Reader, key: string): ReceivedMessage | string | undefined {
    if (this.sim.state.modes.naiveReversals) return undefined;
    const data = doc.required('DataArea');
    const codes = (data.child('Sync')?.children('ActionCriteria') ?? []).flatMap((c) => c.children('ActionExpression').map((e) => e.attribute('actionCode')));
    if (!codes.includes('Delete')) return undefined;
    const response = data.required('OperationsPerformance').required('OperationsResponse');
    const cancels = response.required('SegmentResponse').text('ID') ?? '';
    const original = this.sim.state.received.find((m) => m.key === cancels);
    if (!original) return `nothing to cancel: no SegmentResponse ${cancels}`;
    return { key, kind: 'cancellation', subject: original.subject, body: { cancels, workOrder: { id: response.text('OperationsRequestID') } }, receivedAt: Date.now() };
  }

  private performance(doc: Reader, key: string): ReceivedMessage | string {
    const response = doc.required('DataArea').required('OperationsPerformance').required('OperationsResponse');
    const orderId = response.text('OperationsRequestID') ?? '';
    if (!this.sim.state.order(orderId)) return `unknown work order ${orderId}`;
    const segment = response.required('SegmentResponse');
    const data = Object.fromEntries(segment.children('SegmentData').map((d) => [d.text('ID') ?? '', d.child('Value')?.text('ValueString') ?? '']));
    const materials = segment.children('MaterialActual').map((m) => ({
      id: m.text('ID') ?? '',
      use: m.text('MaterialUse') ?? '',
      material: m.text('MaterialDefinitionID'),
      lot: m.text('MaterialLotID'),
      lots: m.children('MaterialLotID').map((l) => l.ownText()),
      value: Number(m.child('Quantity')?.text('QuantityString')),
      unit: m.child('Quantity')?.text('UnitOfMeasure') ?? '',
    }));
    const good = materials.find((m) => m.id === 'GOOD');
    const consumed = materials.find((m) => m.use === 'Consumed');
    const sequence = Number(data['Sequence']);
    const common = { id: segment.text('ID'), workOrder: { id: orderId }, ...(Number.isInteger(sequence) ? { sequence } : {}), ...(data['ReversalOf'] ? { reversalOf: data['ReversalOf'] } : {}) };
    if (!good && !consumed) return 'the SegmentResponse has neither a GOOD nor a Consumed MaterialActual';
    return {
      key,
      kind: good ? 'completion' : 'consumption',
      subject: orderId,
      ...(Number.isInteger(sequence) ? { sequence } : {}),
      body: good
        ? { ...common, final: data['Final'] === 'true', ...(data['Cancelled'] === 'true' ? { cancelled: true } : {}), materials, good: { value: good.value, unit: good.unit }, lots: good.lots }
        : { ...common, material: { code: consumed!.material }, ...(consumed!.lot ? { lot: consumed!.lot } : {}), quantity: { value: consumed!.value, unit: consumed!.unit } },
      receivedAt: Date.now(),
    };
  }

  private event(doc: Reader, key: string): ReceivedMessage {
    const event = doc.required('DataArea').required('OperationsEvent');
    const categories = event.children('Category').map((c) => c.ownText());
    const end = event.child('OperationsEventChild');
    return {
      key,
      kind: 'downtime',
      subject: event.text('ID') ?? '',
      body: {
        id: event.text('ID'),
        equipment: event.child('HierarchyScope')?.text('EquipmentID'),
        start: event.text('EffectiveTimeStamp'),
        categories,
        ...downtimeFields(categories, event.text('Version'), end?.text('EffectiveTimeStamp'), end?.children('Category').map((c) => c.ownText()) ?? []),
      },
      receivedAt: Date.now(),
    };
  }

  private answer(res: ServerResponse, status: number, bodId: string | undefined, accepted: boolean, notes: string[]): void {
    const now = new Date().toISOString();
    const xml = encodeConfirmBod({ originalBodId: bodId || 'unknown', originalCreationDateTime: now, accepted, notes }, { senderId: SENDER, bodId: `CONFIRM-${bodId || 'unknown'}`, createdAt: now });
    res.writeHead(status, { 'Content-Type': 'application/xml; charset=utf-8' }).end(xml);
  }
}

/** Adds the B2MML endpoints to a simulator; the returned object holds what they saw. */
export function addB2mmlRoutes(sim: MesSim): B2mmlSimRoutes {
  return new B2mmlSimRoutes(sim);
}
