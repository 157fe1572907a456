import { useState } from 'react';
import { useServices } from '../../app/services.tsx';
import { isCallError } from '../../client/call-error.ts';
import { FeedbackLine } from '../../ui/Feedback.tsx';
import { LoadProblem } from '../../ui/LoadProblem.tsx';
import { useCall } from '../../ui/use-call.ts';
import { Dialog } from '../../ui/Dialog.tsx';

type Feedback = { readonly state: 'idle' } | { readonly state: 'pending' | 'accepted' | 'refused'; readonly text: string; readonly field?: string | undefined };

/**
 * Tag templates (templates/*.json) with their parameters, members and instances. Engineers add an
 * instance by filling in the parameters, or delete one; its member tags and alarms apply live.
 * Templates themselves are edited in their files (the change reaches every instance on restart).
 */
export function TemplatesPanel({ editable, onClose }: { editable: boolean; onClose: () => void }) {
  const { client } = useServices();
  const read = useCall('config.templates.list', {}, { refreshOn: ['config.changed'] });
  const templates = read.data ?? [];
  const [picked, setChosen] = useState<string | undefined>(undefined);
  const chosen = picked ?? templates[0]?.name;
  const [path, setPath] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [feedback, setFeedback] = useState<Feedback>({ state: 'idle' });

  const template = templates.find((t) => t.name === chosen);
  const run = async (pending: string, call: () => Promise<{ added: string[]; removed: string[] }>, after?: () => void) => {
    setFeedback({ state: 'pending', text: pending });
    try {
      const change = await call();
      after?.();
      setFeedback({ state: 'accepted', text: `Applied: ${change.added.length} tag(s) added, ${change.removed.length} removed.` });
    } catch (error) {
      const field = isCallError(error) ? error.path?.replace(/^instance\./, '') : undefined;
      setFeedback({ state: 'refused', text: `Refused. ${isCallError(error) ? error.message.replace(/^instance\./, '') : String(error)}`, field });
    }
  };
  const instantiate = () => {
    if (!template) return;
    const parameters: Record<string, string | number> = {};
    for (const p of template.parameters) {
      const text = (values[p.name] ?? '').trim();
      if (text === '') continue;
      parameters[p.name] = p.type === 'number' && Number.isFinite(Number(text)) ? Number(text) : text;
    }
    void run(
      `Adding ${path}…`,
      () => client.call('config.templates.instantiate', { instance: { template: template.name, path: path.trim(), parameters } }),
      () => {
        setPath('');
        setValues({});
      },
    );
  };

  const invalid = (name: string) => feedback.state === 'refused' && feedback.field === name;
  return (
    <Dialog className="config-editor" label="Tag templates" testId="templates-panel" onClose={onClose}>
      <div className="config-editor__head">
        <h2 className="devices__panel-title">Tag templates</h2>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="config-editor__body">
        <LoadProblem call={read} what="Could not list the templates" />
        {read.data?.length === 0 && <p className="devices__empty">No templates: add templates/&lt;Name&gt;.json to the project (see main/core/config/README.md).</p>}
        <div className="config-templates__list" role="listbox" aria-label="Templates">
          {templates.map((t) => (
            <button key={t.name} type="button" role="option" aria-selected={t.name === chosen} className="button config-templates__item" onClick={() => setChosen(t.name)} data-testid={`template:${t.name}`}>
              {t.name} <span className="devices__muted">{t.instances.length} instance(s)</span>
            </button>
          ))}
        </div>
        {template && (
          <section className="def-section" aria-label={`Template ${template.name}`}>
            <h2 className="def-section__title">{template.name}</h2>
            <p className="devices__muted">{template.description || template.file}</p>
            <p>
              Members: <span className="devices__mono">{template.members.join(', ')}</span>
              {template.alarms.length > 0 && (
                <>
                  {' '}
                  · alarms: <span className="devices__mono">{template.alarms.join(', ')}</span>
                </>
              )}
            </p>
            <table className="devices__tree" aria-label="Instances">
              <thead>
                <tr>
                  <th scope="col">Instance</th>
                  <th scope="col">Parameters</th>
                  <th scope="col">File</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {template.instances.map((i) => (
                  <tr key={i.path} data-testid={`instance:${i.path}`}>
                    <td className="devices__mono">{i.path}</td>
                    <td className="devices__mono">
                      {Object.entries(i.parameters)
                        .map(([k, v]) => `${k}=${v}`)
                        .join(', ')}
                    </td>
                    <td className="devices__muted">{i.file}</td>
                    <td>
                      {editable && (
                        <button type="button" className="button devices__small" onClick={() => void run(`Deleting ${i.path}…`, () => client.call('config.templates.deleteInstance', { path: i.path }))} data-testid="instance-delete">
                          Delete
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {editable && (
              <div className="def-section__grid" data-testid="instance-form">
                <div className={`def-field def-field--wide${invalid('path') ? ' def-field--invalid' : ''}`} data-field="path" data-invalid={invalid('path')}>
                  <label className="def-field__label" htmlFor="instance-path">
                    New instance path
                  </label>
                  <input id="instance-path" className="alarm-input def-input" value={path} onChange={(e) => setPath(e.target.value)} placeholder="Line1/P103" data-testid="instance-path" />
                </div>
                {template.parameters.map((p) => (
                  <div key={p.name} className={`def-field${invalid(`parameters.${p.name}`) ? ' def-field--invalid' : ''}`} data-field={`parameters.${p.name}`} data-invalid={invalid(`parameters.${p.name}`)}>
                    <label className="def-field__label" htmlFor={`param-${p.name}`}>
                      {p.name} <span className="devices__muted">{p.type}</span>
                    </label>
                    <input
                      id={`param-${p.name}`}
                      className="alarm-input def-input"
                      value={values[p.name] ?? ''}
                      placeholder={p.default === undefined ? '' : String(p.default)}
                      onChange={(e) => setValues((v) => ({ ...v, [p.name]: e.target.value }))}
                      data-testid={`param:${p.name}`}
                    />
                    {p.description && <span className="def-field__hint">{p.description}</span>}
                  </div>
                ))}
              </div>
            )}
          </section>
        )}
      </div>
      <div className="config-editor__actions">
        <FeedbackLine feedback={feedback} testId="template-feedback" />
        {editable && template && (
          <div className="alarm-defs__buttons">
            <button type="button" className="button button--primary" disabled={feedback.state === 'pending' || path.trim() === ''} onClick={instantiate} data-testid="instance-add">
              Add instance
            </button>
          </div>
        )}
        {!editable && <p className="devices__muted">Read-only: adding instances needs the role engineer or admin.</p>}
      </div>
    </Dialog>
  );
}
