import { useEffect, useState } from 'react';
import { loadScreenDocument } from '../../../screens/screen-document.ts';
import type { Screen, Template } from '../../../screens/screen-schema.ts';
import { useServices } from '../../app/services.tsx';
import { useCell } from '../../store/cell.ts';

export interface ScreenLibrary {
  screens: ReadonlyMap<string, Screen>;
  templates: ReadonlyMap<string, Template>;
  /** Documents the runtime holds that this renderer cannot read (a newer format...), by id, with the reason. */
  problems: readonly string[];
}

export type LibraryState = { state: 'loading' } | { state: 'ready'; library: ScreenLibrary } | { state: 'failed'; reason: string };

/**
 * The project's screens and templates, fetched from the runtime and loaded (defaults filled in) each
 * time the link opens and again on every `screens.changed` push (the old library stays shown until
 * the new one is in, so nothing blanks out while an operator watches).
 */
export function useScreenLibrary(): LibraryState {
  const { client, plant } = useServices();
  const link = useCell(plant.link);
  const [state, setState] = useState<LibraryState>({ state: 'loading' });
  const open = link.state === 'open';
  const [generation, setGeneration] = useState(0);
  useEffect(() => client.on('screens.changed', () => setGeneration((g) => g + 1)), [client]);
  useEffect(() => {
    if (!open) return;
    let stopped = false;
    (async () => {
      const [screenList, templateList] = await Promise.all([client.call('screens.list', {}), client.call('templates.list', {})]);
      const [screenDocs, templateDocs] = await Promise.all([
        Promise.all(screenList.map((s) => client.call('screens.get', { id: s.id }))),
        Promise.all(templateList.map((t) => client.call('templates.get', { id: t.id }))),
      ]);
      const problems: string[] = [];
      const templates = new Map<string, Template>();
      for (const stored of templateDocs) {
        const loaded = loadScreenDocument(stored.document);
        if (loaded.ok && loaded.value.kind === 'template') templates.set(loaded.value.id, loaded.value);
        else problems.push(`${stored.summary.file}: ${loaded.ok ? 'not a template' : loaded.error.message}`);
      }
      const screens = new Map<string, Screen>();
      for (const stored of screenDocs) {
        const loaded = loadScreenDocument(stored.document, { templates });
        if (loaded.ok && loaded.value.kind === 'screen') screens.set(loaded.value.id, loaded.value);
        else problems.push(`${stored.summary.file}: ${loaded.ok ? 'not a screen' : loaded.error.message}`);
      }
      return { screens, templates, problems };
    })().then(
      (library) => {
        if (!stopped) setState({ state: 'ready', library });
      },
      (error: unknown) => {
        if (!stopped) setState({ state: 'failed', reason: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      stopped = true;
    };
  }, [client, open, generation]);
  return state;
}
