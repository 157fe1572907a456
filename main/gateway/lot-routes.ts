import { z } from 'zod';
import { LineInputSchema, LotIdSchema, LotSchema, RecallRowSchema, TraceDirectionSchema, TraceSchema } from '../../common/lots.ts';
import { fail, ok } from '../../common/result.ts';
import { LanguageCodeSchema } from '../../common/preferences.ts';
import { recallWords } from '../core/i18n/recall-words.ts';
import { recallCsv, recallPdf } from '../core/lots/recall-export.ts';
import { FileResponse, type RestApi } from './rest-api.ts';
import type { GatewayServices } from './services.ts';

const none = () => fail('config-error', 'this project has no MES/ERP sync (mes.json), so no work orders make or use lots');

/** REST: lots, traces backward and forward, recall lists (JSON, CSV, PDF) and the lots in use at the lines. */
export function addLotRoutes(api: RestApi, services: GatewayServices): void {
  const lotOf = (raw: string | undefined) => LotIdSchema.safeParse(raw);
  api.add({
    method: 'GET',
    path: '/api/v1/lots',
    call: 'lots.list',
    tag: 'lots',
    summary: 'Lots by id prefix or material, newest first',
    query: z.strictObject({ prefix: z.string().max(100).default(''), material: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
    response: { description: 'Lots with their order, line, shift and confirmations.', schema: z.array(LotSchema) },
    problems: ['bad-request', 'config-error'],
    handle: ({ query }) => (services.mes ? ok(services.mes.lots.list(query.prefix, query.material, query.limit)) : none()),
  });
  api.add({
    method: 'GET',
    path: '/api/v1/lots/{lot}/trace',
    call: 'lots.trace',
    tag: 'lots',
    summary: 'Trace a lot backward (what went into it) or forward (where it went), through several levels',
    query: z.strictObject({ direction: TraceDirectionSchema, maxDepth: z.coerce.number().int().min(1).max(50).default(20) }),
    response: { description: 'Every lot reached with its depth, and every link followed.', schema: TraceSchema },
    problems: ['bad-request', 'not-found', 'config-error'],
    handle: ({ params, query }) => {
      const lot = lotOf(params['lot']);
      if (!lot.success) return fail('bad-request', `lot: ${lot.error.issues[0]!.message}`, 'lot');
      return services.mes ? services.mes.lots.trace(lot.data, query.direction, query.maxDepth) : none();
    },
  });
  api.add({
    method: 'GET',
    path: '/api/v1/lots/{lot}/recall/{format}',
    call: 'lots.recall',
    tag: 'lots',
    summary: 'The recall list of a lot (every output lot it reached) as json, csv or pdf',
    description: 'The PDF is in the language given by `language` (en, de; English otherwise), with shift names as the project translates them. CSV keeps one machine-readable form whatever the language.',
    query: z.strictObject({ language: LanguageCodeSchema.optional() }),
    response: { description: 'JSON { lot, rows, truncated }, or the CSV/PDF file as an attachment.', schema: z.object({ lot: z.string(), rows: z.array(RecallRowSchema), truncated: z.boolean() }) },
    problems: ['bad-request', 'not-found', 'config-error'],
    handle: async ({ params, query }) => {
      const lot = lotOf(params['lot']);
      if (!lot.success) return fail('bad-request', `lot: ${lot.error.issues[0]!.message}`, 'lot');
      const format = params['format'];
      if (format !== 'json' && format !== 'csv' && format !== 'pdf') return fail('bad-request', `format must be json, csv or pdf, not ${format}`, 'format');
      if (!services.mes) return none();
      const list = services.mes.lots.recall(lot.data);
      if (!list.ok || format === 'json') return list;
      const info = services.sessionInfo();
      const { language } = query;
      if (format === 'csv') return ok(new FileResponse({ fileName: `recall-${lot.data}.csv`, contentType: 'text/csv; charset=utf-8', body: Buffer.from(recallCsv(list.value, info.timeZone), 'utf8') }));
      return ok(
        new FileResponse({
          fileName: `recall-${lot.data}.pdf`,
          contentType: 'application/pdf',
          body: await recallPdf(list.value, info.timeZone, info.plant, Date.now(), recallWords(language), (id) => (language ? services.texts?.text(language, id) : undefined)),
        }),
      );
    },
  });
  api.add({
    method: 'GET',
    path: '/api/v1/lot-inputs',
    call: 'lots.lineInputs',
    tag: 'lots',
    summary: 'Per line, the materials in use and the lot of each (warning: needed ones without a lot)',
    query: z.strictObject({ line: z.string().max(100).optional() }),
    response: { description: 'The lots in use.', schema: z.array(LineInputSchema) },
    problems: ['config-error'],
    handle: ({ query }) => (services.mes ? ok(services.mes.lots.lineInputs(query.line)) : none()),
  });
  api.add({
    method: 'POST',
    path: '/api/v1/lot-inputs',
    call: 'lots.setLineInput',
    tag: 'lots',
    summary: 'Sets (or, without lot, clears) the lot in use of a material at a line, as a scanner would',
    body: z.strictObject({ line: z.string().min(1).max(100), material: z.string().min(1).max(100), lot: LotIdSchema.optional() }),
    response: { description: 'The material at the line with its lot.', schema: LineInputSchema },
    problems: ['bad-request', 'not-found', 'config-error'],
    handle: ({ body, user, station }) => (services.mes ? services.mes.lots.setLineInput(body.line, body.material, body.lot, { name: user.name, role: user.role, station }) : none()),
  });
}
