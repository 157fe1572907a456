import { describe, expect, it } from 'vitest';
import { resolveTheme, ThemeStore } from '../../renderer/ui/theme.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { items, getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), removeItem: (key: string) => void items.delete(key) };
}

function root() {
  return { dataset: {} as Record<string, string> } as unknown as HTMLElement;
}

describe('the day and night theme: per station, per person, at once', () => {
  it('shows the person’s own choice, else the station’s, else day', () => {
    expect(resolveTheme(undefined, undefined)).toBe('day');
    expect(resolveTheme('night', undefined)).toBe('night');
    expect(resolveTheme('night', 'day')).toBe('day');
  });

  it('applies the station’s remembered theme to the page when it starts, and ignores a value it does not know', () => {
    const page = root();
    new ThemeStore(memoryStorage({ 'lineside.theme': 'night' }), page);
    expect(page.dataset['theme']).toBe('night');
    const other = root();
    new ThemeStore(memoryStorage({ 'lineside.theme': 'purple' }), other);
    expect(other.dataset['theme']).toBe('day');
  });

  /** A signed-in person as the runtime gives them: their own theme, and what was saved back to their account. */
  function person(name: string, choice: 'day' | 'night' | null) {
    const saved: ('day' | 'night' | null)[] = [];
    return { name, choice, save: (next: 'day' | 'night' | null) => void saved.push(next), saved };
  }

  it('a person’s own theme (from the runtime) takes over when they sign in, and the station’s comes back when they sign out', () => {
    const storage = memoryStorage({ 'lineside.theme': 'day' });
    const page = root();
    const themes = new ThemeStore(storage, page);
    const seen: string[] = [];
    themes.subscribe(() => seen.push(themes.get()));
    themes.setUser(person('op1', 'night'));
    expect(page.dataset['theme']).toBe('night');
    themes.setUser(undefined);
    expect(page.dataset['theme']).toBe('day');
    expect(seen).toEqual(['night', 'day']);
  });

  it('a personal choice applies at once and goes to the person’s account, not to the station’s storage', () => {
    const storage = memoryStorage();
    const themes = new ThemeStore(storage, root());
    const op1 = person('op1', null);
    themes.setUser(op1);
    themes.choose('night', 'user');
    expect(themes.get()).toBe('night');
    expect(op1.saved).toEqual(['night']);
    expect([...storage.items.keys()]).toEqual([]);
    themes.setUser(person('op2', null));
    expect(themes.get()).toBe('day');
  });

  it('choosing for the station remembers it for everyone without a choice of their own and drops the person’s own', () => {
    const storage = memoryStorage();
    const themes = new ThemeStore(storage, root());
    const op1 = person('op1', 'day');
    themes.setUser(op1);
    themes.choose('night', 'station');
    expect(themes.get()).toBe('night');
    expect(storage.items.get('lineside.theme')).toBe('night');
    expect(op1.saved).toEqual([null]);
    themes.choose('day', 'user');
    expect(themes.get()).toBe('day');
    expect(op1.saved).toEqual([null, 'day']);
    themes.setUser(person('op2', null));
    expect(themes.get()).toBe('night');
  });

  it('takes over a choice an earlier build kept in the browser, once, into the person’s account; the runtime’s own wins', () => {
    const storage = memoryStorage({ 'lineside.theme.user.op1': 'night', 'lineside.theme.user.op2': 'night' });
    const themes = new ThemeStore(storage, root());
    const op1 = person('op1', null);
    themes.setUser(op1);
    expect([themes.get(), op1.saved, storage.items.has('lineside.theme.user.op1')]).toEqual(['night', ['night'], false]);
    const op2 = person('op2', 'day');
    themes.setUser(op2);
    expect([themes.get(), op2.saved, storage.items.has('lineside.theme.user.op2')]).toEqual(['day', [], false]);
  });

  it('refuses a personal choice with nobody signed in', () => {
    const themes = new ThemeStore(memoryStorage(), root());
    expect(() => themes.choose('night', 'user')).toThrow(/someone signed in/);
  });
});
