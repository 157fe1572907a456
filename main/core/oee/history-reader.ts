import type { HistoryQuery, ParsedHistoryQuery } from '../../../common/history.ts';
import type { KeyValue } from '../../../common/reports-contract.ts';
import { severityOf, type Quality } from '../../../common/quality.ts';
import { ok, type Result } from '../../../common/result.ts';
import type { Historian } from '../historian/historian.ts';
import type { Sample } from './oee-calc.ts';

/** What OEE and reports read from the history. The historian runs the queries in its worker. */
export interface HistoryReader {
  /** Stored values in [from, to] with the value held at `from` first; gaps and bad values as null. */
  series(tag: string, from: number, to: number): Promise<Result<Sample[]>>;
  /** min, max and time-weighted average over [from, to), with the worst quality. */
  stats(tag: string, from: number, to: number): Promise<Result<Pick<KeyValue, 'min' | 'max' | 'avg' | 'quality'>>>;
}

export class HistorianReader implements HistoryReader {
  private readonly historian: Historian;

  constructor(historian: Historian) {
    this.historian = historian;
  }

  async series(tag: string, from: number, to: number): Promise<Result<Sample[]>> {
    const at = await this.query({ kind: 'interpolated', tags: [tag], from, to: Math.max(to, from + 1), intervalMs: Math.max(1, to - from) });
    if (!at.ok) return at;
    const raw = await this.query({ kind: 'raw', tags: [tag], from, to: Math.max(to, from + 1), limit: 100_000 });
    if (!raw.ok) return raw;
    const first = at.value.fields;
    const samples: Sample[] = [{ t: from, v: good(first.value?.[0] ?? null, first.quality[0] ?? null) }];
    const { time, value, quality } = raw.value.fields;
    for (let i = 0; i < time.length; i++) {
      const t = time[i]!;
      const v = good(value?.[i] ?? null, quality[i] ?? null);
      if (t === from && samples.length === 1) samples[0] = { t, v };
      else samples.push({ t, v });
    }
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
