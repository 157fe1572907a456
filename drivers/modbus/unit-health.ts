import type { UnitInfo } from '../../common/device.ts';
import { backoffDelay } from '../../common/backoff.ts';

export type UnitState = UnitInfo['state'];
export type UnitStatus = UnitInfo;

/**
 * Per unit id: answering or not, its last round trip, and for a unit that stopped answering when to
 * ask it again (after a random wait below a ceiling doubling from minMs to maxMs: full jitter), so one dead unit id costs one timed-out
 * request per backoff period instead of slowing every poll of the healthy units on the same link.
 */
export class UnitHealth {
  readonly #units = new Map<number, UnitStatus & { attempt: number }>();
  readonly #policy: { minMs: number; maxMs: number };
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #listeners = new Set<() => void>();

  constructor(policy: { minMs: number; maxMs: number }, now: () => number, random: () => number = Math.random) {
    this.#policy = policy;
    this.#now = now;
    this.#random = random;
  }

  /** The unit ids the device's tags use; units no tag uses any more are dropped. */
  track(unitIds: Iterable<number>): void {
    const wanted = new Set(unitIds);
    let changed = false;
    for (const id of this.#units.keys()) {
      if (!wanted.has(id)) changed = this.#units.delete(id) || changed;
    }
    for (const id of wanted) {
      if (this.#units.has(id)) continue;
      this.#units.set(id, { unitId: id, state: 'unknown', since: this.#now(), requests: 0, timeouts: 0, attempt: 0 });
      changed = true;
    }
    if (changed) this.#fire();
  }

  /** After a (re)connect every unit is asked again at once. */
  reset(): void {
    for (const unit of this.#units.values()) {
      unit.attempt = 0;
      delete unit.error;
      delete unit.nextTryAt;
      if (unit.state !== 'unknown') this.#set(unit, 'unknown');
    }
    this.#fire();
  }

  #unit(unitId: number): UnitStatus & { attempt: number } {
    let unit = this.#units.get(unitId);
    if (!unit) {
      unit = { unitId, state: 'unknown', since: this.#now(), requests: 0, timeouts: 0, attempt: 0 };
      this.#units.set(unitId, unit);
    }
    return unit;
  }

  state(unitId: number): UnitState {
    return this.#units.get(unitId)?.state ?? 'unknown';
  }

  /** A unit that does not answer is due for another try once its backoff has passed; others always are. */
  isDue(unitId: number): boolean {
    const unit = this.#units.get(unitId);
    return unit?.state !== 'no-response' || this.#now() >= (unit.nextTryAt ?? 0);
  }

  /** The unit answered (data or a Modbus exception: either way it is there). */
  answered(unitId: number, roundTripMs?: number): void {
    const unit = this.#unit(unitId);
    unit.requests++;
    if (roundTripMs !== undefined) unit.roundTripMs = roundTripMs;
    unit.attempt = 0;
    if (unit.state === 'ok') return;
    delete unit.error;
    delete unit.nextTryAt;
    this.#set(unit, 'ok');
    this.#fire();
  }

  /** The unit did not answer in time (after its retries): it is asked again after a backoff. */
  silent(unitId: number): void {
    const unit = this.#unit(unitId);
    unit.requests++;
    unit.timeouts++;
    unit.nextTryAt = this.#now() + backoffDelay(unit.attempt++, { baseMs: this.#policy.minMs, capMs: this.#policy.maxMs }, this.#random);
    unit.error = `no response from unit ${unitId}`;
    if (unit.state === 'no-response') return;
    this.#set(unit, 'no-response');
    this.#fire();
  }

  /** True when there are units and none of them answers. */
  allSilent(): boolean {
    if (this.#units.size === 0) return false;
    for (const unit of this.#units.values()) if (unit.state !== 'no-response') return false;
    return true;
  }

  anyAnswered(): boolean {
    for (const unit of this.#units.values()) if (unit.state === 'ok') return true;
    return false;
  }

  /** The units by id, for the Devices view. */
  list(): UnitStatus[] {
    return [...this.#units.values()].sort((a, b) => a.unitId - b.unitId).map(({ attempt: _attempt, ...status }) => ({ ...status }));
  }

  /** Fires when a unit's state changes (not on every round trip). */
  onDidChange(listener: () => void): { dispose(): void } {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  }

  #set(unit: UnitStatus, state: UnitState): void {
    unit.state = state;
    unit.since = this.#now();
  }

  #fire(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
