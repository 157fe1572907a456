import type { historyCalls } from '../../common/history.ts';
import { fail, ok } from '../../common/result.ts';
import type { Handler } from './client-context.ts';
import type { GatewayServices } from './services.ts';

type HistoryHandlers = { [C in keyof typeof historyCalls]: Handler<C> };

const NO_HISTORIAN = fail('config-error', 'this runtime has no historian');

/** The `history.*` calls: queries and reports answered by the historian's worker. */
export function createHistoryHandlers(services: GatewayServices): HistoryHandlers {
  return {
    'history.query': (query) => services.history?.query(query) ?? NO_HISTORIAN,
    'history.status': () => (services.history ? ok(services.history.status()) : NO_HISTORIAN),
    'history.sizeReport': () => services.history?.sizeReport() ?? NO_HISTORIAN,
  };
}
