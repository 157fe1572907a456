import type { Value } from '../../common/data-value.ts';
import type { Quality } from '../../common/quality.ts';
import type { Result } from '../../common/result.ts';
import { isBitTable, type ModbusItem } from './address.ts';
import { decodeRegisters } from './codec.ts';
import { classifyError, type ModbusLink, type RequestFailure } from './link.ts';
import { planReads, splitBlock, type PlanLimits, type ReadBlock } from './planner.ts';

export interface ItemReading {
  value: Value;
  quality: Quality;
}

export interface BlockReaderOptions {
  limits: PlanLimits;
  retries: number;
  /** Requests to keep outstanding at once (the link's slots). */
  concurrency: number;
  /** Consecutive timed-out blocks (each after its retries) that mean the device is gone. */
  silentBlocksLimit: number;
  /** Counts a request in the driver's stats and unwraps it. */
  count<T>(request: Promise<{ value: T; roundTripMs: number }>): Promise<T>;
}

/** Thrown when the link is gone or the device stopped answering: the driver reconnects. */
export class LinkFailure extends Error {}

/**
 * Reads items in planned blocks. A block the device refuses (exception 1/2/3) is split in halves
 * down to single items, so only the refused addresses turn bad; those are then read on their own.
 */
export class BlockReader {
  readonly #options: BlockReaderOptions;
  /** Item keys the device refused on their own: read alone, so they never spoil a block. */
  readonly isolated = new Set<string>();
  #silentBlocks = 0;

  constructor(options: BlockReaderOptions) {
    this.#options = options;
  }

  async read(link: ModbusLink, items: readonly ModbusItem[]): Promise<Map<string, ItemReading>> {
    const results = new Map<string, ItemReading>();
    const planItems = items.map((i) => ({ unitId: i.unitId, table: i.table, address: i.address, count: i.count, isolated: this.isolated.has(i.key) }));
    const blocks = planReads(planItems, this.#options.limits);
    let timeouts = 0;
    const pending = [...blocks];
    let lost: LinkFailure | undefined;
    // As many workers as the link has request slots take blocks from one queue; a refused block's halves
    // go back to the front of it.
    const work = async (): Promise<void> => {
      for (let guard = 0; pending.length > 0 && lost === undefined && guard < 1_000_000; guard++) {
        const block = pending.shift()!;
        const outcome = await this.#readBlock(link, block);
        if (lost !== undefined) return;
        if (outcome.ok) {
          for (const index of block.items) {
            const item = items[index]!;
            results.set(item.key, { value: decodeItem(item, block, outcome.value), quality: 'Good' });
          }
          continue;
        }
        const failure = outcome.error;
        if (failure.kind === 'link') {
          lost = new LinkFailure(failure.message);
          return;
        }
        if (failure.kind === 'timeout') {
          timeouts++;
          if (timeouts === blocks.length || this.#silentBlocks >= this.#options.silentBlocksLimit) {
            lost = new LinkFailure(`no answer in time from the device (${this.#silentBlocks} request(s) in a row, ${this.#options.retries + 1} attempt(s) each)`);
            return;
          }
        }
        if (failure.kind === 'refused' && block.items.length > 1) {
          pending.unshift(...splitBlock(block, planItems));
          continue;
        }
        if (failure.kind === 'refused') this.isolated.add(items[block.items[0]!]!.key);
        for (const index of block.items) results.set(items[index]!.key, { value: null, quality: failure.quality });
      }
    };
    const workers = Math.max(1, Math.min(this.#options.concurrency, blocks.length));
    await Promise.all(Array.from({ length: workers }, work));
    if (lost !== undefined) throw lost;
    return results;
  }

  /** One block, retried on timeouts (never on Modbus exceptions). */
  async #readBlock(link: ModbusLink, block: ReadBlock): Promise<Result<boolean[] | number[], RequestFailure>> {
    let last: RequestFailure = { kind: 'timeout', quality: 'BadTimeout', message: 'not attempted' };
    for (let attempt = 0; attempt <= this.#options.retries; attempt++) {
      try {
        const request = isBitTable(block.table)
          ? link.readBits(block.table, block.unitId, block.start, block.count)
          : link.readRegisters(block.table, block.unitId, block.start, block.count);
        const value = await this.#options.count<boolean[] | number[]>(request);
        this.#silentBlocks = 0;
        return { ok: true, value };
      } catch (error) {
        last = classifyError(error);
        if (last.kind !== 'timeout') break;
      }
    }
    if (last.kind === 'timeout') this.#silentBlocks++;
    else this.#silentBlocks = 0;
    return { ok: false, error: last };
  }
}

function decodeItem(item: ModbusItem, block: ReadBlock, data: readonly (boolean | number)[]): Value {
  const offset = item.address - block.start;
  if (isBitTable(item.table)) return data[offset] === true;
  const registers = (data as readonly number[]).slice(offset, offset + item.count);
  return decodeRegisters(registers, item.type, item.order, item.bit, item.length);
}
