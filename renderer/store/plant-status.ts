import type { SessionInfo } from '../../common/contract.ts';
import type { DeviceInfo } from '../../common/device.ts';
import type { StoreStatus } from '../../common/stores.ts';
import type { ConnectionState, GatewayClient } from '../client/gateway-client.ts';
import { setPlantFormat } from '../ui/format.ts';
import { Cell } from './cell.ts';

/** Gateway link as shown in the top bar: 'failing' means it has never opened (wrong URL or token?). */
export interface LinkStatus {
  readonly state: ConnectionState;
  readonly hasOpened: boolean;
}

/**
 * Who and where we are (session.info), the devices' connection statuses (devices.list, then
 * devices.status events), the stores' health (stores.list, then stores.status events) and the gateway
 * link itself, refreshed on every (re)connect.
 */
export class PlantStatus {
  readonly session = new Cell<SessionInfo | undefined>(undefined);
  /** serverTime − local time when session.info arrived, so the clock shows the plant server's time. */
  readonly clockOffsetMs = new Cell(0);
  readonly devices = new Cell<readonly DeviceInfo[]>([]);
  /** The runtime's stores (stores.list, then stores.status events): the banner shows those failing. */
  readonly stores = new Cell<readonly StoreStatus[]>([]);
  readonly link: Cell<LinkStatus>;
  readonly #disposers: (() => void)[] = [];
  readonly #client: GatewayClient;

  constructor(client: GatewayClient) {
    this.#client = client;
    this.link = new Cell<LinkStatus>({ state: client.state, hasOpened: client.hasOpened });
    this.#disposers.push(
      client.onDidChangeState((state) => {
        this.link.set({ state, hasOpened: client.hasOpened });
        if (state === 'open') this.#refresh();
      }),
      client.on('devices.status', (device) => {
        const list = this.devices.get();
        const index = list.findIndex((d) => d.name === device.name);
        this.devices.set(index < 0 ? [...list, device] : list.map((d, i) => (i === index ? device : d)));
      }),
      client.on('stores.status', (store) => {
        const list = this.stores.get();
        const index = list.findIndex((s) => s.store === store.store);
        this.stores.set(index < 0 ? [...list, store] : list.map((s, i) => (i === index ? store : s)));
      }),
    );
    if (client.state === 'open') this.#refresh();
  }

  dispose(): void {
    for (const dispose of this.#disposers.splice(0)) dispose();
  }

  #refresh(): void {
    const askedAt = Date.now();
    this.#client.call('session.info', {}).then(
      (session) => {
        const now = Date.now();
        this.clockOffsetMs.set(session.serverTime - (askedAt + now) / 2);
        // Dates shown as values (DateTime tags) are the plant's.
        setPlantFormat({ timeZone: session.timeZone });
        this.session.set(session);
      },
      (error: unknown) => console.warn('session.info failed', error),
    );
    this.#client.call('devices.list', {}).then(
      (devices) => this.devices.set(devices),
      (error: unknown) => console.warn('devices.list failed', error),
    );
    this.#client.call('stores.list', {}).then(
      (stores) => this.stores.set(stores),
      (error: unknown) => console.warn('stores.list failed', error),
    );
  }
}
