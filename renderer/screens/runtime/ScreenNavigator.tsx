import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useServices } from '../../app/services.tsx';
import type { ScreenAction } from '../../../screens/screen-schema.ts';
import { useT } from '../../i18n/i18n.ts';
import { useAccess } from '../../ui/access.tsx';
import { useSignedCall } from '../../ui/use-signed-call.tsx';
import type { ElementRequest, ScreenScope } from '../screen-scope.ts';
import { ScreenCanvas } from '../ScreenCanvas.tsx';
import { Breadcrumbs } from './Breadcrumbs.tsx';
import { back, breadcrumbs, currentScreen, forward, homeScreen, navigate, renameInHistory, screenFromHash, startHistory, type ScreenHistory } from './navigation.ts';
import { popupPosition } from './popup-position.ts';
import { ScreenTree } from './ScreenTree.tsx';
import { popupStillThere, popupWidth, ScreenPopups, type OpenPopup, type PopupContent } from './ScreenPopups.tsx';
import { SignedWriteContext } from './use-command.ts';
import type { ScreenLibrary } from './use-screen-library.ts';
import '../../styles/screens.css';

export interface ScreenNavigatorProps {
  library: ScreenLibrary;
  /**
   * Keep `#/screens/<id>` and the screen shown in step (the Screens tab: bookmarks, links from
   * elsewhere). Without it the navigator starts on the home screen (the level 1 overview) and leaves
   * the hash alone (the Overview tab).
   */
  followHash?: boolean;
  /**
   * The tab is shown. A hidden tab keeps its place (history, open faceplates) but draws no screen, so
   * two tabs on the same screen never bind and redraw it twice.
   */
  visible: boolean;
  /** The navigator panel beside the screen: every screen by level and area, with a filter (the Screens tab). */
  tree?: boolean;
}

const TREE_KEY = 'lineside.screens.navigator';

/**
 * The project's screens, drawn from their documents, with back/forward (its own history stack),
 * breadcrumbs, faceplates and write dialogs beside the pressed object, and the electronic signature
 * for writes the project marks critical. Used by the Overview and the Screens tabs.
 */
export function ScreenNavigator({ library, followHash = false, visible, tree = false }: ScreenNavigatorProps) {
  const { tags, client } = useServices();
  const signed = useSignedCall();
  const { t } = useT('screens');
  const { screens, templates } = library;
  const [history, setHistory] = useState<ScreenHistory>(() => startHistory(pick(followHash ? screenFromHash(window.location.hash) : undefined, library)));
  const [popups, setPopups] = useState<readonly OpenPopup[]>([]);
  const area = useRef<HTMLDivElement>(null);
  // Open unless folded away at this station before: the mimic scales to what is left.
  const [treeOpen, setTreeOpen] = useState(() => window.localStorage.getItem(TREE_KEY) !== 'closed');
  const foldTree = () =>
    setTreeOpen((open) => {
      window.localStorage.setItem(TREE_KEY, open ? 'closed' : 'open');
      return !open;
    });
  const nextKey = useRef(1);
  const id = currentScreen(history);
  const screen = screens.get(id) ?? screens.get(pick(undefined, library))!;

  // The hash names the screen shown (bookmarks, links from elsewhere); our own stack drives back/forward.
  useEffect(() => {
    if (!followHash) return;
    const wanted = `#/screens/${screen.id}`;
    if (window.location.hash.startsWith('#/screens') && window.location.hash !== wanted) window.history.replaceState(null, '', wanted);
  }, [screen.id, followHash]);
  useEffect(() => {
    if (!followHash) return;
    const follow = () => {
      const fromHash = screenFromHash(window.location.hash);
      if (fromHash && screens.has(fromHash)) setHistory((h) => navigate(h, fromHash));
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [screens, followHash]);

  // The library reloads itself on screens.changed (use-screen-library.ts); a rename also moves our place.
  useEffect(
    () =>
      client.on('screens.changed', (change) => {
        if (change.kind === 'screen' && change.change === 'renamed' && change.newId) setHistory((h) => renameInHistory(h, change.id, change.newId!));
      }),
    [client],
  );

  // Popups show the library's current documents (ScreenPopups.tsx); one whose document was deleted closes.
  useEffect(() => {
    setPopups((current) => {
      const kept = current.filter((p) => popupStillThere(p.content, screens, templates));
      return kept.length === current.length ? current : kept;
    });
  }, [screens, templates]);

  const go = useCallback((to: (h: ScreenHistory) => ScreenHistory) => {
    setPopups([]);
    setHistory(to);
  }, []);

  const open = useCallback((content: PopupContent, anchor: Element) => {
    const container = area.current;
    if (!container) return;
    const width = popupWidth(content);
    const height = content.kind === 'faceplate' ? content.template.size.height + 64 : 260;
    // A write asked for from inside a faceplate goes beside the faceplate, so it never hides the faceplate's controls.
    const beside = content.kind === 'write' ? (anchor.closest('.scr-popup') ?? anchor) : anchor;
    const position = popupPosition(beside.getBoundingClientRect(), container.getBoundingClientRect(), { width, height });
    const key = nextKey.current++;
    // One faceplate at a time; a write dialog stacks on the faceplate it came from.
    setPopups((current) => [...current.filter((p) => (content.kind === 'write' ? p.content.kind !== 'write' : false)), { key, content, position }]);
  }, []);

  const runAction = useCallback(
    (action: ScreenAction, request: Extract<ElementRequest, { kind: 'actions' }>, anchor: Element) => {
      switch (action.type) {
        case 'navigate':
          if (screens.has(action.screen)) go((h) => navigate(h, action.screen));
          return;
        case 'back':
          go(back);
          return;
        case 'forward':
          go(forward);
          return;
        case 'popup': {
          const target = screens.get(action.screen);
          if (target) open({ kind: 'screen', screen: target }, anchor);
          return;
        }
        case 'faceplate': {
          const template = templates.get(action.template);
          const title = String(action.params['title'] ?? Object.values(action.params)[0] ?? template?.name ?? action.template);
          if (template) open({ kind: 'faceplate', template, params: action.params, subject: title }, anchor);
          return;
        }
        case 'write': {
          const label = request.element.kind === 'symbol' && typeof request.element.props['label'] === 'string' && request.element.props['label'] ? request.element.props['label'] : (request.element.name ?? request.element.id);
          open({ kind: 'write', request: { tag: action.tag, value: action.value === null ? undefined : action.value, confirm: action.confirm, label, feedback: request.element.bindings['feedback'] } }, anchor);
          return;
        }
      }
    },
    [screens, templates, go, open],
  );

  const onRequest = useCallback(
    (request: ElementRequest, anchor: Element) => {
      if (request.kind === 'write') {
        const feedback = request.element.bindings['value'];
        open({ kind: 'write', request: { tag: request.tag, value: request.value, confirm: request.confirm, label: request.label, feedback } }, anchor);
        return;
      }
      for (const action of request.actions) runAction(action, request, anchor);
    },
    [open, runAction],
  );

  const writeRefusal = useAccess().why('tags.write');
  const scope = useMemo<ScreenScope>(() => ({ mode: 'run', templates, tags, onRequest, writeRefusal }), [templates, tags, onRequest, writeRefusal]);
  const chain = breadcrumbs(screen.id, screens);
  return (
    <SignedWriteContext.Provider value={signed.call}>
      <div className="scr-host" data-testid="screens-display" data-screen={screen.id} data-level={screen.level}>
        <div className="scr-toolbar">
          {tree && (
            <button type="button" className="scr-toolbar__button" onClick={foldTree} aria-expanded={treeOpen} aria-controls="scr-tree" data-testid="screen-tree-toggle" title={treeOpen ? t('navigator.hideList') : t('navigator.showList')}>
              {treeOpen ? t('navigator.listOpen') : t('navigator.listClosed')}
            </button>
          )}
          <button type="button" className="scr-toolbar__button" onClick={() => go(back)} disabled={history.index === 0} data-testid="screen-back" aria-label={t('navigator.back')}>
            {t('navigator.backButton')}
          </button>
          <button type="button" className="scr-toolbar__button" onClick={() => go(forward)} disabled={history.index === history.stack.length - 1} data-testid="screen-forward" aria-label={t('navigator.forward')}>
            {t('navigator.forwardButton')}
          </button>
          <Breadcrumbs chain={chain} onGo={(to) => go((h) => navigate(h, to))} />
        </div>
        <div className="scr-body">
          {tree && treeOpen && <ScreenTree screens={screens} current={screen.id} onGo={(to) => go((h) => navigate(h, to))} />}
          <div className="scr-area" ref={area}>
            {visible && (
              <>
                <ScreenCanvas key={screen.id} document={screen} scope={scope} label={screen.name} />
                <ScreenPopups popups={popups} scope={scope} screens={screens} onClose={(key) => setPopups((current) => current.filter((p) => p.key !== key))} />
              </>
            )}
          </div>
        </div>
        {library.problems.length > 0 && (
          <ul className="scr-problems" role="alert">
            {library.problems.map((p) => (
              <li key={`${p.file}|${p.expected}`}>
                {p.message === undefined ? t(p.expected === 'screen' ? 'navigator.notAScreen' : 'navigator.notATemplate', { file: p.file }) : t('navigator.problem', { file: p.file, message: p.message })}
              </li>
            ))}
          </ul>
        )}
        {signed.dialog}
      </div>
    </SignedWriteContext.Provider>
  );
}

function pick(wanted: string | undefined, library: ScreenLibrary): string {
  return wanted !== undefined && library.screens.has(wanted) ? wanted : homeScreen(library.screens)!;
}
