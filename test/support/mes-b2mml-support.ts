import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Completion, DowntimeEvent, MappingTables, MaterialConsumption } from '../../common/mes.ts';
import type { InboundDelivery, InboundSink, InboundVerdict, OutboundMessage } from '../../main/core/mes/connector.ts';
import { Inbox } from '../../main/core/mes/inbox.ts';
import { MesStore } from '../../main/core/mes/mes-store.ts';

export const SCHEDULE_SAMPLE = readFileSync(new URL('../fixtures/mes-b2mml/ProcessOperationsSchedule.V0701.xml', import.meta.url), 'utf8');

/** The sample schedule with another order id, BODID and revision. */
export function schedule(orderId: string, bodId: string, revision = 3): string {
  return SCHEDULE_SAMPLE.replace('<ID>1000123</ID>', `<ID>${orderId}</ID>`).replace('6f1c2a8e-6a0e-4f0e-9f7a-1d2b3c4d5e6f', bodId).replace('<Version>3</Version>', `<Version>${revision}</Version>`);
}

export const SAMPLE_MAPPINGS: MappingTables = {
  materials: [
    { external: 'FG-4711', local: 'BOTTLE-05L' },
    { external: 'RM-0815', local: 'PREFORM-28' },
  ],
  workCentres: [
    { external: 'PLANT1010.LINE1', local: 'Line1' },
    { external: 'WC-ASSY-01', local: 'Line1/Filler' },
  ],
  units: [],
  reasonCodes: [],
};

/** The core's real inbox on a real SQLite file in a temp folder, as the transports' sink. */
export class TestInbox implements InboundSink {
  readonly dir = mkdtempSync(join(tmpdir(), 'lineside-b2mml-'));
  readonly store = new MesStore(join(this.dir, 'mes.sqlite'));
  readonly received: InboundDelivery[] = [];
  readonly verdicts: InboundVerdict[] = [];
  mappings: MappingTables = SAMPLE_MAPPINGS;
  /** Makes the next N receives fail as if the database were unavailable. */
  failNext = 0;
  private readonly inbox = new Inbox(
    this.store,
    () => this.mappings,
    Date.now,
    () => undefined,
  );

  async receive(delivery: InboundDelivery): Promise<InboundVerdict> {
    this.received.push(delivery);
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('database is locked');
    }
    const verdict = this.inbox.receive(delivery);
    this.verdicts.push(verdict);
    return verdict;
  }

  dispose(): void {
    this.store.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const COMPLETION: Completion = {
  id: 'c-1000123-1',
  workOrder: { system: 'erp', id: '1000123' },
  operation: '0010',
  sequence: 1,
  good: { value: 240, unit: 'C62' },
  scrap: [{ quantity: { value: 6, unit: 'C62' }, reason: 'SCR-07' }],
  actualStart: '2025-03-04T05:02:10.000Z',
  actualEnd: '2025-03-04T10:14:55.000Z',
  lots: ['L250304-01'],
  operator: 'OP-0042',
  final: false,
  timeZone: 'Europe/Berlin',
};

export function completionMessage(connector: string, id: string, sequence = 1, overrides: Partial<Completion> = {}): OutboundMessage {
  return {
    key: id,
    connector,
    stream: 'erp/1000123',
    sequence,
    attempts: 0,
    createdAt: Date.UTC(2025, 2, 4, 10, 0, 0),
    kind: 'completion',
    payload: { ...COMPLETION, id, sequence, ...overrides },
  };
}

export function consumptionMessage(connector: string, id: string, sequence = 1, overrides: Partial<MaterialConsumption> = {}): OutboundMessage {
  return {
    key: id,
    connector,
    stream: 'erp/1000123',
    sequence,
    attempts: 0,
    createdAt: Date.UTC(2025, 2, 4, 10, 0, 0),
    kind: 'consumption',
    payload: {
      id,
      workOrder: { system: connector, id: '1000123' },
      operation: '0010',
      sequence,
      material: { code: 'PET-05' },
      lot: 'L-77',
      quantity: { value: 240.5, unit: 'H87' },
      at: '2025-03-04T09:00:00.000Z',
      operator: 'OP-0042',
      timeZone: 'Europe/Berlin',
      ...overrides,
    },
  };
}

export function downtimeMessage(connector: string, id: string, event: Partial<DowntimeEvent> = {}): OutboundMessage {
  return {
    key: id,
    connector,
    stream: 'downtime/Line1',
    sequence: 1,
    attempts: 0,
    createdAt: Date.UTC(2025, 2, 4, 10, 0, 0),
    kind: 'downtime',
    payload: { id: 'dt-1', equipment: 'Line1', start: '2025-03-04T07:00:00.000Z', end: '2025-03-04T07:12:00.000Z', reason: 'JAM', category: 'unplanned', operator: 'OP-0042', timeZone: 'Europe/Berlin', ...event },
  };
}
