import type { DeviceInfo } from '../../common/device.ts';
import { formatCount } from '../ui/format.ts';
import { formatDuration, formatRoundTrip, formatSince, statusText } from './device-format.ts';
import { silentUnitsText } from './UnitsPanel.tsx';

export interface DeviceListProps {
  devices: readonly DeviceInfo[];
  selected: string | undefined;
  onSelect: (name: string) => void;
  timeZone: string | undefined;
  /** False while the gateway is unreachable: statuses are then unknown, not what was last heard. */
  live: boolean;
}

/** Every device with its status, since when, and request counters. Colour only for a device in error. */
export function DeviceList({ devices, selected, onSelect, timeZone, live }: DeviceListProps) {
  const now = Date.now();
  return (
    <table className="devices__table" aria-label="Devices">
      <colgroup>
        <col className="devices__col-name" />
        <col className="devices__col-driver" />
        <col className="devices__col-status" />
        <col className="devices__col-since" />
        <col className="devices__col-num" />
        <col className="devices__col-num" />
        <col className="devices__col-num" />
        <col className="devices__col-num" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Driver</th>
          <th scope="col">Status</th>
          <th scope="col">Since</th>
          <th scope="col" className="devices__num">
            Tags
          </th>
          <th scope="col" className="devices__num">
            Requests
          </th>
          <th scope="col" className="devices__num">
            Errors
          </th>
          <th scope="col" className="devices__num">
            Round trip
          </th>
        </tr>
      </thead>
      <tbody>
        {devices.map((device) => {
          const abnormal = live && device.status === 'error';
          return (
            <tr
              key={device.name}
              className="devices__row"
              aria-selected={device.name === selected}
              data-testid={`device-row:${device.name}`}
              data-status={live ? device.status : 'unknown'}
              data-abnormal={abnormal || undefined}
              tabIndex={0}
              onClick={() => onSelect(device.name)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  onSelect(device.name);
                }
              }}
            >
              <td className="devices__name">
                <div>{device.name}</div>
                {device.description && <div className="devices__description">{device.description}</div>}
              </td>
              <td className="devices__driver">{device.driver}</td>
              <td className="devices__status" data-testid="device-status">
                {live ? (
                  <>
                    <span className="devices__status-text" data-status={device.status}>
                      {abnormal && <span className="devices__mark" aria-hidden="true" />}
                      {statusText(device)}
                    </span>
                    {device.status === 'error' && device.lastError && (
                      <div className="devices__error" data-testid="device-error">
                        {device.lastError}
                      </div>
                    )}
                    {device.status === 'ok' && silentUnitsText(device) && (
                      <div className="devices__units-note" data-abnormal data-testid="device-units-note">
                        <span className="devices__mark" aria-hidden="true" />
                        {silentUnitsText(device)}
                      </div>
                    )}
                    {device.warnings && device.warnings.length > 0 && (
                      <div className="devices__units-note devices__muted" data-testid="device-warnings-note">
                        {device.warnings.length === 1 ? '1 configuration warning' : `${device.warnings.length} configuration warnings`}
                      </div>
                    )}
                  </>
                ) : (
                  <span className="devices__muted">Unknown (gateway lost)</span>
                )}
              </td>
              <td className="devices__since" title={new Date(device.since).toISOString()}>
                {formatSince(device.since, now, timeZone)}
                <span className="devices__muted"> · {formatDuration(now - device.since)}</span>
              </td>
              <td className="devices__num">{device.tagCount}</td>
              <td className="devices__num" data-testid="device-requests">
                {device.stats ? formatCount(device.stats.requests) : '—'}
              </td>
              <td className="devices__num" data-testid="device-errors">
                {device.stats ? formatCount(device.stats.errors) : '—'}
              </td>
              <td className="devices__num" data-testid="device-rtt">
                {formatRoundTrip(device.stats?.lastRoundTripMs)}
              </td>
            </tr>
          );
        })}
        {devices.length === 0 && (
          <tr>
            <td colSpan={8} className="devices__muted">
              No devices reported yet.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
