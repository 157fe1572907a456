import type { HistoryQuery, ParsedHistoryQuery } from '../../../common/history.ts';
import type { KeyValue } from '../../../common/reports-contract.ts';
import { severityOf, type Quality } from '../../../common/quality.ts';
import { ok, type Result } from '../../../common/result.ts';
import type { Historian } from '../historian/historian.ts';
import type { Sample } from './oee-calc.ts';

/** What OEE and reports read from the history. The historian runs the queries in its worker. */
export interface HistoryReader {
  /**
   * Stored values in [from, to], with the values at `from` and `to` themselves (interpolated for analog
   * tags, held for discrete ones) so consecutive shifts meet exactly; gaps and bad values as null.
   * `integer` rounds the values (counters).
   */
  series(tag: string, from: number, to: number, options?: { integer?: boolean }): Promise<Result<Sample[]>>;
  /** min, max and time-weighted average over [from, to), with the worst quality. */
  stats(tag: string, from: number, to: number): Promise<Result<Pick<KeyValue, 'min' | 'max' | 'avg' | 'quality'>>>;
}

export class HistorianReader implements HistoryReader {
  private readonly historian: Historian;

  constructor(historian: Historian) {
    this.historian = historian;
  }

  async series(tag: string, from: number, to: number, options: { integer?: boolean } = {}): Promise<Result<Sample[]>> {
    const end = Math.max(to, from + 1);
    const edges = await this.query({ kind: 'interpolated', tags: [tag], from, to: end + 1, intervalMs: end - from });
    if (!edges.ok) return edges;
    const raw = await this.query({ kind: 'raw', tags: [tag], from, to: end, limit: 100_000 });
    if (!raw.ok) return raw;
    const round = (v: number | null) => (v !== null && options.integer ? Math.round(v) : v);
    const e = edges.value.fields;
    const samples: Sample[] = [{ t: from, v: round(good(e.value?.[0] ?? null, e.quality[0] ?? null)) }];
    const { time, value, quality } = raw.value.fields;
    for (let i = 0; i < time.length; i++) {
      const t = time[i]!;
      if (t <= from || t >= end) continue;
      samples.push({ t, v: round(good(value?.[i] ?? null, quality[i] ?? null)) });
    }
    if (e.time.length > 1) samples.push({ t: end, v: round(good(e.value?.[1] ?? null, e.quality[1] ?? null)) });
    return ok(samples);
  }

  async stats(tag: string, from: number, to: number): Promise<Result<Pick<KeyValue, 'min' | 'max' | 'avg' | 'quality'>>> {
    const frame = await this.query({ kind: 'aggregate', tags: [tag], from, to, intervalMs: Math.max(1000, to - from) });
    if (!frame.ok) return frame;
    const f = frame.value.fields;
    return ok({ min: f.min?.[0] ?? null, max: f.max?.[0] ?? null, avg: f.avg?.[0] ?? null, quality: f.quality[0] ?? null });
  }

  private async query(query: HistoryQuery) {
    const result = await this.historian.query(query as ParsedHistoryQuery);
    return result.ok ? ok(result.value.frames[0]!) : result;
  }
}

function good(value: number | string | boolean | null, quality: Quality | null): number | null {
  if (quality === null || severityOf(quality) === 'bad') return null;
  return typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : null;
}
