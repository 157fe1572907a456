import { z } from 'zod';

/**
 * A person's own interface settings, kept by the runtime with their account (users.sqlite), so they
 * follow the person to any station and browser. The station's default stays the station's (its browser
 * storage). The renderer's catalogues and themes are keyed by these codes (renderer/i18n/i18n.ts
 * `LANGUAGES`, renderer/ui/theme.ts `THEMES`).
 */
export const LANGUAGE_CODES = ['en', 'de', 'ar'] as const;
export type LanguageCode = (typeof LANGUAGE_CODES)[number];
export const THEME_NAMES = ['day', 'night'] as const;
export type ThemeName = (typeof THEME_NAMES)[number];

export const LanguageCodeSchema = z.enum(LANGUAGE_CODES);
export const ThemeNameSchema = z.enum(THEME_NAMES);

/** null: no choice of their own (the station's default applies). */
export const PreferencesSchema = z.object({ language: LanguageCodeSchema.nullable(), theme: ThemeNameSchema.nullable() });
export type Preferences = z.infer<typeof PreferencesSchema>;

export const NO_PREFERENCES: Preferences = { language: null, theme: null };

export function isLanguageCode(value: unknown): value is LanguageCode {
  return typeof value === 'string' && (LANGUAGE_CODES as readonly string[]).includes(value);
}

export function isThemeName(value: unknown): value is ThemeName {
  return value === 'day' || value === 'night';
}
