import type { DriverFactory } from './api.ts';
import { modbusDriverFactory } from './modbus/modbus-driver.ts';
import { opcuaDriverFactory } from './opcua/opcua-driver.ts';
import { simulatorDriverFactory } from './simulator/simulator-driver.ts';
import { sparkplugDriverFactory } from './sparkplug/sparkplug-driver.ts';

/** Protocol name → factory. Drivers are added here and nowhere else. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- factories of different config types in one map; each parses its own
export function builtinDrivers(): ReadonlyMap<string, DriverFactory<any>> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  const factories: DriverFactory<any>[] = [simulatorDriverFactory, modbusDriverFactory, opcuaDriverFactory, sparkplugDriverFactory];
  return new Map(factories.map((f) => [f.protocol, f]));
}
