import type { AuditSink } from './audit.ts';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { TagDefinition } from '../../../common/tag.ts';
import type { TagEngine } from '../tags/tag-engine.ts';
import type { TagWriter } from '../tags/tag-writer.ts';
import type { ConnectorFactory, MesConnector } from './connector.ts';
import { builtinConnectorTypes } from './connector-types.ts';
import { loadMesConfig } from './mes-config-loader.ts';
import { MesService, type MesServiceOptions } from './mes-service.ts';
import type { DispatcherOptions } from './dispatcher.ts';
import { openFailureMessage } from '../storage/store-errors.ts';
import type { RetentionKeep } from './compaction.ts';

export interface StartMesOptions {
  projectDir: string;
  dataDir: string;
  tags: readonly TagDefinition[];
  engine: TagEngine;
  writer: TagWriter;
  timeZone: string;
  log: (line: string) => void;
  types?: ReadonlyMap<string, ConnectorFactory<unknown>>;
  dispatch?: DispatcherOptions;
  /** Where work-order and sync actions are audited (the station's audit trail). */
  audit: AuditSink;
  /** What keeps MES rows past their retention besides open orders (the reports: periods not signed). */
  retentionKeep?: RetentionKeep;
  /** The station's secrets file: secrets set in the Sync view go there. */
  secrets?: MesServiceOptions['secrets'];
  shiftAt?: MesServiceOptions['shiftAt'];
}

/** Loads mes.json and builds the MES service with its transports; undefined when the project has none. */
export async function startMes(options: StartMesOptions): Promise<Result<MesService | undefined>> {
  const types = options.types ?? builtinConnectorTypes();
  const loaded = await loadMesConfig(options.projectDir, options.tags, types);
  if (!loaded.ok) return loaded;
  const { config } = loaded.value;
  if (config.connectors.length === 0 && config.lines.length === 0) return ok(undefined);
  const connectors: MesConnector[] = [];
  const context = { projectDir: options.projectDir, dataDir: options.dataDir, now: Date.now, log: options.log };
  for (const c of config.connectors) {
    if (!c.enabled) continue;
    const factory = types.get(c.type)!;
    connectors.push(factory.create(c, loaded.value.options.get(c.id), context));
  }
  try {
    const service = new MesService({
      file: join(options.dataDir, 'mes.sqlite'),
      config,
      connectors,
      engine: options.engine,
      writer: options.writer,
      timeZone: options.timeZone,
      projectDir: options.projectDir,
      factories: types,
      connectorContext: context,
      ...(options.dispatch ? { dispatch: options.dispatch } : {}),
      audit: options.audit,
      ...(options.retentionKeep ? { retentionKeep: options.retentionKeep } : {}),
      ...(options.secrets ? { secrets: options.secrets } : {}),
      ...(options.shiftAt ? { shiftAt: options.shiftAt } : {}),
    });
    options.log(`MES/ERP sync: ${connectors.map((c) => `${c.id} (${c.type})`).join(', ') || 'no connectors'}, ${config.lines.length} line(s)`);
    return ok(service);
  } catch (error) {
    for (const c of connectors) await c.dispose();
    return fail('config-error', openFailureMessage(error, `cannot open the MES store in ${options.dataDir}`));
  }
}
