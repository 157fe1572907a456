import { afterEach, describe, expect, it } from 'vitest';
import type { Quality } from '../../common/quality.ts';
import { ok } from '../../common/result.ts';
import type { HistoryReader } from '../../main/core/oee/history-reader.ts';
import { OeeService } from '../../main/core/oee/oee-service.ts';
import { oeeTagDefinitions } from '../../main/core/oee/oee-tags.ts';
import { ShiftCalendar } from '../../main/core/shifts/shift-calendar.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { until } from '../support/until.ts';
import { REPORT_SHIFTS, REPORT_TAGS } from '../support/report-fixture.ts';

const MIN = 60_000;
// 08:00 UTC on a Wednesday: the early shift (06:00 Berlin = 05:00 UTC) is three hours in.
const NOW = Date.UTC(2026, 0, 14, 8);
const lines = REPORT_SHIFTS.lines;

/** History that says the line ran all shift, counting 600 good and 6 rejected a minute. */
const history: HistoryReader = {
  series: (tag, from, to) => {
    if (tag.endsWith('State')) return Promise.resolve(ok([{ t: from, v: 2 }]));
    const rate = tag.endsWith('Good') ? 600 : 6;
    return Promise.resolve(
      ok([
        { t: from, v: 0 },
        { t: to, v: Math.round(((to - from) / MIN) * rate) },
      ]),
    );
  },
  stats: () => Promise.resolve(ok({ min: null, max: null, avg: null, quality: null })),
};

describe('live OEE takes the worst quality and the oldest source time of its inputs', () => {
  const disposables: Array<{ dispose(): unknown }> = [];
  afterEach(async () => {
    for (const d of disposables.splice(0).reverse()) await d.dispose();
  });

  function setUp(inputs: Record<string, { quality: Quality; sourceTime: number }>) {
    const clock = new ManualClock(NOW);
    const engine = new TagEngine([...REPORT_TAGS, ...oeeTagDefinitions(lines)], clock);
    engine.ingest(Object.entries(inputs).map(([path, dv]) => ({ handle: engine.slot(path)!.id, value: { value: 1, quality: dv.quality, sourceTime: dv.sourceTime, serverTime: NOW } })));
    const service = new OeeService({ inputs: { lines, history, classifications: () => [] }, calendar: new ShiftCalendar(REPORT_SHIFTS.shifts, 'Europe/Berlin'), engine, clock, intervalMs: 3_600_000 });
    disposables.push(engine, service);
    return { engine, service };
  }

  it('is Good, stamped with the oldest input, while every input is good', async () => {
    const { engine, service } = setUp({
      'Line1/Filler/State': { quality: 'Good', sourceTime: NOW - 40 * MIN },
      'Line1/Counters/Good': { quality: 'Good', sourceTime: NOW - 2_000 },
      'Line1/Counters/Rejected': { quality: 'Good', sourceTime: NOW - 5 * MIN },
    });
    await service.refresh();
    expect(service.current().lines[0]!.inputs).toEqual({ quality: 'Good', sourceTime: NOW - 40 * MIN });
    const oee = engine.slot('Line1/OEE/Availability')!.current;
    expect(oee).toMatchObject({ value: 100, quality: 'Good', sourceTime: NOW - 40 * MIN });
  });

  it('is as uncertain as a stale counter, and as bad as a state tag that lost its link (bad wins over uncertain)', async () => {
    const { engine, service } = setUp({
      'Line1/Filler/State': { quality: 'Good', sourceTime: NOW - MIN },
      'Line1/Counters/Good': { quality: 'UncertainLastUsableValue', sourceTime: NOW - 3 * MIN },
      'Line1/Counters/Rejected': { quality: 'Good', sourceTime: NOW - MIN },
    });
    await service.refresh();
    expect(engine.slot('Line1/OEE/OEE')!.current).toMatchObject({ quality: 'UncertainLastUsableValue', sourceTime: NOW - 3 * MIN });

    engine.setQuality([engine.slot('Line1/Filler/State')!.id], 'BadNotConnected');
    await service.refresh();
    for (const field of ['OEE', 'Availability', 'Performance', 'Quality', 'Good', 'Reject', 'DowntimeMinutes']) {
      expect(engine.slot(`Line1/OEE/${field}`)!.current, field).toMatchObject({ quality: 'BadNotConnected', sourceTime: NOW - 3 * MIN });
    }
    expect(service.current().lines[0]!.inputs?.quality).toBe('BadNotConnected');
  });

  it('recomputes at once when an input turns bad or good again (a link lost or back), not at the next interval', async () => {
    const { engine, service } = setUp({
      'Line1/Filler/State': { quality: 'Good', sourceTime: NOW - MIN },
      'Line1/Counters/Good': { quality: 'Good', sourceTime: NOW - MIN },
      'Line1/Counters/Rejected': { quality: 'Good', sourceTime: NOW - MIN },
    });
    service.start();
    await until(() => engine.slot('Line1/OEE/OEE')!.current.quality === 'Good', 'the first computation');
    // The interval is an hour: only the change of the input's quality can recompute now.
    engine.setQuality([engine.slot('Line1/Counters/Good')!.id], 'BadNotConnected');
    await until(() => engine.slot('Line1/OEE/OEE')!.current.quality === 'BadNotConnected', 'the OEE Bad after the counter lost its link');
    const good = engine.slot('Line1/Counters/Good')!;
    engine.ingest([{ handle: good.id, value: { value: 2, quality: 'Good', sourceTime: NOW, serverTime: NOW } }]);
    await until(() => engine.slot('Line1/OEE/OEE')!.current.quality === 'Good', 'the OEE Good again with the link back');
  });

  it('names a configuration error when an input tag does not exist', async () => {
    const clock = new ManualClock(NOW);
    const engine = new TagEngine(oeeTagDefinitions(lines), clock);
    const service = new OeeService({ inputs: { lines, history, classifications: () => [] }, calendar: new ShiftCalendar(REPORT_SHIFTS.shifts, 'Europe/Berlin'), engine, clock, intervalMs: 3_600_000 });
    disposables.push(engine, service);
    await service.refresh();
    expect(engine.slot('Line1/OEE/OEE')!.current.quality).toBe('BadConfigurationError');
  });
});
