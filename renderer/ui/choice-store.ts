/**
 * A setting chosen per station and per person, as the theme (ui/theme.ts) and the interface language
 * (i18n/language.ts) are. The station's choice is the default, kept in the station's browser storage. A
 * signed-in person may have their own, which wins: the runtime keeps it with their account
 * (`users.preferences.save`, users.sqlite), so it follows them to any station and browser. A change
 * applies at once (`apply`, then the listeners), without a reload and without waiting for the runtime.
 */
export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The signed-in person as a store needs them: their own choice as the runtime has it, and how to keep a new one there. */
export interface PersonChoice<T extends string> {
  readonly name: string;
  /** null: no choice of their own (the station's applies). */
  readonly choice: T | null;
  /** Keeps a new choice (null: dropped) with the person's account. */
  readonly save: (choice: T | null) => void;
}

export interface ChoiceStoreOptions<T extends string> {
  readonly storage: ChoiceStorage | undefined;
  /** The station's key in the browser storage. */
  readonly stationKey: string;
  /**
   * Where earlier builds kept a person's choice in the browser storage (`<prefix><name>`): taken over
   * once, into the person's account, when the runtime has none for them yet.
   */
  readonly legacyUserPrefix: string;
  readonly isValid: (value: unknown) => value is T;
  readonly fallback: T;
  /** What the setting is, for the error when nobody is signed in. */
  readonly what: string;
  readonly apply: (value: T) => void;
}

export class ChoiceStore<T extends string> {
  readonly #options: ChoiceStoreOptions<T>;
  readonly #listeners = new Set<() => void>();
  #person: { name: string; choice: T | null; save: (choice: T | null) => void } | undefined;
  #value: T;

  constructor(options: ChoiceStoreOptions<T>) {
    this.#options = options;
    this.#value = this.#resolve();
    options.apply(this.#value);
  }

  get = (): T => this.#value;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The station's default. */
  station(): T | undefined {
    const value = this.#options.storage?.getItem(this.#options.stationKey);
    return this.#options.isValid(value) ? value : undefined;
  }

  /** The signed-in person's own choice, if they made one. */
  own(): T | undefined {
    return this.#person?.choice ?? undefined;
  }

  /** Who is signed in (undefined: nobody), with their own choice as the runtime keeps it; it takes over at once. */
  setUser(person: PersonChoice<T> | undefined): void {
    if (person === undefined) this.#person = undefined;
    else {
      let choice = this.#options.isValid(person.choice) ? person.choice : null;
      const legacyKey = this.#options.legacyUserPrefix + person.name;
      const legacy = this.#options.storage?.getItem(legacyKey);
      if (legacy !== undefined && legacy !== null) {
        this.#options.storage?.removeItem(legacyKey);
        if (choice === null && this.#options.isValid(legacy)) {
          choice = legacy;
          person.save(legacy);
        }
      }
      this.#person = { name: person.name, choice, save: person.save };
    }
    this.#update();
  }

  /** 'station' sets the default and drops the person's own choice (they follow the station again); 'user' keeps it with the signed-in person. */
  choose(value: T, scope: 'station' | 'user'): void {
    const person = this.#person;
    if (scope === 'user') {
      if (person === undefined) throw new Error(`a ${this.#options.what} for the person needs someone signed in`);
      person.choice = value;
      person.save(value);
    } else {
      this.#options.storage?.setItem(this.#options.stationKey, value);
      if (person !== undefined && person.choice !== null) {
        person.choice = null;
        person.save(null);
      }
    }
    this.#update();
  }

  #resolve(): T {
    return this.#person?.choice ?? this.station() ?? this.#options.fallback;
  }

  #update(): void {
    const next = this.#resolve();
    if (next === this.#value) return;
    this.#value = next;
    this.#options.apply(next);
    for (const listener of [...this.#listeners]) listener();
  }
}

export function localStorageOrUndefined(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}
