const STORAGE_KEY = 'lineside.token';
const TOKEN_PARAM = 'token=';
const ROUTE_PARAM = 'route=';

/**
 * The gateway token: taken from the URL fragment (`#token=...`, as printed by `npm run serve` and
 * used by the desktop shell), kept in sessionStorage so a reload keeps working, and removed from the
 * visible URL so it is not shoulder-surfed, bookmarked or shared. Other fragment parts (the screen
 * route) are kept.
 */
export function takeToken(location: Location, history: History, storage: Storage | undefined): string | undefined {
  const parts = location.hash.replace(/^#/, '').split('&').filter(Boolean);
  const offered = parts.find((part) => part.startsWith(TOKEN_PARAM));
  let token: string | undefined;
  if (offered !== undefined) {
    token = safeDecode(offered.slice(TOKEN_PARAM.length)) || undefined;
    // `route=/screens/filler` (a new window's, from the desktop shell or "New window") becomes the hash route.
    const rest = parts
      .filter((part) => !part.startsWith(TOKEN_PARAM))
      .map((part) => (part.startsWith(ROUTE_PARAM) ? safeDecode(part.slice(ROUTE_PARAM.length)) : part))
      .join('&');
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    if (token !== undefined) {
      try {
        storage?.setItem(STORAGE_KEY, token);
      } catch {
        // Storage can be disabled; the token still works for this page load.
      }
    }
  }
  if (token !== undefined) return token;
  try {
    return storage?.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first start's setup code when the desktop shell put it in the URL fragment (`&setup=...`, only
 * on a fresh install, for the person who started the app): taken out of the visible URL, kept nowhere.
 */
export function takeSetupCode(location: Location, history: History): string | undefined {
  const parts = location.hash.replace(/^#/, '').split('&').filter(Boolean);
  const offered = parts.find((part) => part.startsWith('setup='));
  if (offered === undefined) return undefined;
  const rest = parts.filter((part) => part !== offered).join('&');
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return safeDecode(offered.slice('setup='.length)) || undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}
