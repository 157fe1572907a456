import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { B2mmlSimRoutes } from '../../examples/mes-sim/b2mml-routes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { writeFileAtomic } from '../../main/core/mes/atomic-file.ts';
import { decodeConfirmBod } from '../../main/core/mes/b2mml/confirm-bod.ts';
import type { B2mmlFolderConnector, FolderEvent } from '../../main/core/mes/b2mml/folder-connector.ts';
import type { B2mmlHttpConnector } from '../../main/core/mes/b2mml/http-connector.ts';
import { validateB2mml } from '../../main/core/mes/b2mml/schema-validator.ts';
import { SCHEDULE_SAMPLE } from '../support/mes-b2mml-support.ts';
import { MesFixture } from '../support/mes-service-fixture.ts';
import { until } from '../support/until.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function pulled(times: 'duration' | 'none') {
  const sim = new MesSim();
  const routes = new B2mmlSimRoutes(sim);
  sim.state.modes.times = times;
  await sim.listen();
  cleanups.push(() => sim.close());
  const f = await MesFixture.start({ connectors: [{ id: 'mes', type: 'b2mml-http', options: { baseUrl: `${sim.url}/b2mml`, pollIntervalMs: 0 } }] });
  cleanups.push(() => f.dispose());
  await (f.mes.connector('mes') as B2mmlHttpConnector).pollNow();
  return { sim, routes, f };
}

describe('schedules as B2MML allows them, from the simulator over HTTP', () => {
  it('takes orders with StartTime and a Duration (no EndTime)', async () => {
    const { sim, routes, f } = await pulled('duration');
    expect(routes.confirmations.map((c) => c.accepted)).toEqual([true, true, true]);
    const stored = f.mes.store.order('mes/WO-1001')!.order;
    const planned = sim.state.order('WO-1001')!;
    expect(stored.scheduledStart).toBe(planned['scheduledStart']);
    expect(stored.scheduledEnd).toBe(planned['scheduledEnd']);
  });

  it('takes orders without any planned time', async () => {
    const { routes, f } = await pulled('none');
    expect(routes.confirmations.map((c) => c.accepted)).toEqual([true, true, true]);
    const list = f.mes.listOrders('WC-BTL-01', false);
    expect(list.map((o) => [o.order.id, o.order.scheduledStart, o.order.scheduledEnd])).toEqual([
      ['WO-1001', undefined, undefined],
      ['WO-1002', undefined, undefined],
      ['WO-1003', undefined, undefined],
    ]);
  });
});

describe('one bad order of a schedule, over a watched folder', () => {
  it('applies the good orders and refuses the bad one alone, with its own ConfirmBOD naming the element', async () => {
    const request = /<OperationsRequest>[\s\S]*<\/OperationsRequest>/.exec(SCHEDULE_SAMPLE)![0];
    const good = (id: string) => request.replace('<ID>1000123</ID>', `<ID>${id}</ID>`);
    const bad = good('2002').replace(/<EndTime>.*<\/EndTime>/, '<EndTime>2025-03-04T04:00:00+01:00</EndTime>');
    // An extension element of the MES's own namespace, which B2MML's Extended groups allow: ignored.
    const extended = good('2003').replace('<Priority>2</Priority>', '<Priority>2</Priority><acme:Shift xmlns:acme="urn:acme:mes">N</acme:Shift>');
    const xml = SCHEDULE_SAMPLE.replace(request, `${good('2001')}${bad}${extended}`).replace('6f1c2a8e-6a0e-4f0e-9f7a-1d2b3c4d5e6f', 'bod-three');

    const f = await MesFixture.start({ connectors: [{ id: 'mes', type: 'b2mml-folder', options: { inboundDir: 'in', outboundDir: 'out', pollIntervalMs: 50, settleMs: 0 } }] });
    cleanups.push(() => f.dispose());
    const folder = f.mes.connector('mes') as B2mmlFolderConnector;
    const events: FolderEvent[] = [];
    folder.onDidProcess((e) => events.push(e));
    await writeFileAtomic(join(f.dir, 'in'), 'three.xml', xml);
    await until(() => events.length > 0, 'the file to be handled');

    expect(events[0]).toEqual({ file: 'three.xml', result: 'processed' });
    expect(
      f.mes.store
        .orders()
        .map((o) => o.order.id)
        .sort(),
    ).toEqual(['2001', '2003']);
    const accepted = decodeConfirmBod(readFileSync(join(f.dir, 'out', 'ConfirmBOD-bod-three.xml'), 'utf8'));
    expect(accepted.ok && accepted.value).toMatchObject({ originalBodId: 'bod-three', accepted: true, notes: ['order 2001: accepted (revision 3)', 'order 2003: accepted (revision 3)'] });
    const refusedXml = readFileSync(join(f.dir, 'out', 'ConfirmBOD-bod-three-2002.xml'), 'utf8');
    expect((await validateB2mml(refusedXml)).ok).toBe(true);
    const refused = decodeConfirmBod(refusedXml);
    expect(refused.ok && refused.value.accepted).toBe(false);
    expect(refused.ok && refused.value.notes[0]).toMatch(/^order 2002: rejected: ProcessOperationsSchedule\/DataArea\/OperationsSchedule\[0\]\/OperationsRequest\[1\]\/EndTime: ends \(2025-03-04T03:00:00.000Z\) before it starts/);
    expect(readFileSync(join(f.dir, 'in', 'processed', 'three.xml.reason.txt'), 'utf8')).toContain('order 2002: rejected');
    expect(existsSync(join(f.dir, 'in', 'three.xml'))).toBe(false);
    expect(f.mes.status().inbound.map((e) => [e.messageId, e.verdict])).toEqual([['bod-three/2002', 'rejected']]);
  });
});
