import { useEffect, useState } from 'react';
import type { DeviceCapabilities } from '../../../common/devices-contract.ts';
import { useServices } from '../../app/services.tsx';
import { useCell } from '../../store/cell.ts';
import { BrowsePanel } from './BrowsePanel.tsx';
import { CertificatesPanel } from './CertificatesPanel.tsx';
import { DeviceList } from './DeviceList.tsx';
import { DeviceTags } from './DeviceTags.tsx';
import { useDeviceList } from './use-device-list.ts';
import '../../styles/devices.css';

/**
 * Level 4 diagnostics for engineers: every device with its status and counters; the selected one's
 * tags, and for drivers that offer them its server certificates and address space.
 */
export function DevicesDisplay({ visible }: { visible: boolean }) {
  const { client, plant, users } = useServices();
  const devices = useDeviceList(visible);
  const session = useCell(plant.session);
  const user = useCell(users.user);
  const link = useCell(plant.link);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [capabilities, setCapabilities] = useState<DeviceCapabilities | undefined>(undefined);
  const device = devices.find((d) => d.name === selected);

  useEffect(() => {
    setCapabilities(undefined);
    if (selected === undefined) return;
    let cancelled = false;
    client.call('devices.capabilities', { device: selected }).then(
      (found) => {
        if (!cancelled) setCapabilities(found);
      },
      () => {
        // Without capabilities only the tags are shown; the device list says what is wrong.
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, selected, link.state]);

  return (
    <div className="devices">
      <div className="devices__toolbar">
        <h1 className="display__title">Devices</h1>
        <span className="devices__muted">{devices.length === 1 ? '1 device' : `${devices.length} devices`} · select one for its tags</span>
      </div>
      <div className="devices__list">
        <DeviceList devices={devices} selected={selected} onSelect={setSelected} timeZone={session?.timeZone} live={link.state === 'open'} />
      </div>
      {device ? (
        <div className="devices__detail" data-testid="device-detail" data-device={device.name}>
          <DeviceTags device={device.name} />
          {capabilities?.device === device.name && (capabilities.certificates || capabilities.browse) && (
            <div className="devices__side">
              {capabilities.certificates && (
                <CertificatesPanel key={device.name} device={device.name} refreshKey={`${device.status}:${device.since}`} role={user?.role} />
              )}
              {capabilities.browse && <BrowsePanel key={device.name} device={device.name} connected={device.status === 'ok' && link.state === 'open'} />}
            </div>
          )}
        </div>
      ) : (
        <p className="devices__empty devices__hint-select">Select a device to see its tags{devices.some((d) => d.driver === 'opcua') ? ', server certificates and address space' : ''}.</p>
      )}
    </div>
  );
}
