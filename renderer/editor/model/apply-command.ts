import type { ScreenDocument, ScreenElement } from '../../../screens/screen-schema.ts';
import { addAction, moveAction, removeAction, setAction } from './actions.ts';
import { alignElements, distributeElements } from './arrange.ts';
import type { EditCommand } from './commands.ts';
import type { EditorState } from './editor-state.ts';
import { collectIds, selectedElements, withFreshIds } from './elements.ts';
import { groupElements, ungroupElements } from './grouping.ts';
import { clickSelection, elementAt, marqueeSelection } from './selection.ts';
import { moveElement, resizeElements, rotateElements } from './transform.ts';
import { reorder } from './z-order.ts';

/** How far a paste or duplicate lands from the original, so the copy is visible. */
export const PASTE_OFFSET = 10;
const NUDGE = { small: 1, large: 10 } as const;

type Applied = Pick<EditorState, 'doc' | 'selection' | 'clipboard'>;

function withElements(doc: ScreenDocument, elements: ScreenElement[]): ScreenDocument {
  return { ...doc, elements } as ScreenDocument;
}

/** Replaces elements by id with the changed ones, keeping the identity of the rest. */
function replaceChanged(doc: ScreenDocument, changed: Map<string, ScreenElement>): ScreenDocument {
  if (changed.size === 0) return doc;
  return withElements(
    doc,
    doc.elements.map((e) => changed.get(e.id) ?? e),
  );
}

function unlocked(state: Applied): ScreenElement[] {
  return selectedElements(state.doc.elements, state.selection).filter((e) => !e.locked);
}

function editOne(state: Applied, id: string, change: (e: ScreenElement) => ScreenElement): Applied {
  const index = state.doc.elements.findIndex((e) => e.id === id);
  if (index < 0) return state;
  const changed = change(state.doc.elements[index]!);
  if (changed === state.doc.elements[index]) return state;
  const elements = [...state.doc.elements];
  elements[index] = changed;
  return { ...state, doc: withElements(state.doc, elements) };
}

function copies(state: Applied, source: readonly ScreenElement[]): Applied {
  if (source.length === 0) return state;
  const taken = collectIds(state.doc.elements);
  const pasted = source.map((e) => moveElement(withFreshIds(e, taken), PASTE_OFFSET, PASTE_OFFSET));
  return { ...state, doc: withElements(state.doc, [...state.doc.elements, ...pasted]), selection: pasted.map((e) => e.id) };
}

/**
 * One edit, as a pure function of the state. Returns the same `doc` object when nothing changed,
 * which is how dispatch knows not to add a history step.
 */
export function applyCommand(state: Applied, command: EditCommand): Applied {
  const { doc } = state;
  switch (command.type) {
    case 'select': {
      const present = collectIds(doc.elements);
      return { ...state, selection: doc.elements.filter((e) => command.ids.includes(e.id) && present.has(e.id)).map((e) => e.id) };
    }
    case 'clickSelect':
      return { ...state, selection: clickSelection(state.selection, elementAt(doc.elements, command.at)?.id, command.shift) };
    case 'marqueeSelect':
      return { ...state, selection: marqueeSelection(doc.elements, state.selection, command.box, command.shift) };
    case 'selectAll':
      return { ...state, selection: doc.elements.map((e) => e.id) };
    case 'copy': {
      const picked = selectedElements(doc.elements, state.selection);
      return picked.length === 0 ? state : { ...state, clipboard: picked };
    }
    case 'move': {
      if (command.dx === 0 && command.dy === 0) return state;
      return { ...state, doc: replaceChanged(doc, new Map(unlocked(state).map((e) => [e.id, moveElement(e, command.dx, command.dy)]))) };
    }
    case 'nudge': {
      const step = command.large ? NUDGE.large : NUDGE.small;
      const dx = command.direction === 'left' ? -step : command.direction === 'right' ? step : 0;
      const dy = command.direction === 'up' ? -step : command.direction === 'down' ? step : 0;
      return applyCommand(state, { type: 'move', dx, dy });
    }
    case 'resize':
      return { ...state, doc: replaceChanged(doc, resizeElements(unlocked(state), command.handle, command.dx, command.dy, command.grid)) };
    case 'rotate':
      return { ...state, doc: replaceChanged(doc, rotateElements(unlocked(state), command.by, command.snap)) };
    case 'align': {
      const area = { x: 0, y: 0, width: doc.size.width, height: doc.size.height };
      return { ...state, doc: replaceChanged(doc, alignElements(unlocked(state), command.edge, area)) };
    }
    case 'distribute':
      return { ...state, doc: replaceChanged(doc, distributeElements(unlocked(state), command.axis)) };
    case 'zOrder': {
      if (state.selection.length === 0) return state;
      const elements = reorder(doc.elements, state.selection, command.move);
      return elements.every((e, i) => e === doc.elements[i]) ? state : { ...state, doc: withElements(doc, elements) };
    }
    case 'group': {
      const grouped = groupElements(doc.elements, state.selection, collectIds(doc.elements));
      return grouped ? { ...state, doc: withElements(doc, grouped.elements), selection: [grouped.groupId] } : state;
    }
    case 'ungroup': {
      const { elements, released } = ungroupElements(doc.elements, state.selection);
      if (released.length === 0) return state;
      const kept = state.selection.filter((id) => elements.some((e) => e.id === id));
      return { ...state, doc: withElements(doc, elements), selection: [...kept, ...released] };
    }
    case 'paste': {
      const pasted = copies(state, state.clipboard);
      // The clipboard follows the pasted copies, so pasting again lands one more step away.
      return pasted === state ? state : { ...pasted, clipboard: selectedElements(pasted.doc.elements, pasted.selection) };
    }
    case 'duplicate':
      return copies(state, selectedElements(doc.elements, state.selection));
    case 'delete': {
      const gone = new Set(unlocked(state).map((e) => e.id));
      if (gone.size === 0) return state;
      return {
        ...state,
        doc: withElements(
          doc,
          doc.elements.filter((e) => !gone.has(e.id)),
        ),
        selection: state.selection.filter((id) => !gone.has(id)),
      };
    }
    case 'add': {
      if (collectIds(doc.elements).has(command.element.id)) return state;
      return { ...state, doc: withElements(doc, [...doc.elements, command.element]), selection: [command.element.id] };
    }
    case 'setProps':
      return editOne(state, command.id, (e) => ('props' in e ? { ...e, props: { ...e.props, ...command.props } } : e));
    case 'setBinding':
      return editOne(state, command.id, (e) => {
        const bindings = { ...e.bindings };
        const text = command.expression?.trim();
        if (text) bindings[command.property] = text;
        else delete bindings[command.property];
        return { ...e, bindings };
      });
    case 'setGeometry':
      return editOne(state, command.id, (e) => ({ ...e, ...command.box }));
    case 'setParams':
      return editOne(state, command.id, (e) => (e.kind === 'template' ? { ...e, params: { ...e.params, ...command.params } } : e));
    case 'setName':
      return editOne(state, command.id, (e) => {
        const name = command.name.trim();
        const { name: _old, ...rest } = e;
        return (name ? { ...rest, name } : rest) as ScreenElement;
      });
    case 'addAction':
      return editOne(state, command.id, (e) => addAction(e, command.action));
    case 'setAction':
      return editOne(state, command.id, (e) => setAction(e, command.index, command.action));
    case 'removeAction':
      return editOne(state, command.id, (e) => removeAction(e, command.index));
    case 'moveAction':
      return editOne(state, command.id, (e) => moveAction(e, command.index, command.to));
    case 'setDocument': {
      const changes = doc.kind === 'template' ? { name: command.changes.name, size: command.changes.size } : command.changes;
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      if (Object.keys(defined).length === 0) return state;
      const next = { ...doc, ...defined } as ScreenDocument;
      if (next.kind === 'screen' && next.area === '') delete next.area;
      return { ...state, doc: next };
    }
    case 'setTemplateParams':
      return doc.kind === 'template' ? { ...state, doc: { ...doc, params: [...command.params] } } : state;
  }
}
