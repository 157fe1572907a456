import type { screenCalls } from '../../common/screens-contract.ts';
import type { Result } from '../../common/result.ts';
import type { DocumentKind, ScreenStore } from '../core/screens/screen-store.ts';
import { audited } from './audit-change.ts';
import type { ClientContext, Handler } from './client-context.ts';
import type { GatewayServices } from './services.ts';

type ScreenHandlers = { [C in keyof typeof screenCalls]: Handler<C> };

/**
 * The `screens.*` and `templates.*` calls: everyone may read; a change needs screens.configure
 * (checked by the gateway's call gate) and is written to the audit trail.
 */
export function createScreenHandlers(store: ScreenStore, services: Pick<GatewayServices, 'audit'>): ScreenHandlers {
  const guarded = <T>(client: ClientContext, action: string, target: string, newValue: unknown, work: () => Promise<Result<T>>): Promise<Result<T>> => audited(services, client, { action, target, newValue }, work);
  const area = <K extends DocumentKind>(kind: K) => ({
    list: () => ({ ok: true as const, value: store.list(kind) }),
    get: ({ id }: { id: string }) => store.get(kind, id),
    save: ({ document, baseRevision }: { document: Record<string, unknown>; baseRevision: string }, client: ClientContext) =>
      guarded(client, `${kind}s.save`, String(document['id']), document, () => store.save(kind, document, baseRevision)),
    create: ({ document }: { document: Record<string, unknown> }, client: ClientContext) => guarded(client, `${kind}s.create`, String(document['id']), document, () => store.create(kind, document)),
    rename: ({ id, newId, name, baseRevision }: { id: string; newId: string; name?: string | undefined; baseRevision: string }, client: ClientContext) =>
      guarded(client, `${kind}s.rename`, id, { newId, name }, () => store.rename(kind, id, newId, name, baseRevision)),
    duplicate: ({ id, newId, name }: { id: string; newId: string; name?: string | undefined }, client: ClientContext) => guarded(client, `${kind}s.duplicate`, id, { newId, name }, () => store.duplicate(kind, id, newId, name)),
    delete: ({ id, baseRevision }: { id: string; baseRevision: string }, client: ClientContext) => guarded(client, `${kind}s.delete`, id, undefined, () => store.delete(kind, id, baseRevision)),
  });
  const s = area('screen');
  const t = area('template');
  return {
    'screens.list': s.list,
    'screens.get': s.get,
    'screens.save': (p, c) => s.save(p, c),
    'screens.create': (p, c) => s.create(p, c),
    'screens.rename': (p, c) => s.rename(p, c),
    'screens.duplicate': (p, c) => s.duplicate(p, c),
    'screens.delete': (p, c) => s.delete(p, c),
    'templates.list': t.list,
    'templates.get': t.get,
    'templates.save': (p, c) => t.save(p, c),
    'templates.create': (p, c) => t.create(p, c),
    'templates.rename': (p, c) => t.rename(p, c),
    'templates.duplicate': (p, c) => t.duplicate(p, c),
    'templates.delete': (p, c) => t.delete(p, c),
  };
}
