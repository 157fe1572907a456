import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { fail, ok, type Result } from '../../../common/result.ts';

/** The shortest password accepted (NIST SP 800-63B asks for 8 at least; a control room gets 12). */
export const MIN_PASSWORD_LENGTH = 12;

let checker: Promise<ZxcvbnFactory> | undefined;

/**
 * zxcvbn-ts with its common dictionary (leaked-password lists, keyboard patterns), loaded and built on
 * the first password set, not at every start of the runtime (the dictionary is megabytes of JSON).
 */
function zxcvbn(): Promise<ZxcvbnFactory> {
  return (checker ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(([{ ZxcvbnFactory }, { adjacencyGraphs, dictionary }]) => new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs })));
}

/**
 * A new password: 12 characters or more, and not a common password. zxcvbn-ts's common dictionary holds
 * the passwords of the big leak lists; a password that is one of them, or is made of them and of
 * keyboard rows, dates, repeats and sequences (`password1234`, `p@ssw0rd1234`, `qwertyuiop12`,
 * `123456789012`), is guessed within a million tries (zxcvbn score 0 or 1) and is refused. The error
 * names `field` (the form field the password came from).
 */
export async function checkNewPassword(password: string, field: string): Promise<Result<void>> {
  if ([...password].length < MIN_PASSWORD_LENGTH) return fail('bad-request', `a password has at least ${MIN_PASSWORD_LENGTH} characters`, field);
  if ((await zxcvbn()).check(password).score <= 1) {
    return fail('bad-request', 'this password is on the lists of common passwords (or made of them): choose another; a few unrelated words make a good one', field);
  }
  return ok(undefined);
}
