import type { ScreenSummary } from '../../../common/screens-contract.ts';
import type { ScreenDocument, ScreenElement, Template } from '../../../screens/screen-schema.ts';
import { useMemo } from 'react';
import { ScreenLevelSchema } from '../../../screens/screen-schema.ts';
import { COMMON_BINDABLE, type SymbolDefinition } from '../../../screens/symbols/symbol-definition.ts';
import { SYMBOLS, symbolTypeOf } from '../../../screens/symbols/symbol-registry.ts';
import { useEditor, type EditorStore } from '../editor-store.ts';
import { ActionsEditor, type ActionChoices } from './ActionsEditor.tsx';
import { BindingEditor } from './BindingEditor.tsx';
import { CommitInput } from './CommitInput.tsx';
import { ImageSourceField } from './ImageSourceField.tsx';
import { PropFields } from './PropFields.tsx';
import { TemplateParams } from './TemplateParams.tsx';
import { ElementTexts } from './ElementTexts.tsx';

/** The symbol definition an element is edited with (shapes, text and images have symbol definitions too). */
export function definitionOf(element: ScreenElement): SymbolDefinition | undefined {
  const type = symbolTypeOf(element);
  return type === undefined ? undefined : SYMBOLS.get(type);
}

const numberCheck = (t: string) => (t.trim() !== '' && Number.isFinite(Number(t)) ? undefined : 'enter a number');

/** Properties of the selected element, or of the document when nothing is selected. */
export function Inspector({ store, templates, screens, editable }: { store: EditorStore; templates: ReadonlyMap<string, Template>; screens: readonly ScreenSummary[]; editable: boolean }) {
  const choices = useMemo<ActionChoices>(() => ({ screens, templates }), [screens, templates]);
  const doc = useEditor(store, (s) => s.doc);
  const selection = useEditor(store, (s) => s.selection);
  const element = selection.length === 1 ? doc.elements.find((e) => e.id === selection[0]) : undefined;
  return (
    <aside className="editor-inspector" aria-label="Inspector" data-testid="inspector">
      {selection.length > 1 && <p className="editor-muted">{selection.length} elements selected. Use the toolbar to align, distribute or group them.</p>}
      {element && <ElementInspector key={element.id} store={store} element={element} templates={templates} choices={choices} editable={editable} />}
      {selection.length === 0 && <DocumentInspector store={store} doc={doc} editable={editable} />}
    </aside>
  );
}

function ElementInspector({ store, element, templates, choices, editable }: { store: EditorStore; element: ScreenElement; templates: ReadonlyMap<string, Template>; choices: ActionChoices; editable: boolean }) {
  const definition = definitionOf(element);
  const disabled = !editable || element.locked;
  const geometry = (key: 'x' | 'y' | 'width' | 'height' | 'rotation', title: string) => (
    <label className="editor-field editor-field--short">
      <span className="editor-field__title">{title}</span>
      <CommitInput type="number" step="any" testId={`geom:${key}`} disabled={disabled} value={String(element[key])} check={numberCheck} onCommit={(t) => store.dispatch({ type: 'setGeometry', id: element.id, box: { [key]: Number(t) } })} />
    </label>
  );
  const bindable = { ...(definition?.bindable ?? {}), ...COMMON_BINDABLE };
  const template = element.kind === 'template' ? templates.get(element.template) : undefined;
  return (
    <>
      <h2 className="editor-inspector__title" data-testid="inspector-title">
        {definition?.label ?? (element.kind === 'template' ? (template?.name ?? element.template) : element.kind)}
        <span className="editor-muted"> · {element.id}</span>
      </h2>
      <label className="editor-field">
        <span className="editor-field__title">Name</span>
        <CommitInput type="text" testId="element-name" disabled={disabled} value={element.name ?? ''} maxLength={80} placeholder={element.id} onCommit={(t) => store.dispatch({ type: 'setName', id: element.id, name: t })} />
      </label>
      <div className="editor-geometry">
        {geometry('x', 'X')}
        {geometry('y', 'Y')}
        {geometry('width', 'W')}
        {geometry('height', 'H')}
        {geometry('rotation', '°')}
      </div>
      {definition && 'props' in element && (
        <section>
          <h3>Properties</h3>
          {'src' in definition.props.shape && (
            <ImageSourceField src={String(element.props['src'] ?? '')} svgOnly={definition.type === 'svg'} disabled={disabled} onSource={(src) => store.dispatch({ type: 'setProps', id: element.id, props: { src } })} />
          )}
          <PropFields
            schema={definition.props}
            props={element.props}
            disabled={disabled}
            // A picture stored in the document is tens of KiB of text: it is loaded from a file, not typed.
            omit={String(element.props['src'] ?? '').startsWith('data:') ? ['src'] : []}
            onChange={(key, value) => store.dispatch({ type: 'setProps', id: element.id, props: { [key]: value } })}
          />
        </section>
      )}
      <ElementTexts store={store} element={element} disabled={disabled} />
      {element.kind === 'template' && (
        <section>
          <h3>Parameters</h3>
          {!template && <p className="editor-binding__warn">Template “{element.template}” is not in the project.</p>}
          {template?.params.map((p) => (
            <label key={p.name} className="editor-field" title={p.description}>
              <span className="editor-field__title">{p.name}</span>
              <CommitInput
                type={p.type === 'number' ? 'number' : 'text'}
                testId={`param:${p.name}`}
                disabled={disabled}
                value={String(element.params[p.name] ?? '')}
                {...(p.type === 'number' ? { check: numberCheck } : {})}
                onCommit={(t) => store.dispatch({ type: 'setParams', id: element.id, params: { [p.name]: p.type === 'number' ? Number(t) : t } })}
              />
            </label>
          ))}
        </section>
      )}
      <ActionsEditor store={store} element={element} choices={choices} disabled={disabled} />
      <section>
        <h3>Bindings</h3>
        {Object.entries(bindable).map(([name, property]) => (
          <BindingEditor key={name} name={name} property={property} expression={element.bindings[name]} disabled={disabled} onApply={(text) => store.dispatch({ type: 'setBinding', id: element.id, property: name, expression: text })} />
        ))}
      </section>
    </>
  );
}

function DocumentInspector({ store, doc, editable }: { store: EditorStore; doc: ScreenDocument; editable: boolean }) {
  const size = (key: 'width' | 'height') => (
    <label className="editor-field editor-field--short">
      <span className="editor-field__title">{key === 'width' ? 'Width' : 'Height'}</span>
      <CommitInput
        type="number"
        testId={`doc:${key}`}
        disabled={!editable}
        value={String(doc.size[key])}
        check={(t) => (Number.isInteger(Number(t)) && Number(t) >= 100 && Number(t) <= 10000 ? undefined : 'a whole number from 100 to 10000')}
        onCommit={(t) => store.dispatch({ type: 'setDocument', changes: { size: { ...doc.size, [key]: Number(t) } } })}
      />
    </label>
  );
  return (
    <>
      <h2 className="editor-inspector__title">{doc.kind === 'screen' ? 'Screen' : 'Template'}</h2>
      <label className="editor-field">
        <span className="editor-field__title">Name</span>
        <CommitInput
          type="text"
          testId="doc:name"
          disabled={!editable}
          value={doc.name}
          maxLength={80}
          check={(t) => (t.trim() ? undefined : 'a name is needed')}
          onCommit={(t) => store.dispatch({ type: 'setDocument', changes: { name: t.trim() } })}
        />
      </label>
      {doc.kind === 'screen' && (
        <label className="editor-field">
          <span className="editor-field__title">Display level</span>
          <select value={doc.level} disabled={!editable} data-testid="doc:level" onChange={(e) => store.dispatch({ type: 'setDocument', changes: { level: ScreenLevelSchema.parse(e.target.value) } })}>
            {ScreenLevelSchema.options.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      )}
      {doc.kind === 'screen' && (
        <label className="editor-field">
          <span className="editor-field__title">Plant area</span>
          <CommitInput
            type="text"
            testId="doc:area"
            disabled={!editable}
            value={doc.area ?? ''}
            maxLength={100}
            placeholder="e.g. Line1/Filler (empty: the parent's)"
            onCommit={(t) => store.dispatch({ type: 'setDocument', changes: { area: t.trim() } })}
          />
        </label>
      )}
      <div className="editor-geometry">
        {size('width')}
        {size('height')}
      </div>
      {doc.kind === 'template' && <TemplateParams store={store} template={doc} editable={editable} />}
      <p className="editor-muted">Drag symbols from the palette onto the {doc.kind}. Select one to edit its properties and bindings.</p>
    </>
  );
}
