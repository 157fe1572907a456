import type { Template } from '../../screens/screen-schema.ts';
import type { SymbolCategory } from '../../screens/symbols/symbol-definition.ts';
import { SYMBOLS } from '../../screens/symbols/symbol-registry.ts';
import { useT } from '../i18n/i18n.ts';
import { PALETTE_MIME } from './canvas/EditorCanvas.tsx';
import { symbolText } from './symbol-text.ts';

/** The palette's sections in order; each one's title is `editor:palette.<category>`. */
const CATEGORIES: readonly SymbolCategory[] = ['process', 'value', 'control', 'basic'];

/**
 * Every symbol of the registry and every template, to drag onto the canvas (or press, to place in
 * the middle of the screen: the keyboard and touch way).
 */
export function Palette({ templates, disabled, onPlace }: { templates: ReadonlyMap<string, Template>; disabled: boolean; onPlace: (item: string) => void }) {
  const { t } = useT('editor');
  const item = (key: string, label: string, title: string, project = false) => (
    <li key={key}>
      <button
        type="button"
        className="editor-palette__item"
        draggable={!disabled}
        disabled={disabled}
        title={title}
        data-testid={`palette:${key}`}
        onDragStart={(event) => {
          event.dataTransfer.setData(PALETTE_MIME, key);
          event.dataTransfer.effectAllowed = 'copy';
        }}
        onClick={() => onPlace(key)}
        data-project-text={project ? '' : undefined}
      >
        {label}
      </button>
    </li>
  );
  const symbols = [...SYMBOLS.values()];
  const symbolItem = (s: (typeof symbols)[number]) => item(`symbol:${s.type}`, symbolText(t, s).label, symbolText(t, s).description);
  const templateItem = (template: Template) => item(`template:${template.id}`, template.name, template.description || template.name, true);
  return (
    <nav className="editor-palette" aria-label={t('palette.label')}>
      {CATEGORIES.map((category) => (
        <section key={category}>
          <h3>{t(`palette.${category}`)}</h3>
          <ul>{symbols.filter((s) => s.category === category).map(symbolItem)}</ul>
        </section>
      ))}
      <section>
        <h3>{t('palette.templates')}</h3>
        {templates.size === 0 ? <p className="editor-muted">{t('palette.noTemplates')}</p> : <ul>{[...templates.values()].map(templateItem)}</ul>}
      </section>
    </nav>
  );
}
