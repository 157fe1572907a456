import { useState } from 'react';
import { useServices } from '../../app/services.tsx';
import { isCallError } from '../../client/call-error.ts';
import { useT } from '../../i18n/i18n.ts';
import { FeedbackLine } from '../../ui/Feedback.tsx';
import { LoadProblem } from '../../ui/LoadProblem.tsx';
import { useCall } from '../../ui/use-call.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { translatedProblem } from '../../ui/texts.ts';

/** An example instance path: a path in the project's files, the same in every language. */
const EXAMPLE_PATH = 'Line1/P103';

type Feedback = { readonly state: 'idle' } | { readonly state: 'pending' | 'accepted' | 'refused'; readonly text: string; readonly field?: string | undefined };

/**
 * Tag templates (templates/*.json) with their parameters, members and instances. Engineers add an
 * instance by filling in the parameters, or delete one; its member tags and alarms apply live.
 * Templates themselves are edited in their files (the change reaches every instance on restart).
 */
export function TemplatesPanel({ editable, onClose }: { editable: boolean; onClose: () => void }) {
  const { client } = useServices();
  const { t } = useT('devices');
  const read = useCall('config.templates.list', {}, { refreshOn: ['config.changed'] });
  const templates = read.data ?? [];
  const [picked, setChosen] = useState<string | undefined>(undefined);
  const chosen = picked ?? templates[0]?.name;
  const [path, setPath] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [feedback, setFeedback] = useState<Feedback>({ state: 'idle' });

  const template = templates.find((entry) => entry.name === chosen);
  const run = async (pending: string, call: () => Promise<{ added: string[]; removed: string[] }>, after?: () => void) => {
    setFeedback({ state: 'pending', text: pending });
    try {
      const change = await call();
      after?.();
      setFeedback({ state: 'accepted', text: t('templates.applied', { count: change.added.length, removed: change.removed.length }) });
    } catch (error) {
      const field = isCallError(error) ? error.path?.replace(/^instance\./, '') : undefined;
      setFeedback({ state: 'refused', text: t('templates.refused', { reason: isCallError(error) ? (translatedProblem(error) ?? error.message.replace(/^instance\./, '')) : String(error) }), field });
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
      t('templates.adding', { path }),
      () => client.call('config.templates.instantiate', { instance: { template: template.name, path: path.trim(), parameters } }),
      () => {
        setPath('');
        setValues({});
      },
    );
  };

  const invalid = (name: string) => feedback.state === 'refused' && feedback.field === name;
  return (
    <Dialog className="config-editor" label={t('templates.title')} testId="templates-panel" onClose={onClose}>
      <div className="config-editor__head">
        <h2 className="devices__panel-title">{t('templates.title')}</h2>
        <button type="button" className="button" onClick={onClose}>
          {t('templates.close')}
        </button>
      </div>
      <div className="config-editor__body">
        <LoadProblem call={read} what={t('templates.couldNotList')} />
        {read.data?.length === 0 && <p className="devices__empty">{t('templates.none')}</p>}
        <div className="config-templates__list" role="listbox" aria-label={t('templates.list')}>
          {templates.map((entry) => (
            <button key={entry.name} type="button" role="option" aria-selected={entry.name === chosen} className="button config-templates__item" onClick={() => setChosen(entry.name)} data-testid={`template:${entry.name}`}>
              <span data-project-text="">{entry.name}</span> <span className="devices__muted">{t('templates.instances', { count: entry.instances.length })}</span>
            </button>
          ))}
        </div>
        {template && (
          <section className="def-section" aria-label={t('templates.template', { name: template.name })}>
            <h2 className="def-section__title" data-project-text="">
              {template.name}
            </h2>
            <p className="devices__muted" data-project-text="">
              {template.description || template.file}
            </p>
            <p>
              {t('templates.members')}{' '}
              <span className="devices__mono" data-project-text="">
                {template.members.join(', ')}
              </span>
              {template.alarms.length > 0 && (
                <>
                  {' '}
                  · {t('templates.alarms')}{' '}
                  <span className="devices__mono" data-project-text="">
                    {template.alarms.join(', ')}
                  </span>
                </>
              )}
            </p>
            <table className="devices__tree" aria-label={t('templates.instancesLabel')}>
              <thead>
                <tr>
                  <th scope="col">{t('templates.instance')}</th>
                  <th scope="col">{t('templates.parameters')}</th>
                  <th scope="col">{t('templates.file')}</th>
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
                        <button
                          type="button"
                          className="button devices__small"
                          onClick={() => void run(t('templates.deleting', { path: i.path }), () => client.call('config.templates.deleteInstance', { path: i.path }))}
                          data-testid="instance-delete"
                        >
                          {t('templates.delete')}
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
                    {t('templates.newPath')}
                  </label>
                  <input id="instance-path" className="alarm-input def-input" value={path} onChange={(e) => setPath(e.target.value)} placeholder={EXAMPLE_PATH} data-testid="instance-path" />
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
              {t('templates.addInstance')}
            </button>
          </div>
        )}
        {!editable && <p className="devices__muted">{t('templates.readOnly')}</p>}
      </div>
    </Dialog>
  );
}
