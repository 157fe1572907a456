import type { screenCalls } from '../../common/screens-contract.ts';
import type { Result } from '../../common/result.ts';
import { checkScreenEditor } from '../core/screens/screen-permissions.ts';
import type { DocumentKind, ScreenStore } from '../core/screens/screen-store.ts';
import type { CallerIdentity, Handler } from './call-handlers.ts';

type ScreenHandlers = { [C in keyof typeof screenCalls]: Handler<C> };

/** The `screens.*` and `templates.*` calls: everyone may read; engineers and admins may change. */
export function createScreenHandlers(store: ScreenStore): ScreenHandlers {
  const guarded = <T>(user: CallerIdentity, action: string, work: () => Promise<Result<T>>): Promise<Result<T>> | Result<T> => {
    const allowed = checkScreenEditor(user, action);
    return allowed.ok ? work() : allowed;
  };
  const area = <K extends DocumentKind>(kind: K) => ({
    list: () => ({ ok: true as const, value: store.list(kind) }),
    get: ({ id }: { id: string }) => store.get(kind, id),
    save: ({ document, baseRevision }: { document: Record<string, unknown>; baseRevision: string }, user: CallerIdentity) =>
      guarded(user, `save the ${kind} ${String(document['id'])}`, () => store.save(kind, document, baseRevision)),
    create: ({ document }: { document: Record<string, unknown> }, user: CallerIdentity) =>
      guarded(user, `create the ${kind} ${String(document['id'])}`, () => store.create(kind, document)),
    rename: ({ id, newId, name, baseRevision }: { id: string; newId: string; name?: string | undefined; baseRevision: string }, user: CallerIdentity) =>
      guarded(user, `rename the ${kind} ${id}`, () => store.rename(kind, id, newId, name, baseRevision)),
    duplicate: ({ id, newId, name }: { id: string; newId: string; name?: string | undefined }, user: CallerIdentity) =>
      guarded(user, `duplicate the ${kind} ${id}`, () => store.duplicate(kind, id, newId, name)),
    delete: ({ id, baseRevision }: { id: string; baseRevision: string }, user: CallerIdentity) =>
      guarded(user, `delete the ${kind} ${id}`, () => store.delete(kind, id, baseRevision)),
  });
  const s = area('screen');
  const t = area('template');
  return {
    'screens.list': s.list,
    'screens.get': s.get,
    'screens.save': (p, c) => s.save(p, c.user),
    'screens.create': (p, c) => s.create(p, c.user),
    'screens.rename': (p, c) => s.rename(p, c.user),
    'screens.duplicate': (p, c) => s.duplicate(p, c.user),
    'screens.delete': (p, c) => s.delete(p, c.user),
    'templates.list': t.list,
    'templates.get': t.get,
    'templates.save': (p, c) => t.save(p, c.user),
    'templates.create': (p, c) => t.create(p, c.user),
    'templates.rename': (p, c) => t.rename(p, c.user),
    'templates.duplicate': (p, c) => t.duplicate(p, c.user),
    'templates.delete': (p, c) => t.delete(p, c.user),
  };
}
