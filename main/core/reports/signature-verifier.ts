import { fail, ok, type Result } from '../../../common/result.ts';

export interface SignatureRequest {
  user: { name: string; role: string };
  /** The signer's password; checked once user accounts exist (see RoleSignatureVerifier). */
  password?: string | undefined;
  meaning: string;
  reason: string;
}

export interface Signer {
  name: string;
  role: string;
  /** How the signer was verified, stored in the signature record. */
  method: string;
}

/** Verifies the person behind an electronic signature. The users/audit capability supplies the password check. */
export interface SignatureVerifier {
  verify(request: SignatureRequest): Promise<Result<Signer>>;
}

export const SIGNING_ROLES: readonly string[] = ['supervisor', 'admin'];

/**
 * The verifier of a build without user accounts: every client acts as the project's local user, so
 * there is no password to check and none is invented. It checks what can be checked honestly: the
 * caller's role may sign, and the meaning and reason are given. Records method 'role-check' so a
 * signature made this way is never mistaken for a password-verified one.
 */
export class RoleSignatureVerifier implements SignatureVerifier {
  verify(request: SignatureRequest): Promise<Result<Signer>> {
    const { user } = request;
    if (!SIGNING_ROLES.includes(user.role)) {
      return Promise.resolve(fail('forbidden', `${user.name} (role ${user.role}) may not sign reports: signing needs role supervisor or admin`, 'role'));
    }
    if (!request.meaning.trim()) return Promise.resolve(fail('bad-request', 'a signature needs its meaning (e.g. "Reviewed and approved")', 'meaning'));
    if (!request.reason.trim()) return Promise.resolve(fail('bad-request', 'a signature needs a reason', 'reason'));
    return Promise.resolve(ok({ name: user.name, role: user.role, method: 'role-check' }));
  }
}
