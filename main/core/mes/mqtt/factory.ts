import type { ConnectorFactory } from '../connector.ts';
import { MqttConnector } from './mqtt-connector.ts';
import type { MqttConnectorOptions } from './options.ts';
import { MqttConnectorOptionsSchema } from './options.ts';

export const mqttConnectorFactory: ConnectorFactory<MqttConnectorOptions> = {
  type: 'mqtt',
  optionsSchema: MqttConnectorOptionsSchema,
  secretFields: [{ path: 'password', label: 'Broker password' }],
  create: (config, options, context) => new MqttConnector(config.id, options, context, config.inbound),
};
