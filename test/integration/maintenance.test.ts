import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../common/clock.ts';
import { dataValue, type Value } from '../../common/data-value.ts';
import type { Quality } from '../../common/quality.ts';
import { addCmmsRoutes, type CmmsSimRoutes } from '../../examples/mes-sim/cmms-routes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import type { AuditRecord } from '../../common/audit.ts';
import type { AuditEntry, AuditSink } from '../../main/core/audit/audit-trail.ts';
import { CmmsClient } from '../../main/core/maintenance/cmms-client.ts';
import { checkMaintenanceReferences } from '../../main/core/maintenance/maintenance-loader.ts';
import { MaintenanceFileSchema, type MaintenanceFile } from '../../main/core/maintenance/maintenance-schema.ts';
import { INTERVAL_ACTOR, MaintenanceService } from '../../main/core/maintenance/maintenance-service.ts';
import { MaintenanceStore } from '../../main/core/maintenance/maintenance-store.ts';
import { SecretStore } from '../../main/core/secrets/secret-store.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { tag } from '../support/tags.ts';
import { until } from '../support/until.ts';

const dirs: string[] = [];
const running: Array<{ dispose(): void | Promise<void> }> = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.dispose();
});
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'lineside-maint-'));
  dirs.push(d);
  return d;
}

class Audit implements AuditSink {
  readonly entries: AuditEntry[] = [];
  record(entry: AuditEntry): AuditRecord | undefined {
    this.entries.push(entry);
    return undefined;
  }
}

const HOUR = 3_600_000;
const FILLER = 'Line1/Filler';

function file(overrides: Partial<Record<string, unknown>> = {}): MaintenanceFile {
  return MaintenanceFileSchema.parse({
    formatVersion: 1,
    equipment: [
      {
        id: FILLER,
        name: 'Filler',
        runningTag: 'Line1/Filler/Running',
        cycleTag: 'Line1/Filler/Count',
        counterRollover: 65_536,
        intervals: [
          { name: 'Lubrication', every: { hours: 2 }, request: true, priority: 'high' },
          { name: 'Valve check', every: { starts: 3 } },
          { name: 'Seal change', every: { cycles: 100_000 } },
        ],
      },
    ],
    ...overrides,
  });
}

interface Harness {
  engine: TagEngine;
  service: MaintenanceService;
  store: MaintenanceStore;
  audit: Audit;
  set(path: string, value: Value, quality?: Quality): void;
  stop(): Promise<void>;
}

const TAGS = [tag({ path: 'Line1/Filler/Running', dataType: 'bool' }), tag({ path: 'Line1/Filler/Count', dataType: 'uint16' })];

/** Tag engine, real maintenance.sqlite and the service, on a clock moved by hand; restartable on the same folder. */
function harness(dir: string, clock: Clock, f: MaintenanceFile, client?: CmmsClient): Harness {
  const engine = new TagEngine(TAGS, clock);
  const store = new MaintenanceStore(join(dir, 'maintenance.sqlite'));
  const audit = new Audit();
  const service = new MaintenanceService({ file: f, store, engine, clock, audit, client, tickMs: 0, backoff: { baseMs: 100, capMs: 200 } });
  service.start();
  let stopped = false;
  const h: Harness = {
    engine,
    service,
    store,
    audit,
    set: (path, value, quality = 'Good') => engine.ingest([{ handle: engine.slot(path)!.id, value: dataValue(value, quality, clock.now()) }]),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      service.dispose();
      await service.idle();
      store.dispose();
      engine.dispose();
    },
  };
  running.push({ dispose: () => h.stop() });
  return h;
}

async function cmmsSim(): Promise<{ sim: MesSim; cmms: CmmsSimRoutes; url: string }> {
  const sim = new MesSim({ seed: false });
  const cmms = addCmmsRoutes(sim);
  const url = await sim.listen();
  running.push({ dispose: () => sim.close() });
  return { sim, cmms, url: `${url}/cmms` };
}

async function client(dir: string, url: string, format: 'json' | 'b2mml' = 'json'): Promise<CmmsClient> {
  const secrets = SecretStore.open(dir);
  if (!secrets.ok) throw new Error(secrets.error.message);
  return new CmmsClient(MaintenanceFileSchema.parse({ formatVersion: 1, cmms: { url, format, timeoutMs: 2000 }, equipment: [{ id: 'X', name: 'X' }] }).cmms!, secrets.value, 'Test plant');
}

describe('equipment condition from tags, on a clock moved by hand (real maintenance.sqlite)', () => {
  it('counts run hours and starts, nothing while the tag is bad or the runtime is down, and carries on after a restart', async () => {
    const dir = await folder();
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 6, 0, 0));
    let h = harness(dir, clock, file());
    h.set('Line1/Filler/Running', false);
    h.set('Line1/Filler/Running', true);
    clock.advance(HOUR);
    h.set('Line1/Filler/Running', false);
    clock.advance(HOUR);
    h.set('Line1/Filler/Running', true);
    clock.advance(HOUR / 2);
    // Bad: the half hour that follows is not counted.
    h.set('Line1/Filler/Running', true, 'BadNotConnected');
    clock.advance(HOUR / 2);
    h.set('Line1/Filler/Running', true);
    let c = h.service.condition()[0]!;
    expect(c.runHours).toBeCloseTo(1.5, 6);
    expect(c.starts).toBe(2);
    clock.advance(HOUR / 4);
    expect(h.service.condition()[0]!.runHours).toBeCloseTo(1.75, 6);
    await h.stop();

    // Down for two hours: not counted. Running again after the restart is no new start (it was running).
    clock.advance(2 * HOUR);
    h = harness(dir, clock, file());
    h.set('Line1/Filler/Running', true);
    clock.advance(HOUR / 4);
    c = h.service.condition()[0]!;
    expect(c.runHours).toBeCloseTo(2, 6);
    expect(c.starts).toBe(2);
    h.set('Line1/Filler/Running', false);
    h.set('Line1/Filler/Running', true);
    expect(h.service.condition()[0]!.starts).toBe(3);
  });

  it('counts cycles across a 16-bit rollover and a reset of the counter, and across a restart', async () => {
    const dir = await folder();
    const clock = new ManualClock();
    let h = harness(dir, clock, file());
    h.set('Line1/Filler/Count', 65_000);
    h.set('Line1/Filler/Count', 65_500);
    h.set('Line1/Filler/Count', 400); // rolled over: 36 + 400
    expect(h.service.condition()[0]!.cycles).toBe(936);
    h.service.tick();
    await h.stop();
    h = harness(dir, clock, file());
    h.set('Line1/Filler/Count', 1400);
    expect(h.service.condition()[0]!.cycles).toBe(1936);
    // A counter that is not a rollover counter and drops was reset: what it shows is what it counted since.
    const noRollover = file();
    delete (noRollover.equipment[0] as { counterRollover?: number }).counterRollover;
    await h.stop();
    h = harness(dir, clock, noRollover);
    h.set('Line1/Filler/Count', 50);
    expect(h.service.condition()[0]!.cycles).toBe(1986);
  });

  it('says when an interval is due, asks the CMMS once for one that says so, and counts again from the logged work', async () => {
    const dir = await folder();
    const clock = new ManualClock();
    const h = harness(dir, clock, file());
    h.set('Line1/Filler/Running', false);
    for (let i = 0; i < 3; i++) {
      h.set('Line1/Filler/Running', true);
      clock.advance(HOUR);
      h.set('Line1/Filler/Running', false);
    }
    const intervals = h.service.condition()[0]!.intervals;
    expect(intervals.find((i) => i.name === 'Lubrication')).toMatchObject({ unit: 'hours', every: 2, due: true });
    expect(intervals.find((i) => i.name === 'Lubrication')!.since).toBeCloseTo(3, 6);
    expect(intervals.find((i) => i.name === 'Valve check')).toMatchObject({ unit: 'starts', since: 3, due: true });
    expect(intervals.find((i) => i.name === 'Seal change')).toMatchObject({ due: false });
    h.service.tick();
    h.service.tick();
    const requests = h.service.requests(10);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ equipment: FILLER, interval: 'Lubrication', priority: 'high', requestedBy: INTERVAL_ACTOR, state: 'queued' });
    expect(requests[0]!.symptom).toContain('Maintenance due: Lubrication');

    const logged = h.service.logWork(
      { name: 'mia', role: 'maintenance', station: 'test' },
      { equipment: FILLER, what: 'Lubricated the main bearings', parts: ['Grease LGHP 2, 400 g'], intervals: ['Lubrication'], requestId: requests[0]!.id },
    );
    expect(logged.ok).toBe(true);
    const after = h.service.condition()[0]!.intervals.find((i) => i.name === 'Lubrication')!;
    expect(after).toMatchObject({ since: 0, due: false, lastDoneAt: clock.now() });
    expect(h.service.log(10)[0]).toMatchObject({ equipment: FILLER, by: 'mia', what: 'Lubricated the main bearings', parts: ['Grease LGHP 2, 400 g'], intervals: ['Lubrication'] });
    expect(h.audit.entries.map((e) => e.action)).toEqual(['maintenance.log']);
    // Refusals name the field.
    const unknown = h.service.logWork({ name: 'mia', role: 'maintenance', station: 'test' }, { equipment: FILLER, what: 'x', parts: [], intervals: ['Oil change'] });
    expect(unknown.ok ? undefined : unknown.error).toMatchObject({ path: 'intervals[0]', message: 'Line1/Filler has no interval "Oil change"' });
    const noEquipment = h.service.logWork({ name: 'mia', role: 'maintenance', station: 'test' }, { equipment: 'Line9/Nothing', what: 'x', parts: [], intervals: [] });
    expect(noEquipment.ok ? undefined : noEquipment.error.message).toBe('no equipment Line9/Nothing in maintenance.json');
  });

  it('the loader names unknown tags, tags that cannot count and intervals without their tag', () => {
    const f = MaintenanceFileSchema.parse({
      formatVersion: 1,
      equipment: [
        { id: 'A', name: 'A', runningTag: 'A/Run', intervals: [{ name: 'x', every: { cycles: 5 } }] },
        { id: 'A', name: 'A again', cycleTag: 'A/Text' },
      ],
    });
    const problems = checkMaintenanceReferences(f, (path) => ({ 'A/Text': 'string' })[path]);
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'equipment[0].runningTag: no tag A/Run',
      "equipment[0].intervals[0].every: counting cycles needs the equipment's cycleTag",
      'equipment[1].id: equipment "A" is defined twice',
      'equipment[1].cycleTag: A/Text is a string tag; cycles need a numeric counter',
    ]);
    expect(MaintenanceFileSchema.safeParse({ formatVersion: 1, equipment: [{ id: 'A', name: 'A', intervals: [{ name: 'x', every: { hours: 1, days: 2 } }] }] }).success).toBe(false);
  });
});

describe("maintenance requests to the CMMS (the MES simulator's CMMS endpoint)", () => {
  it('sends a request once though the answer is lost, retries while the CMMS is down, and reads its state back', async () => {
    const dir = await folder();
    const { sim, cmms, url } = await cmmsSim();
    const h = harness(dir, { now: () => Date.now() }, file(), await client(dir, url));
    const actor = { name: 'mia', role: 'maintenance', station: 'test' };

    // The CMMS keeps the request, and the connection drops before its answer: sent again, kept once.
    sim.state.faults.dropReply = 1;
    const made = h.service.request(actor, { equipment: FILLER, symptom: 'Capper torque drifts low', priority: 'high', failureCode: 'MECH-TORQ', alarmId: 'Line1/Filler/Torque/Lo', downtimeId: 'dt-42' });
    expect(made.ok).toBe(true);
    const id = made.ok ? made.value.id : '';
    let r = await until(
      async () => {
        await h.service.sendDue();
        const got = h.service.requests(10)[0]!;
        return got.state === 'accepted' ? got : undefined;
      },
      'the request accepted by the CMMS',
      15_000,
    );
    expect(r.externalId).toBe('WR-1001');
    expect(cmms.requests.size).toBe(1);
    expect(cmms.duplicates).toBe(1);
    expect(cmms.requests.get(id)).toMatchObject({
      equipment: FILLER,
      symptom: 'Capper torque drifts low',
      priority: 'high',
      failureCode: 'MECH-TORQ',
      alarmId: 'Line1/Filler/Torque/Lo',
      downtimeId: 'dt-42',
      requestedBy: 'mia',
      format: 'json',
    });
    expect(r.history.map((e) => e.state)).toEqual(['queued', 'retry', 'accepted']);
    expect(h.audit.entries).toMatchObject([{ user: 'mia', action: 'maintenance.request', target: FILLER }]);

    // Down: the next request waits, retried with backoff, and goes once the CMMS is back.
    await sim.down();
    const second = h.service.request(actor, { equipment: FILLER, symptom: 'Guard door switch sticks', priority: 'low' });
    await until(
      async () => {
        await h.service.sendDue();
        return h.service.requests(10).find((x) => x.symptom.startsWith('Guard'))!.attempts >= 2;
      },
      'two failed attempts while the CMMS is down',
      15_000,
    );
    const waiting = h.service.requests(10).find((x) => x.symptom.startsWith('Guard'))!;
    expect(waiting.state).toBe('queued');
    expect(waiting.lastError).toMatch(/cannot reach the CMMS/);
    await sim.up();
    await until(
      async () => {
        await h.service.sendDue();
        return h.service.requests(10).find((x) => x.symptom.startsWith('Guard'))!.state === 'accepted';
      },
      'the second request accepted after the CMMS came back',
      15_000,
    );
    expect(second.ok && cmms.requests.get(second.value.id)?.number).toBe('WR-1002');

    // The planner moves the first on: the state comes back by polling.
    await fetch(`${sim.url}/admin/cmms/requests/WR-1001/state`, { method: 'POST', body: JSON.stringify({ state: 'inProgress' }) });
    await h.service.poll();
    expect(h.service.requests(10).find((x) => x.id === id)!.state).toBe('inProgress');
    await fetch(`${sim.url}/admin/cmms/requests/WR-1001/state`, { method: 'POST', body: JSON.stringify({ state: 'done' }) });
    await h.service.poll();
    r = h.service.requests(10).find((x) => x.id === id)!;
    expect(r.state).toBe('done');
    expect(r.history.map((e) => e.state)).toEqual(['queued', 'retry', 'accepted', 'inProgress', 'done']);
    // Done and rejected are final: polling asks no more about them.
    await fetch(`${sim.url}/admin/cmms/requests/WR-1002/state`, { method: 'POST', body: JSON.stringify({ state: 'rejected' }) });
    await h.service.poll();
    expect(h.service.requests(10).find((x) => x.externalId === 'WR-1002')!.state).toBe('rejected');
    const asked = sim.state.requestCount('GET', '/cmms/requests');
    await h.service.poll();
    expect(sim.state.requestCount('GET', '/cmms/requests')).toBe(asked);
  });

  it('a refusal by the CMMS (4xx) is final and says why; a request survives a restart before it was sent', async () => {
    const dir = await folder();
    const { sim, cmms, url } = await cmmsSim();
    await sim.down();
    let h = harness(dir, { now: () => Date.now() }, file(), await client(dir, url));
    const made = h.service.request({ name: 'mia', role: 'maintenance', station: 'test' }, { equipment: FILLER, symptom: 'Noisy drive', priority: 'medium' });
    await h.service.sendDue();
    await h.stop();
    await sim.up();
    h = harness(dir, { now: () => Date.now() }, file(), await client(dir, url));
    await until(
      async () => {
        await h.service.sendDue();
        return h.service.requests(10)[0]!.state === 'accepted';
      },
      'the request from before the restart accepted',
      15_000,
    );
    expect(made.ok && cmms.requests.has(made.value.id)).toBe(true);
    expect(cmms.requests.size).toBe(1);

    // An empty symptom cannot come through the contract; straight to the CMMS it is refused for good.
    h.store.addRequest({ id: 'bad-1', equipment: FILLER, symptom: '', priority: 'low', requestedBy: 'mia' }, Date.now());
    await h.service.sendDue();
    const refused = h.service.requests(10).find((x) => x.id === 'bad-1')!;
    expect(refused.state).toBe('refused');
    expect(refused.lastError).toBe('the CMMS answered 422: {"error":"symptom must be a non-empty string"}');
  });

  it("sends B2MML ProcessWorkAlert, valid against MESA's schemas, read by the CMMS with every field", async () => {
    const dir = await folder();
    const { cmms, url } = await cmmsSim();
    const h = harness(dir, { now: () => Date.now() }, file(), await client(dir, url, 'b2mml'));
    const made = h.service.request({ name: 'mia', role: 'maintenance', station: 'test' }, { equipment: FILLER, symptom: 'Leak at valve 3 <drip>', priority: 'urgent', failureCode: 'LEAK', alarmId: 'Line1/Filler/Level/Lo' });
    const sent = await until(
      async () => {
        await h.service.sendDue();
        const r = h.service.requests(10)[0]!;
        return r.state !== 'queued' ? r : undefined;
      },
      'the B2MML request answered',
      60_000,
    );
    expect(sent).toMatchObject({ state: 'accepted', lastError: '', externalId: 'WR-1001' });
    expect(cmms.invalid).toEqual([]);
    expect(made.ok && cmms.requests.get(made.value.id)).toMatchObject({ format: 'b2mml', equipment: FILLER, symptom: 'Leak at valve 3 <drip>', priority: 'urgent', failureCode: 'LEAK', alarmId: 'Line1/Filler/Level/Lo', requestedBy: 'mia' });
  });
});
