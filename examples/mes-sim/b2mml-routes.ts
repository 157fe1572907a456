import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WorkOrderInput } from '../../common/mes.ts';
import type { Confirmation } from '../../main/core/mes/b2mml/confirm-bod.ts';
import { decodeConfirmBod, encodeConfirmBod } from '../../main/core/mes/b2mml/confirm-bod.ts';
import { Reader } from '../../main/core/mes/b2mml/reader.ts';
import { encodeOperationsSchedule } from '../../main/core/mes/b2mml/schedule-encode.ts';
import { validateB2mml } from '../../main/core/mes/b2mml/schema-validator.ts';
import { parseB2mml } from '../../main/core/mes/b2mml/xml.ts';
import type { MesSim } from './sim-server.ts';
import type { ReceivedMessage } from './sim-state.ts';
import { downtimeFields } from './downtime-view.ts';

const SENDER = 'MES-SIM';

/**
 * The simulator's B2MML V0701 endpoints, beside its REST API and over the same orders and received
 * messages: `GET /b2mml/schedules` offers the oldest order revision not yet confirmed as a
 * ProcessOperationsSchedule (204 when none), `POST /b2mml/confirm` takes Lineside's ConfirmBOD for
 * it, `POST /b2mml/performance` and `/b2mml/events` take SyncOperationsPerformance and
 * NotifyOperationsEvent (checked against MESA's schemas, applied once per BODID, answered with a
 * ConfirmBOD), `GET /b2mml/messages?key=` says whether a key was applied.
 */
export class B2mmlSimRoutes {
  /** Order id → the revision Lineside confirmed. */
  readonly confirmedRevisions = new Map<string, number>();
  readonly confirmations: Confirmation[] = [];
  /** Documents that failed schema validation, with libxml2's words. */
  readonly invalid: string[] = [];
  private readonly offered = new Map<string, { id: string; revision: number }>();
  private readonly sim: MesSim;

  constructor(sim: MesSim) {
    this.sim = sim;
    sim.addRoute('GET', '/b2mml/schedules', (_req, res) => this.schedules(res));
    sim.addRoute('POST', '/b2mml/confirm', (_req, res, body) => this.confirm(res, body));
    sim.addRoute('POST', '/b2mml/performance', (req, res, body) => this.receive(req, res, body, 'SyncOperationsPerformance'));
    sim.addRoute('POST', '/b2mml/events', (req, res, body) => this.receive(req, res, body, 'NotifyOperationsEvent'));
    sim.addRoute('GET', '/b2mml/messages', (_req, res, _body, url) => {
      const key = url.searchParams.get('key') ?? '';
      res.writeHead(this.sim.state.has(key) ? 200 : 404).end();
    });
  }

  private schedules(res: ServerResponse): void {
    const pending = this.sim.state
      .ordersSince(0)
      .orders.find((o) => o.revision > (this.confirmedRevisions.get(o.id) ?? 0));
    if (!pending) return void res.writeHead(204).end();
    const bodId = `SCHED-${pending.id}-R${pending.revision}`;
    this.offered.set(bodId, { id: pending.id, revision: pending.revision });
    const order = { system: 'mes-sim', ...pending } as unknown as WorkOrderInput;
    const xml = encodeOperationsSchedule([order], { senderId: SENDER, bodId, createdAt: new Date().toISOString(), confirmation: 'Always', scheduleId: `SCHED-${pending.id}` });
    res.writeHead(200, { 'Content-Type': 'application/xml; charset=utf-8' }).end(xml);
  }

  private confirm(res: ServerResponse, body: string): void {
    const confirm = decodeConfirmBod(body);
    if (!confirm.ok) return void res.writeHead(400, { 'Content-Type': 'text/plain' }).end(confirm.error.message);
    this.confirmations.push(confirm.value);
    const offered = this.offered.get(confirm.value.originalBodId);
    if (!offered) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`no schedule ${confirm.value.originalBodId} was offered`);
    // A rejection is an answer too: the MES stops offering that revision and a person looks at it.
    this.confirmedRevisions.set(offered.id, Math.max(offered.revision, this.confirmedRevisions.get(offered.id) ?? 0));
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
    const message = root === 'NotifyOperationsEvent' ? this.event(doc, key) : this.performance(doc, key);
    if (typeof message === 'string') return this.answer(res, 422, key, false, [message]);
    const created = this.sim.state.apply(message);
    if (created && message.body['final'] === true && this.sim.state.order(message.subject)?.['status'] !== 'Cancelled') this.sim.state.putOrder({ id: message.subject, status: 'Completed' });
    const fault = this.sim.state.faults;
    // Slow, as on the REST routes: the message is applied at once and the reply comes late.
    if (fault.slowMs > 0) await new Promise((r) => setTimeout(r, fault.slowMs));
    if (fault.dropReply > 0) {
      fault.dropReply--;
      req.socket.destroy();
      return;
    }
    if (fault.failAfterCommit && fault.failAfterCommit.count > 0) {
      fault.failAfterCommit.count--;
      return void res.writeHead(fault.failAfterCommit.status, { 'Content-Type': 'text/plain' }).end('simulated failure after commit');
    }
    this.answer(res, created ? 201 : 200, key, true, created ? [] : ['duplicate: already applied']);
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
        ? { ...common, final: data['Final'] === 'true', ...(data['Cancelled'] === 'true' ? { cancelled: true } : {}), materials, good: { value: good.value, unit: good.unit } }
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
