import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { deletableWindows } from '../../main/core/mes/compaction.ts';
import type { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { ReportStore } from '../../main/core/reports/report-store.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { MesFixture, OPERATOR } from '../support/mes-service-fixture.ts';
import { until } from '../support/until.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function streamRows(f: MesFixture, stream: string): number {
  return (f.mes.store.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE stream = ?').get(stream) as { n: number }).n;
}

describe('compaction of the MES store', () => {
  it('removes delivered and processed rows past the retention in batches, keeping open orders, stream heads and unsigned report periods', async () => {
    const sim = new MesSim();
    await sim.listen();
    cleanups.push(() => sim.close());
    const dir = mkdtempSync(join(tmpdir(), 'lineside-compaction-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const reports = new ReportStore(join(dir, 'reports.sqlite'));
    cleanups.push(() => reports.dispose());
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 6, 0, 0));
    const t0 = clock.now();
    const f = await MesFixture.start({
      connectors: [{ id: 'erp', type: 'rest', options: { baseUrl: `${sim.url}/api`, pollIntervalMs: 0 } }],
      now: () => clock.now(),
      storage: { retentionDays: 30 },
      retentionKeep: { unsignedPeriods: (before) => reports.unsignedPeriods(before) },
      compaction: { batchSize: 50, firstRunMs: 3_600_000 },
    });
    cleanups.push(() => f.dispose());
    await (f.mes.connector('erp') as RestConnector).pollNow();
    // 300 orders the MES sent that were refused: processed inbox rows without an order.
    for (let i = 0; i < 300; i++) f.mes.receive({ connector: 'erp', messageId: `junk-${i}`, kind: 'undecodable', reason: 'not an order', raw: '{}' });
    const delivered = () => until(() => f.mes.connectorStatuses()[0]!.pending === 0, 'everything delivered');

    // WO-1001 runs and completes at t0 (2 confirmations, each with 4 backflushed materials).
    await f.mes.start_('erp/WO-1001', OPERATOR);
    f.produce(10);
    f.mes.confirm('erp/WO-1001', false, undefined, OPERATOR);
    f.produce(10);
    f.mes.confirm('erp/WO-1001', true, undefined, OPERATOR);
    await delivered();
    // WO-1003 completes two hours later, inside a shift whose report is not signed yet.
    clock.advance(2 * HOUR);
    await f.mes.start_('erp/WO-1003', OPERATOR);
    f.produce(10);
    f.mes.confirm('erp/WO-1003', true, undefined, OPERATOR);
    await delivered();
    const report = reports.add({ shift: { id: '2026-01-05/Early', shift: 'Early', start: t0 + HOUR, end: t0 + 3 * HOUR, breaks: [] }, generatedAt: t0 + 3 * HOUR, oee: [] } as never, true);
    // WO-1002 is still running (planned in cases while the line counts bottles: nothing backflushed).
    await f.mes.start_('erp/WO-1002', OPERATOR);
    f.produce(10);
    f.mes.confirm('erp/WO-1002', false, undefined, OPERATOR);
    await delivered();
    expect([streamRows(f, 'erp/WO-1001'), streamRows(f, 'erp/WO-1003'), streamRows(f, 'erp/WO-1002'), f.rows('inbox')]).toEqual([10, 5, 1, 303]);

    // Within the retention nothing goes.
    clock.advance(29 * DAY);
    expect(await f.mes.compact()).toMatchObject({ outbox: 0, inbox: 0 });

    clock.advance(2 * DAY);
    let turns = 0;
    let running = true;
    const ticker = (async () => {
      while (running) {
        await new Promise((resolve) => setImmediate(resolve));
        turns++;
      }
    })();
    const run = await f.mes.compact();
    running = false;
    await ticker;
    // 9 of WO-1001's 10 rows (its last keeps the stream's sequence), WO-1001's and WO-1003's inbox rows and the 300 refused ones.
    expect(run).toMatchObject({ outbox: 9, inbox: 302 });
    // Batches of 50, the event loop free in between: the line never waits for the whole run.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(302 / 50));
    expect([streamRows(f, 'erp/WO-1001'), streamRows(f, 'erp/WO-1003'), streamRows(f, 'erp/WO-1002'), f.rows('inbox')]).toEqual([1, 5, 1, 1]);
    const store = f.mes.status().store!;
    expect(store).toMatchObject({ outboxRows: 7, inboxRows: 1, retentionDays: 30, lastCompaction: { outbox: 9, inbox: 302 } });
    expect(store.bytes).toBeGreaterThan(0);
    expect(store.oldestRowAt).toBe(t0);

    // Once the supervisor signs that shift's report, its rows go too.
    expect(reports.sign(report.id, { user: 'sv', role: 'supervisor', meaning: 'Reviewed', reason: 'shift end', at: clock.now(), contentSha256: report.contentSha256, method: 'password' })).toBe(true);
    expect(await f.mes.compact()).toMatchObject({ outbox: 4, inbox: 0 });
    expect(streamRows(f, 'erp/WO-1003')).toBe(1);
    // What is still open is kept however old it is.
    expect(streamRows(f, 'erp/WO-1002')).toBe(1);
  });

  it('deletes only outside the kept periods', () => {
    expect(deletableWindows(100, [])).toEqual([{ start: 0, end: 100 }]);
    expect(
      deletableWindows(100, [
        { start: 60, end: 70 },
        { start: 10, end: 20 },
        { start: 15, end: 30 },
        { start: 90, end: 200 },
        { start: 150, end: 160 },
      ]),
    ).toEqual([
      { start: 0, end: 10 },
      { start: 30, end: 60 },
      { start: 70, end: 90 },
    ]);
  });
});
