import { CALL_ACCESS } from '../../../common/call-access.ts';
import type { CallName } from '../../../common/contract.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { SessionUser, SignatureBlock } from '../../../common/users.ts';
import type { AuditSink } from '../audit/audit-trail.ts';
import type { SecuritySettings } from './security-settings.ts';
import type { UserService } from './user-service.ts';
import { failWith } from '../../../common/reasons.ts';

export interface SignatureNeed {
  /** A second person must sign as verifier. */
  verifier: boolean;
  /** What is signed for, in the audit trail (the tag path of a write, else the call). */
  target: string;
}

/**
 * Which calls need an electronic signature (the project's `security.signatures`), and checking one:
 * the signer's password again (a wrong one counts towards the sign-in delay and is audited), meaning and
 * reason, and where asked a verifier who is another person allowed to make the same call.
 */
export class SignaturePolicy {
  private readonly settings: SecuritySettings['signatures'];

  constructor(settings: SecuritySettings['signatures']) {
    this.settings = settings;
  }

  need(call: CallName, params: unknown): SignatureNeed | undefined {
    const verifier = (this.settings.verifierCalls as readonly string[]).includes(call);
    if (call === 'tags.write') {
      const path = (params as { path?: unknown }).path;
      if (typeof path === 'string' && this.settings.criticalTags.some((t) => (t.endsWith('/') ? path.startsWith(t) : path === t))) {
        return { verifier, target: path };
      }
    }
    if ((this.settings.calls as readonly string[]).includes(call) || verifier) return { verifier, target: targetOf(params) ?? call };
    return undefined;
  }

  async verify(users: UserService, audit: AuditSink, signer: SessionUser, station: string, call: CallName, need: SignatureNeed, block: SignatureBlock): Promise<Result<void>> {
    const refuse = (message: string, path: string): Result<never> => {
      audit.record({ user: signer.name, role: signer.role, station, action: 'signature.refused', target: need.target, reason: block.reason, meaning: block.meaning, newValue: { call, why: message } });
      return fail('forbidden', message, path);
    };
    const own = await users.checkPassword(signer.name, block.password, station, 'signature');
    if (!own.ok) return refuse(`the signature of ${signer.name} is refused: ${own.error.message}`, 'signature.password');
    if (!need.verifier) return ok(undefined);
    if (!block.verifier) return failWith('signature-required', 'signature.verifierMissing', { call }, 'signature.verifier');
    if (block.verifier.name.toLowerCase() === signer.name.toLowerCase()) return refuse('the verifier must be another person than the signer', 'signature.verifier.name');
    const other = await users.checkPassword(block.verifier.name, block.verifier.password, station, 'signature.verifier');
    if (!other.ok) return refuse(`the verifier's signature is refused: ${other.error.message}`, 'signature.verifier.password');
    const verifier = users.sessionUser(other.value);
    const access = CALL_ACCESS[call];
    if (!verifier || (access !== 'public' && access !== 'self' && access !== 'view' && !verifier.permissions.includes(access))) {
      return refuse(`${other.value} may not verify ${call}: that needs the permission ${access}`, 'signature.verifier.name');
    }
    return ok(undefined);
  }
}

function targetOf(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const p = params as Record<string, unknown>;
  for (const key of ['path', 'id', 'name', 'device', 'role']) if (typeof p[key] === 'string') return p[key];
  const definition = p['definition'];
  if (typeof definition === 'object' && definition !== null && typeof (definition as { id?: unknown }).id === 'string') return (definition as { id: string }).id;
  return undefined;
}
