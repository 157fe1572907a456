import type { Template, TemplateParameter } from '../../../screens/screen-schema.ts';
import { ParameterNameSchema } from '../../../screens/screen-schema.ts';
import type { EditorStore } from '../editor-store.ts';
import { CommitInput } from './CommitInput.tsx';
import { useT } from '../../i18n/i18n.ts';

const TYPES: readonly TemplateParameter['type'][] = ['tag', 'text', 'number'];

/** The parameters a template declares: bindings inside it use them as `{{name}}`. */
export function TemplateParams({ store, template, editable }: { store: EditorStore; template: Template; editable: boolean }) {
  const { t } = useT('editor');
  const set = (params: TemplateParameter[]) => store.dispatch({ type: 'setTemplateParams', params });
  const change = (i: number, patch: Partial<TemplateParameter>) => set(template.params.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const freeName = () => {
    let n = template.params.length + 1;
    while (template.params.some((p) => p.name === `param${n}`)) n++;
    return `param${n}`;
  };
  return (
    <section data-testid="template-params">
      <h3>{t('params.title')}</h3>
      {template.params.length === 0 && <p className="editor-muted">{t('params.none', { name: '{{name}}', example: '{ {{pump}}/Running }', interpolation: { skipOnVariables: true } })}</p>}
      {template.params.map((p, i) => (
        <div key={i} className="editor-binding" data-testid={`template-param:${p.name}`}>
          <label className="editor-field">
            <span className="editor-field__title">{t('params.name')}</span>
            <CommitInput
              type="text"
              disabled={!editable}
              value={p.name}
              check={(text) => {
                const parsed = ParameterNameSchema.safeParse(text);
                if (!parsed.success) return parsed.error.issues[0]?.message;
                return template.params.some((o, j) => j !== i && o.name === text) ? t('params.taken', { name: text }) : undefined;
              }}
              onCommit={(text) => change(i, { name: text })}
            />
          </label>
          <label className="editor-field">
            <span className="editor-field__title">{t('params.type')}</span>
            <select value={p.type} disabled={!editable} onChange={(e) => change(i, { type: e.target.value as TemplateParameter['type'] })}>
              {TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`params.types.${type}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="editor-field">
            <span className="editor-field__title">{t('params.default')}</span>
            <CommitInput
              type="text"
              disabled={!editable}
              value={p.default === undefined ? '' : String(p.default)}
              check={(text) => (p.type === 'number' && text !== '' && !Number.isFinite(Number(text)) ? t('inspector.enterNumber') : undefined)}
              onCommit={(text) => {
                const { default: _old, ...rest } = p;
                change(i, text === '' ? rest : { ...rest, default: p.type === 'number' ? Number(text) : text });
              }}
            />
          </label>
          <label className="editor-field">
            <span className="editor-field__title">{t('params.description')}</span>
            <CommitInput type="text" disabled={!editable} maxLength={200} value={p.description} onCommit={(text) => change(i, { description: text })} />
          </label>
          <button type="button" className="button editor-small" disabled={!editable} onClick={() => set(template.params.filter((_, j) => j !== i))}>
            {t('params.remove')}
          </button>
        </div>
      ))}
      <button type="button" className="button editor-small" disabled={!editable || template.params.length >= 32} data-testid="template-param-add" onClick={() => set([...template.params, { name: freeName(), type: 'tag', description: '' }])}>
        {t('params.add')}
      </button>
    </section>
  );
}
