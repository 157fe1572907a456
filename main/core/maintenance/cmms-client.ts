import { REQUEST_STATES, type MaintenanceRequest, type RequestState } from '../../../common/maintenance-contract.ts';
import type { SecretLookup } from '../secrets/secret-store.ts';
import { validateB2mml } from '../mes/b2mml/schema-validator.ts';
import type { Cmms } from './maintenance-schema.ts';

/** What the CMMS answered: its number and state, a refusal (no point asking again) or a failure to retry. */
export type CmmsOutcome = { ok: true; externalId: string | undefined; state: RequestState; detail: string } | { ok: false; permanent: boolean; error: string };

const PRIORITY_NUMBER = { urgent: 1, high: 2, medium: 3, low: 4 } as const;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/**
 * A maintenance request as B2MML V0701 ProcessWorkAlert: the WorkAlert's ID is the request's id (the
 * CMMS keeps it, so a repeat is recognised), the symptom its description, the equipment its hierarchy
 * scope, and the failure code, alarm, downtime and who asked as properties.
 */
export function workAlertXml(r: MaintenanceRequest, sender: string): string {
  const property = (id: string, value: string | undefined) => (value === undefined ? '' : `\n        <WorkAlertProperty><ID>${escapeXml(id)}</ID><Value><ValueString>${escapeXml(value)}</ValueString></Value></WorkAlertProperty>`);
  const at = new Date(r.createdAt).toISOString();
  return `<?xml version="1.0" encoding="UTF-8"?>
<ProcessWorkAlert xmlns="http://www.mesa.org/xml/B2MML" releaseID="0701">
  <ApplicationArea>
    <Sender><LogicalID>${escapeXml(sender)}</LogicalID><ConfirmationCode>Never</ConfirmationCode></Sender>
    <CreationDateTime>${at}</CreationDateTime>
    <BODID>${escapeXml(r.id)}</BODID>
  </ApplicationArea>
  <DataArea>
    <Process/>
    <WorkAlert>
      <ID>${escapeXml(r.id)}</ID>
      <Description>${escapeXml(r.symptom)}</Description>
      <PublishedDate>${at}</PublishedDate>
      <HierarchyScope><EquipmentID>${escapeXml(r.equipment)}</EquipmentID><EquipmentLevel>WorkCell</EquipmentLevel></HierarchyScope>
      <TimeStamp>${at}</TimeStamp>
      <Priority>${PRIORITY_NUMBER[r.priority]}</Priority>
      <Category>MaintenanceRequest</Category>${property('FailureCode', r.failureCode)}${property('AlarmID', r.alarmId)}${property('DowntimeID', r.downtimeId)}${property('Interval', r.interval)}${property('RequestedBy', r.requestedBy)}
    </WorkAlert>
  </DataArea>
</ProcessWorkAlert>
`;
}

function stateOf(value: unknown): RequestState | undefined {
  return typeof value === 'string' && (REQUEST_STATES as readonly string[]).includes(value) && value !== 'queued' && value !== 'refused' ? (value as RequestState) : undefined;
}

/**
 * Talks to the CMMS: a request goes out under its own id (`Idempotency-Key`, and the WorkAlert ID), so
 * a repeat after a lost answer creates nothing new; states are read back by that id.
 */
export class CmmsClient {
  private readonly cmms: Cmms;
  private readonly secrets: SecretLookup;
  private readonly sender: string;

  constructor(cmms: Cmms, secrets: SecretLookup, sender: string) {
    this.cmms = cmms;
    this.secrets = secrets;
    this.sender = sender;
  }

  get format(): string {
    return this.cmms.format;
  }

  private headers(contentType: string | undefined, id: string): Record<string, string> | string {
    const headers: Record<string, string> = { 'Idempotency-Key': id, Accept: 'application/json' };
    if (contentType) headers['Content-Type'] = contentType;
    if (this.cmms.secret) {
      const secret = this.secrets.get(this.cmms.secret.secret);
      if (secret === undefined) return `the CMMS secret ${this.cmms.secret.secret} is not set (npm run secrets -- set ${this.cmms.secret.secret})`;
      headers['Authorization'] = `Bearer ${secret}`;
    }
    return headers;
  }

  private url(path: string): string {
    return `${this.cmms.url.replace(/\/+$/, '')}${path}`;
  }

  async send(r: MaintenanceRequest): Promise<CmmsOutcome> {
    let body: string;
    if (this.cmms.format === 'b2mml') {
      body = workAlertXml(r, this.sender);
      const valid = await validateB2mml(body);
      if (!valid.ok) return { ok: false, permanent: true, error: `not sent: ${valid.error.message}` };
    } else {
      body = JSON.stringify({
        id: r.id,
        equipment: r.equipment,
        symptom: r.symptom,
        priority: r.priority,
        failureCode: r.failureCode ?? null,
        alarmId: r.alarmId ?? null,
        downtimeId: r.downtimeId ?? null,
        interval: r.interval ?? null,
        requestedBy: r.requestedBy,
        createdAt: new Date(r.createdAt).toISOString(),
      });
    }
    const headers = this.headers(this.cmms.format === 'b2mml' ? 'application/xml' : 'application/json', r.id);
    if (typeof headers === 'string') return { ok: false, permanent: false, error: headers };
    return this.exchange(this.url(this.cmms.format === 'b2mml' ? '/b2mml' : '/requests'), { method: 'POST', headers, body });
  }

  /** The state the CMMS has for a request (by Lineside's id). */
  async state(r: MaintenanceRequest): Promise<CmmsOutcome> {
    const headers = this.headers(undefined, r.id);
    if (typeof headers === 'string') return { ok: false, permanent: false, error: headers };
    return this.exchange(this.url(`/requests?id=${encodeURIComponent(r.id)}`), { method: 'GET', headers });
  }

  private async exchange(url: string, init: RequestInit): Promise<CmmsOutcome> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.cmms.timeoutMs);
    try {
      const response = await fetch(url, { ...init, signal: abort.signal });
      const text = await response.text();
      if (!response.ok) {
        const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
        return { ok: false, permanent, error: `the CMMS answered ${response.status}: ${text.slice(0, 300)}` };
      }
      let json: { id?: unknown; state?: unknown };
      try {
        json = JSON.parse(text) as typeof json;
      } catch {
        return { ok: false, permanent: false, error: `the CMMS answered ${response.status} with something that is not JSON: ${text.slice(0, 200)}` };
      }
      const state = stateOf(json.state);
      if (!state) return { ok: false, permanent: false, error: `the CMMS answered without a known state (${JSON.stringify(json.state)})` };
      return { ok: true, externalId: typeof json.id === 'string' ? json.id : undefined, state, detail: `CMMS ${response.status}` };
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      return { ok: false, permanent: false, error: abort.signal.aborted ? `no answer from the CMMS within ${this.cmms.timeoutMs} ms` : `cannot reach the CMMS: ${e.cause?.code ?? e.cause?.message ?? e.message}` };
    } finally {
      clearTimeout(timer);
    }
  }
}
