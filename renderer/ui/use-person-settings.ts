import { useEffect } from 'react';
import type { Preferences } from '../../common/preferences.ts';
import { useServices } from '../app/services.tsx';
import { languages } from '../i18n/language.ts';
import { useCell } from '../store/cell.ts';
import type { ChoiceStore } from './choice-store.ts';
import { themes } from './theme.ts';

/**
 * Ties a station/person setting (ui/choice-store.ts) to the signed-in person: their own choice comes
 * from the runtime with the session (`SessionUser.preferences`), a new one goes back to it
 * (`users.preferences.save`). The choice applies on this page at once; if the runtime cannot keep it
 * (the link is down), it still holds here until the person signs out.
 */
function usePersonChoice<K extends keyof Preferences>(store: ChoiceStore<NonNullable<Preferences[K]>>, key: K): void {
  const { users, client } = useServices();
  const user = useCell(users.user);
  const name = user?.name;
  const choice = user?.preferences[key] ?? null;
  useEffect(() => {
    if (name === undefined) return store.setUser(undefined);
    store.setUser({
      name,
      choice,
      save: (next) => {
        client.call('users.preferences.save', { [key]: next }).catch(() => {});
      },
    });
  }, [store, key, client, name, choice]);
}

/** The signed-in person's own theme, kept by the runtime. */
export function usePersonTheme(): void {
  usePersonChoice(themes, 'theme');
}

/** The signed-in person's own interface language, kept by the runtime. */
export function usePersonLanguage(): void {
  usePersonChoice(languages, 'language');
}
