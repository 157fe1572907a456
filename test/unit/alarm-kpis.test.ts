import { describe, expect, it } from 'vitest';
import type { AlarmEventKind, AlarmJournalEntry, AlarmPriority } from '../../common/alarms.ts';
import { computeAlarmKpis } from '../../main/core/alarms/alarm-kpis.ts';

const FROM = Date.UTC(2026, 0, 1, 6, 0, 0);
const MIN = 60_000;
let seq = 0;

function entry(alarmId: string, kind: AlarmEventKind, atMin: number, priority: AlarmPriority = 'medium', extraMs = 0): AlarmJournalEntry {
  return { seq: ++seq, at: FROM + atMin * MIN + extraMs, alarmId, tag: 'T', area: '', priority, kind, state: 'unackActive', value: 1, user: 'system', comment: '', message: alarmId };
}

describe('alarm KPIs from a journal', () => {
  it('computes rates, flood share, top ten and priority distribution by hand', () => {
    // One hour = 6 ten-minute periods. Period 0: 12 raises of A (a flood, and chattering). Period 3: B, C, C. Period 5: D (critical).
    const entries: AlarmJournalEntry[] = [];
    for (let i = 0; i < 12; i++) entries.push(entry('A', 'raise', 0, 'low', i * 10_000), entry('A', 'clear', 0, 'low', i * 10_000 + 5000));
    entries.push(entry('B', 'raise', 31, 'high'), entry('C', 'raise', 32), entry('C', 'clear', 33), entry('C', 'raise', 38));
    entries.push(entry('D', 'raise', 55, 'critical'), entry('D', 'acknowledge', 56, 'critical'));
    entries.push(entry('B', 'shelve', 40, 'high'), entry('C', 'suppress', 41));
    const kpis = computeAlarmKpis({ from: FROM, to: FROM + 60 * MIN, entries });
    expect(kpis.totalAlarms).toBe(16);
    expect(kpis.periods).toBe(6);
    expect(kpis.averagePer10Min).toBeCloseTo(16 / 6, 4);
    expect(kpis.averagePerHour).toBe(16);
    expect(kpis.peakPer10Min).toBe(12);
    expect(kpis.floodPeriods).toBe(1);
    expect(kpis.floodShare).toBeCloseTo(1 / 6, 4);
    expect(kpis.mostFrequent).toEqual([
      { alarmId: 'A', count: 12, share: 0.75 },
      { alarmId: 'C', count: 2, share: 0.125 },
      { alarmId: 'B', count: 1, share: 0.0625 },
      { alarmId: 'D', count: 1, share: 0.0625 },
    ]);
    expect(kpis.chattering).toEqual([{ alarmId: 'A', count: 12 }]);
    expect(kpis.priorityDistribution).toEqual({ critical: 1, high: 1, medium: 2, low: 12 });
    expect(kpis).toMatchObject({ shelveActions: 1, suppressions: 1, acknowledgements: 1, outOfServiceActions: 0, stale: [] });
  });

  it('divides by operator positions', () => {
    const entries = Array.from({ length: 24 }, (_, i) => entry(`X${i}`, 'raise', 1));
    const one = computeAlarmKpis({ from: FROM, to: FROM + 10 * MIN, entries });
    const two = computeAlarmKpis({ from: FROM, to: FROM + 10 * MIN, entries, operatorPositions: 2 });
    expect(one).toMatchObject({ averagePer10Min: 24, floodShare: 1, peakPer10Min: 24 });
    expect(two).toMatchObject({ averagePer10Min: 12, floodShare: 1, peakPer10Min: 12, operatorPositions: 2 });
    const three = computeAlarmKpis({ from: FROM, to: FROM + 10 * MIN, entries, operatorPositions: 3 });
    expect(three.floodShare).toBe(0); // 8 per position: not a flood
  });

  it('finds stale alarms: active more than 24 hours at the end, also when raised before the period', () => {
    const day = 24 * 60;
    const before = [entry('OLD', 'raise', -day - 5), entry('GONE', 'clear', -10)];
    const entries = [entry('NEW', 'raise', 40), entry('LONG', 'raise', 0), entry('SHELVED', 'raise', 0), entry('SHELVED', 'shelve', 5)];
    const kpis = computeAlarmKpis({ from: FROM, to: FROM + day * MIN + 30 * MIN, entries, before });
    expect(kpis.stale.map((s) => s.alarmId)).toEqual(['OLD', 'LONG']);
    expect(kpis.stale[0]!.activeSince).toBe(FROM - (day + 5) * MIN);
  });

  it('counts nothing outside the period and an empty journal is all zeros', () => {
    const kpis = computeAlarmKpis({ from: FROM, to: FROM + 10 * MIN, entries: [entry('A', 'raise', -1), entry('A', 'raise', 10)] });
    expect(kpis).toMatchObject({ totalAlarms: 0, averagePer10Min: 0, floodShare: 0, mostFrequent: [], chattering: [] });
  });
});
