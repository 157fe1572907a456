import { useSyncExternalStore } from 'react';

/**
 * The day and night themes. Every colour of the renderer is a CSS custom property of `styles/base.css`;
 * a theme is one attribute on the root element (`data-theme`), so every display, symbol, dialog and the
 * editor follow it without code of their own. Canvas drawings (ECharts) cannot read CSS variables and
 * take their colours from `useTheme()`.
 *
 * The station's choice is the default; a signed-in person may keep their own, which wins on this station.
 * Both are kept in the station's browser storage.
 */
export const THEMES = ['day', 'night'] as const;
export type Theme = (typeof THEMES)[number];

const STATION_KEY = 'lineside.theme';
const USER_KEY_PREFIX = 'lineside.theme.user.';

export function isTheme(value: unknown): value is Theme {
  return value === 'day' || value === 'night';
}

/** The theme shown: the person's own choice, else the station's, else day. */
export function resolveTheme(station: Theme | undefined, user: Theme | undefined): Theme {
  return user ?? station ?? 'day';
}

type ThemeStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The station's and the signed-in person's theme choices, applied to a root element at once. */
export class ThemeStore {
  readonly #storage: ThemeStorage | undefined;
  readonly #root: HTMLElement | undefined;
  readonly #listeners = new Set<() => void>();
  #user: string | undefined;
  #theme: Theme;

  constructor(storage: ThemeStorage | undefined, root: HTMLElement | undefined) {
    this.#storage = storage;
    this.#root = root;
    this.#theme = this.#resolve();
    this.#apply();
  }

  get = (): Theme => this.#theme;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** The station's default. */
  stationTheme(): Theme | undefined {
    return this.#read(STATION_KEY);
  }

  /** The signed-in person's own choice, if they made one. */
  userTheme(): Theme | undefined {
    return this.#user === undefined ? undefined : this.#read(USER_KEY_PREFIX + this.#user);
  }

  /** Who is signed in (undefined: nobody); their own choice, if any, takes over at once. */
  setUser(name: string | undefined): void {
    this.#user = name;
    this.#update();
  }

  /** `scope` 'station' sets the station's default and drops the person's own choice (they follow the station again); 'user' keeps it for the signed-in person. */
  choose(theme: Theme, scope: 'station' | 'user'): void {
    if (scope === 'user') {
      if (this.#user === undefined) throw new Error('a theme for the person needs someone signed in');
      this.#storage?.setItem(USER_KEY_PREFIX + this.#user, theme);
    } else {
      this.#storage?.setItem(STATION_KEY, theme);
      if (this.#user !== undefined) this.#storage?.removeItem(USER_KEY_PREFIX + this.#user);
    }
    this.#update();
  }

  #read(key: string): Theme | undefined {
    const value = this.#storage?.getItem(key);
    return isTheme(value) ? value : undefined;
  }

  #resolve(): Theme {
    return resolveTheme(this.stationTheme(), this.userTheme());
  }

  #update(): void {
    const next = this.#resolve();
    if (next === this.#theme) return;
    this.#theme = next;
    this.#apply();
    for (const listener of [...this.#listeners]) listener();
  }

  #apply(): void {
    if (this.#root) this.#root.dataset['theme'] = this.#theme;
  }
}

function localStorageOrUndefined(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

/** The page's one theme store (the theme is a property of the document, so there is one). */
export const themes = new ThemeStore(localStorageOrUndefined(), typeof document === 'undefined' ? undefined : document.documentElement);

export function useTheme(): Theme {
  return useSyncExternalStore(themes.subscribe, themes.get);
}
