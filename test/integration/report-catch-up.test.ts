import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manual-clock.ts';
import { ReportFixture } from '../support/report-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'lineside-catch-up-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shift reports caught up after the application was off', () => {
  it('generates each missed shift exactly once, across restarts and overlapping runs', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 14, 4));
    let fx = await ReportFixture.open(dir, clock);
    expect(await fx.service.catchUp()).toEqual([]);
    await fx.close();

    // Off from 04:00 UTC on the 14th until 06:10 UTC on the 15th.
    clock.advance(Date.UTC(2026, 0, 15, 6, 10) - clock.now());
    fx = await ReportFixture.open(dir, clock);
    const [first, second] = await Promise.all([fx.service.catchUp(), fx.service.catchUp()]);
    expect(first.map((r) => r.shiftId)).toEqual(['2026-01-13/Night', '2026-01-14/Early', '2026-01-14/Late', '2026-01-14/Night']);
    expect(second).toEqual([]);
    expect(fx.service.list(100)).toHaveLength(4);
    // Nothing was recorded while off: the reports say so rather than inventing production or downtime.
    const night = fx.service.get(first[3]!.id);
    const oee = night.ok ? night.value.content.oee[0]! : undefined;
    expect(oee).toMatchObject({ complete: false, good: 0, availability: null, downtimeMs: 0, runMs: 0 });
    expect(oee!.unknownMs).toBe(oee!.plannedMs);
    await fx.close();

    fx = await ReportFixture.open(dir, clock);
    expect(await fx.service.catchUp()).toEqual([]);
    expect(readdirSync(join(dir, 'reports'))).toHaveLength(12);

    // Off for a month: only the last catchUpDays (7) are caught up, 3 shifts a day.
    await fx.close();
    clock.advance(30 * 86_400_000);
    fx = await ReportFixture.open(dir, clock);
    const month = await fx.service.catchUp();
    expect(month).toHaveLength(21);
    expect(new Set(month.map((r) => r.shiftId)).size).toBe(21);
    expect(month.every((r) => r.end > clock.now() - 7 * 86_400_000 && r.end <= clock.now())).toBe(true);
    await fx.close();
  }, 120_000);
});
