import { fail, ok, type Result } from '../../../common/result.ts';
import { failWith } from '../../../common/reasons.ts';

export interface SignatureRequest {
  user: { name: string; role: string };
  /** The signer's password, entered again for this signature. */
  password?: string | undefined;
  /** Where the signer is (for the audit trail of a wrong password). */
  station?: string | undefined;
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

/** The password check of the user accounts (UserService.checkPassword): a wrong password counts towards the sign-in delay. */
export type PasswordCheck = (name: string, password: string, station: string, action: string) => Promise<Result<string>>;

/**
 * A 21 CFR Part 11 style signature: the signer enters their own password again, with the meaning and
 * a reason. Who may sign at all (the permission reports.sign) is checked by the gateway before this.
 */
export class PasswordSignatureVerifier implements SignatureVerifier {
  private readonly check: PasswordCheck;

  constructor(check: PasswordCheck) {
    this.check = check;
  }

  async verify(request: SignatureRequest): Promise<Result<Signer>> {
    const { user } = request;
    if (!request.meaning.trim()) return fail('bad-request', 'a signature needs its meaning (e.g. "Reviewed and approved")', 'meaning');
    if (!request.reason.trim()) return fail('bad-request', 'a signature needs a reason', 'reason');
    if (!request.password) return failWith('signature-required', 'signature.passwordAgain', {}, 'password');
    const checked = await this.check(user.name, request.password, request.station ?? 'unknown', 'reports.sign');
    if (!checked.ok) return fail('forbidden', `${checked.error.message}: the report is not signed`, 'password');
    return ok({ name: user.name, role: user.role, method: 'password' });
  }
}
