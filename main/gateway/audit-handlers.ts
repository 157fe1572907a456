import type { auditCalls } from '../../common/audit.ts';
import { ok } from '../../common/result.ts';
import type { Handler } from './client-context.ts';
import type { GatewayServices } from './services.ts';

type AuditHandlers = { [C in keyof typeof auditCalls]: Handler<C> };

/** The `audit.*` calls (permission audit.view): search, verify the hash chain, export CSV. */
export function createAuditHandlers(services: GatewayServices): AuditHandlers {
  const { audit } = services;
  return {
    'audit.search': (query) => ok(audit.search(query)),
    'audit.verify': () => ok(audit.verify()),
    'audit.export': (query) => ok(audit.exportCsv(query)),
  };
}
