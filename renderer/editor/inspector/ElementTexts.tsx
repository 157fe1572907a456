import { screenTextId } from '../../../common/project-texts.ts';
import type { ScreenElement, Template } from '../../../screens/screen-schema.ts';
import { elementTexts } from '../../../screens/screen-texts.ts';
import { useT } from '../../i18n/i18n.ts';
import { TextTranslations } from '../../ui/TextTranslations.tsx';
import { useEditor, type EditorStore } from '../editor-store.ts';

/**
 * The translations of the selected element's texts: a text's text, a symbol's label and units, a
 * switch's on/off texts, a multi-state indicator's text per state, a template instance's text parameters.
 */
export function ElementTexts({ store, element, templates, disabled }: { store: EditorStore; element: ScreenElement; templates: ReadonlyMap<string, Template>; disabled: boolean }) {
  const kind = useEditor(store, (s) => s.doc.kind);
  const docId = useEditor(store, (s) => s.doc.id);
  const { t } = useT('texts');
  const label = (field: string): { field: string; label?: string } => {
    const [prop, key] = field.slice(element.id.length + 1).split(/\.(.*)/s);
    if (prop === 'states') return { field: prop, label: t('props.state', { value: key }) };
    if (prop === 'params') return { field: prop, label: t('props.param', { name: key }) };
    return { field: prop ?? field };
  };
  return (
    <>
      {elementTexts(element, templates).map(({ field, text }) => (
        <TextTranslations key={field} id={screenTextId(kind, docId, field)} text={text} {...label(field)} disabled={disabled} />
      ))}
    </>
  );
}
