import type { Quality } from '../../common/quality.ts';
import type { Result } from '../../common/result.ts';
import { isBitTable, type ModbusItem } from './address.ts';
import { decodeItem, type ItemValue } from './item-codec.ts';
import { classifyError, type Answer, type ModbusLink, type RequestFailure } from './link.ts';
import { planReads, splitBlock, type PlanItem, type PlanLimits, type ReadBlock } from './planner.ts';
import type { UnitHealth } from './unit-health.ts';

export interface ItemReading {
  value: ItemValue;
  quality: Quality;
}

export interface UnitSettings {
  timeoutMs: number;
  retries: number;
}

export interface BlockReaderOptions {
  limits: PlanLimits;
  /** Requests to keep outstanding at once (the link's slots). */
  concurrency: number;
  health: UnitHealth;
  unitSettings(unitId: number): UnitSettings;
  /** Counts a request in the driver's stats. */
  count<T>(request: Promise<Answer<T>>): Promise<Answer<T>>;
}

/** Thrown when the link is gone: the driver reconnects. */
export class LinkFailure extends Error {}

/** What one poll read, and the units that do not answer but are due for another try. */
export interface ReadOutcome {
  results: Map<string, ItemReading>;
  /** One block per unit that does not answer and whose backoff has passed: read it on its own (`probe`). */
  probes: ReadBlock[];
}

/** A failed request, with how long it took when the device answered it with an exception. */
type Failure = RequestFailure & { roundTripMs?: number };
type BlockOutcome = Result<Answer<boolean[] | number[]>, Failure>;

const SILENT: ItemReading = { value: null, quality: 'BadNoCommunication' };

/**
 * Reads items in planned blocks, unit by unit. A unit that does not answer (after its retries) turns
 * its tags BadNoCommunication and is skipped until its backoff passes; then one block of it is tried
 * (`probe`), apart from the poll, so the healthy units keep their rate. A block the device refuses
 * (exception 1/2/3) is split in halves down to single items, so only the refused addresses turn bad;
 * those are then read on their own.
 */
export class BlockReader {
  readonly #options: BlockReaderOptions;
  /** Item keys the device refused on their own: read alone, so they never spoil a block. */
  readonly isolated = new Set<string>();

  constructor(options: BlockReaderOptions) {
    this.#options = options;
  }

  #plan(items: readonly ModbusItem[]): { planItems: PlanItem[]; blocks: ReadBlock[] } {
    const planItems = items.map((i) => ({ unitId: i.unitId, table: i.table, address: i.address, count: i.count, isolated: this.isolated.has(i.key) }));
    return { planItems, blocks: planReads(planItems, this.#options.limits) };
  }

  async read(link: ModbusLink, items: readonly ModbusItem[]): Promise<ReadOutcome> {
    const health = this.#options.health;
    const results = new Map<string, ItemReading>();
    const { planItems, blocks } = this.#plan(items);
    const probes: ReadBlock[] = [];
    const probed = new Set<number>();
    const pending: ReadBlock[] = [];
    for (const block of blocks) {
      if (health.state(block.unitId) !== 'no-response') pending.push(block);
      else if (health.isDue(block.unitId) && !probed.has(block.unitId)) (probed.add(block.unitId), probes.push(block));
      else for (const index of block.items) results.set(items[index]!.key, SILENT);
    }
    let lost: LinkFailure | undefined;
    // As many workers as the link has request slots take blocks from one queue; a refused block's halves
    // go back to the front of it.
    const work = async (): Promise<void> => {
      for (let guard = 0; pending.length > 0 && lost === undefined && guard < 1_000_000; guard++) {
        const block = pending.shift()!;
        if (health.state(block.unitId) === 'no-response') {
          // The unit stopped answering earlier in this poll: its other blocks wait for its backoff.
          for (const index of block.items) results.set(items[index]!.key, SILENT);
          continue;
        }
        const settings = this.#options.unitSettings(block.unitId);
        const outcome = await this.#readBlock(link, block, settings.retries, settings.timeoutMs);
        if (lost !== undefined) return;
        const failure = this.#record(block, outcome, items, results);
        if (failure?.kind === 'link') {
          lost = new LinkFailure(failure.message);
          return;
        }
        if (failure?.kind === 'refused' && block.items.length > 1) pending.unshift(...splitBlock(block, planItems));
        else if (failure?.kind === 'refused') this.isolated.add(items[block.items[0]!]!.key);
      }
    };
    const workers = Math.max(1, Math.min(this.#options.concurrency, pending.length));
    await Promise.all(Array.from({ length: workers }, work));
    if (lost !== undefined) throw lost;
    return { results, probes };
  }

  /** One try (no retries) of a block of a unit that does not answer. */
  async probe(link: ModbusLink, items: readonly ModbusItem[], block: ReadBlock): Promise<Map<string, ItemReading>> {
    const results = new Map<string, ItemReading>();
    const outcome = await this.#readBlock(link, block, 0, this.#options.unitSettings(block.unitId).timeoutMs);
    const failure = this.#record(block, outcome, items, results);
    if (failure?.kind === 'link') throw new LinkFailure(failure.message);
    // A refused probe still proves the unit answers; its block is split on the next poll.
    return results;
  }

  /** Puts a block's outcome into `results` and the unit's health; returns the failure, if any. */
  #record(block: ReadBlock, outcome: BlockOutcome, items: readonly ModbusItem[], results: Map<string, ItemReading>): RequestFailure | undefined {
    const health = this.#options.health;
    if (outcome.ok) {
      health.answered(block.unitId, outcome.value.roundTripMs);
      for (const index of block.items) {
        const item = items[index]!;
        results.set(item.key, decodeFromBlock(item, block, outcome.value.value));
      }
      return undefined;
    }
    const failure = outcome.error;
    if (failure.kind === 'link') return failure;
    if (failure.kind === 'timeout') {
      health.silent(block.unitId);
      for (const index of block.items) results.set(items[index]!.key, SILENT);
      return failure;
    }
    // A Modbus exception: the unit is there, it refused.
    health.answered(block.unitId, failure.roundTripMs);
    if (failure.kind === 'refused' && block.items.length > 1) return failure;
    for (const index of block.items) results.set(items[index]!.key, { value: null, quality: failure.quality });
    return failure;
  }

  /** One block, retried on timeouts (never on Modbus exceptions). */
  async #readBlock(link: ModbusLink, block: ReadBlock, retries: number, timeoutMs: number): Promise<BlockOutcome> {
    let last: Failure = { kind: 'timeout', quality: 'BadTimeout', message: 'not attempted' };
    for (let attempt = 0; attempt <= retries; attempt++) {
      const started = performance.now();
      try {
        const request = isBitTable(block.table) ? link.readBits(block.table, block.unitId, block.start, block.count, timeoutMs) : link.readRegisters(block.table, block.unitId, block.start, block.count, timeoutMs);
        const answer = await this.#options.count<boolean[] | number[]>(request);
        return { ok: true, value: answer };
      } catch (error) {
        last = { ...classifyError(error), roundTripMs: performance.now() - started };
        if (last.kind !== 'timeout') break;
      }
    }
    return { ok: false, error: last };
  }
}

function decodeFromBlock(item: ModbusItem, block: ReadBlock, data: readonly (boolean | number)[]): ItemReading {
  const offset = item.address - block.start;
  return decodeItem(item, data.slice(offset, offset + item.count));
}
