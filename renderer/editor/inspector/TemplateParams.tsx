import type { Template, TemplateParameter } from '../../../screens/screen-schema.ts';
import { ParameterNameSchema } from '../../../screens/screen-schema.ts';
import type { EditorStore } from '../editor-store.ts';
import { CommitInput } from './CommitInput.tsx';

const TYPES: readonly TemplateParameter['type'][] = ['tag', 'text', 'number'];

/** The parameters a template declares: bindings inside it use them as `{{name}}`. */
export function TemplateParams({ store, template, editable }: { store: EditorStore; template: Template; editable: boolean }) {
  const set = (params: TemplateParameter[]) => store.dispatch({ type: 'setTemplateParams', params });
  const change = (i: number, patch: Partial<TemplateParameter>) => set(template.params.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const freeName = () => {
    let n = template.params.length + 1;
    while (template.params.some((p) => p.name === `param${n}`)) n++;
    return `param${n}`;
  };
  return (
    <section data-testid="template-params">
      <h3>Parameters</h3>
      {template.params.length === 0 && (
        <p className="editor-muted">
          None. Bindings in a template read {'{{name}}'} parameters, e.g. {'{ {{pump}}/Running }'}.
        </p>
      )}
      {template.params.map((p, i) => (
        <div key={i} className="editor-binding" data-testid={`template-param:${p.name}`}>
          <label className="editor-field">
            <span className="editor-field__title">Name</span>
            <CommitInput
              type="text"
              disabled={!editable}
              value={p.name}
              check={(t) => {
                const parsed = ParameterNameSchema.safeParse(t);
                if (!parsed.success) return parsed.error.issues[0]?.message;
                return template.params.some((o, j) => j !== i && o.name === t) ? `there is already a parameter ${t}` : undefined;
              }}
              onCommit={(t) => change(i, { name: t })}
            />
          </label>
          <label className="editor-field">
            <span className="editor-field__title">Type</span>
            <select value={p.type} disabled={!editable} onChange={(e) => change(i, { type: e.target.value as TemplateParameter['type'] })}>
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label className="editor-field">
            <span className="editor-field__title">Default</span>
            <CommitInput
              type="text"
              disabled={!editable}
              value={p.default === undefined ? '' : String(p.default)}
              check={(t) => (p.type === 'number' && t !== '' && !Number.isFinite(Number(t)) ? 'enter a number' : undefined)}
              onCommit={(t) => {
                const { default: _old, ...rest } = p;
                change(i, t === '' ? rest : { ...rest, default: p.type === 'number' ? Number(t) : t });
              }}
            />
          </label>
          <label className="editor-field">
            <span className="editor-field__title">Description</span>
            <CommitInput type="text" disabled={!editable} maxLength={200} value={p.description} onCommit={(t) => change(i, { description: t })} />
          </label>
          <button type="button" className="button editor-small" disabled={!editable} onClick={() => set(template.params.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button editor-small" disabled={!editable || template.params.length >= 32} data-testid="template-param-add" onClick={() => set([...template.params, { name: freeName(), type: 'tag', description: '' }])}>
        Add parameter
      </button>
    </section>
  );
}
