import type { Screen } from '../../../screens/screen-schema.ts';

/** The operator's path through the screens: a stack with a cursor, like a browser's history. */
export interface ScreenHistory {
  readonly stack: readonly string[];
  readonly index: number;
}

export function startHistory(id: string): ScreenHistory {
  return { stack: [id], index: 0 };
}

export function currentScreen(history: ScreenHistory): string {
  return history.stack[history.index]!;
}

/** Going somewhere new drops the forward part, as browsers do; going to the current screen changes nothing. */
export function navigate(history: ScreenHistory, id: string): ScreenHistory {
  if (currentScreen(history) === id) return history;
  const stack = [...history.stack.slice(0, history.index + 1), id].slice(-50);
  return { stack, index: stack.length - 1 };
}

/** A screen renamed elsewhere keeps its places in back/forward under its new id. */
export function renameInHistory(history: ScreenHistory, from: string, to: string): ScreenHistory {
  return history.stack.includes(from) ? { ...history, stack: history.stack.map((id) => (id === from ? to : id)) } : history;
}

export function back(history: ScreenHistory): ScreenHistory {
  return history.index > 0 ? { ...history, index: history.index - 1 } : history;
}

export function forward(history: ScreenHistory): ScreenHistory {
  return history.index < history.stack.length - 1 ? { ...history, index: history.index + 1 } : history;
}

export const LEVEL_NUMBER: Readonly<Record<Screen['level'], number>> = { overview: 1, area: 2, unit: 3, detail: 4 };

/** The display hierarchy from the top down to `id` (parent chain), for breadcrumbs; cycles stop it. */
export function breadcrumbs(id: string, screens: ReadonlyMap<string, Screen>): Screen[] {
  const chain: Screen[] = [];
  const seen = new Set<string>();
  for (let at: string | undefined = id; at !== undefined && !seen.has(at); at = screens.get(at)?.parent) {
    seen.add(at);
    const screen = screens.get(at);
    if (!screen) break;
    chain.unshift(screen);
  }
  return chain;
}

/** The screen an operator lands on: the (first) overview, else the first screen. */
export function homeScreen(screens: ReadonlyMap<string, Screen>): string | undefined {
  const all = [...screens.values()];
  return (all.find((s) => s.level === 'overview') ?? all[0])?.id;
}

/** `#/screens/line1` → 'line1'. */
export function screenFromHash(hash: string): string | undefined {
  const match = /^#\/screens\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})/.exec(hash);
  return match?.[1];
}
