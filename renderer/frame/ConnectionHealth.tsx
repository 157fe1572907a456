import type { DeviceInfo } from '../../common/device.ts';
import { assertNever } from '../../common/result.ts';
import type { TFunction } from 'i18next';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import type { LinkStatus } from '../store/plant-status.ts';
import { deviceErrorText } from '../ui/texts.ts';

interface Health {
  text: string;
  abnormal: boolean;
}

function gatewayHealth(link: LinkStatus, t: TFunction<'frame'>): Health {
  switch (link.state) {
    case 'open':
      return { text: t('health.gatewayOk'), abnormal: false };
    case 'connecting':
      return link.hasOpened ? { text: t('health.gatewayLost'), abnormal: true } : { text: t('health.connecting'), abnormal: false };
    case 'closed':
      return link.hasOpened ? { text: t('health.gatewayLost'), abnormal: true } : { text: t('health.gatewayUnreachable'), abnormal: true };
    default:
      return assertNever(link.state, 'connection state');
  }
}

function deviceText(device: DeviceInfo, t: TFunction<'frame'>): string {
  switch (device.status) {
    case 'ok':
    case 'connecting':
    case 'off':
      return t(`health.device.${device.status}`);
    case 'error':
      // In the reader's language where the driver gave a key; its own words otherwise.
      return device.lastError ? t('health.device.errorWith', { error: deviceErrorText(device) }) : t('health.device.error');
    default:
      return assertNever(device.status, 'device status');
  }
}

function devicesHealth(devices: readonly DeviceInfo[], link: LinkStatus, t: TFunction<'frame'>): Health {
  if (link.state !== 'open') return { text: t('health.devicesUnknown'), abnormal: false };
  const failing = devices.filter((d) => d.status === 'error');
  if (failing.length === 1 && failing[0]) return { text: t('health.deviceError', { name: failing[0].name }), abnormal: true };
  if (failing.length > 1) return { text: t('health.devicesInError', { count: failing.length }), abnormal: true };
  const ok = devices.filter((d) => d.status === 'ok').length;
  return { text: t('health.devicesOk', { ok, total: devices.length }), abnormal: false };
}

/**
 * Gateway link and device statuses in a few words, and a warning while the station is served on the
 * network without TLS; colour only when something is wrong.
 */
export function ConnectionHealth() {
  const { plant } = useServices();
  const { t } = useT('frame');
  const link = useCell(plant.link);
  const devices = useCell(plant.devices);
  // Served on the network in clear: abnormal, shown until the station is set up with TLS.
  const transportWarning = useCell(plant.session)?.transport.warning ?? null;
  const gateway = gatewayHealth(link, t);
  const devicesSummary = devicesHealth(devices, link, t);
  return (
    <details
      className="health"
      data-testid="connection-health"
      onKeyDown={(event) => {
        // Escape closes the device list like every other popup, and the focus stays on its summary.
        const details = event.currentTarget;
        if (event.key !== 'Escape' || !details.open) return;
        event.preventDefault();
        details.open = false;
        details.querySelector('summary')?.focus();
      }}
    >
      <summary className="health__summary">
        <span className="health__item" data-testid="gateway-state" data-state={link.state} data-abnormal={gateway.abnormal || undefined}>
          {gateway.abnormal && <span className="health__mark" aria-hidden="true" />}
          {gateway.text}
        </span>
        {transportWarning !== null && (
          <span className="health__item" data-testid="transport-warning" data-abnormal title={t('health.notEncryptedWhy', { warning: transportWarning })}>
            <span className="health__mark" aria-hidden="true" />
            {t('health.notEncrypted')}
          </span>
        )}
        <span className="health__item" data-testid="devices-state" data-abnormal={devicesSummary.abnormal || undefined}>
          {devicesSummary.abnormal && <span className="health__mark" aria-hidden="true" />}
          {devicesSummary.text}
        </span>
      </summary>
      <div className="health__popup" role="group" aria-label={t('health.deviceStatus')}>
        <table className="health__devices">
          <tbody>
            {devices.map((device) => (
              <tr key={device.name} data-abnormal={device.status === 'error' || undefined}>
                <th scope="row">{device.name}</th>
                <td>{device.description || device.driver}</td>
                <td>{link.state === 'open' ? deviceText(device, t) : t('health.unknown')}</td>
              </tr>
            ))}
            {devices.length === 0 && (
              <tr>
                <td colSpan={3}>{t('health.noDevices')}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </details>
  );
}
