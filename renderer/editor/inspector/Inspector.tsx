import type { ScreenSummary } from '../../../common/screens-contract.ts';
import type { ScreenDocument, ScreenElement, Template } from '../../../screens/screen-schema.ts';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useT } from '../../i18n/i18n.ts';
import { bindableText, symbolText } from '../symbol-text.ts';
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
import { screenTextId } from '../../../common/project-texts.ts';
import { TextTranslations } from '../../ui/TextTranslations.tsx';

/** The symbol definition an element is edited with (shapes, text and images have symbol definitions too). */
export function definitionOf(element: ScreenElement): SymbolDefinition | undefined {
  const type = symbolTypeOf(element);
  return type === undefined ? undefined : SYMBOLS.get(type);
}

/** A field's check: undefined when the text is a number, else what to do, in the reader's language. */
const numberCheck = (t: TFunction<'editor'>) => (text: string) => (text.trim() !== '' && Number.isFinite(Number(text)) ? undefined : t('inspector.enterNumber'));

/** The box fields of an element and of a document, in the order shown. */
const GEOMETRY = ['x', 'y', 'width', 'height', 'rotation'] as const;
const SIZE = ['width', 'height'] as const;
/** Props the inspector leaves out: a picture stored in the document (it is loaded from a file, not typed). */
const SRC: readonly string[] = ['src'];
const NONE: readonly string[] = [];
/** The document's name as a project text (its translations: `screen|<id>|name`). */
const NAME_FIELD = 'name';

/** Properties of the selected element, or of the document when nothing is selected. */
export function Inspector({ store, templates, screens, editable }: { store: EditorStore; templates: ReadonlyMap<string, Template>; screens: readonly ScreenSummary[]; editable: boolean }) {
  const choices = useMemo<ActionChoices>(() => ({ screens, templates }), [screens, templates]);
  const doc = useEditor(store, (s) => s.doc);
  const selection = useEditor(store, (s) => s.selection);
  const element = selection.length === 1 ? doc.elements.find((e) => e.id === selection[0]) : undefined;
  const { t } = useT('editor');
  return (
    <aside className="editor-inspector" aria-label={t('inspector.label')} data-testid="inspector">
      {selection.length > 1 && <p className="editor-muted">{t('inspector.many', { count: selection.length })}</p>}
      {element && <ElementInspector key={element.id} store={store} element={element} templates={templates} choices={choices} editable={editable} />}
      {selection.length === 0 && <DocumentInspector store={store} doc={doc} editable={editable} />}
    </aside>
  );
}

function ElementInspector({ store, element, templates, choices, editable }: { store: EditorStore; element: ScreenElement; templates: ReadonlyMap<string, Template>; choices: ActionChoices; editable: boolean }) {
  const definition = definitionOf(element);
  const disabled = !editable || element.locked;
  const { t } = useT('editor');
  const geometry = (key: (typeof GEOMETRY)[number]) => (
    <label key={key} className="editor-field editor-field--short">
      <span className="editor-field__title">{t(`inspector.geometry.${key}`)}</span>
      <CommitInput
        type="number"
        step="any"
        testId={`geom:${key}`}
        disabled={disabled}
        value={String(element[key])}
        check={numberCheck(t)}
        onCommit={(text) => store.dispatch({ type: 'setGeometry', id: element.id, box: { [key]: Number(text) } })}
      />
    </label>
  );
  const bindable = { ...(definition?.bindable ?? {}), ...COMMON_BINDABLE };
  const template = element.kind === 'template' ? templates.get(element.template) : undefined;
  return (
    <>
      <h2 className="editor-inspector__title" data-testid="inspector-title">
        {definition ? symbolText(t, definition).label : element.kind === 'template' ? <span data-project-text="">{template?.name ?? element.template}</span> : t(`inspector.kind.${element.kind}`)}
        <span className="editor-muted" data-project-text="">
          {' '}
          · {element.id}
        </span>
      </h2>
      <label className="editor-field">
        <span className="editor-field__title">{t('inspector.name')}</span>
        <CommitInput type="text" testId="element-name" disabled={disabled} value={element.name ?? ''} maxLength={80} placeholder={element.id} onCommit={(text) => store.dispatch({ type: 'setName', id: element.id, name: text })} />
      </label>
      <div className="editor-geometry">{GEOMETRY.map(geometry)}</div>
      {definition && 'props' in element && (
        <section>
          <h3>{t('inspector.properties')}</h3>
          {'src' in definition.props.shape && (
            <ImageSourceField src={String(element.props['src'] ?? '')} svgOnly={definition.type === 'svg'} disabled={disabled} onSource={(src) => store.dispatch({ type: 'setProps', id: element.id, props: { src } })} />
          )}
          <PropFields
            schema={definition.props}
            type={definition.type}
            props={element.props}
            disabled={disabled}
            // A picture stored in the document is tens of KiB of text: it is loaded from a file, not typed.
            omit={String(element.props['src'] ?? '').startsWith('data:') ? SRC : NONE}
            onChange={(key, value) => store.dispatch({ type: 'setProps', id: element.id, props: { [key]: value } })}
          />
        </section>
      )}
      <ElementTexts store={store} element={element} templates={templates} disabled={disabled} />
      {element.kind === 'template' && (
        <section>
          <h3>{t('inspector.parameters')}</h3>
          {!template && <p className="editor-binding__warn">{t('inspector.noTemplate', { id: element.template })}</p>}
          {template?.params.map((p) => (
            <label key={p.name} className="editor-field">
              <span className="editor-field__title" data-project-text="" title={p.description}>
                {p.name}
              </span>
              <CommitInput
                type={p.type === 'number' ? 'number' : 'text'}
                testId={`param:${p.name}`}
                disabled={disabled}
                value={String(element.params[p.name] ?? '')}
                {...(p.type === 'number' ? { check: numberCheck(t) } : {})}
                onCommit={(text) => store.dispatch({ type: 'setParams', id: element.id, params: { [p.name]: p.type === 'number' ? Number(text) : text } })}
              />
            </label>
          ))}
        </section>
      )}
      <ActionsEditor store={store} element={element} choices={choices} disabled={disabled} />
      <section>
        <h3>{t('inspector.bindings')}</h3>
        {Object.entries(bindable).map(([name, property]) => (
          <BindingEditor
            key={name}
            name={name}
            property={bindableText(t, definition?.type, name, property)}
            expression={element.bindings[name]}
            disabled={disabled}
            onApply={(text) => store.dispatch({ type: 'setBinding', id: element.id, property: name, expression: text })}
          />
        ))}
      </section>
    </>
  );
}

function DocumentInspector({ store, doc, editable }: { store: EditorStore; doc: ScreenDocument; editable: boolean }) {
  const { t } = useT('editor');
  const size = (key: (typeof SIZE)[number]) => (
    <label key={key} className="editor-field editor-field--short">
      <span className="editor-field__title">{key === 'width' ? t('inspector.width') : t('inspector.height')}</span>
      <CommitInput
        type="number"
        testId={`doc:${key}`}
        disabled={!editable}
        value={String(doc.size[key])}
        check={(text) => (Number.isInteger(Number(text)) && Number(text) >= 100 && Number(text) <= 10000 ? undefined : t('inspector.sizeRange', { min: 100, max: 10000 }))}
        onCommit={(text) => store.dispatch({ type: 'setDocument', changes: { size: { ...doc.size, [key]: Number(text) } } })}
      />
    </label>
  );
  return (
    <>
      <h2 className="editor-inspector__title">{doc.kind === 'screen' ? t('inspector.screen') : t('inspector.template')}</h2>
      <label className="editor-field">
        <span className="editor-field__title">{t('inspector.name')}</span>
        <CommitInput
          type="text"
          testId="doc:name"
          disabled={!editable}
          value={doc.name}
          maxLength={80}
          check={(text) => (text.trim() ? undefined : t('inspector.nameNeeded'))}
          onCommit={(text) => store.dispatch({ type: 'setDocument', changes: { name: text.trim() } })}
        />
      </label>
      <TextTranslations id={screenTextId(doc.kind, doc.id, 'name')} text={doc.name} field={NAME_FIELD} disabled={!editable} />
      {doc.kind === 'screen' && (
        <label className="editor-field">
          <span className="editor-field__title">{t('inspector.level')}</span>
          <select value={doc.level} disabled={!editable} data-testid="doc:level" onChange={(e) => store.dispatch({ type: 'setDocument', changes: { level: ScreenLevelSchema.parse(e.target.value) } })}>
            {ScreenLevelSchema.options.map((l) => (
              <option key={l} value={l}>
                {t(`level.${l}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {doc.kind === 'screen' && (
        <label className="editor-field">
          <span className="editor-field__title">{t('inspector.area')}</span>
          <CommitInput
            type="text"
            testId="doc:area"
            disabled={!editable}
            value={doc.area ?? ''}
            maxLength={100}
            placeholder={t('inspector.areaPlaceholder')}
            onCommit={(text) => store.dispatch({ type: 'setDocument', changes: { area: text.trim() } })}
          />
        </label>
      )}
      <div className="editor-geometry">{SIZE.map(size)}</div>
      {doc.kind === 'template' && <TemplateParams store={store} template={doc} editable={editable} />}
      <p className="editor-muted">{t(`inspector.hint.${doc.kind}`)}</p>
    </>
  );
}
