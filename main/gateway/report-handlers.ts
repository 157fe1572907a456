import type { reportCalls } from '../../common/reports-contract.ts';
import { fail, ok } from '../../common/result.ts';
import type { Handler } from './client-context.ts';
import type { GatewayServices } from './services.ts';

type ReportHandlers = { [C in keyof typeof reportCalls]: Handler<C> };

const DAY_MS = 86_400_000;

/** Where a prepared export is downloaded (GET with the bearer token). */
export function exportUrl(id: number, exportId: string): string {
  return `/api/v1/reports/${id}/exports/${encodeURIComponent(exportId)}`;
}

/** The `shifts.*`, `oee.*`, `reports.*` and `logbook.*` calls. Roles are checked by the report service. */
export function createReportHandlers(services: GatewayServices): ReportHandlers {
  const missing = () => fail('config-error', 'this project has no shifts.json: no shifts, OEE or reports');
  const r = () => services.reports;
  return {
    'shifts.list': ({ from, to }) => {
      const s = r();
      if (!s) return missing();
      const now = s.now();
      const current = s.calendar.at(now) ?? null;
      const end = to ?? current?.end ?? now;
      const start = from ?? end - DAY_MS;
      if (start >= end) return fail('bad-request', 'from must be before to', 'to');
      if (end - start > 62 * DAY_MS) return fail('bad-request', 'at most 62 days of shifts at a time', 'to');
      return ok({ timeZone: s.calendar.timeZone, current, shifts: s.calendar.between(start, end) });
    },
    'oee.current': () => {
      const s = r();
      return s ? ok(s.oee.current()) : missing();
    },
    'oee.classify': async ({ line, start, code }, client) => {
      const s = r();
      if (!s) return missing();
      const stop = s.oee
        .current()
        .lines.find((l) => l.line === line)
        ?.downtime.find((d) => d.start === start);
      if (!stop) return fail('not-found', `no stop of ${line} starting at ${start} in the current shift`, 'start');
      const done = s.reports.classify(client.user, line, start, code);
      if (done.ok) await s.oee.recompute();
      return done;
    },
    'reports.list': ({ limit }) => {
      const s = r();
      return s ? ok(s.reports.list(limit)) : missing();
    },
    'reports.get': ({ id }) => r()?.reports.get(id) ?? missing(),
    'reports.generate': (params, client) => r()?.reports.generate(client.user, params) ?? missing(),
    'reports.export': async ({ id, format, language }, client) => {
      const s = r();
      if (!s) return missing();
      let exportId = '';
      const prepared = await s.reports.prepareExport(
        id,
        format,
        (done, stage) => {
          client.sendEvent({ event: 'reports.progress', data: { exportId, reportId: id, format, done, stage } });
        },
        language ?? client.signedIn?.preferences.language,
      );
      if (!prepared.ok) return prepared;
      exportId = prepared.value.exportId;
      return ok({ exportId, url: exportUrl(id, exportId), fileName: prepared.value.file.fileName, bytes: prepared.value.file.body.length });
    },
    'reports.sign': async ({ id, meaning, reason, password }, client) => {
      const signed = (await r()?.reports.sign(client.user, id, { meaning, reason, password, station: client.station })) ?? missing();
      if (signed.ok) {
        services.audit.record({
          user: client.user.name,
          role: client.user.role,
          station: client.station,
          action: 'reports.sign',
          target: `report ${id} (${signed.value.shiftId} v${signed.value.version})`,
          newValue: { contentSha256: signed.value.contentSha256 },
          meaning,
          reason,
        });
      }
      return signed;
    },
    'logbook.add': ({ text, line }, client) => r()?.reports.addLogbook(client.user, text, line) ?? missing(),
    'logbook.list': ({ from, to }) => {
      const s = r();
      return s ? ok(s.reports.logbook(from, to)) : missing();
    },
  };
}
