import { z } from 'zod';
import { DeviceInfoSchema } from '../../common/device.ts';
import { fail, ok } from '../../common/result.ts';
import type { RestApi } from './rest-api.ts';
import type { GatewayServices } from './services.ts';

export function addDeviceRoutes(api: RestApi, services: GatewayServices): void {
  const { devices } = services;
  api.add({
    method: 'GET',
    path: '/api/v1/devices',
    tag: 'devices',
    call: 'devices.list',
    summary: 'All devices with their connection status and statistics',
    description:
      'Each device of the project: driver, status (off, connecting, ok, error), the last error in words, since when (epoch ms), how many tags it feeds, and request counters (requests, errors, last round trip in ms) for drivers that keep them.',
    query: z.strictObject({}),
    response: { description: 'The devices, in project order.', schema: z.array(DeviceInfoSchema) },
    problems: ['bad-request'],
    handle: () => ok(devices.list()),
  });
  api.add({
    method: 'GET',
    path: '/api/v1/devices/{name}',
    tag: 'devices',
    call: 'devices.list',
    summary: 'One device with its connection status and statistics',
    response: { description: 'The device.', schema: DeviceInfoSchema },
    problems: ['not-found'],
    handle: ({ params }) => {
      const info = devices.get(params['name']!);
      return info ? ok(info) : fail('not-found', `no device ${params['name']}`);
    },
  });
}
