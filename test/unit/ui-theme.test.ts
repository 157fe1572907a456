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

  it('a person’s own theme takes over when they sign in, and the station’s comes back when they sign out', () => {
    const storage = memoryStorage({ 'lineside.theme': 'day', 'lineside.theme.user.op1': 'night' });
    const page = root();
    const themes = new ThemeStore(storage, page);
    const seen: string[] = [];
    themes.subscribe(() => seen.push(themes.get()));
    themes.setUser('op1');
    expect(page.dataset['theme']).toBe('night');
    themes.setUser(undefined);
    expect(page.dataset['theme']).toBe('day');
    expect(seen).toEqual(['night', 'day']);
  });

  it('choosing for the station remembers it for everyone without a choice of their own and drops the person’s own', () => {
    const storage = memoryStorage({ 'lineside.theme.user.op1': 'day' });
    const themes = new ThemeStore(storage, root());
    themes.setUser('op1');
    themes.choose('night', 'station');
    expect(themes.get()).toBe('night');
    expect(storage.items.get('lineside.theme')).toBe('night');
    expect(storage.items.has('lineside.theme.user.op1')).toBe(false);
    themes.choose('day', 'user');
    expect(themes.get()).toBe('day');
    themes.setUser('op2');
    expect(themes.get()).toBe('night');
  });

  it('refuses a personal choice with nobody signed in', () => {
    const themes = new ThemeStore(memoryStorage(), root());
    expect(() => themes.choose('night', 'user')).toThrow(/someone signed in/);
  });
});
