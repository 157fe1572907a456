import { z } from 'zod';
import { configCalls } from '../../common/config-contract.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { ConfigService } from '../core/config/config-service.ts';
import { checkEngineer } from './device-handlers.ts';
import type { RestApi } from './rest-api.ts';
import type { GatewayServices } from './services.ts';

/** REST for the `config.*` calls: the same service, the same role check, the same refusals naming the field. */
export function addConfigRoutes(api: RestApi, services: GatewayServices): void {
  const withConfig = <T>(work: (config: ConfigService) => Result<T> | Promise<Result<T>>): Result<T> | Promise<Result<T>> =>
    services.config ? work(services.config) : fail('config-error', 'this runtime does not edit its configuration');
  const asEngineer = <T>(user: { name: string; role: string }, action: string, work: (config: ConfigService) => Promise<Result<T>>) => {
    const allowed = checkEngineer(user, action);
    return allowed.ok ? withConfig(work) : allowed;
  };
  const changeProblems = ['bad-request', 'forbidden', 'not-found'] as const;
  const change = configCalls['config.tags.save'].result;

  api.add({
    method: 'GET',
    path: '/api/v1/config/devices',
    tag: 'config',
    summary: 'The devices as written in project.json, with their tag counts and the known drivers',
    query: z.strictObject({}),
    response: { description: 'Devices and drivers.', schema: configCalls['config.devices.list'].result },
    handle: () => withConfig((c) => ok({ devices: c.listDevices(), drivers: c.drivers() })),
  });
  api.add({
    method: 'PUT',
    path: '/api/v1/config/devices',
    tag: 'config',
    summary: 'Add a device, or replace the one with the same name',
    description: 'Needs the role engineer or admin. Validated like the project loader does (the refusal names the field, e.g. `device.config.host`); written to project.json; only this device reconnects.',
    body: configCalls['config.devices.save'].params,
    response: { description: 'What changed.', schema: change },
    problems: [...changeProblems],
    handle: ({ body, user }) => asEngineer(user, 'change the device configuration', (c) => c.saveDevice(body.device)),
  });
  api.add({
    method: 'DELETE',
    path: '/api/v1/config/devices/{name}',
    tag: 'config',
    summary: 'Delete a device',
    description: 'Needs the role engineer or admin. Refused while tags use the device, unless `withTags=true` (then refused if alarms read those tags).',
    query: z.strictObject({ withTags: z.enum(['true', 'false']).default('false') }),
    response: { description: 'What changed.', schema: change },
    problems: [...changeProblems],
    handle: ({ params, query, user }) => asEngineer(user, 'delete a device', (c) => c.deleteDevice(params['name']!, query.withTags === 'true')),
  });
  api.add({
    method: 'GET',
    path: '/api/v1/config/tags',
    tag: 'config',
    summary: 'The tags as written in tags/*.json, with their file',
    query: z.strictObject({ device: z.string().max(100).optional() }),
    response: { description: 'Tags in file order.', schema: configCalls['config.tags.list'].result },
    handle: ({ query }) => withConfig((c) => ok(c.listTags(query.device))),
  });
  api.add({
    method: 'PUT',
    path: '/api/v1/config/tags',
    tag: 'config',
    summary: 'Add a tag, or replace the one with the same path',
    description: 'Needs the role engineer or admin. New tags go to tags/<file>.json (default tags/tags.json). Refused, naming the field (`tag.source.address`), when the schema, the device or the driver refuses it, or when alarms would break.',
    body: configCalls['config.tags.save'].params,
    response: { description: 'What changed.', schema: change },
    problems: [...changeProblems],
    handle: ({ body, user }) => asEngineer(user, 'change the tag configuration', (c) => c.saveTag(body.tag, body.file)),
  });
  api.add({
    method: 'DELETE',
    path: '/api/v1/config/tags/{path}',
    greedyParam: 'path',
    tag: 'config',
    summary: 'Delete a tag',
    description: 'Needs the role engineer or admin. Refused while alarms read the tag (the message names them).',
    query: z.strictObject({}),
    response: { description: 'What changed.', schema: change },
    problems: [...changeProblems],
    handle: ({ params, user }) => asEngineer(user, 'delete a tag', (c) => c.deleteTag(params['path']!)),
  });
  api.add({
    method: 'GET',
    path: '/api/v1/config/tags/csv',
    tag: 'config',
    summary: 'Tags as CSV, one row per tag',
    description: 'Columns: path, device, address, dataType, description, units, decimals, rawMin, rawMax, euMin, euMax, rangeMin, rangeMax, writable, writeMin, writeMax, deadband, staleAfterMs, options, states, history (the last three as JSON text).',
    query: z.strictObject({ device: z.string().max(100).optional() }),
    response: { description: 'The CSV text and its row count.', schema: configCalls['config.tags.exportCsv'].result },
    handle: ({ query }) => withConfig((c) => ok(c.exportCsv(query.device))),
  });
  api.add({
    method: 'POST',
    path: '/api/v1/config/tags/csv',
    tag: 'config',
    summary: 'Import tags from CSV (add or replace by path)',
    description: 'Needs the role engineer or admin. Every row is checked first; when any is bad nothing is applied and the problem lists every bad row as `row N, column C: why`, one per line.',
    body: configCalls['config.tags.importCsv'].params,
    response: { description: 'What changed.', schema: change },
    problems: [...changeProblems],
    handle: ({ body, user }) => asEngineer(user, 'import tags', (c) => c.importCsv(body.csv, body.file)),
  });
}
