import { join } from 'node:path';
import type { BackoffPolicy } from '../../../common/backoff.ts';
import type { Clock } from '../../../common/clock.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { AuditSink } from '../audit/audit-trail.ts';
import type { SecretLookup } from '../secrets/secret-store.ts';
import { openFailureMessage } from '../storage/store-errors.ts';
import type { TagEngine } from '../tags/tag-engine.ts';
import { CmmsClient } from './cmms-client.ts';
import type { MaintenanceFile } from './maintenance-schema.ts';
import { MaintenanceService } from './maintenance-service.ts';
import { MAINTENANCE_STORE_FILE, MaintenanceStore } from './maintenance-store.ts';

export interface MaintenanceRuntimeOptions {
  file: MaintenanceFile;
  dataDir: string;
  engine: TagEngine;
  clock: Clock;
  audit: AuditSink;
  secrets: SecretLookup;
  /** Who sends (the B2MML sender's LogicalID): the plant's name. */
  sender: string;
  tickMs?: number;
  backoff?: BackoffPolicy;
  log: (line: string) => void;
}

export interface MaintenanceRuntime {
  readonly store: MaintenanceStore;
  readonly service: MaintenanceService;
  readonly cmms: { configured: boolean; format: string };
  start(): void;
  dispose(): Promise<void>;
}

/** Maintenance as the runtime runs it: the store, the CMMS client and the service counting and sending. */
export function openMaintenance(o: MaintenanceRuntimeOptions): Result<MaintenanceRuntime> {
  let store: MaintenanceStore;
  try {
    store = new MaintenanceStore(join(o.dataDir, MAINTENANCE_STORE_FILE));
  } catch (error) {
    return fail('config-error', openFailureMessage(error, `cannot open the maintenance store in ${o.dataDir}`));
  }
  const client = o.file.cmms ? new CmmsClient(o.file.cmms, o.secrets, o.sender) : undefined;
  const service = new MaintenanceService({
    file: o.file,
    store,
    engine: o.engine,
    clock: o.clock,
    audit: o.audit,
    client,
    ...(o.tickMs !== undefined ? { tickMs: o.tickMs } : {}),
    ...(o.backoff ? { backoff: o.backoff } : {}),
    log: o.log,
  });
  let disposing: Promise<void> | undefined;
  return ok({
    store,
    service,
    cmms: { configured: client !== undefined, format: o.file.cmms?.format ?? '' },
    start: () => service.start(),
    dispose: () =>
      (disposing ??= (async () => {
        service.dispose();
        await service.idle();
        store.dispose();
      })()),
  });
}
