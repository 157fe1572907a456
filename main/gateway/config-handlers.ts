import type { configCalls } from '../../common/config-contract.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { ConfigService } from '../core/config/config-service.ts';
import { audited } from './audit-change.ts';
import type { CallName } from '../../common/contract.ts';
import type { ClientContext, Handler } from './client-context.ts';
import type { GatewayServices } from './services.ts';

type ConfigHandlers = { [C in keyof typeof configCalls]: Handler<C> };

/**
 * The `config.*` calls: reading needs only the token; every change needs devices.configure or
 * tags.configure (checked by the gateway's call gate) and is written to the audit trail.
 */
export function createConfigHandlers(services: GatewayServices): ConfigHandlers {
  const service = (): Result<ConfigService> => (services.config ? ok(services.config) : fail('config-error', 'this runtime does not edit its configuration'));
  /** Runs a change and audits it. */
  const change = <T>(client: ClientContext, action: CallName, target: string, newValue: unknown, work: (config: ConfigService) => Promise<Result<T>>): Promise<Result<T>> =>
    audited(services, client, { action, target, newValue }, () => {
      const config = service();
      return config.ok ? work(config.value) : config;
    });
  const read = <T>(work: (config: ConfigService) => T): Result<T> => {
    const config = service();
    return config.ok ? ok(work(config.value)) : config;
  };
  return {
    'config.devices.list': () => read((c) => ({ devices: c.listDevices(), drivers: c.drivers(), secretFields: c.secretFields() })),
    'config.devices.save': ({ device }, client) => change(client, 'config.devices.save', String(device['name']), services.config?.deviceForAudit(device) ?? device, (c) => c.saveDevice(device)),
    'config.devices.delete': ({ name, withTags }, client) => change(client, 'config.devices.delete', name, { withTags }, (c) => c.deleteDevice(name, withTags)),
    'config.tags.list': ({ device }) => read((c) => c.listTags(device)),
    'config.tags.save': ({ tag, file }, client) => change(client, 'config.tags.save', String(tag['path']), tag, (c) => c.saveTag(tag, file)),
    'config.tags.delete': ({ path }, client) => change(client, 'config.tags.delete', path, undefined, (c) => c.deleteTag(path)),
    'config.tags.import': ({ tags, file }, client) => change(client, 'config.tags.import', file ?? '', tags, (c) => c.importTags(tags, file)),
    'config.templates.list': () => read((c) => c.listTemplates()),
    'config.templates.instantiate': ({ instance, file }, client) => change(client, 'config.templates.instantiate', file ?? '', instance, (c) => c.instantiate(instance, file)),
    'config.templates.deleteInstance': ({ path }, client) => change(client, 'config.templates.deleteInstance', path, undefined, (c) => c.deleteInstance(path)),
    'config.tags.exportCsv': ({ device }) => read((c) => c.exportCsv(device)),
    'config.tags.previewCsv': ({ csv }) => {
      const config = service();
      return config.ok ? config.value.previewCsv(csv) : config;
    },
    'config.tags.importCsv': ({ csv, file }, client) => change(client, 'config.tags.importCsv', file ?? '', { csv }, (c) => c.importCsv(csv, file)),
  };
}
