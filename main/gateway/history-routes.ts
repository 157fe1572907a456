import { z } from 'zod';
import { HistorianStatusSchema, HistoryQuerySchema, HistoryResultSchema, MAX_RAW_POINTS, SizeReportSchema } from '../../common/history.ts';
import { fail, ok } from '../../common/result.ts';
import { problemFromZod } from '../../common/zod-problem.ts';
import type { RestApi } from './rest-api.ts';
import type { GatewayServices } from './services.ts';

/** Epoch ms or an ISO 8601 date-time. */
const TimeParam = z.string().transform((s, ctx) => {
  const t = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (Number.isNaN(t)) ctx.addIssue({ code: 'custom', message: 'a time is epoch milliseconds or an ISO 8601 date-time' });
  return t;
});
const IntParam = z.coerce.number().int();

const HistoryParams = z.strictObject({
  kind: z.enum(['raw', 'aggregate', 'plot', 'interpolated']).default('raw').describe('raw points, aggregates per bucket, plot buckets (first/min/max/last) or interpolated values'),
  tags: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .describe('Comma-separated tag paths, e.g. Line1/Filler/Speed,Line1/Tank/Level'),
  from: TimeParam.describe('Start (inclusive): epoch ms or ISO 8601'),
  to: TimeParam.describe('End (exclusive): epoch ms or ISO 8601'),
  limit: IntParam.optional().describe(`raw: at most this many points per tag (default and maximum ${MAX_RAW_POINTS})`),
  intervalMs: IntParam.optional().describe('aggregate and interpolated: bucket or step width in ms'),
  pixels: IntParam.optional().describe('plot: width of the plot in pixels (at most two points per pixel column come back)'),
});

export function addHistoryRoutes(api: RestApi, services: GatewayServices): void {
  api.add({
    method: 'GET',
    path: '/api/v1/history',
    tag: 'history',
    call: 'history.query',
    summary: 'Recorded history of tags',
    description:
      'Columnar frames, one per tag: `time` plus value columns and `quality` (null quality = a gap: no data). ' +
      'raw: stored points; aggregate: first/last/min/max/count/time-weighted avg per `intervalMs` bucket; ' +
      'plot: first/min/max/last per bucket of two pixel columns, from raw data or minute/hour rollups by range; interpolated: values every `intervalMs`.',
    query: HistoryParams,
    response: { description: 'One frame per requested tag.', schema: HistoryResultSchema },
    problems: ['bad-request', 'not-found', 'shutting-down'],
    handle: async ({ query }) => {
      const history = services.history;
      if (!history) return fail('config-error', 'this runtime has no historian');
      const { kind, tags, from, to, limit, intervalMs, pixels } = query;
      const parsed = HistoryQuerySchema.safeParse({ kind, tags, from, to, ...defined({ limit, intervalMs, pixels }) });
      if (!parsed.success) return { ok: false, error: problemFromZod(parsed.error, 'query') };
      return history.query(parsed.data);
    },
  });
  api.add({
    method: 'GET',
    path: '/api/v1/history/status',
    tag: 'history',
    call: 'history.status',
    summary: 'Historian status',
    description: 'ok, or retrying with the storage error (disk full, database locked) while writes wait in a bounded buffer.',
    response: { description: 'The status.', schema: HistorianStatusSchema },
    handle: () => (services.history ? ok(services.history.status()) : fail('config-error', 'this runtime has no historian')),
  });
  api.add({
    method: 'GET',
    path: '/api/v1/history/size',
    tag: 'history',
    call: 'history.sizeReport',
    summary: 'History storage size by partition and tag',
    response: { description: 'The size report.', schema: SizeReportSchema },
    handle: () => services.history?.sizeReport() ?? fail('config-error', 'this runtime has no historian'),
  });
}

function defined(values: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<string, number>;
}
