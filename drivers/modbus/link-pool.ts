import type { ModbusConfig } from './config.ts';
import { ModbusLink } from './link.ts';

/**
 * Serial buses are shared: every Modbus device of the process that names the same serial port (or the
 * same serial device server, RTU over TCP) uses one link, its requests taking turns on the bus — a
 * multidrop line with a device per unit id. A port can be opened once; a second device opening it
 * would fail ("Cannot lock port"). Modbus TCP devices each keep their own connection.
 *
 * The link is opened by the first device that needs it and closed (the port released) when the last
 * one lets go. A link that drops is forgotten at once, so the next device to connect opens a fresh one.
 */
export interface LinkLease {
  readonly link: ModbusLink;
  /** Lets go of the link; the last user closes it, and this resolves once the port is released. */
  release(): Promise<void>;
}

interface Shared {
  link: ModbusLink;
  opened: Promise<void>;
  users: Set<string>;
  /** The serial settings, which every device on the bus must share. */
  settings: string;
  firstUser: string;
}

const shared = new Map<string, Shared>();
/** Links being closed, by key: a new link on the same port waits until the old one let go of it. */
const closing = new Map<string, Promise<void>>();
let nextUser = 0;

/** The bus a config talks over, when it is a shared one (serial, RTU over TCP). */
export function busKey(config: ModbusConfig): string | undefined {
  switch (config.transport) {
    case 'rtu':
      return `serial ${config.path}`;
    case 'rtu-over-tcp':
      return `RTU over TCP ${config.host}:${config.port}`;
    case 'tcp':
      return undefined;
  }
}

function settingsOf(config: ModbusConfig): string {
  return config.transport === 'rtu' ? `${config.baudRate} ${config.dataBits}${config.parity.charAt(0).toUpperCase()}${config.stopBits}` : 'RTU over TCP';
}

/** Opens a link for `deviceName`, or joins the bus's open one; throws with the reason when it cannot. */
export async function acquireLink(config: ModbusConfig, deviceName: string): Promise<LinkLease> {
  const key = busKey(config);
  const user = `${deviceName}#${nextUser++}`;
  if (key === undefined) {
    const link = new ModbusLink(config);
    try {
      await link.open();
    } catch (error) {
      await link.close();
      throw error;
    }
    return { link, release: () => link.close() };
  }
  await closing.get(key);
  let entry = shared.get(key);
  if (entry && entry.link.isClosed) {
    shared.delete(key);
    entry = undefined;
  }
  if (entry && entry.settings !== settingsOf(config)) {
    throw new Error(`${key} is already open at ${entry.settings} for device ${entry.firstUser}; every device on one bus uses the same settings (this one asks ${settingsOf(config)})`);
  }
  if (!entry) {
    const link = new ModbusLink(config);
    const created: Shared = { link, opened: link.open(), users: new Set(), settings: settingsOf(config), firstUser: deviceName };
    entry = created;
    shared.set(key, created);
    link.onDidLose(() => {
      if (shared.get(key) === created) shared.delete(key);
    });
    created.opened.catch(() => {
      if (shared.get(key) === created) shared.delete(key);
    });
  }
  const joined = entry;
  joined.users.add(user);
  try {
    await joined.opened;
  } catch (error) {
    await leave(key, joined, user);
    throw error;
  }
  let released: Promise<void> | undefined;
  return { link: joined.link, release: () => (released ??= leave(key, joined, user)) };
}

async function leave(key: string, entry: Shared, user: string): Promise<void> {
  entry.users.delete(user);
  if (entry.users.size > 0) return;
  if (shared.get(key) === entry) shared.delete(key);
  const closed = entry.link.close();
  closing.set(key, closed);
  try {
    await closed;
  } finally {
    if (closing.get(key) === closed) closing.delete(key);
  }
}
