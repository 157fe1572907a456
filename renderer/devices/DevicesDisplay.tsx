import { useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import { useCall } from '../ui/use-call.ts';
import { BrowsePanel } from './BrowsePanel.tsx';
import { CertificatesPanel } from './CertificatesPanel.tsx';
import { OwnCertificatePanel } from './OwnCertificatePanel.tsx';
import { DeviceList } from './DeviceList.tsx';
import { DeviceTags } from './DeviceTags.tsx';
import { silentUnitsNote, UnitsPanel, WarningsPanel } from './UnitsPanel.tsx';
import { useDeviceList } from './use-device-list.ts';
import { ConfigEditor, type EditTarget } from './config/ConfigEditor.tsx';
import { CsvTransfer } from './config/CsvTransfer.tsx';
import { TemplatesPanel } from './config/TemplatesPanel.tsx';
import { useConfig } from './config/use-config.ts';
import '../styles/devices.css';
import '../styles/config.css';

/**
 * Level 4 diagnostics for engineers: every device with its status and counters; the selected one's
 * tags, and for drivers that offer them its server certificates and address space.
 */
export function DevicesDisplay({ visible }: { visible: boolean }) {
  const { client, plant } = useServices();
  const { t } = useT('devices');
  const devices = useDeviceList(visible);
  const session = useCell(plant.session);
  const link = useCell(plant.link);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  // Without capabilities only the tags are shown; the device list says what is wrong with the device.
  const capabilities = useCall('devices.capabilities', selected === undefined ? undefined : { device: selected }).data;
  const device = devices.find((d) => d.name === selected);
  const config = useConfig();
  const [selectedTag, setSelectedTag] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<EditTarget | undefined>(undefined);
  const [templatesOpen, setTemplatesOpen] = useState(false);
  // The runtime checks again on every change; the view only offers what the person may do.
  const access = useAccess();
  const notEditable = access.why('devices.configure') ?? access.why('tags.configure');
  const editable = notEditable === undefined;
  const deviceRaw = config.devices.find((d) => d.definition['name'] === selected)?.definition;
  const tagEntry = config.tags.find((entry) => entry.definition['path'] === selectedTag);

  return (
    <div className="devices">
      <div className="devices__toolbar">
        <h1 className="display__title">{t('display.title')}</h1>
        <span className="devices__muted">{t('display.count', { count: devices.length })}</span>
        <span className="alarm-defs__spacer" />
        {notEditable !== undefined && (
          <span className="devices__muted" data-needs="devices.configure" data-testid="devices-read-only">
            {notEditable}
          </span>
        )}
        {editable && (
          <button type="button" className="button" onClick={() => setEditing({ kind: 'device', raw: undefined })} data-testid="device-add">
            {t('display.addDevice')}
          </button>
        )}
        <button type="button" className="button" onClick={() => (setEditing(undefined), setTemplatesOpen(true))} data-testid="templates-open">
          {t('display.templates')}
        </button>
        <CsvTransfer device={undefined} editable={editable} />
      </div>
      <div className="devices__list">
        <DeviceList devices={devices} selected={selected} onSelect={(name) => (setSelected(name), setSelectedTag(undefined))} timeZone={session?.timeZone} live={link.state === 'open'} />
      </div>
      {device ? (
        <div className="devices__detail" data-testid="device-detail" data-device={device.name}>
          <div className="devices__main">
            <div className="config-bar" data-testid="config-bar">
              <button type="button" className="button" disabled={!deviceRaw} onClick={() => deviceRaw && setEditing({ kind: 'device', raw: deviceRaw })} data-testid="device-edit">
                {editable ? t('display.editDevice') : t('display.deviceSettings')}
              </button>
              {editable && (
                <button type="button" className="button" onClick={() => setEditing({ kind: 'tag', entry: undefined, device: device.name })} data-testid="tag-add">
                  {t('display.addTag')}
                </button>
              )}
              <button type="button" className="button" disabled={!tagEntry} onClick={() => tagEntry && setEditing({ kind: 'tag', entry: tagEntry, device: device.name })} data-testid="tag-edit">
                {editable ? t('display.editTag') : t('display.tagSettings')}
              </button>
              {selectedTag !== undefined ? (
                <span className="devices__muted" data-project-text="">
                  {selectedTag}
                </span>
              ) : (
                <span className="devices__muted">{t('display.selectTag')}</span>
              )}
            </div>
            <DeviceTags device={device.name} selected={selectedTag} onSelect={setSelectedTag} note={link.state === 'open' && device.status === 'ok' ? silentUnitsNote(device, t) : undefined} />
          </div>
          {((capabilities?.device === device.name && (capabilities.certificates || capabilities.browse)) || (device.units?.length ?? 0) > 0 || (device.warnings?.length ?? 0) > 0) && (
            <div className="devices__side">
              {device.warnings && device.warnings.length > 0 && <WarningsPanel warnings={device.warnings} />}
              {device.units && device.units.length > 0 && link.state === 'open' && <UnitsPanel units={device.units} timeZone={session?.timeZone} now={Date.now()} />}
              {capabilities?.device === device.name && capabilities.certificates && <CertificatesPanel key={`certificates:${device.name}`} device={device.name} refreshKey={`${device.status}:${device.since}`} />}
              {capabilities?.device === device.name && capabilities.certificates && <OwnCertificatePanel key={`own:${device.name}`} device={device.name} refreshKey={`${device.status}:${device.since}`} />}
              {capabilities?.device === device.name && capabilities.browse && (
                <BrowsePanel
                  key={`browse:${device.name}`}
                  device={device.name}
                  connected={device.status === 'ok' && link.state === 'open'}
                  importer={{
                    editable,
                    importTags: async (tags) => {
                      const change = await client.call('config.tags.import', { tags });
                      return t('display.imported', { added: change.added.length, replaced: change.changed.length });
                    },
                  }}
                />
              )}
            </div>
          )}
        </div>
      ) : (
        <p className="devices__empty devices__hint-select">{devices.some((d) => d.driver === 'opcua') ? t('display.selectDeviceOpcua') : t('display.selectDevice')}</p>
      )}
      {templatesOpen && !editing && <TemplatesPanel editable={editable} onClose={() => setTemplatesOpen(false)} />}
      {editing && <ConfigEditor key={JSON.stringify(editing)} target={editing} config={config} editable={editable} onClose={() => setEditing(undefined)} />}
    </div>
  );
}
