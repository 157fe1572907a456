// The decisions the Electron shell makes about URLs, headers and arguments, kept free of electron
// imports so unit tests reach them (test/unit/launcher-policy.test.ts).
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../gateway/csp.ts';

export { CONTENT_SECURITY_POLICY };

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` is on the gateway origin (scheme, host and port all equal). */
export function isGatewayUrl(url: string, gatewayOrigin: string): boolean {
  return parseUrl(url)?.origin === gatewayOrigin;
}

/** The URL to hand to the operating system's browser, or null unless it is plain http(s). */
export function externalHttpUrl(url: string): string | null {
  const parsed = parseUrl(url);
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:') ? parsed.href : null;
}

/**
 * The address of the HMI: the token rides in the fragment (never sent to a server, never logged);
 * a hash route for the window, if any, follows as `route=`.
 */
export function appUrl(gatewayOrigin: string, token: string, route = ''): string {
  const hash = `token=${encodeURIComponent(token)}`;
  return `${gatewayOrigin}/#${route === '' ? hash : `${hash}&route=${encodeURIComponent(route)}`}`;
}

/**
 * A same-origin URL the page asked to open in a new window, given the token when it lacks one
 * (a new window does not share the opener's session storage). Its old fragment becomes the route.
 */
export function withToken(url: string, token: string): string {
  const parsed = new URL(url);
  const fragment = parsed.hash.replace(/^#/, '');
  if (new URLSearchParams(fragment).has('token')) return parsed.href;
  const base = `${parsed.origin}${parsed.pathname}${parsed.search}`;
  const hash = `token=${encodeURIComponent(token)}`;
  return `${base}#${fragment === '' ? hash : `${hash}&route=${encodeURIComponent(fragment)}`}`;
}

/** `--project DIR` or `--project=DIR` anywhere in argv, resolved against cwd; undefined when absent. */
export function projectDirFromArgv(argv: readonly string[], cwd: string): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg.startsWith('--project=')) return path.resolve(cwd, arg.slice('--project='.length));
    const next = argv[i + 1];
    if (arg === '--project' && next !== undefined && !next.startsWith('--')) return path.resolve(cwd, next);
  }
  return undefined;
}

/** Response headers with our CSP in place of any the server sent (header names are case-insensitive). */
export function withCsp(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value;
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return result;
}

/** A file name made from free text (a project name): path and reserved characters become `-`. */
export function safeFileName(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are among what a file name must not hold
  const cleaned = text.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-').replace(/^[\s.]+|[\s.]+$/g, '');
  return cleaned === '' ? 'lineside' : cleaned.slice(0, 200);
}
