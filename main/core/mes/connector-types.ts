import type { ConnectorFactory } from './connector.ts';
import { b2mmlFolderConnectorFactory, b2mmlHttpConnectorFactory } from './b2mml/factories.ts';
import { mqttConnectorFactory } from './mqtt/factory.ts';
import { restConnectorFactory } from './rest/rest-connector.ts';

/** Transport type → factory. Each transport adds one line here. */
export function builtinConnectorTypes(): Map<string, ConnectorFactory<unknown>> {
  return new Map<string, ConnectorFactory<unknown>>([
    [restConnectorFactory.type, restConnectorFactory as ConnectorFactory<unknown>],
    [b2mmlHttpConnectorFactory.type, b2mmlHttpConnectorFactory as ConnectorFactory<unknown>],
    [b2mmlFolderConnectorFactory.type, b2mmlFolderConnectorFactory as ConnectorFactory<unknown>],
    [mqttConnectorFactory.type, mqttConnectorFactory as ConnectorFactory<unknown>],
  ]);
}
