import { fail, ok, type Result } from '../../common/result.ts';
import type { ModbusItem } from './address.ts';
import type { UnitSettings } from './block-reader.ts';
import type { ModbusConfig } from './config.ts';
import { encodeItem, type ItemValue } from './item-codec.ts';
import { TABLE_NAMES } from './item-types.ts';
import { classifyError, type Answer, type ModbusLink } from './link.ts';
import { RegisterLocks } from './register-locks.ts';
import type { UnitHealth } from './unit-health.ts';

export interface WriterOptions {
  config: ModbusConfig;
  deviceName: string;
  health: UnitHealth;
  unitSettings(unitId: number): UnitSettings;
  count<T>(request: Promise<Answer<T>>): Promise<Answer<T>>;
}

/**
 * Writes one item where its full address says: its unit, table, register (or bit) and encoding.
 * A register bit goes with FC22 (Mask Write Register) on devices that say they have it, else as a
 * read-modify-write of that one register under its lock, so another bit written at the same time is
 * never lost. Writes are not retried: the device may have acted on a request whose answer was lost.
 */
export class ModbusWriter {
  readonly #options: WriterOptions;
  readonly locks = new RegisterLocks();

  constructor(options: WriterOptions) {
    this.#options = options;
  }

  async write(link: ModbusLink, item: ModbusItem, value: ItemValue, address: string): Promise<Result<void>> {
    if (item.table === 'di' || item.table === 'ir') return fail('not-writable', `${address} is a ${TABLE_NAMES[item.table]}: read-only in Modbus`);
    const timeoutMs = this.#options.unitSettings(item.unitId).timeoutMs;
    try {
      if (item.bit !== undefined) return await this.#writeBit(link, item, value, timeoutMs);
      const encoded = encodeItem(item, value);
      if (!encoded.ok) return encoded;
      const e = encoded.value;
      if (e.kind === 'coils') {
        const multiple = item.writeFunction === 15 || item.arrayLength !== undefined;
        await this.#send(item, link.writeCoils(item.unitId, item.address, e.states, multiple, timeoutMs));
        return ok(undefined);
      }
      const multiple = e.words.length > 1 || item.writeFunction === 16;
      await this.locks.run(registerKeys(item, e.words.length), () => this.#send(item, link.writeRegisters(item.unitId, item.address, e.words, multiple, timeoutMs)));
      return ok(undefined);
    } catch (error) {
      const failure = classifyError(error);
      const verb = failure.kind === 'refused' || failure.kind === 'device' ? 'refused' : 'did not take';
      const message = failure.kind === 'timeout' ? `no response from unit ${item.unitId} (timeout)` : failure.message;
      const hint = failure.kind === 'refused' && item.bit !== undefined && this.#options.config.maskWriteRegister ? '; if the device has no FC22, set maskWriteRegister to false' : '';
      return fail(failure.kind === 'refused' ? 'config-error' : 'device-error', `${this.#options.deviceName} ${verb} the write to ${address}: ${message}${hint}`);
    }
  }

  /** One bit of a holding register: FC22, or FC3 + FC6 under the register's lock. */
  async #writeBit(link: ModbusLink, item: ModbusItem, value: ItemValue, timeoutMs: number): Promise<Result<void>> {
    if (typeof value !== 'boolean' && value !== 0 && value !== 1) return fail('type-mismatch', `a register bit takes true/false (or 1/0), not ${JSON.stringify(value)}`);
    const mask = 1 << (item.bit ?? 0);
    const on = value === true || value === 1;
    if (this.#options.config.maskWriteRegister) {
      // Modbus spec, FC22: result = (current AND andMask) OR (orMask AND NOT andMask).
      const andMask = ~mask & 0xffff;
      await this.#send(item, link.maskWriteRegister(item.unitId, item.address, andMask, on ? mask : 0, timeoutMs));
      return ok(undefined);
    }
    await this.locks.run(registerKeys(item, 1), async () => {
      const current = (await this.#send(item, link.readRegisters('hr', item.unitId, item.address, 1, timeoutMs)))[0] ?? 0;
      const next = on ? current | mask : current & ~mask & 0xffff;
      await this.#send(item, link.writeRegisters(item.unitId, item.address, [next], false, timeoutMs));
    });
    return ok(undefined);
  }

  /** Counts the request and tells the unit's health what happened. */
  async #send<T>(item: ModbusItem, request: Promise<Answer<T>>): Promise<T> {
    const health = this.#options.health;
    try {
      const answer = await this.#options.count(request);
      health.answered(item.unitId, answer.roundTripMs);
      return answer.value;
    } catch (error) {
      const kind = classifyError(error).kind;
      if (kind === 'refused' || kind === 'device') health.answered(item.unitId);
      throw error;
    }
  }
}

function registerKeys(item: ModbusItem, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${item.unitId}/${item.table}:${item.address + i}`);
}
