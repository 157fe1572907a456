import type { ScreenChange, ScreenSummary, ScreenWarning } from '../../../common/screens-contract.ts';
import type { Problem } from '../../../common/result.ts';
import { loadScreenDocument } from '../../../screens/screen-document.ts';
import type { ScreenDocument, Template } from '../../../screens/screen-schema.ts';
import { isCallError } from '../../client/call-error.ts';
import type { GatewayClient } from '../../client/gateway-client.ts';
import { Cell } from '../../store/cell.ts';
import type { EditorStore } from '../editor-store.ts';
import { isDirty } from '../model/editor-state.ts';
import { callArea, emptyDocument, freeDocumentId, idFromName, type DocumentKind } from './document-kind.ts';
import { blockingProblems } from './save-check.ts';
import { i18n } from '../../i18n/i18n.ts';

export interface OpenDocument {
  kind: DocumentKind;
  id: string;
  revision: string;
  /** From the runtime on open and save: saved, but flagged (unknown tags, missing screens). */
  warnings: readonly ScreenWarning[];
}

export type SaveStatus =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; at: number }
  /** Not written: the document does not validate. */
  | { state: 'invalid'; problems: readonly Problem[] }
  /**
   * Someone else changed this document since it was opened: refused at save, or told at once by a
   * `screens.changed` push (`elsewhere`) while there were unsaved changes here.
   */
  | { state: 'conflict'; message: string; elsewhere?: ScreenChange }
  | { state: 'refused'; message: string };

export interface Lists {
  screens: readonly ScreenSummary[];
  templates: readonly ScreenSummary[];
}

/**
 * The editor's link to stored documents: lists, the open document and its revision, save with
 * conflict detection, and the list operations. Lives outside React (cells), one per editor display.
 */
export class DocumentSession {
  readonly lists = new Cell<Lists>({ screens: [], templates: [] });
  readonly open = new Cell<OpenDocument | undefined>(undefined);
  readonly status = new Cell<SaveStatus>({ state: 'idle' });
  readonly templates = new Cell<ReadonlyMap<string, Template>>(new Map());
  readonly loadError = new Cell<string | undefined>(undefined);

  private readonly client: GatewayClient;
  private readonly store: EditorStore;
  /** While our own change is under way, pushes about the open document wait: the push of our own save or rename must not look like someone else's. */
  private busy = 0;
  private held: ScreenChange[] = [];

  constructor(client: GatewayClient, store: EditorStore) {
    this.client = client;
    this.store = store;
  }

  async refresh(): Promise<void> {
    try {
      const [screens, templates] = await Promise.all([this.client.call('screens.list', {}), this.client.call('templates.list', {})]);
      this.lists.set({ screens, templates });
      const loaded = new Map<string, Template>();
      for (const summary of templates) {
        const stored = await this.client.call('templates.get', { id: summary.id });
        const doc = loadScreenDocument(stored.document);
        if (doc.ok && doc.value.kind === 'template') loaded.set(doc.value.id, doc.value);
      }
      this.templates.set(loaded);
      this.loadError.set(undefined);
    } catch (error) {
      this.loadError.set(message(error));
    }
  }

  /** Follows `screens.changed` pushes until the returned function is called. */
  watch(): () => void {
    return this.client.on('screens.changed', (change) => this.onChangedElsewhere(change));
  }

  /**
   * Another client (or this one) changed a stored document: the lists and templates are read again;
   * the open document is reloaded when it has no unsaved changes, else the conflict choices show now
   * rather than at the next save.
   */
  onChangedElsewhere(change: ScreenChange): void {
    // A screen change leaves the templates as they are: only the lists of names are read again.
    const refreshed =
      change.kind === 'template'
        ? this.refresh()
        : this.refreshListsOnly().then(
            () => this.loadError.set(undefined),
            (error: unknown) => this.loadError.set(message(error)),
          );
    const open = this.open.get();
    if (!open || open.kind !== change.kind || open.id !== change.id) return;
    if (this.busy > 0) {
      this.held.push(change);
      return;
    }
    // Our own save: the revision we hold already.
    if (change.revision !== undefined && change.revision === open.revision && change.change !== 'renamed') return;
    if (!isDirty(this.store.state)) {
      if (change.change === 'deleted') {
        this.open.set(undefined);
        // After the lists are in: a successful refresh clears the error line.
        void refreshed.then(() => this.loadError.set(i18n.t('session.deleted', { ns: 'editor', id: open.id })));
      } else void this.openDocument(open.kind, change.newId ?? open.id);
      return;
    }
    // In the reader's language when it happens (the session is no component; the message is kept as made).
    const key = change.change === 'deleted' ? 'session.conflictDeleted' : change.change === 'renamed' ? 'session.conflictRenamed' : 'session.conflictSaved';
    this.status.set({ state: 'conflict', message: i18n.t(key, { ns: 'editor', id: open.id, newId: change.newId }), elsewhere: change });
  }

  async openDocument(kind: DocumentKind, id: string): Promise<boolean> {
    try {
      const stored = await this.client.call(`${callArea(kind)}.get`, { id });
      const doc = loadScreenDocument(stored.document, { templates: this.templates.get() });
      if (!doc.ok) {
        this.loadError.set(i18n.t('session.cannotOpen', { ns: 'editor', id, reason: doc.error.message }));
        return false;
      }
      this.store.dispatch({ type: 'load', doc: doc.value });
      this.open.set({ kind, id, revision: stored.summary.revision, warnings: stored.warnings });
      this.status.set({ state: 'idle' });
      this.loadError.set(undefined);
      return true;
    } catch (error) {
      this.loadError.set(message(error));
      return false;
    }
  }

  /** Validates, then writes with the revision it was opened at; never overwrites a newer save. */
  async save(): Promise<void> {
    const open = this.open.get();
    if (!open) return;
    const doc = this.store.state.doc;
    const problems = blockingProblems(doc, this.templates.get());
    if (problems.length > 0) {
      this.status.set({ state: 'invalid', problems });
      return;
    }
    this.status.set({ state: 'saving' });
    this.busy++;
    try {
      const saved = await this.client.call(`${callArea(open.kind)}.save`, { document: doc as unknown as Record<string, unknown>, baseRevision: open.revision });
      this.store.dispatch({ type: 'markSaved', doc });
      this.open.set({ ...open, revision: saved.summary.revision, warnings: saved.warnings });
      this.status.set({ state: 'saved', at: Date.now() });
      await this.refreshListsOnly();
    } catch (error) {
      if (isCallError(error) && error.code === 'conflict') this.status.set({ state: 'conflict', message: error.message });
      else this.status.set({ state: 'refused', message: message(error) });
    } finally {
      this.release();
    }
  }

  private release(): void {
    this.busy--;
    if (this.busy > 0) return;
    const held = this.held;
    this.held = [];
    for (const change of held) this.onChangedElsewhere(change);
  }

  /** Conflict: drop my changes and take the stored version (under its new id when renamed; none left when deleted). */
  async reload(): Promise<void> {
    const open = this.open.get();
    if (!open) return;
    const status = this.status.get();
    const elsewhere = status.state === 'conflict' ? status.elsewhere : undefined;
    if (elsewhere?.change === 'deleted') {
      this.open.set(undefined);
      this.status.set({ state: 'idle' });
      return;
    }
    await this.openDocument(open.kind, elsewhere?.newId ?? open.id);
  }

  /** Conflict: keep my version as a new document beside the other one, and continue in the copy. */
  async keepMineAsCopy(): Promise<void> {
    const open = this.open.get();
    if (!open) return;
    const list = open.kind === 'screen' ? this.lists.get().screens : this.lists.get().templates;
    const id = freeDocumentId(`${open.id}-copy`, new Set(list.map((s) => s.id)));
    const doc = { ...this.store.state.doc, id, name: `${this.store.state.doc.name} (copy)`.slice(0, 80) } as ScreenDocument;
    if (await this.createDocument(open.kind, doc)) await this.openDocument(open.kind, id);
  }

  async createNew(kind: DocumentKind, name: string): Promise<boolean> {
    const list = kind === 'screen' ? this.lists.get().screens : this.lists.get().templates;
    const id = freeDocumentId(idFromName(name), new Set(list.map((s) => s.id)));
    return (await this.createDocument(kind, emptyDocument(kind, id, name))) && this.openDocument(kind, id);
  }

  async rename(kind: DocumentKind, summary: ScreenSummary, name: string): Promise<boolean> {
    const list = kind === 'screen' ? this.lists.get().screens : this.lists.get().templates;
    const others = new Set(list.filter((s) => s.id !== summary.id).map((s) => s.id));
    const newId = freeDocumentId(idFromName(name), others);
    this.busy++;
    try {
      const ok = await this.listCall(() => this.client.call(`${callArea(kind)}.rename`, { id: summary.id, newId, name, baseRevision: summary.revision }));
      if (ok && this.open.get()?.id === summary.id) await this.openDocument(kind, newId);
      return ok;
    } finally {
      this.release();
    }
  }

  async duplicate(kind: DocumentKind, summary: ScreenSummary): Promise<boolean> {
    const list = kind === 'screen' ? this.lists.get().screens : this.lists.get().templates;
    const newId = freeDocumentId(`${summary.id}-copy`, new Set(list.map((s) => s.id)));
    return this.listCall(() => this.client.call(`${callArea(kind)}.duplicate`, { id: summary.id, newId, name: `${summary.name} (copy)`.slice(0, 80) }));
  }

  async remove(kind: DocumentKind, summary: ScreenSummary): Promise<boolean> {
    this.busy++;
    try {
      const ok = await this.listCall(() => this.client.call(`${callArea(kind)}.delete`, { id: summary.id, baseRevision: summary.revision }));
      if (ok && this.open.get()?.id === summary.id) this.open.set(undefined);
      return ok;
    } finally {
      this.release();
    }
  }

  private async createDocument(kind: DocumentKind, doc: ScreenDocument): Promise<boolean> {
    return this.listCall(() => this.client.call(`${callArea(kind)}.create`, { document: doc as unknown as Record<string, unknown> }));
  }

  private async listCall(call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
      await this.refresh();
      return true;
    } catch (error) {
      this.loadError.set(message(error));
      return false;
    }
  }

  private async refreshListsOnly(): Promise<void> {
    const [screens, templates] = await Promise.all([this.client.call('screens.list', {}), this.client.call('templates.list', {})]);
    this.lists.set({ screens, templates });
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
