import { useEffect, useMemo, useState } from 'react';
import { Trans } from 'react-i18next';
import type { ConfigTag } from '../../../common/config-contract.ts';
import { useT } from '../../i18n/i18n.ts';
import { ProblemContext } from '../../ui/Fields.tsx';
import { DEVICE_FIELDS, DeviceForm, deviceDraftOf, toRawDevice, type DeviceDraft } from './DeviceForm.tsx';
import { secretFieldName } from './secret-draft.ts';
import { TagForm } from './TagForm.tsx';
import { blankTag, draftOf, TAG_FIELDS, toRawTag, type TagDraft } from './tag-draft.ts';
import { fieldFor, type Outcome, type useConfig } from './use-config.ts';
import '../../styles/alarm-definitions.css';
import '../../styles/config.css';
import { FeedbackLine } from '../../ui/Feedback.tsx';
import { Dialog } from '../../ui/Dialog.tsx';

export type EditTarget = { readonly kind: 'tag'; readonly entry: ConfigTag | undefined; readonly device: string } | { readonly kind: 'device'; readonly raw: Record<string, unknown> | undefined };

type Config = ReturnType<typeof useConfig>;

/** An address in the device's own syntax for the placeholder: Modbus devices choose theirs (`addressSyntax`). */
function addressExample(definition: Record<string, unknown> | undefined): string {
  if (definition?.['driver'] === 'opcua') return 'ns=2;s=Line1.FT101';
  const syntax = (definition?.['config'] as Record<string, unknown> | undefined)?.['addressSyntax'];
  return syntax === 'modicon' ? '400101' : syntax === 'ignition' ? 'HR101' : 'hr:100';
}

/**
 * The edit dialog for one tag or device: the runtime validates, writes the project file and applies
 * the change live; a refusal outlines the field it names. Read-only (a disabled fieldset) for roles
 * that may not change the configuration.
 */
export function ConfigEditor({ target, config, editable: mayEdit, onClose }: { target: EditTarget; config: Config; editable: boolean; onClose: () => void }) {
  const { t, i18n } = useT('devices');
  // A member of a template instance comes from its template: shown, never edited on its own.
  const memberOf = target.kind === 'tag' ? target.entry?.instance : undefined;
  const editable = mayEdit && memberOf === undefined;
  const isNew = target.kind === 'tag' ? target.entry === undefined : target.raw === undefined;
  const [tagDraft, setTagDraft] = useState<TagDraft>(() => (target.kind === 'tag' ? (target.entry ? draftOf(target.entry.definition) : blankTag(target.device)) : blankTag('')));
  const [deviceDraft, setDeviceDraft] = useState<DeviceDraft>(() => deviceDraftOf(target.kind === 'device' ? target.raw : undefined, config.drivers[0] ?? 'modbus'));
  const [confirming, setConfirming] = useState(false);
  const [withTags, setWithTags] = useState(false);
  const { outcome, clear } = config;
  useEffect(() => clear, [clear]);

  const secretFields = target.kind === 'device' ? (config.secretFields[deviceDraft.driver] ?? []) : [];
  const fields = useMemo<readonly string[]>(() => (target.kind === 'tag' ? TAG_FIELDS : [...DEVICE_FIELDS, ...(config.secretFields[deviceDraft.driver] ?? []).map(secretFieldName)]), [target.kind, config.secretFields, deviceDraft.driver]);
  const problem = useMemo(() => {
    const field = fieldFor(outcome.field, fields);
    // A problem inside a field (`config.pollMs` in the settings JSON) says where, beside that field.
    const inside = field && outcome.field && outcome.field !== field ? `${outcome.field.slice(field.length + 1)}: ` : '';
    return { field, message: `${inside}${outcome.detail ?? ''}` };
  }, [outcome, fields]);
  const name = target.kind === 'tag' ? tagDraft.path || t('editor.newTag') : deviceDraft.name || t('editor.newDevice');
  const title = t(`editor.${isNew ? 'add' : editable ? 'edit' : 'view'}${target.kind === 'tag' ? 'Tag' : 'Device'}`);
  const pending = outcome.feedback.state === 'pending';
  const deviceTags = target.kind === 'device' && target.raw ? (config.devices.find((d) => d.definition['name'] === target.raw!['name'])?.tagCount ?? 0) : 0;

  const refuseLocally = (field: string, message: string): Outcome => ({ feedback: { state: 'refused', text: t('editor.notSent', { field, message }) }, field, detail: message });
  const save = async () => {
    if (target.kind === 'tag') {
      const built = toRawTag(tagDraft, target.entry?.definition);
      if (!built.ok) return config.setOutcome(refuseLocally(built.field, t(`editor.${built.problem}`)));
      if (await config.saveTag(built.raw)) onClose();
    } else {
      const built = toRawDevice(deviceDraft, target.raw);
      if (!built.ok) return config.setOutcome(refuseLocally(built.field, t(`editor.${built.problem}`, { detail: built.detail })));
      if (await config.saveDevice(built.raw)) onClose();
    }
    return undefined;
  };
  const remove = async () => {
    const done = target.kind === 'tag' ? await config.deleteTag(tagDraft.path) : await config.deleteDevice(deviceDraft.name, withTags);
    setConfirming(false);
    if (done) onClose();
  };

  return (
    <Dialog className="config-editor" label={title} testId="config-editor" onClose={onClose}>
      <div className="config-editor__head">
        <h2 className="devices__panel-title">
          {title}{' '}
          <span className="devices__muted" data-project-text="">
            {isNew ? '' : name}
          </span>
        </h2>
        <button type="button" className="button" onClick={onClose} data-testid="config-close">
          {t('editor.close')}
        </button>
      </div>
      <div className="config-editor__body">
        <ProblemContext.Provider value={problem}>
          <fieldset className="config-editor__fields" disabled={!editable}>
            {target.kind === 'tag' ? (
              <TagForm
                draft={tagDraft}
                isNew={isNew}
                devices={config.devices.map((d) => String(d.definition['name']))}
                addressExample={(device) => addressExample(config.devices.find((d) => d.definition['name'] === device)?.definition)}
                onChange={(p) => setTagDraft((d) => ({ ...d, ...p }))}
              />
            ) : (
              <DeviceForm
                draft={deviceDraft}
                isNew={isNew}
                drivers={config.drivers}
                secretFields={secretFields}
                listed={target.kind === 'device' ? target.raw?.['config'] : undefined}
                onChange={(p) => setDeviceDraft((d) => ({ ...d, ...p }))}
              />
            )}
          </fieldset>
        </ProblemContext.Provider>
      </div>
      <div className="config-editor__actions">
        <FeedbackLine feedback={outcome.feedback} testId="config-feedback" />
        {memberOf !== undefined && (
          <p className="devices__muted" data-testid="config-member">
            {t('editor.member', { instance: memberOf })}
          </p>
        )}
        {!mayEdit && <p className="devices__muted">{t('editor.readOnly')}</p>}
        {editable && confirming && (
          <Dialog className="alarm-defs__confirm" role="alertdialog" label={t('editor.confirmDelete')} testId="config-delete-confirm" onClose={() => setConfirming(false)}>
            <span>
              <Trans i18n={i18n} t={t} i18nKey="editor.deleteQuestion" values={{ name }} components={{ 1: <strong data-project-text="" /> }} />
              {deviceTags > 0 && (
                <label className="def-check">
                  <input type="checkbox" checked={withTags} onChange={(e) => setWithTags(e.target.checked)} data-testid="config-delete-with-tags" />
                  <span>{t('editor.withTags', { count: deviceTags })}</span>
                </label>
              )}
            </span>
            <button type="button" className="button button--primary" disabled={pending} onClick={() => void remove()} data-testid="config-delete-yes">
              {t('editor.delete')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('editor.keep')}
            </button>
          </Dialog>
        )}
        {editable && !confirming && (
          <div className="alarm-defs__buttons">
            <button type="button" className="button button--primary" disabled={pending} onClick={() => void save()} data-testid="config-save">
              {isNew ? t('editor.add') : t('editor.save')}
            </button>
            <span className="alarm-defs__spacer" />
            {!isNew && (
              <button type="button" className="button" disabled={pending} onClick={() => setConfirming(true)} data-testid="config-delete">
                {t('editor.deleteAsk')}
              </button>
            )}
          </div>
        )}
      </div>
    </Dialog>
  );
}
