import type { ConnectorFactory } from './connector.ts';
import { restConnectorFactory } from './rest/rest-connector.ts';

/** Transport type → factory. Each transport adds one line here. */
export function builtinConnectorTypes(): Map<string, ConnectorFactory<unknown>> {
  return new Map<string, ConnectorFactory<unknown>>([[restConnectorFactory.type, restConnectorFactory as ConnectorFactory<unknown>]]);
}
