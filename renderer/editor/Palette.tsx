import type { Template } from '../../screens/screen-schema.ts';
import type { SymbolCategory } from '../../screens/symbols/symbol-definition.ts';
import { SYMBOLS } from '../../screens/symbols/symbol-registry.ts';
import { PALETTE_MIME } from './canvas/EditorCanvas.tsx';

const CATEGORIES: readonly [SymbolCategory, string][] = [
  ['process', 'Process'],
  ['value', 'Values'],
  ['control', 'Controls'],
  ['basic', 'Basic shapes'],
];

/**
 * Every symbol of the registry and every template, to drag onto the canvas (or press, to place in
 * the middle of the screen: the keyboard and touch way).
 */
export function Palette({ templates, disabled, onPlace }: { templates: ReadonlyMap<string, Template>; disabled: boolean; onPlace: (item: string) => void }) {
  const item = (key: string, label: string, title: string) => (
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
      >
        {label}
      </button>
    </li>
  );
  const symbols = [...SYMBOLS.values()];
  return (
    <nav className="editor-palette" aria-label="Symbol palette">
      {CATEGORIES.map(([category, title]) => (
        <section key={category}>
          <h3>{title}</h3>
          <ul>{symbols.filter((s) => s.category === category).map((s) => item(`symbol:${s.type}`, s.label, s.description))}</ul>
        </section>
      ))}
      <section>
        <h3>Templates</h3>
        {templates.size === 0 ? <p className="editor-muted">No templates in the project yet.</p> : <ul>{[...templates.values()].map((t) => item(`template:${t.id}`, t.name, t.description || t.name))}</ul>}
      </section>
    </nav>
  );
}
