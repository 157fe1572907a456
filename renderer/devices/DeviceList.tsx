import type { DeviceInfo } from '../../common/device.ts';
import { useT } from '../i18n/i18n.ts';
import { formatCount } from '../ui/format.ts';
import { deviceErrorText } from '../ui/texts.ts';
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
  const { t } = useT('devices');
  const now = Date.now();
  return (
    <table className="devices__table" aria-label={t('list.label')}>
      <colgroup>
        <col className="devices__col-name" />
        <col className="devices__col-driver" />
        <col className="devices__col-status" />
        <col className="devices__col-since" />
        <col className="devices__col-num" />
        <col className="devices__col-num" />
        <col className="devices__col-num" />
        <col className="devices__col-rtt" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">{t('list.device')}</th>
          <th scope="col">{t('list.driver')}</th>
          <th scope="col">{t('list.status')}</th>
          <th scope="col">{t('list.since')}</th>
          <th scope="col" className="devices__num">
            {t('list.tags')}
          </th>
          <th scope="col" className="devices__num">
            {t('list.requests')}
          </th>
          <th scope="col" className="devices__num">
            {t('list.errors')}
          </th>
          <th scope="col" className="devices__num">
            {t('list.roundTrip')}
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
              <td className="devices__name" data-project-text="">
                <div>{device.name}</div>
                {device.description && <div className="devices__description">{device.description}</div>}
              </td>
              <td className="devices__driver">{device.driver}</td>
              <td className="devices__status" data-testid="device-status">
                {live ? (
                  <>
                    <span className="devices__status-text" data-status={device.status}>
                      {abnormal && <span className="devices__mark" aria-hidden="true" />}
                      {statusText(device, t)}
                    </span>
                    {device.status === 'error' && device.lastError && (
                      <div className="devices__error" data-testid="device-error">
                        {deviceErrorText(device)}
                      </div>
                    )}
                    {device.status === 'ok' && silentUnitsText(device, t) && (
                      <div className="devices__units-note" data-abnormal data-testid="device-units-note">
                        <span className="devices__mark" aria-hidden="true" />
                        {silentUnitsText(device, t)}
                      </div>
                    )}
                    {device.warnings && device.warnings.length > 0 && (
                      <div className="devices__units-note devices__muted" data-testid="device-warnings-note">
                        {t('list.warnings', { count: device.warnings.length })}
                      </div>
                    )}
                  </>
                ) : (
                  <span className="devices__muted">{t('list.unknown')}</span>
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
              {t('list.none')}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
