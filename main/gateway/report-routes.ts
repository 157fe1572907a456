import { z } from 'zod';
import type { EventFrame } from '../../common/protocol.ts';
import { CurrentOeeSchema, ExportFormatSchema, ReportSchema, ReportSummarySchema } from '../../common/reports-contract.ts';
import { DisposableStore, type Disposable } from '../../common/emitter.ts';
import { fail, ok } from '../../common/result.ts';
import { LanguageCodeSchema } from '../../common/preferences.ts';
import { FileResponse, type RestApi } from './rest-api.ts';
import type { GatewayServices } from './services.ts';

const Id = z.coerce.number().int().positive();

/** REST: the report list, one report, and its exports as downloads. */
export function addReportRoutes(api: RestApi, services: GatewayServices): void {
  const missing = () => fail('config-error', 'this project has no shifts.json: no shifts, OEE or reports');
  const download = { description: 'The file (PDF, CSV or XLSX) as an attachment.', schema: z.string().meta({ format: 'binary' }), contentType: 'application/octet-stream' };
  api.add({
    method: 'GET',
    path: '/api/v1/reports',
    call: 'reports.list',
    tag: 'reports',
    summary: 'Shift reports, newest first',
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
    response: { description: 'Report summaries (shift, version, OEE, signature).', schema: z.array(ReportSummarySchema) },
    problems: ['bad-request', 'config-error'],
    handle: ({ query }) => (services.reports ? ok(services.reports.reports.list(query.limit)) : missing()),
  });
  api.add({
    method: 'GET',
    path: '/api/v1/reports/{id}',
    call: 'reports.get',
    tag: 'reports',
    summary: 'One shift report with its full content',
    response: { description: 'The report.', schema: ReportSchema },
    problems: ['bad-request', 'not-found', 'config-error'],
    handle: ({ params }) => {
      const id = Id.safeParse(params['id']);
      if (!id.success) return fail('bad-request', 'the report id is a positive integer', 'id');
      return services.reports ? services.reports.reports.get(id.data) : missing();
    },
  });
  api.add({
    method: 'GET',
    path: '/api/v1/reports/{id}/export/{format}',
    call: 'reports.export',
    tag: 'reports',
    summary: 'Renders a report as PDF, CSV or XLSX and downloads it',
    description:
      'PDF and XLSX are in the language given by `language` (en, de; English otherwise), numbers in the plant locale (project `plant.locale`). CSV keeps one machine-readable form whatever the language: the same column set and field names, ISO-like times, `.` decimals.',
    query: z.strictObject({ language: LanguageCodeSchema.optional() }),
    response: download,
    problems: ['bad-request', 'not-found', 'config-error'],
    handle: async ({ params, query }) => {
      const id = Id.safeParse(params['id']);
      if (!id.success) return fail('bad-request', 'the report id is a positive integer', 'id');
      const format = ExportFormatSchema.safeParse(params['format']);
      if (!format.success) return fail('bad-request', `format must be pdf, csv or xlsx, not ${params['format']}`, 'format');
      if (!services.reports) return missing();
      const file = await services.reports.reports.export(id.data, format.data, undefined, query.language);
      return file.ok ? ok(new FileResponse(file.value)) : file;
    },
  });
  api.add({
    method: 'GET',
    path: '/api/v1/reports/{id}/exports/{exportId}',
    call: 'reports.get',
    tag: 'reports',
    summary: 'Downloads an export prepared by the reports.export call (kept ten minutes)',
    response: download,
    problems: ['bad-request', 'not-found', 'config-error'],
    handle: ({ params }) => {
      const id = Id.safeParse(params['id']);
      if (!id.success) return fail('bad-request', 'the report id is a positive integer', 'id');
      if (!services.reports) return missing();
      const file = services.reports.reports.preparedExport(id.data, params['exportId'] ?? '');
      return file ? ok(new FileResponse(file)) : fail('not-found', `no prepared export ${params['exportId']} of report ${id.data} (expired?); export again`, 'exportId');
    },
  });
  api.add({
    method: 'GET',
    path: '/api/v1/oee',
    call: 'oee.current',
    tag: 'reports',
    summary: 'OEE of the current shift per line',
    response: { description: 'The current shift and each line’s OEE, factors, downtime and Pareto.', schema: CurrentOeeSchema },
    problems: ['config-error'],
    handle: () => (services.reports ? ok(services.reports.oee.current()) : missing()),
  });
}

/** `oee.changed` and `reports.generated` to every connected client. */
export function broadcastReportEvents(services: GatewayServices, send: (frame: EventFrame) => void): Disposable {
  const store = new DisposableStore();
  const r = services.reports;
  if (!r) return store;
  store.add(r.oee.onDidChange((data) => send({ event: 'oee.changed', data })));
  store.add(r.reports.onDidGenerate((data) => send({ event: 'reports.generated', data })));
  return store;
}
