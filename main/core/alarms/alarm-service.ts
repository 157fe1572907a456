import { join } from 'node:path';
import type { AlarmFilter, AlarmHistoryPage, AlarmHistoryQuery, AlarmInfo, AlarmKpis, AlarmSummary } from '../../../common/alarms.ts';
import type { Disposable } from '../../../common/emitter.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { TagDefinition } from '../../../common/tag.ts';
import type { TagEngine } from '../tags/tag-engine.ts';
import type { Clock } from '../../../common/clock.ts';
import { AlarmDefinitionStore, type DefinitionEntry } from './alarm-definition-store.ts';
import { AlarmEngine, type AlarmEngineOptions } from './alarm-engine.ts';
import { AlarmJournal } from './alarm-journal.ts';
import { computeAlarmKpis } from './alarm-kpis.ts';
import { checkPermission } from './alarm-permissions.ts';
import type { AlarmInput } from './alarm-state-machine.ts';
import type { AlarmFileEntry } from './alarm-validation.ts';
import { openFailureMessage } from '../storage/store-errors.ts';

export interface User {
  name: string;
  role: string;
  /** The signed-in person's permissions; without them, the role's default set applies. */
  permissions?: readonly string[] | undefined;
}

export interface AlarmServiceOptions extends AlarmEngineOptions {
  projectDir: string;
  dataDir: string;
  files: readonly AlarmFileEntry[];
  tags: readonly TagDefinition[];
  engine: TagEngine;
  clock: Clock;
}

export const JOURNAL_FILE = 'alarms.sqlite';

/**
 * The alarm capability as the gateway sees it: the engine, its journal and the definition files,
 * with every operator action checked against the caller's role here, in the runtime.
 */
export class AlarmService implements Disposable {
  readonly engine: AlarmEngine;
  readonly journal: AlarmJournal;
  readonly definitions: AlarmDefinitionStore;
  private readonly clock: Clock;

  private constructor(engine: AlarmEngine, journal: AlarmJournal, definitions: AlarmDefinitionStore, clock: Clock) {
    this.engine = engine;
    this.journal = journal;
    this.definitions = definitions;
    this.clock = clock;
  }

  /** Opens (or creates) the journal in the data folder and starts the engine from the saved states. */
  static open(options: AlarmServiceOptions): Result<AlarmService> {
    let journal: AlarmJournal;
    try {
      journal = new AlarmJournal(join(options.dataDir, JOURNAL_FILE));
    } catch (error) {
      return fail('config-error', openFailureMessage(error, `cannot open the alarm journal in ${options.dataDir}`));
    }
    try {
      const definitions = new AlarmDefinitionStore(options.projectDir, options.files, new Map(options.tags.map((t) => [t.path, t])));
      const engine = new AlarmEngine(definitions.all(), options.engine, options.clock, journal, options);
      return ok(new AlarmService(engine, journal, definitions, options.clock));
    } catch (error) {
      journal.dispose();
      return fail('config-error', `cannot start the alarms: ${(error as Error).message}`);
    }
  }

  list(filter?: AlarmFilter): AlarmInfo[] {
    return this.engine.list(filter);
  }

  summary(): AlarmSummary {
    return this.engine.summary();
  }

  acknowledge(user: User, target: { ids?: readonly string[] | undefined; filter?: AlarmFilter | undefined }, comment: string): Result<{ acknowledged: string[] }> {
    const allowed = checkPermission(user, 'alarms.acknowledge');
    if (!allowed.ok) return allowed;
    let records;
    if (target.ids) {
      records = [];
      for (const [i, id] of target.ids.entries()) {
        const rec = this.engine.get(id);
        if (!rec) return fail('not-found', `no alarm ${id}`, `ids[${i}]`);
        records.push(rec);
      }
    } else {
      records = this.engine.matching(target.filter);
    }
    return ok({ acknowledged: this.engine.acknowledgeMany(records, user.name, comment) });
  }

  /** One alarm; a refusal (nothing to acknowledge) is an error here, unlike in a bulk acknowledge. */
  acknowledgeOne(user: User, id: string, comment: string): Result<AlarmInfo> {
    return this.act(user, 'alarms.acknowledge', id, { type: 'acknowledge', user: user.name, comment });
  }

  shelve(user: User, id: string, durationMs: number, reason: string): Result<AlarmInfo> {
    return this.act(user, 'alarms.shelve', id, { type: 'shelve', user: user.name, until: this.clock.now() + durationMs, reason });
  }

  unshelve(user: User, id: string, comment: string): Result<AlarmInfo> {
    return this.act(user, 'alarms.shelve', id, { type: 'unshelve', user: user.name, comment });
  }

  setOutOfService(user: User, id: string, outOfService: boolean, reason: string): Result<AlarmInfo> {
    const input: AlarmInput = outOfService ? { type: 'outOfService', user: user.name, reason } : { type: 'returnToService', user: user.name, comment: reason };
    return this.act(user, 'alarms.outOfService', id, input);
  }

  comment(user: User, id: string, comment: string): Result<AlarmInfo> {
    return this.act(user, 'alarms.comment', id, { type: 'comment', user: user.name, comment });
  }

  history(query: AlarmHistoryQuery): AlarmHistoryPage {
    return this.journal.history(query);
  }

  kpis(query: { from: number; to: number; operatorPositions: number }): AlarmKpis {
    const { from, to, operatorPositions } = query;
    const current = to >= this.clock.now() ? this.engine.summary() : undefined;
    return computeAlarmKpis({
      from,
      to,
      operatorPositions,
      entries: this.journal.between(from, to),
      before: this.journal.lastOpenCloseBefore(from),
      ...(current ? { current: { shelved: current.shelved, suppressed: current.suppressed, outOfService: current.outOfService } } : {}),
    });
  }

  /** The tags changed (configuration edited): later definition edits are checked against these. */
  updateTags(tags: readonly TagDefinition[]): void {
    this.definitions.setTags(new Map(tags.map((t) => [t.path, t])));
  }

  listDefinitions(): DefinitionEntry[] {
    return this.definitions.list();
  }

  /** Validates, writes the file, then applies the definition live. */
  async saveDefinition(user: User, definition: unknown, file?: string): Promise<Result<DefinitionEntry>> {
    const allowed = checkPermission(user, 'alarms.editDefinitions');
    if (!allowed.ok) return allowed;
    const saved = await this.definitions.save(definition, file);
    if (saved.ok) this.engine.upsert(saved.value.definition);
    return saved;
  }

  async deleteDefinition(user: User, id: string): Promise<Result<{ id: string; file: string }>> {
    const allowed = checkPermission(user, 'alarms.editDefinitions');
    if (!allowed.ok) return allowed;
    const deleted = await this.definitions.delete(id);
    if (deleted.ok) this.engine.remove(id);
    return deleted;
  }

  /**
   * Stops evaluating (the tag sink and the timer) while the journal stays open. The runtime calls it
   * before disconnecting devices, so a shutdown's bad qualities are not journaled as alarms.
   */
  stopEvaluating(): void {
    this.engine.dispose();
  }

  /** Stops the engine (and its timer), then closes the journal. */
  dispose(): void {
    this.engine.dispose();
    this.journal.dispose();
  }

  private act(user: User, permission: Parameters<typeof checkPermission>[1], id: string, input: AlarmInput): Result<AlarmInfo> {
    const allowed = checkPermission(user, permission);
    if (!allowed.ok) return allowed;
    const done = this.engine.act(id, input);
    return done.ok ? ok(this.engine.info(done.value)) : done;
  }
}
