import type { CallResult, ParsedCallParams } from '../../../common/contract.ts';
import type { Result } from '../../../common/result.ts';
import type { trendViewCalls } from '../../../common/trend-views.ts';
import type { TrendViewStore } from './trend-view-store.ts';

type Name = keyof typeof trendViewCalls;
type Handlers = { [C in Name]: (params: ParsedCallParams<C>, client: { user: { name: string } }) => Result<CallResult<C>> };

/** The `trends.views.*` calls over the runtime's store; the caller's name is recorded as who saved. */
export function createTrendViewHandlers(store: TrendViewStore, now: () => number = Date.now): Handlers {
  return {
    'trends.views.list': () => ({ ok: true, value: store.list() }),
    'trends.views.save': (view, client) => store.save(view, client.user.name, now()),
    'trends.views.delete': ({ name }) => store.delete(name),
  };
}
