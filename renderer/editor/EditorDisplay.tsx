import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Screen } from '../../screens/screen-schema.ts';
import { useServices } from '../app/services.tsx';
import { ScreenCanvas } from '../screens/ScreenCanvas.tsx';
import type { ScreenScope } from '../screens/screen-scope.ts';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import { EditorCanvas, placeItem } from './canvas/EditorCanvas.tsx';
import { DocumentList } from './documents/DocumentList.tsx';
import { DocumentSession } from './documents/document-session.ts';
import { SaveBar } from './documents/SaveBar.tsx';
import { EditorStore, useEditor } from './editor-store.ts';
import { Inspector } from './inspector/Inspector.tsx';
import type { EditorCommand } from './model/commands.ts';
import { isDirty } from './model/editor-state.ts';
import { emptyDocument, type DocumentKind } from './documents/document-kind.ts';
import { Palette } from './Palette.tsx';
import { useAccess } from '../ui/access.tsx';
import { Toolbar, type EditorMode } from './Toolbar.tsx';
import { usePanZoom } from './canvas/use-pan-zoom.ts';
import { ZoomControls } from './canvas/ZoomControls.tsx';
import { clampZoom, fitZoom, type ZoomSetting } from './model/viewport.ts';
import { useEditorShortcuts } from './use-editor-shortcuts.ts';
import './editor.css';
import { Dialog } from '../ui/Dialog.tsx';

const GRID = 10;
const FIT: ZoomSetting = { kind: 'fit' };
const SNAP_PX = 6;

/**
 * The screen editor, for engineers: screens and templates of the project on the left with the
 * palette, the canvas in the middle, the inspector on the right. Other roles may look (read only)
 * and are told why they cannot change anything; the runtime checks the role again on every save.
 */
export function EditorDisplay({ visible }: { visible: boolean }) {
  const { client, tags } = useServices();
  const { t } = useT('editor');
  // The tab is shown only with screens.configure (app/route.ts); rendered otherwise it stays read only and says why.
  const notEditable = useAccess().why('screens.configure');
  const editable = notEditable === undefined;
  const store = useMemo(() => new EditorStore(emptyDocument('screen', 'untitled', 'Untitled')), []);
  const session = useMemo(() => new DocumentSession(client, store), [client, store]);
  const lists = useCell(session.lists);
  const open = useCell(session.open);
  const templates = useCell(session.templates);
  const loadError = useCell(session.loadError);
  const doc = useEditor(store, (s) => s.doc);
  const [mode, setMode] = useState<EditorMode>('design');
  const [grid, setGrid] = useState(true);
  const [snapToElements, setSnapToElements] = useState(true);
  const snap = useMemo(() => ({ grid: grid ? GRID : 0, threshold: SNAP_PX, toElements: snapToElements }), [grid, snapToElements]);
  const area = useRef<HTMLDivElement>(null);
  const [areaSize, setAreaSize] = useState({ width: 900, height: 600 });
  const [zoomSetting, setZoomSetting] = useState<ZoomSetting>({ kind: 'fit' });
  const zoom = zoomSetting.kind === 'fit' ? fitZoom(areaSize, doc.size) : zoomSetting.zoom;
  const setZoom = useCallback((z: number) => setZoomSetting({ kind: 'fixed', zoom: clampZoom(z) }), []);
  const panZoom = usePanZoom(area, zoom, setZoom, visible && open !== undefined);

  useEffect(() => {
    if (visible) void session.refresh();
  }, [visible, session]);
  useEffect(() => session.watch(), [session]);
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    const measure = () => setAreaSize({ width: el.clientWidth, height: el.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, [open]);
  // Another document opens fitted.
  useEffect(() => setZoomSetting({ kind: 'fit' }), [open?.kind, open?.id]);

  const run = useCallback((command: EditorCommand) => store.dispatch(command), [store]);
  const save = useCallback(() => void session.save(), [session]);
  useEditorShortcuts(visible && open !== undefined && mode === 'design', editable, run, save);
  const [dropError, setDropError] = useState<string | undefined>(undefined);
  const [pendingOpen, setPendingOpen] = useState<{ kind: DocumentKind; id: string } | undefined>(undefined);
  const reallyOpen = (kind: DocumentKind, id: string) => {
    setPendingOpen(undefined);
    setMode('design');
    void session.openDocument(kind, id);
  };
  // Opening another document would drop unsaved edits: ask first.
  const openDoc = (kind: DocumentKind) => (id: string) => {
    if (open && isDirty(store.state) && !(open.kind === kind && open.id === id)) setPendingOpen({ kind, id });
    else if (!(open?.kind === kind && open.id === id)) reallyOpen(kind, id);
  };
  const runScope = useMemo<ScreenScope>(() => ({ mode: 'run', templates, tags }), [templates, tags]);
  const openScreen = openDoc('screen');
  const openTemplate = openDoc('template');
  const fitView = () => setZoomSetting(FIT);
  const place = (item: string) => placeItem(store, templates, item, { x: doc.size.width / 2, y: doc.size.height / 2 }, snap.grid);

  return (
    <div className={open && mode === 'design' ? 'editor' : 'editor editor--run'} data-testid="editor" data-editable={editable}>
      <div className="editor__left">
        <DocumentList kind="screen" items={lists.screens} openId={open?.kind === 'screen' ? open.id : undefined} session={session} editable={editable} onOpen={openScreen} />
        <DocumentList kind="template" items={lists.templates} openId={open?.kind === 'template' ? open.id : undefined} session={session} editable={editable} onOpen={openTemplate} />
        {open && mode === 'design' && <Palette templates={templates} disabled={!editable} onPlace={place} />}
      </div>
      <div className="editor__centre">
        {!editable && (
          <p className="editor-readonly" role="note" data-testid="editor-read-only">
            {t('display.readOnly', { reason: notEditable })}
          </p>
        )}
        {pendingOpen && (
          <Dialog className="editor-dialog editor-readonly" role="alertdialog" label={t('display.unsavedTitle')} testId="discard-confirm" onClose={() => setPendingOpen(undefined)}>
            <p>{t('display.unsaved', { name: doc.name, id: pendingOpen.id })}</p>
            <div className="editor-dialog__buttons">
              <button type="button" className="button" onClick={() => setPendingOpen(undefined)} data-testid="discard-cancel">
                {t('display.keepEditing')}
              </button>
              <button type="button" className="button button--danger" onClick={() => reallyOpen(pendingOpen.kind, pendingOpen.id)} data-testid="discard-ok">
                {t('display.dropAndOpen')}
              </button>
            </div>
          </Dialog>
        )}
        {loadError && (
          <p className="editor-savebar__problems" role="alert" data-testid="editor-error">
            {loadError}
          </p>
        )}
        {dropError && (
          <p className="editor-savebar__problems" role="alert" data-testid="drop-error">
            {t('display.notPlaced', { reason: dropError })}
          </p>
        )}
        {open ? (
          <>
            <div className="editor__bar">
              <h2 className="editor__doc-title" data-testid="editor-doc-title">
                <span data-project-text="">{doc.name}</span> <span className="editor-muted">{open.kind === 'template' ? t('display.template') : t(`level.${(doc as Screen).level}`)}</span>
              </h2>
              <SaveBar session={session} store={store} editable={editable} />
            </div>
            <Toolbar store={store} editable={editable} mode={mode} onMode={setMode} grid={grid} onGrid={setGrid} snapToElements={snapToElements} onSnapToElements={setSnapToElements}>
              <ZoomControls zoom={zoom} fit={zoomSetting.kind === 'fit'} onZoom={(z) => panZoom.zoomTo(clampZoom(z))} onFit={fitView} />
            </Toolbar>
            <div className={`editor__area${panZoom.panning ? ' editor__area--panning' : panZoom.spaceHeld ? ' editor__area--pan' : ''}`} ref={area} onPointerDownCapture={panZoom.onPointerDownCapture} data-testid="editor-area">
              {mode === 'design' ? (
                <EditorCanvas store={store} templates={templates} editable={editable} snap={snap} scale={zoom} onImageError={setDropError} />
              ) : (
                <div className="editor__run" style={{ width: doc.size.width * zoom }} data-testid="editor-run">
                  <ScreenCanvas document={doc} scope={runScope} testId="editor-run-canvas" label={t('display.live', { name: doc.name })} />
                </div>
              )}
            </div>
          </>
        ) : (
          <p className="editor-empty">{t('display.empty')}</p>
        )}
      </div>
      {open && mode === 'design' && <Inspector store={store} templates={templates} screens={lists.screens} editable={editable} />}
    </div>
  );
}
