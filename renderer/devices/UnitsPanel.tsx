import type { DeviceInfo, UnitInfo } from '../../common/device.ts';
import { formatRoundTrip, formatSince, unitStateText } from './device-format.ts';
import '../styles/device-units.css';

/**
 * Each unit id on the device's link (a Modbus gateway or a multidrop serial bus): answering or not,
 * its last round trip, and for a unit that does not answer when it is asked again. Colour only for a
 * unit that does not answer.
 */
export function UnitsPanel({ units, timeZone, now }: { units: readonly UnitInfo[]; timeZone: string | undefined; now: number }) {
  const silent = units.filter((u) => u.state === 'no-response').length;
  return (
    <section className="devices__panel" aria-label="Units" data-testid="units-panel">
      <div className="devices__panel-head">
        <h2 className="devices__panel-title">
          Units <span className="devices__muted">{units.length}</span>
        </h2>
        <span className="devices__muted">{silent === 0 ? 'all answering' : `${silent} not answering: asked again after a backoff`}</span>
      </div>
      <table className="units__table" aria-label="Units on this link">
        <thead>
          <tr>
            <th scope="col" className="units__num">
              Unit
            </th>
            <th scope="col">State</th>
            <th scope="col" className="units__num">
              Round trip
            </th>
            <th scope="col" className="units__num">
              Requests
            </th>
            <th scope="col">Since</th>
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
                    {unitStateText(unit)}
                  </span>
                  {abnormal && unit.nextTryAt !== undefined && <div className="units__next">next try in {Math.max(0, Math.ceil((unit.nextTryAt - now) / 1000))} s</div>}
                </td>
                <td className="units__num">{formatRoundTrip(unit.roundTripMs)}</td>
                <td className="units__num" title={`${unit.timeouts} without an answer`}>
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
  return (
    <section className="devices__panel units__warnings" aria-label="Configuration warnings" data-testid="device-warnings">
      <h2 className="devices__panel-title">
        Configuration warnings <span className="devices__muted">{warnings.length}</span>
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
export function silentUnitsNote(device: DeviceInfo): string | undefined {
  const silent = (device.units ?? []).filter((u) => u.state === 'no-response');
  if (silent.length === 0) return undefined;
  const why = silent.map((u) => u.error ?? `no response from unit ${u.unitId}`).join('; ');
  return `${why.charAt(0).toUpperCase()}${why.slice(1)}: the tags of ${silent.length === 1 ? 'that unit are' : 'those units are'} Bad (no communication) until it answers again.`;
}

/** For the device list: the units that do not answer, in a few words ("unit 2 not answering"). */
export function silentUnitsText(device: DeviceInfo): string | undefined {
  const silent = (device.units ?? []).filter((u) => u.state === 'no-response').map((u) => u.unitId);
  if (silent.length === 0) return undefined;
  return silent.length === 1 ? `unit ${silent[0]} not answering` : `units ${silent.join(', ')} not answering`;
}
