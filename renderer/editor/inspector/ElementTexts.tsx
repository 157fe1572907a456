import { screenTextId } from '../../../common/project-texts.ts';
import type { ScreenElement } from '../../../screens/screen-schema.ts';
import { textPropsOf } from '../../../screens/screen-texts.ts';
import { TextTranslations } from '../../ui/TextTranslations.tsx';
import { useEditor, type EditorStore } from '../editor-store.ts';

/** The translations of the selected element's texts (a text's text, a symbol's label, a switch's on/off texts). */
export function ElementTexts({ store, element, disabled }: { store: EditorStore; element: ScreenElement; disabled: boolean }) {
  const kind = useEditor(store, (s) => s.doc.kind);
  const docId = useEditor(store, (s) => s.doc.id);
  if (!('props' in element)) return null;
  const texts = textPropsOf(element).flatMap((prop) => {
    const text = element.props[prop];
    return typeof text === 'string' && text.trim() !== '' ? [{ prop, text }] : [];
  });
  return (
    <>
      {texts.map(({ prop, text }) => (
        <TextTranslations key={prop} id={screenTextId(kind, docId, `${element.id}.${prop}`)} text={text} field={prop} disabled={disabled} />
      ))}
    </>
  );
}
