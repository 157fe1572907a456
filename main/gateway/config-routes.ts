import { z } from 'zod';
import { configCalls } from '../../common/config-contract.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { ConfigService } from '../core/config/config-service.ts';
import type { RestApi, RestRequest } from './rest-api.ts';
import type { GatewayServices } from './services.ts';

/** REST for the `config.*` calls: the same service, the same role check, the same refusals naming the field. */
export function addConfigRoutes(api: RestApi, services: GatewayServices): void {
  const withConfig = <T>(work: (config: ConfigService) => Result<T> | Promise<Result<T>>): Result<T> | Promise<Result<T>> => (services.config ? work(services.config) : fail('config-error', 'this runtime does not edit its configuration'));
  /** A change by an API token: the gateway checked its scope; the audit trail records it. */
  const asChange = async <T>(req: RestRequest, action: string, target: string, newValue: unknown, work: (config: ConfigService) => Promise<Result<T>>): Promise<Result<T>> => {
    const result = await withConfig(work);
    if (result.ok) services.audit.record({ user: req.user.name, role: req.user.role, station: req.station, action, target, newValue });
    return result;
  };
  const changeProblems = ['bad-request', 'forbidden', 'not-found'] as const;
  const change = configCalls['config.tags.save'].result;

  api.add({
    method: 'GET',
    path: '/api/v1/config/devices',
    tag: 'config',
    summary: 'The devices as written in project.json (secret fields as { set, name }, never a value), with their tag counts and the known drivers',
    query: z.strictObject({}),
    response: { description: 'Devices and drivers.', schema: configCalls['config.devices.list'].result },
    call: 'config.devices.list',
    handle: () => withConfig((c) => ok({ devices: c.listDevices(), drivers: c.drivers(), secretFields: c.secretFields() })),
  });
  api.add({
    method: 'PUT',
    path: '/api/v1/config/devices',
    tag: 'config',
    summary: 'Add a device, or replace the one with the same name',
    description:
      'Needs an API token with the scope devices.configure (devices) or tags.configure (tags). Validated like the project loader does (the refusal names the field, e.g. `device.config.host`); written to project.json; only this device reconnects. A secret field (e.g. `config.auth.password`) takes `{ "value": "…" }` (kept in the station\'s secrets file, never in project.json), `{ "keep": true }` or the status as read, or `{ "clear": true }`.',
    body: configCalls['config.devices.save'].params,
    response: { description: 'What changed.', schema: change },
    problems: [...changeProblems],
    call: 'config.devices.save',
    handle: (req) => asChange(req, 'config.devices.save', String(req.body.device['name']), services.config?.deviceForAudit(req.body.device) ?? req.body.device, (c) => c.saveDevice(req.body.device)),
  });
  api.add({
    method: 'DELETE',
    path: '/api/v1/config/devices/{name}',
    tag: 'config',
    summary: 'Delete a device',
    description: 'Needs an API token with the scope devices.configure (devices) or tags.configure (tags). Refused while tags use the device, unless `withTags=true` (then refused if alarms read those tags).',
    query: z.strictObject({ withTags: z.enum(['true', 'false']).default('false') }),
    response: { description: 'What changed.', schema: change },
    problems: [...changeProblems],
    call: 'config.devices.delete',
    handle: (req) => asChange(req, 'config.devices.delete', req.params['name']!, { withTags: req.query.withTags === 'true' }, (c) => c.deleteDevice(req.params['name']!, req.query.withTags === 'true')),
  });
  api.add({
    method: 'GET',
    path: '/api/v1/config/tags',
    tag: 'config',
    summary: 'The tags as written in tags/*.json, with their file',
    query: z.strictObject({ device: z.string().max(100).optional() }),
    response: { description: 'Tags in file order.', schema: configCalls['config.tags.list'].result },
    call: 'config.tags.list',
    handle: ({ query }) => withConfig((c) => ok(c.listTags(query.device))),
  });
  api.add({
    method: 'PUT',
    path: '/api/v1/config/tags',
    tag: 'config',
    summary: 'Add a tag, or replace the one with the same path',
    description:
      'Needs an API token with the scope devices.configure (devices) or tags.configure (tags). New tags go to tags/<file>.json (default tags/tags.json). Refused, naming the field (`tag.source.address`), when the schema, the device or the driver refuses it, or when alarms would break.',
    body: configCalls['config.tags.save'].params,
    response: { description: 'What changed.', schema: change },
    problems: [...changeProblems],
    call: 'config.tags.save',
    handle: (req) => asChange(req, 'config.tags.save', String(req.body.tag['path']), req.body.tag, (c) => c.saveTag(req.body.tag, req.body.file)),
  });
  api.add({
    method: 'DELETE',
    path: '/api/v1/config/tags/{path}',
    greedyParam: 'path',
    tag: 'config',
    summary: 'Delete a tag',
    description: 'Needs an API token with the scope devices.configure (devices) or tags.configure (tags). Refused while alarms read the tag (the message names them).',
    query: z.strictObject({}),
    response: { description: 'What changed.', schema: change },
    problems: [...changeProblems],
    call: 'config.tags.delete',
    handle: (req) => asChange(req, 'config.tags.delete', req.params['path']!, undefined, (c) => c.deleteTag(req.params['path']!)),
  });
  api.add({
    method: 'GET',
    path: '/api/v1/config/tags/csv',
    tag: 'config',
    summary: 'Tags as CSV, one row per tag',
    description:
      'Columns: path, device, address, dataType, description, units, decimals, rawMin, rawMax, euMin, euMax, rangeMin, rangeMax, writable, writeMin, writeMax, deadband, staleAfterMs, options, states, history (the last three as JSON text).',
    query: z.strictObject({ device: z.string().max(100).optional() }),
    response: { description: 'The CSV text and its row count.', schema: configCalls['config.tags.exportCsv'].result },
    call: 'config.tags.exportCsv',
    handle: ({ query }) => withConfig((c) => ok(c.exportCsv(query.device))),
  });
  api.add({
    method: 'POST',
    path: '/api/v1/config/tags/csv',
    tag: 'config',
    summary: 'Import tags from CSV (add or replace by path)',
    description:
      'Needs an API token with the scope devices.configure (devices) or tags.configure (tags). Every row is checked first; when any is bad nothing is applied and the problem lists every bad row as `row N, column C: why`, one per line.',
    body: configCalls['config.tags.importCsv'].params,
    response: { description: 'What changed.', schema: change },
    problems: [...changeProblems],
    call: 'config.tags.importCsv',
    handle: (req) => asChange(req, 'config.tags.importCsv', req.body.file ?? '', { csv: req.body.csv }, (c) => c.importCsv(req.body.csv, req.body.file)),
  });
}
