import type { IncomingMessage, ServerResponse } from 'node:http';
import { Reader } from '../../main/core/mes/b2mml/reader.ts';
import { validateB2mml } from '../../main/core/mes/b2mml/schema-validator.ts';
import { parseB2mml } from '../../main/core/mes/b2mml/xml.ts';
import type { MesSim } from './sim-server.ts';
import { afterCommitFault, json, keyedBody } from './sim-http.ts';

const STATES = ['accepted', 'inProgress', 'done', 'rejected'] as const;
type CmmsState = (typeof STATES)[number];

/** A maintenance request as the simulated CMMS keeps it (a work request, numbered WR-1001...). */
export interface CmmsRequest {
  /** The CMMS's own number. */
  number: string;
  /** Lineside's id (Idempotency-Key, WorkAlert ID): a repeat of it is the same request. */
  key: string;
  equipment: string;
  symptom: string;
  priority: string;
  failureCode: string | null;
  alarmId: string | null;
  downtimeId: string | null;
  requestedBy: string;
  format: 'json' | 'b2mml';
  state: CmmsState;
  receivedAt: number;
}

/**
 * The simulator's CMMS endpoint (issue 21, item 3): maintenance requests in as REST JSON
 * (`POST /cmms/requests`, Idempotency-Key) or B2MML ProcessWorkAlert (`POST /cmms/b2mml`, checked
 * against MESA's schemas), each kept once per Lineside id, answered `{ id, state }`; their state at
 * `GET /cmms/requests?id=`. A planner moves them on with `POST /admin/cmms/requests/<id>/state
 * { state }`, or `progressMs` does it by itself (accepted → in progress → done). The MES simulator's
 * faults (down, drop the reply, fail after commit, slow) apply here too.
 */
export class CmmsSimRoutes {
  readonly requests = new Map<string, CmmsRequest>();
  /** Requests that came again under a key already known (a retry after a lost answer). */
  duplicates = 0;
  /** Documents refused by schema validation, with libxml2's words. */
  readonly invalid: string[] = [];
  private readonly sim: MesSim;
  private readonly progressMs: number;
  private next = 1001;

  constructor(sim: MesSim, options: { progressMs?: number } = {}) {
    this.sim = sim;
    this.progressMs = options.progressMs ?? 0;
    sim.addRoute('POST', '/cmms/requests', (req, res, body) => this.receiveJson(req, res, body));
    sim.addRoute('POST', '/cmms/b2mml', (req, res, body) => this.receiveB2mml(req, res, body));
    sim.addRoute('GET', '/cmms/requests', (_req, res, _body, url) => {
      const r = this.find(url.searchParams.get('id') ?? '');
      if (!r) return json(res, 404, { error: `no request ${url.searchParams.get('id') ?? ''}` });
      json(res, 200, this.answer(r));
    });
    sim.addAdminRoute('GET', /^\/admin\/cmms$/, () => Promise.resolve({ status: 200, body: { requests: [...this.requests.values()].map((r) => ({ ...r, state: this.stateOf(r) })), duplicates: this.duplicates, invalid: this.invalid } }));
    sim.addAdminRoute('POST', /^\/admin\/cmms\/requests\/([^/]+)\/state$/, (body, match) => {
      const r = this.find(decodeURIComponent(match[1]!));
      if (!r) return Promise.resolve({ status: 404, body: { error: `no request ${match[1]!}` } });
      const state = body['state'];
      if (typeof state !== 'string' || !(STATES as readonly string[]).includes(state)) return Promise.resolve({ status: 400, body: { error: `state is one of ${STATES.join(', ')}` } });
      r.state = state as CmmsState;
      return Promise.resolve({ status: 200, body: this.answer(r) });
    });
  }

  private find(id: string): CmmsRequest | undefined {
    return this.requests.get(id) ?? [...this.requests.values()].find((r) => r.number === id);
  }

  private stateOf(r: CmmsRequest): CmmsState {
    if (this.progressMs <= 0 || r.state !== 'accepted') return r.state;
    const age = Date.now() - r.receivedAt;
    return age >= 2 * this.progressMs ? 'done' : age >= this.progressMs ? 'inProgress' : 'accepted';
  }

  private answer(r: CmmsRequest): { id: string; state: CmmsState; key: string } {
    return { id: r.number, state: this.stateOf(r), key: r.key };
  }

  /** Keeps a request once per key; a repeat answers what the first got. */
  private async keep(req: IncomingMessage, res: ServerResponse, fields: Omit<CmmsRequest, 'number' | 'state' | 'receivedAt'>): Promise<void> {
    let r = this.requests.get(fields.key);
    const created = r === undefined;
    if (!r) {
      r = { ...fields, number: `WR-${this.next++}`, state: 'accepted', receivedAt: Date.now() };
      this.requests.set(r.key, r);
    } else this.duplicates += 1;
    if (await afterCommitFault(this.sim.state.faults, req, (status) => json(res, status, { error: 'simulated failure after commit' }))) return;
    json(res, created ? 201 : 200, this.answer(r));
  }

  private async receiveJson(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const keyed = keyedBody(req, res, text);
    if (!keyed) return;
    const { key, body } = keyed;
    for (const field of ['equipment', 'symptom', 'priority', 'requestedBy'] as const) {
      if (typeof body[field] !== 'string' || body[field] === '') return json(res, 422, { error: `${field} must be a non-empty string` });
    }
    if (!['low', 'medium', 'high', 'urgent'].includes(body['priority'] as string)) return json(res, 422, { error: 'priority is one of low, medium, high, urgent' });
    const optional = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : null);
    await this.keep(req, res, {
      key,
      equipment: body['equipment'] as string,
      symptom: body['symptom'] as string,
      priority: body['priority'] as string,
      failureCode: optional('failureCode'),
      alarmId: optional('alarmId'),
      downtimeId: optional('downtimeId'),
      requestedBy: body['requestedBy'] as string,
      format: 'json',
    });
  }

  private async receiveB2mml(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const valid = await validateB2mml(text);
    if (!valid.ok) {
      this.invalid.push(valid.error.message);
      return json(res, 400, { error: valid.error.message });
    }
    const parsed = parseB2mml(text);
    if (!parsed.ok || parsed.value.root !== 'ProcessWorkAlert') return json(res, 400, { error: parsed.ok ? `expected ProcessWorkAlert, not ${parsed.value.root}` : parsed.error.message });
    const alert = new Reader(parsed.value.node, 'ProcessWorkAlert').required('DataArea').required('WorkAlert');
    const properties = new Map(alert.children('WorkAlertProperty').map((p) => [p.text('ID') ?? '', p.child('Value')?.text('ValueString') ?? '']));
    const priority = ['urgent', 'high', 'medium', 'low'][Number(alert.text('Priority') ?? '3') - 1] ?? 'medium';
    await this.keep(req, res, {
      key: alert.text('ID') ?? '',
      equipment: alert.child('HierarchyScope')?.text('EquipmentID') ?? '',
      symptom: alert.text('Description') ?? '',
      priority,
      failureCode: properties.get('FailureCode') ?? null,
      alarmId: properties.get('AlarmID') ?? null,
      downtimeId: properties.get('DowntimeID') ?? null,
      requestedBy: properties.get('RequestedBy') ?? '',
      format: 'b2mml',
    });
  }
}

export function addCmmsRoutes(sim: MesSim, options: { progressMs?: number } = {}): CmmsSimRoutes {
  return new CmmsSimRoutes(sim, options);
}
