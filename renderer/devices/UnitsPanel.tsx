import type { TFunction } from 'i18next';
import type { DeviceInfo, UnitInfo } from '../../common/device.ts';
import { useT } from '../i18n/i18n.ts';
import { formatRoundTrip, formatSince, unitStateText } from './device-format.ts';
import '../styles/device-units.css';

/**
 * Each unit id on the device's link (a Modbus gateway or a multidrop serial bus): answering or not,
 * its last round trip, and for a unit that does not answer when it is asked again. Colour only for a
 * unit that does not answer.
 */
export function UnitsPanel({ units, timeZone, now }: { units: readonly UnitInfo[]; timeZone: string | undefined; now: number }) {
  const { t } = useT('devices');
  const silent = units.filter((u) => u.state === 'no-response').length;
  return (
    <section className="devices__panel" aria-label={t('units.title')} data-testid="units-panel">
      <div className="devices__panel-head">
        <h2 className="devices__panel-title">
          {t('units.title')} <span className="devices__muted">{units.length}</span>
        </h2>
        <span className="devices__muted">{silent === 0 ? t('units.allAnswering') : t('units.notAnswering', { count: silent })}</span>
      </div>
      <table className="units__table" aria-label={t('units.tableLabel')}>
        <thead>
          <tr>
            <th scope="col" className="units__num">
              {t('units.unit')}
            </th>
            <th scope="col">{t('units.state')}</th>
            <th scope="col" className="units__num">
              {t('units.roundTrip')}
            </th>
            <th scope="col" className="units__num">
              {t('units.requests')}
            </th>
            <th scope="col">{t('units.since')}</th>
          </tr>
        </thead>
        <tbody>
          {units.map((unit) => {
            const abnormal = unit.state === 'no-response';
            return (
              <tr key={unit.unitId} data-testid={`unit-row:${unit.unitId}`} data-state={unit.state} data-abnormal={abnormal || undefined}>
                <td className="units__num">{unit.unitId}</td>
                <td className="units__state">
                  <span className="units__state-text">
                    {abnormal && <span className="devices__mark" aria-hidden="true" />}
                    {unitStateText(unit, t)}
                  </span>
                  {abnormal && unit.nextTryAt !== undefined && <div className="units__next">{t('units.nextTry', { seconds: Math.max(0, Math.ceil((unit.nextTryAt - now) / 1000)) })}</div>}
                </td>
                <td className="units__num">{formatRoundTrip(unit.roundTripMs)}</td>
                <td className="units__num" title={t('units.timeouts', { count: unit.timeouts })}>
                  {unit.requests}
                </td>
                <td className="units__since">{formatSince(unit.since, now, timeZone)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** Problems of the device's tags that do not stop it (two tags reading the same registers differently), each naming the tags. */
export function WarningsPanel({ warnings }: { warnings: readonly string[] }) {
  const { t } = useT('devices');
  return (
    <section className="devices__panel units__warnings" aria-label={t('warnings.title')} data-testid="device-warnings">
      <h2 className="devices__panel-title">
        {t('warnings.title')} <span className="devices__muted">{warnings.length}</span>
      </h2>
      <ul className="units__warning-list">
        {warnings.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
    </section>
  );
}

/** For the device's tags: why the tags of units that do not answer are Bad, in the driver's words. */
export function silentUnitsNote(device: DeviceInfo, t: TFunction<'devices'>): string | undefined {
  const silent = (device.units ?? []).filter((u) => u.state === 'no-response');
  if (silent.length === 0) return undefined;
  const why = silent.map((u) => u.error ?? t('units.noResponseFrom', { unit: u.unitId })).join('; ');
  return t('units.silentNote', { count: silent.length, why: `${why.charAt(0).toUpperCase()}${why.slice(1)}` });
}

/** For the device list: the units that do not answer, in a few words ("unit 2 not answering"). */
export function silentUnitsText(device: DeviceInfo, t: TFunction<'devices'>): string | undefined {
  const silent = (device.units ?? []).filter((u) => u.state === 'no-response').map((u) => u.unitId);
  if (silent.length === 0) return undefined;
  return t('units.silentText', { count: silent.length, units: silent.join(', ') });
}
