import { CALL_ACCESS } from '../../common/call-access.ts';
import type { CallName } from '../../common/contract.ts';
import type { Permission } from '../../common/permissions.ts';
import { ok, type Result } from '../../common/result.ts';
import type { SessionUser, SignatureBlock } from '../../common/users.ts';
import { AuditBursts } from '../core/audit/audit-bursts.ts';
import type { AuditSink } from '../core/audit/audit-trail.ts';
import { systemClock, type Clock } from '../../common/clock.ts';
import type { SignatureNeed, SignaturePolicy } from '../core/users/signatures.ts';
import type { UserService } from '../core/users/user-service.ts';
import { failWith } from '../../common/reasons.ts';

/** Who is asking, as the gate sees it. */
export interface GateCaller {
  /** A signed-in person (WebSocket), or undefined. */
  person: SessionUser | undefined;
  /** For REST: an API token (`API token "name"`) and its scopes, or the station token's view-only access. */
  token?: { name: string; subject: string; scopes: readonly Permission[] };
  station: string;
}

/**
 * Acting calls that write nothing to the audit trail (reads behind a permission, and changes kept
 * in their own stores only), and signing out (never refused: its record waits in memory). Every other
 * acting call is admitted only while the trail takes writes.
 */
const UNAUDITED: ReadonlySet<CallName> = new Set<CallName>([
  'users.logout',
  'users.keepAlive',
  // A person's own language and theme: not a change to the plant or to anyone's rights.
  'users.preferences.save',
  'users.list',
  'users.roles.list',
  'users.tokens.list',
  'audit.search',
  'audit.verify',
  'audit.export',
  'trends.views.save',
  'trends.views.delete',
  'oee.classify',
  'reports.generate',
  'reports.export',
  'logbook.add',
]);

/** The audit trail as the gate needs it: records, and whether it takes a write now. */
export type GateAudit = AuditSink & { ensureWritable?(): Result<void> };

export interface Admitted {
  signed?: { block: SignatureBlock; need: SignatureNeed };
}

/**
 * The one permission check of the gateway, before any handler runs, for WebSocket calls and REST
 * routes alike: the call's access in common/call-access.ts against the caller's permissions, then
 * the project's electronic-signature policy. Denied calls and refused writes go to the audit trail,
 * one record per burst (a client hammering a call it may not make writes one record, not thousands).
 */
export class CallGate {
  private readonly users: UserService;
  private readonly audit: GateAudit;
  private readonly policy: SignaturePolicy;
  private readonly refusals: AuditBursts;

  constructor(users: UserService, audit: GateAudit, policy: SignaturePolicy, options: { clock?: Clock; burstQuietMs?: number } = {}) {
    this.users = users;
    this.audit = audit;
    this.policy = policy;
    this.refusals = new AuditBursts(audit, options.clock ?? systemClock, options.burstQuietMs === undefined ? {} : { quietMs: options.burstQuietMs });
  }

  /** Writes the open bursts of denied calls and refused writes. */
  dispose(): void {
    this.refusals.dispose();
  }

  /**
   * Step one, before the params are even parsed (a caller who may not make a call learns nothing
   * about its params): the call's access against the caller's permissions.
   */
  admit(call: CallName, caller: GateCaller): Result<void> {
    const admitted = this.check(call, caller);
    if (!admitted.ok) this.note('access.denied', call, caller, call, admitted.error.message);
    return admitted;
  }

  /** A write the runtime refused (limits, read-only tag, device offline...): audited, per burst. */
  refusedWrite(call: CallName, caller: GateCaller, target: string, reason: string): void {
    this.note(`${call}.refused`, call, caller, target, reason);
  }

  private note(action: string, call: CallName, caller: GateCaller, target: string, reason: string): void {
    const who = caller.person ? { user: caller.person.name, role: caller.person.role } : caller.token ? { user: caller.token.subject, role: 'api-token' } : { user: 'nobody', role: 'signed-out' };
    this.refusals.note(`${action}|${who.user}|${caller.station}|${target}`, { ...who, station: caller.station, action, target }, reason);
  }

  private check(call: CallName, caller: GateCaller): Result<void> {
    const access = CALL_ACCESS[call];
    if (access === 'public' || access === 'view') {
      if (caller.token && access === 'view' && !caller.token.scopes.includes('view')) return failWith('forbidden', 'access.tokenLacksScope', { token: caller.token.name, scope: 'view' }, 'view');
      return ok(undefined);
    }
    if (caller.token) {
      if (access === 'self') return failWith('forbidden', 'access.notForTokens', { call }, 'token');
      return caller.token.scopes.includes(access) ? this.auditable(call) : failWith('forbidden', 'access.tokenLacksScope', { token: caller.token.name, scope: access }, access);
    }
    const person = caller.person;
    if (!person) return failWith('unauthenticated', 'access.signInFirst', { call }, 'session');
    if (person.mustChangePassword && access !== 'self') return failWith('forbidden', 'access.mustChangePassword', { name: person.name }, 'mustChangePassword');
    if (access !== 'self' && !person.permissions.includes(access)) {
      return failWith('forbidden', 'access.lacksPermission', { name: person.name, role: person.role, permission: access }, access);
    }
    return this.auditable(call);
  }

  /**
   * An action whose audit record must not be lost goes ahead only while the trail takes a write
   * (disk full: "audit trail cannot be written: disk full"), so nothing is done that goes unrecorded.
   */
  private auditable(call: CallName): Result<void> {
    if (UNAUDITED.has(call) || !this.audit.ensureWritable) return ok(undefined);
    return this.audit.ensureWritable();
  }

  /** Step two, with the parsed params: the project's electronic-signature policy. */
  async sign(call: CallName, params: unknown, caller: GateCaller, signature: SignatureBlock | undefined): Promise<Result<Admitted>> {
    const need = this.policy.need(call, params);
    if (!need) return ok({});
    if (caller.token || !caller.person) return failWith('signature-required', 'signature.onlyInHmi', { call }, 'signature');
    if (!signature) {
      return need.verifier ? failWith('signature-required', 'signature.requiredWithVerifier', { call }, 'signature.verifier') : failWith('signature-required', 'signature.required', { call }, 'signature');
    }
    const verified = await this.policy.verify(this.users, this.audit, caller.person, caller.station, call, need, signature);
    return verified.ok ? ok({ signed: { block: signature, need } }) : verified;
  }

  /** After the signed action succeeded: the signature itself, with its meaning, in the audit trail. */
  recordSignature(call: CallName, person: SessionUser, station: string, signed: NonNullable<Admitted['signed']>): void {
    const { block, need } = signed;
    this.audit.record({
      user: person.name,
      role: person.role,
      station,
      action: 'signature',
      target: need.target,
      newValue: { call, signer: person.fullName || person.name, verifier: block.verifier?.name ?? null },
      reason: block.reason,
      meaning: block.meaning,
    });
  }
}
