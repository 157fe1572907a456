import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another when read off a console (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * The one-time setup code of a fresh install (as Jupyter's token): printed on the console of the
 * first start, asked for by the first-start form. Whoever can only reach the station's URL (and even
 * holds the station token) cannot make themselves administrator; whoever started Lineside can.
 * 12 characters of 31: about 59 bits, shown as `ABCD-EFGH-JKMN`.
 */
export function generateSetupCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((group) => group.join('')).join('-');
}

/** Compares in constant time, ignoring case, spaces and dashes (as people type a code they read). */
export function setupCodeMatches(expected: string, offered: string): boolean {
  const digest = (code: string) => createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, '')).digest();
  return timingSafeEqual(digest(expected), digest(offered));
}

/** LINESIDE_ADMIN_USER / LINESIDE_ADMIN_PASSWORD: the administrator of an unattended install. */
export interface EnvAdmin {
  name: string;
  password: string;
}

/** The administrator the environment asks for, or an error naming the variable that is missing. */
export function envAdmin(env: NodeJS.ProcessEnv): { admin: EnvAdmin | undefined; error?: string } {
  const name = env['LINESIDE_ADMIN_USER'];
  const password = env['LINESIDE_ADMIN_PASSWORD'];
  if (name === undefined && password === undefined) return { admin: undefined };
  if (!name) return { admin: undefined, error: 'LINESIDE_ADMIN_PASSWORD is set but LINESIDE_ADMIN_USER is not: set both, or neither' };
  if (!password) return { admin: undefined, error: 'LINESIDE_ADMIN_USER is set but LINESIDE_ADMIN_PASSWORD is not: set both, or neither' };
  return { admin: { name, password } };
}
