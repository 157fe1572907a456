import type { inspectionCalls } from '../../common/inspection.ts';
import type { lotCalls } from '../../common/lots.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { LotService } from '../core/lots/lot-service.ts';
import { recallWords } from '../core/i18n/recall-words.ts';
import { recallPdf } from '../core/lots/recall-export.ts';
import type { Handler } from './client-context.ts';
import type { GatewayServices } from './services.ts';

type LotHandlers = { [C in keyof typeof lotCalls | keyof typeof inspectionCalls]: Handler<C> };

const notConfigured = (): Result<never> => fail('config-error', 'this project has no MES/ERP sync (mes.json), so no work orders make or use lots');

/** The `lots.*` and `quality.*` calls: genealogy and inspection results live beside the work orders, in the MES store. */
export function createLotHandlers(services: GatewayServices): LotHandlers {
  const withLots = <T>(fn: (l: LotService) => T): T | Result<never> => (services.mes ? fn(services.mes.lots) : notConfigured());
  return {
    'lots.list': ({ prefix, material, limit }) => withLots((l) => ok(l.list(prefix, material, limit))),
    'lots.trace': ({ lot, direction, maxDepth }) => withLots((l) => l.trace(lot, direction, maxDepth)),
    'lots.recall': ({ lot }) => withLots((l) => l.recall(lot)),
    'lots.recallPdf': ({ lot }, client) =>
      withLots(async (l) => {
        const list = l.recall(lot);
        if (!list.ok) return list;
        const info = services.sessionInfo();
        // In the exporter's own language (kept by the runtime), shift names as the project translates them.
        const language = client.signedIn?.preferences.language ?? undefined;
        const pdf = await recallPdf(list.value, info.timeZone, info.plant, Date.now(), recallWords(language), (id) => (language ? services.texts?.text(language, id) : undefined));
        return ok({ fileName: `recall-${lot}.pdf`, base64: pdf.toString('base64') });
      }),
    'lots.lineInputs': ({ line }) => withLots((l) => ok(l.lineInputs(line))),
    'lots.setLineInput': ({ line, material, lot }, client) => withLots((l) => l.setLineInput(line, material, lot, { ...client.user, station: client.station })),
    'lots.setHold': ({ lot, reason }, client) => withLots((l) => l.setHold(lot, reason, { ...client.user, station: client.station })),
    'quality.due': ({ line }) => (services.mes ? ok(services.mes.inspection.due(line)) : notConfigured()),
    'quality.record': ({ order, characteristic, values, pass, count, defect, location }, client) =>
      services.mes
        ? services.mes.inspection.record(
            { order, characteristic, values, ...(pass !== undefined ? { pass } : {}), ...(count !== undefined ? { count } : {}), ...(defect ? { defect } : {}), ...(location ? { location } : {}) },
            { ...client.user, station: client.station },
          )
        : notConfigured(),
    'quality.chart': (q) => (services.mes ? services.mes.inspection.chart(q) : notConfigured()),
    'quality.characteristics': () => (services.mes ? ok(services.mes.inspection.characteristics()) : ok([])),
  };
}
