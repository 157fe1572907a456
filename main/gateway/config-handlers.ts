import type { configCalls } from '../../common/config-contract.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { ConfigService } from '../core/config/config-service.ts';
import type { CallerIdentity, Handler } from './call-handlers.ts';
import { checkEngineer } from './device-handlers.ts';
import type { GatewayServices } from './services.ts';

type ConfigHandlers = { [C in keyof typeof configCalls]: Handler<C> };

/** The `config.*` calls: reading needs the token; every change needs the role engineer or admin (checked here, in the runtime). */
export function createConfigHandlers(services: GatewayServices): ConfigHandlers {
  const service = (): Result<ConfigService> =>
    services.config ? ok(services.config) : fail('config-error', 'this runtime does not edit its configuration');
  /** Runs a change after the role check. */
  const change = <T>(user: CallerIdentity, action: string, work: (config: ConfigService) => Promise<Result<T>>): Promise<Result<T>> | Result<T> => {
    const allowed = checkEngineer(user, action);
    if (!allowed.ok) return allowed;
    const config = service();
    return config.ok ? work(config.value) : config;
  };
  const read = <T>(work: (config: ConfigService) => T): Result<T> => {
    const config = service();
    return config.ok ? ok(work(config.value)) : config;
  };
  return {
    'config.devices.list': () => read((c) => ({ devices: c.listDevices(), drivers: c.drivers() })),
    'config.devices.save': ({ device }, client) => change(client.user, 'change the device configuration', (c) => c.saveDevice(device)),
    'config.devices.delete': ({ name, withTags }, client) => change(client.user, 'delete a device', (c) => c.deleteDevice(name, withTags)),
    'config.tags.list': ({ device }) => read((c) => c.listTags(device)),
    'config.tags.save': ({ tag, file }, client) => change(client.user, 'change the tag configuration', (c) => c.saveTag(tag, file)),
    'config.tags.delete': ({ path }, client) => change(client.user, 'delete a tag', (c) => c.deleteTag(path)),
    'config.tags.import': ({ tags, file }, client) => change(client.user, 'import tags', (c) => c.importTags(tags, file)),
    'config.templates.list': () => read((c) => c.listTemplates()),
    'config.templates.instantiate': ({ instance, file }, client) => change(client.user, 'add a template instance', (c) => c.instantiate(instance, file)),
    'config.templates.deleteInstance': ({ path }, client) => change(client.user, 'delete a template instance', (c) => c.deleteInstance(path)),
    'config.tags.exportCsv': ({ device }) => read((c) => c.exportCsv(device)),
    'config.tags.importCsv': ({ csv, file }, client) => change(client.user, 'import tags', (c) => c.importCsv(csv, file)),
  };
}
