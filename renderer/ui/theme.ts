import { useSyncExternalStore } from 'react';
import { THEME_NAMES, type ThemeName } from '../../common/preferences.ts';
import { ChoiceStore, localStorageOrUndefined, type ChoiceStorage } from './choice-store.ts';

/**
 * The day and night themes. Every colour of the renderer is a CSS custom property of `styles/base.css`;
 * a theme is one attribute on the root element (`data-theme`), so every display, symbol, dialog and the
 * editor follow it without code of their own. Canvas drawings (ECharts) cannot read CSS variables and
 * take their colours from `useTheme()`.
 *
 * The station's choice is the default, kept in the station's browser storage; a signed-in person may
 * keep their own, which wins: the runtime keeps it with their account, so it follows them to any station
 * (ui/choice-store.ts).
 */
export const THEMES = THEME_NAMES;
export type Theme = ThemeName;

const STATION_KEY = 'lineside.theme';
const LEGACY_USER_PREFIX = 'lineside.theme.user.';

export function isTheme(value: unknown): value is Theme {
  return value === 'day' || value === 'night';
}

/** The theme shown: the person's own choice, else the station's, else day. */
export function resolveTheme(station: Theme | undefined, user: Theme | undefined): Theme {
  return user ?? station ?? 'day';
}

/** The station's and the signed-in person's theme choices, applied to a root element at once. */
export class ThemeStore extends ChoiceStore<Theme> {
  constructor(storage: ChoiceStorage | undefined, root: HTMLElement | undefined) {
    super({
      storage,
      stationKey: STATION_KEY,
      legacyUserPrefix: LEGACY_USER_PREFIX,
      isValid: isTheme,
      fallback: 'day',
      what: 'theme',
      apply: (theme) => {
        if (root) root.dataset['theme'] = theme;
      },
    });
  }

  /** The station's default. */
  stationTheme(): Theme | undefined {
    return this.station();
  }

  /** The signed-in person's own choice, if they made one. */
  userTheme(): Theme | undefined {
    return this.own();
  }
}

/** The page's one theme store (the theme is a property of the document, so there is one). */
export const themes = new ThemeStore(localStorageOrUndefined(), typeof document === 'undefined' ? undefined : document.documentElement);

export function useTheme(): Theme {
  return useSyncExternalStore(themes.subscribe, themes.get);
}
