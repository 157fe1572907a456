import { describe, expect, it } from 'vitest';
import type { HistoryFrame } from '../../common/history.ts';
import type { TagInfo } from '../../common/tag.ts';
import { LiveBuffer } from '../../renderer/trends/live-buffer.ts';
import { makePens, PEN_COLOURS } from '../../renderer/trends/pens.ts';
import { badStretches, frameToSamples, gapStretches, mergeSamples, sampleAt, seriesData } from '../../renderer/trends/samples.ts';
import { trendCsv } from '../../renderer/trends/export.ts';
import { sparklineGeometry } from '../../renderer/trends/sparkline-path.ts';
import { axesOf, intersectStretches, trendOption } from '../../renderer/trends/trend-option.ts';

function frame(partial: Partial<HistoryFrame> & Pick<HistoryFrame, 'kind' | 'fields'>): HistoryFrame {
  return { tag: 'Line1/Tank101/Level', dataType: 'float64', units: '%', decimals: 1, source: 'raw', ...partial };
}

function info(path: string, extra: Partial<TagInfo> = {}): TagInfo {
  return { path, description: '', dataType: 'float64', units: '%', decimals: 1, writable: false, device: 'sim', history: true, ...extra };
}

describe('history frame → trend samples', () => {
  it('breaks the line at gaps and at bad values, keeping their quality', () => {
    const samples = frameToSamples(
      frame({
        kind: 'raw',
        fields: { time: [0, 10, 20, 30, 40], value: [1, 2, null, 4, 5], quality: ['Good', 'Good', null, 'BadNoCommunication', 'UncertainLastUsableValue'] },
      }),
      false,
    );
    expect(samples.value).toEqual([1, 2, null, null, 5]);
    expect(samples.quality).toEqual(['Good', 'Good', null, 'BadNoCommunication', 'UncertainLastUsableValue']);
    expect(seriesData(samples)).toEqual([
      [0, 1],
      [10, 2],
      [20, null],
      [30, null],
      [40, 5],
    ]);
  });

  it('spreads a plot bucket over first, min, max, last so spikes survive', () => {
    const samples = frameToSamples(frame({ kind: 'plot', bucketMs: 100, fields: { time: [0, 100], first: [5, null], min: [1, null], max: [9, null], last: [6, null], quality: ['Good', null] } }), false);
    expect(samples.time).toEqual([0, 25, 50, 75, 100, 125, 150, 175]);
    expect(samples.value).toEqual([5, 1, 9, 6, null, null, null, null]);
  });

  it('draws discrete plot buckets as first and last (the chart steps between them)', () => {
    const samples = frameToSamples(frame({ kind: 'plot', dataType: 'int16', bucketMs: 100, fields: { time: [0, 100], first: [1, 2], min: [1, 2], max: [2, 3], last: [2, 3], quality: ['Good', 'Good'] } }), true);
    expect(samples.time).toEqual([0, 50, 100, 150]);
    expect(samples.value).toEqual([1, 2, 2, 3]);
  });

  it('never draws a bad plot bucket, even with values from its good part', () => {
    const samples = frameToSamples(frame({ kind: 'plot', bucketMs: 100, fields: { time: [0], first: [5], min: [1], max: [9], last: [6], quality: ['BadSensorFailure'] } }), false);
    expect(samples.value).toEqual([null, null, null, null]);
  });

  it('finds bad stretches from a bad point to the next one, merged, the last up to the end', () => {
    const samples = frameToSamples(frame({ kind: 'raw', fields: { time: [0, 10, 20, 30, 40, 50], value: [1, 0, 0, 4, 0, 0], quality: ['Good', 'Bad', 'BadTimeout', 'Good', 'Good', 'BadNoCommunication'] } }), false);
    expect(badStretches(samples, 80)).toEqual([
      [10, 30],
      [50, 80],
    ]);
  });

  it('finds gaps (no data) apart from bad values', () => {
    const samples = frameToSamples(
      frame({
        kind: 'plot',
        bucketMs: 100,
        fields: { time: [0, 100, 200, 300], first: [null, null, 1, null], min: [null, null, 1, null], max: [null, null, 1, null], last: [null, null, 1, null], quality: [null, null, 'Good', 'BadTimeout'] },
      }),
      false,
    );
    expect(gapStretches(samples, 400)).toEqual([[0, 200]]);
    expect(
      intersectStretches(
        [
          [0, 200],
          [300, 500],
        ],
        [
          [100, 350],
          [450, 460],
        ],
      ),
    ).toEqual([
      [100, 200],
      [300, 350],
      [450, 460],
    ]);
    expect(badStretches(samples, 400)).toEqual([[300, 400]]);
  });

  it('merges history with live points after it and holds the last value to now', () => {
    const history = frameToSamples(frame({ kind: 'raw', fields: { time: [0, 10], value: [1, 2], quality: ['Good', 'Good'] } }), false);
    const live = new LiveBuffer(3);
    live.add({ value: 1.5, quality: 'Good', sourceTime: 5, serverTime: 5 });
    live.add({ value: 3, quality: 'Good', sourceTime: 15, serverTime: 15 });
    live.add({ value: true, quality: 'Good', sourceTime: 12, serverTime: 12 }); // older than the last: ignored
    const merged = mergeSamples(history, 10, live, 30);
    expect(merged.time).toEqual([0, 5, 15, 30]);
    expect(merged.value).toEqual([1, 1.5, 3, 3]);
  });

  it('lets live points win over a coarse history bucket that spans them (the 7 d view read out its bucket quality as latest)', () => {
    // One 20-minute plot bucket whose worst quality was bad: its four points spread over the bucket, past now.
    const history = frameToSamples(frame({ kind: 'plot', bucketMs: 2000, fields: { time: [0], first: [5], min: [5], max: [9], last: [7], quality: ['BadNotConnected'] } }), false);
    const live = new LiveBuffer();
    live.add({ value: 8, quality: 'Good', sourceTime: 700, serverTime: 700 });
    live.add({ value: 8.5, quality: 'Good', sourceTime: 1000, serverTime: 1000 });
    const merged = mergeSamples(history, 1000, live, 1000);
    expect(merged.time).toEqual([0, 500, 700, 1000]);
    expect(sampleAt(merged, 1000)).toEqual({ time: 1000, value: 8.5, quality: 'Good' });
    // Without live points, nothing of the bucket is drawn past where the history ends.
    expect(mergeSamples(history, 1000, new LiveBuffer(), 1000).time).toEqual([0, 500, 1000]);
  });

  it('caps live buffers and marks a lost connection as a gap', () => {
    const live = new LiveBuffer(3);
    for (let t = 1; t <= 4; t++) live.add({ value: t, quality: 'Good', sourceTime: t, serverTime: t });
    live.gap(5);
    expect(live.time).toEqual([3, 4, 5]);
    expect(live.value).toEqual([3, 4, null]);
    expect(live.quality).toEqual(['Good', 'Good', null]);
  });

  it('reads out the point in effect at the cursor', () => {
    const samples = frameToSamples(frame({ kind: 'raw', fields: { time: [0, 10, 20], value: [1, null, 3], quality: ['Good', 'BadTimeout', 'Good'] } }), false);
    expect(sampleAt(samples, -1)).toBeUndefined();
    expect(sampleAt(samples, 15)).toEqual({ time: 10, value: null, quality: 'BadTimeout' });
    expect(sampleAt(samples, 99)).toEqual({ time: 20, value: 3, quality: 'Good' });
  });
});

describe('trend chart option', () => {
  it('groups pens by unit onto their own axes, discrete pens as steps, muted non-alarm colours', () => {
    const pens = makePens([
      info('A', { units: '%', range: { min: 0, max: 100 } }),
      info('B', { units: 'bpm' }),
      info('C', { units: '%', range: { min: 0, max: 50 } }),
      info('S', { dataType: 'int16', units: '', states: { '0': 'Stopped', '1': 'Running' } }),
    ]);
    expect(axesOf(pens).map((axis) => axis.pens.map((pen) => pen.path))).toEqual([['A', 'C'], ['B'], ['S']]);
    const samples = new Map([['S', frameToSamples(frame({ kind: 'raw', fields: { time: [0, 10], value: [0, 1], quality: ['Good', 'BadTimeout'] } }), true)]]);
    const option = trendOption({ pens, samples, from: 0, to: 20, extentFrom: -10, extentTo: 20, dataEnd: 20, words: { onOff: 'on/off', state: 'state', on: 'on', off: 'off' } });
    expect(option.yAxis).toHaveLength(3);
    expect(option.yAxis[0]).toMatchObject({ name: '%', min: 0, max: 100 });
    expect(option.series.map((s) => [s.yAxisIndex, s.step])).toEqual([
      [0, false],
      [1, false],
      [0, false],
      [2, 'end'],
    ]);
    expect(option.series[3]!.markArea.data).toEqual([[{ xAxis: 10 }, { xAxis: 20 }]]);
    expect(new Set(pens.map((pen) => pen.colour)).size).toBe(4);
    for (const colour of PEN_COLOURS) expect(colour).toMatch(/^#[0-7][0-9a-f][0-7][0-9a-f][0-9a-f]{2}$/i);
  });

  it('draws its own axis words in the reader’s language (the canvas cannot be translated afterwards)', () => {
    const pens = makePens([info('R', { dataType: 'bool', units: '' }), info('S', { dataType: 'int16', units: '', states: { '0': 'Stopped', '1': 'Running' } })]);
    const option = trendOption({ pens, samples: new Map(), from: 0, to: 20, extentFrom: 0, extentTo: 20, dataEnd: 20, words: { onOff: 'ein/aus', state: 'Zustand', on: 'ein', off: 'aus' } });
    expect(option.yAxis.map((axis) => ('name' in axis ? axis.name : undefined))).toEqual(['ein/aus', 'Zustand']);
    const labels = (option.yAxis[0] as { axisLabel: { formatter: (v: number) => string } }).axisLabel.formatter;
    expect([labels(1), labels(0), labels(2)]).toEqual(['ein', 'aus', '']);
  });

  it('exports what is shown as CSV: time, each pen value and quality', () => {
    const pens = makePens([info('A', { units: 'bpm' }), info('B', { units: '' })]);
    const samples = new Map([
      ['A', frameToSamples(frame({ kind: 'raw', fields: { time: [1000, 2000], value: [1, 2], quality: ['Good', 'BadTimeout'] } }), false)],
      ['B', frameToSamples(frame({ kind: 'raw', fields: { time: [1500], value: [7], quality: ['Good'] } }), false)],
    ]);
    expect(trendCsv(pens, samples, 0, 5000, 'UTC').split('\n')).toEqual([
      'time (UTC),plant time (UTC),A [bpm],A quality,B,B quality',
      '1970-01-01T00:00:01.000Z,1970-01-01T00:00:01.000+00:00,1,Good,,gap',
      '1970-01-01T00:00:01.500Z,1970-01-01T00:00:01.500+00:00,1,Good,7,Good',
      '1970-01-01T00:00:02.000Z,1970-01-01T00:00:02.000+00:00,,BadTimeout,7,Good',
      '',
    ]);
  });

  it('gives plant time with its UTC offset on both sides of a daylight-saving change', () => {
    const pens = makePens([info('A', { units: 'bpm' })]);
    // Europe/Berlin leaves summer time at 01:00 UTC on 25 Oct 2026: 02:30 local happens twice.
    const before = Date.UTC(2026, 9, 25, 0, 30);
    const after = Date.UTC(2026, 9, 25, 1, 30);
    const samples = new Map([['A', frameToSamples(frame({ kind: 'raw', fields: { time: [before, after], value: [1, 2.5], quality: ['Good', 'Good'] } }), false)]]);
    const lines = trendCsv(pens, samples, before, after, 'Europe/Berlin').split('\n');
    expect(lines[0]).toBe('time (UTC),plant time (Europe/Berlin),A [bpm],A quality');
    expect(lines[1]).toBe('2026-10-25T00:30:00.000Z,2026-10-25T02:30:00.000+02:00,1,Good');
    expect(lines[2]).toBe('2026-10-25T01:30:00.000Z,2026-10-25T02:30:00.000+01:00,2.5,Good');
    // Both columns parse back to the same instant.
    for (const line of lines.slice(1, 3)) {
      const [utc, plant] = line.split(',');
      expect(Date.parse(plant!)).toBe(Date.parse(utc!));
    }
  });
});

describe('sparkline geometry', () => {
  it('breaks the line at gaps and shades bad stretches over the range', () => {
    const samples = frameToSamples(frame({ kind: 'raw', fields: { time: [0, 10, 20, 30, 40], value: [0, 100, null, 0, 50], quality: ['Good', 'Good', null, 'BadTimeout', 'Good'] } }), false);
    const geometry = sparklineGeometry(samples, 0, 40, 40, 12, { min: 0, max: 100 });
    expect(geometry.line).toBe('M0.0 11.0L10.0 1.0M40.0 6.0');
    expect(geometry.bad).toEqual([{ x: 30, width: 10 }]);
  });
});
