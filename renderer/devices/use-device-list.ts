import { useEffect } from 'react';
import type { DeviceInfo } from '../../common/device.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';

/** How often the counters are refreshed while the Devices display is shown (statuses come as events). */
const STATS_REFRESH_MS = 2000;

/**
 * The devices with their statuses (live, from devices.status events) and request counters, which the
 * runtime does not push: while the display is visible it asks devices.list every few seconds.
 */
export function useDeviceList(visible: boolean): readonly DeviceInfo[] {
  const { client, plant } = useServices();
  useEffect(() => {
    if (!visible) return;
    let cancelled = false;
    const refresh = () => {
      if (client.state !== 'open') return;
      client.call('devices.list', {}).then(
        (devices) => {
          if (!cancelled) plant.devices.set(devices);
        },
        () => {
          // The link state is shown in the top bar; the next refresh tries again.
        },
      );
    };
    refresh();
    const timer = setInterval(refresh, STATS_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [client, plant, visible]);
  return useCell(plant.devices);
}
