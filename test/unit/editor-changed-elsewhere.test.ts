import { describe, expect, it } from 'vitest';
import type { ScreenChange } from '../../common/screens-contract.ts';
import type { GatewayClient } from '../../renderer/client/gateway-client.ts';
import { DocumentSession } from '../../renderer/editor/documents/document-session.ts';
import { EditorStore } from '../../renderer/editor/editor-store.ts';
import { isDirty } from '../../renderer/editor/model/editor-state.ts';
import { screenWith } from './editor-fixtures.ts';

/**
 * A runtime holding one screen, behind the two client methods the session uses. `save` can be held
 * open, so a push can arrive while our own save is under way (as it does: the gateway sends the
 * event before the reply).
 */
function fakeRuntime() {
  let revision = 1;
  let document: Record<string, unknown> = screenWith([{ id: 'a', x: 10, y: 10, width: 50, height: 50 }]) as unknown as Record<string, unknown>;
  const listeners = new Set<(change: ScreenChange) => void>();
  let gets = 0;
  let beforeReply: (() => void) | undefined;
  const summary = () => ({ id: 'test', name: String(document['name']), kind: 'screen' as const, file: 'screens/test.json', revision: `r${revision}` });
  const client = {
    on: (_event: string, listener: (change: ScreenChange) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    call: async (name: string, params: { document?: Record<string, unknown> }) => {
      switch (name) {
        case 'screens.list':
          return [summary()];
        case 'templates.list':
          return [];
        case 'screens.get':
          gets++;
          return { summary: summary(), document, warnings: [] };
        case 'screens.save': {
          document = params.document!;
          revision++;
          push({ kind: 'screen', id: 'test', change: 'saved', revision: `r${revision}` });
          beforeReply?.();
          return { summary: summary(), warnings: [] };
        }
        default:
          throw new Error(`unexpected call ${name}`);
      }
    },
  };
  const push = (change: ScreenChange) => {
    for (const l of listeners) l(change);
  };
  return {
    client: client as unknown as GatewayClient,
    /** Someone else saves: the stored document changes and every client is told. */
    saveElsewhere(name: string) {
      document = { ...document, name };
      revision++;
      push({ kind: 'screen', id: 'test', change: 'saved', revision: `r${revision}` });
    },
    push,
    gets: () => gets,
    onSaveReply(run: () => void) {
      beforeReply = run;
    },
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

async function opened() {
  const runtime = fakeRuntime();
  const store = new EditorStore(screenWith([]));
  const session = new DocumentSession(runtime.client, store);
  const stop = session.watch();
  expect(await session.openDocument('screen', 'test')).toBe(true);
  return { runtime, store, session, stop };
}

describe('editor: documents changed elsewhere (screens.changed)', () => {
  it('reloads a document without unsaved changes', async () => {
    const { runtime, store, session } = await opened();
    runtime.saveElsewhere('Theirs');
    await settle();
    expect(store.state.doc.name).toBe('Theirs');
    expect(session.open.get()?.revision).toBe('r2');
    expect(session.status.get().state).toBe('idle');
  });

  it('keeps unsaved changes and offers the conflict choices at once; "reload theirs" takes theirs', async () => {
    const { runtime, store, session } = await opened();
    store.dispatch({ type: 'setDocument', changes: { name: 'Mine' } });
    runtime.saveElsewhere('Theirs');
    await settle();
    expect(store.state.doc.name).toBe('Mine');
    const status = session.status.get();
    expect(status).toMatchObject({ state: 'conflict', elsewhere: { change: 'saved', revision: 'r2' } });
    await session.reload();
    expect(store.state.doc.name).toBe('Theirs');
    expect(isDirty(store.state)).toBe(false);
  });

  it("does not take the push of its own save for someone else's, even though it comes before the reply", async () => {
    const { runtime, store, session } = await opened();
    store.dispatch({ type: 'setDocument', changes: { name: 'Mine' } });
    let statusWhenPushed = '';
    runtime.onSaveReply(() => (statusWhenPushed = session.status.get().state));
    const getsBefore = runtime.gets();
    await session.save();
    await settle();
    expect(statusWhenPushed).toBe('saving');
    expect(session.status.get().state).toBe('saved');
    expect(session.open.get()?.revision).toBe('r2');
    // Not reopened: history and selection stay.
    expect(runtime.gets()).toBe(getsBefore);
    expect(store.state.past.length).toBe(1);
  });

  it('a push for another document only refreshes the lists; a delete of a clean open document closes it, saying so', async () => {
    const { runtime, session } = await opened();
    runtime.push({ kind: 'screen', id: 'other', change: 'saved', revision: 'x' });
    runtime.push({ kind: 'template', id: 'test', change: 'deleted' });
    await settle();
    expect(session.open.get()?.id).toBe('test');
    runtime.push({ kind: 'screen', id: 'test', change: 'deleted' });
    await settle();
    expect(session.open.get()).toBeUndefined();
    expect(session.loadError.get()).toBe('“test” was deleted elsewhere.');
  });

  it('stops listening when told to', async () => {
    const { runtime, store, stop } = await opened();
    stop();
    runtime.saveElsewhere('Theirs');
    await settle();
    expect(store.state.doc.name).toBe('Test');
  });
});
