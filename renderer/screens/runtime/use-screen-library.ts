import { useEffect, useMemo, useState } from 'react';
import type { ScreenChange, StoredScreen } from '../../../common/screens-contract.ts';
import { loadScreenDocument } from '../../../screens/screen-document.ts';
import type { Screen, Template } from '../../../screens/screen-schema.ts';
import type { GatewayClient } from '../../client/gateway-client.ts';
import { useServices } from '../../app/services.tsx';
import { useCell } from '../../store/cell.ts';
import { useProjectTexts, type ProjectTextLookup } from '../../ui/project-texts.ts';

export interface ScreenLibrary {
  screens: ReadonlyMap<string, Screen>;
  templates: ReadonlyMap<string, Template>;
  /** Documents the runtime holds that this renderer cannot read (a newer format...), by id, with the reason. */
  problems: readonly LibraryProblem[];
}

/** A document that cannot be shown: its file and the loader's reason, or no reason when it is of the other kind (a template in screens/). */
export interface LibraryProblem {
  readonly file: string;
  readonly expected: 'screen' | 'template';
  readonly message: string | undefined;
}

export type LibraryState = { state: 'loading' } | { state: 'ready'; library: ScreenLibrary } | { state: 'failed'; reason: string };

/** A library as loaded: the reason per unreadable screen id kept apart, so one screen's reload replaces only its own. */
interface Loaded {
  screens: Map<string, Screen>;
  templates: Map<string, Template>;
  screenProblems: Map<string, LibraryProblem>;
  templateProblems: readonly LibraryProblem[];
}

function libraryOf(loaded: Loaded): ScreenLibrary {
  return { screens: loaded.screens, templates: loaded.templates, problems: [...loaded.templateProblems, ...loaded.screenProblems.values()] };
}

/** Puts one stored screen into `loaded` (or its reason into the problems), replacing what was there under its id. */
function putScreen(loaded: Loaded, stored: StoredScreen): void {
  const id = stored.summary.id;
  loaded.screens.delete(id);
  loaded.screenProblems.delete(id);
  const result = loadScreenDocument(stored.document, { templates: loaded.templates });
  if (result.ok && result.value.kind === 'screen') loaded.screens.set(result.value.id, result.value);
  else loaded.screenProblems.set(id, { file: stored.summary.file, expected: 'screen', message: result.ok ? undefined : result.error.message });
}

async function loadAll(client: GatewayClient): Promise<Loaded> {
  const [screenList, templateList] = await Promise.all([client.call('screens.list', {}), client.call('templates.list', {})]);
  const [screenDocs, templateDocs] = await Promise.all([Promise.all(screenList.map((s) => client.call('screens.get', { id: s.id }))), Promise.all(templateList.map((t) => client.call('templates.get', { id: t.id })))]);
  const templateProblems: LibraryProblem[] = [];
  const templates = new Map<string, Template>();
  for (const stored of templateDocs) {
    const result = loadScreenDocument(stored.document);
    if (result.ok && result.value.kind === 'template') templates.set(result.value.id, result.value);
    else templateProblems.push({ file: stored.summary.file, expected: 'template', message: result.ok ? undefined : result.error.message });
  }
  const loaded: Loaded = { screens: new Map(), templates, screenProblems: new Map(), templateProblems };
  for (const stored of screenDocs) putScreen(loaded, stored);
  return loaded;
}

/**
 * A screen change applied to a copy of `loaded`: only that screen is fetched again (a deleted one is
 * dropped, a renamed one fetched under its new id). Undefined for a template change: screens are
 * checked against the templates, so everything is loaded again.
 */
async function applyChange(client: GatewayClient, loaded: Loaded, change: ScreenChange): Promise<Loaded | undefined> {
  if (change.kind !== 'screen') return undefined;
  const next: Loaded = { ...loaded, screens: new Map(loaded.screens), screenProblems: new Map(loaded.screenProblems) };
  next.screens.delete(change.id);
  next.screenProblems.delete(change.id);
  const id = change.change === 'renamed' ? change.newId : change.change === 'deleted' ? undefined : change.id;
  if (id !== undefined) putScreen(next, await client.call('screens.get', { id }));
  return next;
}

/**
 * The project's screens and templates, fetched from the runtime and loaded (defaults filled in) each
 * time the link opens. On a `screens.changed` push only the changed screen is fetched again (a
 * template change loads everything again); the old library stays shown until the new one is in, so
 * nothing blanks out while an operator watches.
 */
export function useScreenLibrary(): LibraryState {
  const { client, plant } = useServices();
  const link = useCell(plant.link);
  const [state, setState] = useState<LibraryState>({ state: 'loading' });
  const open = link.state === 'open';
  useEffect(() => {
    if (!open) return;
    let stopped = false;
    let loaded: Loaded | undefined;
    // Changes are applied one after another, in the order they came.
    let queue: Promise<void> = Promise.resolve();
    const run = (step: () => Promise<Loaded | undefined>) => {
      queue = queue
        .then(async () => {
          // A partial update that fails (the screen went again meanwhile...) loads everything instead.
          const next = (await step().catch(() => undefined)) ?? (await loadAll(client));
          if (stopped) return;
          loaded = next;
          setState({ state: 'ready', library: libraryOf(next) });
        })
        .catch((error: unknown) => {
          if (stopped) return;
          loaded = undefined;
          setState({ state: 'failed', reason: error instanceof Error ? error.message : String(error) });
        });
    };
    run(async () => undefined);
    const stop = client.on('screens.changed', (change) => run(async () => (loaded ? applyChange(client, loaded, change) : undefined)));
    return () => {
      stopped = true;
      stop();
    };
  }, [client, open]);
  // Names and texts in the reader's language (texts/<lang>.json), the project files' own where none is translated.
  const texts = useProjectTexts();
  return useMemo(() => (state.state === 'ready' ? { state: 'ready', library: translated(state.library, texts) } : state), [state, texts]);
}

function translated(library: ScreenLibrary, texts: ProjectTextLookup): ScreenLibrary {
  const each = <D extends Screen | Template>(docs: ReadonlyMap<string, D>) => new Map([...docs].map(([id, doc]) => [id, texts.document(doc)]));
  return { ...library, screens: each(library.screens), templates: each(library.templates) };
}
