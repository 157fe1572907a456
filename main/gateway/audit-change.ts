import type { Result } from '../../common/result.ts';
import type { ClientContext } from './client-context.ts';
import type { GatewayServices } from './services.ts';

/**
 * Runs a change on behalf of a client and, when it succeeds, writes it to the audit trail: who, which
 * station, what (the call), on what, and the new value. The gateway has already checked the call's
 * permission (call-gate.ts), so the change itself needs no role check.
 */
export async function audited<T>(
  services: Pick<GatewayServices, 'audit'>,
  client: ClientContext,
  entry: { action: string; target: string; newValue?: unknown; oldValue?: unknown; reason?: string },
  work: () => Promise<Result<T>> | Result<T>,
): Promise<Result<T>> {
  const result = await work();
  if (result.ok) {
    services.audit.record({
      user: client.user.name,
      role: client.user.role,
      station: client.station,
      action: entry.action,
      target: entry.target,
      ...(entry.oldValue !== undefined ? { oldValue: entry.oldValue } : {}),
      ...(entry.newValue !== undefined ? { newValue: entry.newValue } : {}),
      ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
    });
  }
  return result;
}
