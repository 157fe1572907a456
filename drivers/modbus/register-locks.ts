/**
 * Per-register locks: a write holds the registers it touches until it is done, so a read-modify-write
 * of a register bit never interleaves with another write to that register from this station. Keys
 * are taken in sorted order, so two writes over overlapping registers cannot wait for each other.
 */
export class RegisterLocks {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const releases: (() => void)[] = [];
    try {
      for (const key of [...new Set(keys)].sort()) releases.push(await this.#acquire(key));
      return await work();
    } finally {
      for (const release of releases) release();
    }
  }

  /** Resolves with the release once every earlier holder of `key` has released it. */
  #acquire(key: string): Promise<() => void> {
    const before = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => held);
    this.#tails.set(key, tail);
    return before.then(() => () => {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
  }

  /** Registers currently locked or waited for (for tests). */
  get size(): number {
    return this.#tails.size;
  }
}
