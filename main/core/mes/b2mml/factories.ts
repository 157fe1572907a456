import type { ConnectorFactory } from '../connector.ts';
import { B2mmlFolderConnector } from './folder-connector.ts';
import { B2mmlHttpConnector } from './http-connector.ts';
import type { B2mmlFolderOptions, B2mmlHttpOptions } from './options.ts';
import { B2mmlFolderOptionsSchema, B2mmlHttpOptionsSchema } from './options.ts';

export const b2mmlHttpConnectorFactory: ConnectorFactory<B2mmlHttpOptions> = {
  type: 'b2mml-http',
  optionsSchema: B2mmlHttpOptionsSchema,
  secretFields: [{ path: 'token', label: 'Bearer token sent to the MES' }],
  create: (config, options, context) => new B2mmlHttpConnector(config.id, options, context, config.inbound),
};

export const b2mmlFolderConnectorFactory: ConnectorFactory<B2mmlFolderOptions> = {
  type: 'b2mml-folder',
  optionsSchema: B2mmlFolderOptionsSchema,
  create: (config, options, context) => new B2mmlFolderConnector(config.id, options, context, config.inbound),
};
