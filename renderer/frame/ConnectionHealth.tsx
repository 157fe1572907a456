import type { DeviceInfo } from '../../common/device.ts';
import { assertNever } from '../../common/result.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import type { LinkStatus } from '../store/plant-status.ts';

interface Health {
  text: string;
  abnormal: boolean;
}

function gatewayHealth(link: LinkStatus): Health {
  switch (link.state) {
    case 'open':
      return { text: 'Gateway OK', abnormal: false };
    case 'connecting':
      return link.hasOpened ? { text: 'Gateway lost · reconnecting', abnormal: true } : { text: 'Connecting…', abnormal: false };
    case 'closed':
      return link.hasOpened ? { text: 'Gateway lost · reconnecting', abnormal: true } : { text: 'Gateway unreachable · check URL and token', abnormal: true };
    default:
      return assertNever(link.state, 'connection state');
  }
}

function deviceText(device: DeviceInfo): string {
  switch (device.status) {
    case 'ok':
      return 'OK';
    case 'connecting':
      return 'connecting';
    case 'off':
      return 'off';
    case 'error':
      return device.lastError ? `error: ${device.lastError}` : 'error';
    default:
      return assertNever(device.status, 'device status');
  }
}

function devicesHealth(devices: readonly DeviceInfo[], link: LinkStatus): Health {
  if (link.state !== 'open') return { text: 'Devices unknown', abnormal: false };
  const failing = devices.filter((d) => d.status === 'error');
  if (failing.length === 1 && failing[0]) return { text: `${failing[0].name} error`, abnormal: true };
  if (failing.length > 1) return { text: `${failing.length} devices in error`, abnormal: true };
  const ok = devices.filter((d) => d.status === 'ok').length;
  return { text: `Devices ${ok}/${devices.length} OK`, abnormal: false };
}

/**
 * Gateway link and device statuses in a few words, and a warning while the station is served on the
 * network without TLS; colour only when something is wrong.
 */
export function ConnectionHealth() {
  const { plant } = useServices();
  const link = useCell(plant.link);
  const devices = useCell(plant.devices);
  // Served on the network in clear: abnormal, shown until the station is set up with TLS.
  const transportWarning = useCell(plant.session)?.transport.warning ?? null;
  const gateway = gatewayHealth(link);
  const devicesSummary = devicesHealth(devices, link);
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
          <span className="health__item" data-testid="transport-warning" data-abnormal title={`Not encrypted: ${transportWarning}`}>
            <span className="health__mark" aria-hidden="true" />
            Not encrypted
          </span>
        )}
        <span className="health__item" data-testid="devices-state" data-abnormal={devicesSummary.abnormal || undefined}>
          {devicesSummary.abnormal && <span className="health__mark" aria-hidden="true" />}
          {devicesSummary.text}
        </span>
      </summary>
      <div className="health__popup" role="group" aria-label="Device status">
        <table className="health__devices">
          <tbody>
            {devices.map((device) => (
              <tr key={device.name} data-abnormal={device.status === 'error' || undefined}>
                <th scope="row">{device.name}</th>
                <td>{device.description || device.driver}</td>
                <td>{link.state === 'open' ? deviceText(device) : 'unknown'}</td>
              </tr>
            ))}
            {devices.length === 0 && (
              <tr>
                <td colSpan={3}>No devices reported.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </details>
  );
}
