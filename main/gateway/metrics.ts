import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { CONNECTION_STATUSES, type DeviceInfo } from '../../common/device.ts';
import type { GatewayServices } from './services.ts';

/** Plain counters on hot paths; the registry reads them when scraped. */
export interface GatewayMetrics {
  framesReceived: number;
  framesRejected: number;
  framesSent: number;
  tagChangesSent: number;
  clients: number;
  httpRequests: Map<string, number>;
}

export function createGatewayMetrics(): GatewayMetrics {
  return { framesReceived: 0, framesRejected: 0, framesSent: 0, tagChangesSent: 0, clients: 0, httpRequests: new Map() };
}

/** A Prometheus registry for one runtime (not the process-global one, so two runtimes never mix). */
export function createRegistry(services: GatewayServices, metrics: GatewayMetrics): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'lineside_' });
  const registers = [registry];
  const counter = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });
  gauge('lineside_tags', 'Tags configured in the project.', () => services.engine.tagCount);
  counter('lineside_tag_changes_total', 'Tag value or quality changes received from devices.', () => services.engine.stats.changes);
  counter('lineside_tag_notifications_total', 'Tag changes passed to subscribers after the display deadband.', () => services.engine.stats.notifications);
  counter('lineside_tag_writes_accepted_total', 'Tag writes accepted by devices.', () => services.writer.stats.accepted);
  counter('lineside_tag_writes_refused_total', 'Tag writes refused (checks, permission or device).', () => services.writer.stats.refused);
  gauge('lineside_ws_clients', 'Open WebSocket connections.', () => metrics.clients);
  counter('lineside_ws_frames_received_total', 'WebSocket frames received.', () => metrics.framesReceived);
  counter('lineside_ws_frames_rejected_total', 'WebSocket frames answered with an error.', () => metrics.framesRejected);
  counter('lineside_ws_frames_sent_total', 'WebSocket frames sent.', () => metrics.framesSent);
  counter('lineside_ws_tag_changes_sent_total', 'Tag changes sent to WebSocket clients.', () => metrics.tagChangesSent);
  new Gauge({
    name: 'lineside_device_status',
    help: 'Device connection status: 1 for the current status of each device, 0 for the others.',
    labelNames: ['device', 'status'],
    registers,
    collect() {
      this.reset();
      for (const device of services.devices.list()) {
        for (const status of CONNECTION_STATUSES) this.set({ device: device.name, status }, device.status === status ? 1 : 0);
      }
    },
  });
  const history = () => services.history?.status();
  gauge('lineside_history_pending_samples', 'Samples waiting to be written to the historian.', () => history()?.pendingSamples ?? 0);
  counter('lineside_history_stored_samples_total', 'Samples written to the historian.', () => history()?.storedSamples ?? 0);
  counter('lineside_history_dropped_samples_total', 'Samples dropped because the historian buffer was full.', () => history()?.droppedSamples ?? 0);
  gauge('lineside_history_retrying', '1 while the historian cannot write (disk full, locked database) and retries.', () => (history()?.state === 'retrying' ? 1 : 0));
  const deviceCounter = (name: string, help: string, read: (stats: NonNullable<DeviceInfo['stats']>) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ['device'],
      registers,
      collect() {
        this.reset();
        for (const device of services.devices.list()) {
          const value = device.stats ? read(device.stats) : undefined;
          if (value !== undefined) this.set({ device: device.name }, value);
        }
      },
    });
  deviceCounter('lineside_device_requests', 'Requests sent to each device since start.', (s) => s.requests);
  deviceCounter('lineside_device_errors', 'Failed requests to each device since start.', (s) => s.errors);
  deviceCounter('lineside_device_round_trip_seconds', 'Round-trip time of the last request to each device.', (s) => (s.lastRoundTripMs === undefined ? undefined : s.lastRoundTripMs / 1000));
  new Gauge({
    name: 'lineside_device_unit_answering',
    help: 'Per unit id of a device with several (Modbus): 1 while it answers, 0 while it does not (asked again after a backoff).',
    labelNames: ['device', 'unit'],
    registers,
    collect() {
      this.reset();
      for (const device of services.devices.list()) {
        for (const unit of device.units ?? []) {
          if (unit.state !== 'unknown') this.set({ device: device.name, unit: String(unit.unitId) }, unit.state === 'ok' ? 1 : 0);
        }
      }
    },
  });
  new Counter({
    name: 'lineside_http_requests_total',
    help: 'HTTP requests by route and status code.',
    labelNames: ['route', 'code'],
    registers,
    collect() {
      this.reset();
      for (const [key, count] of metrics.httpRequests) {
        const [route, code] = key.split(' ');
        this.inc({ route: route!, code: code! }, count);
      }
    },
  });
  return registry;
}
