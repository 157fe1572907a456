import { AlarmDefinitionSchema, type AlarmDefinitionInput, type AlarmInfo } from '../../common/alarms.ts';
import type { LanguageCode } from '../../common/preferences.ts';
import type { Clock } from '../../common/clock.ts';
import { dataValue, type Value } from '../../common/data-value.ts';
import { AlarmService } from '../../main/core/alarms/alarm-service.ts';
import type { DispatchOptions } from '../../main/core/notify/notify-dispatcher.ts';
import { openNotify, type NotifyRuntime } from '../../main/core/notify/notify-runtime.ts';
import { NotifyFileSchema } from '../../main/core/notify/notify-schema.ts';
import { SecretStore } from '../../main/core/secrets/secret-store.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { tag } from './tags.ts';

/** `count` pieces of equipment `Line1/Pump<N>`, each with a level tag and a high alarm (high priority). */
export function pumpAlarms(count: number, priority: AlarmDefinitionInput['priority'] = 'high') {
  const tags = Array.from({ length: count }, (_, i) => tag({ path: `Line1/Pump${i + 1}/Pressure`, units: 'bar' }));
  const alarms = tags.map((t, i) =>
    AlarmDefinitionSchema.parse({ id: `Line1/Pump${i + 1}/Pressure/Hi`, tag: t.path, condition: { type: 'hi', limit: 8 }, priority, area: 'Line1', message: `Pump ${i + 1} pressure {value} {units} above {limit}` }),
  );
  return { tags, alarms };
}

/** A notify.json for tests: anna then dana (after 10 min) on every shift, e-mail to the given port. */
export function notifyFile(smtpPort: number, overrides: Record<string, unknown> = {}) {
  return NotifyFileSchema.parse({
    formatVersion: 1,
    email: { host: '127.0.0.1', port: smtpPort, ignoreTLS: true, from: 'lineside@test.example', timeoutMs: 5000 },
    people: [
      { name: 'anna', email: 'anna@test.example' },
      { name: 'dana', email: 'dana@test.example', phone: '+49 170 4' },
    ],
    rosters: [{ name: 'maint', shifts: {}, otherwise: [{ people: ['anna'] }, { people: ['dana'], afterMinutes: 10 }] }],
    rules: [{ name: 'line1', match: { areas: ['Line1'] }, roster: 'maint', channels: ['email'] }],
    ...overrides,
  });
}

export interface NotifyHarness {
  engine: TagEngine;
  alarms: AlarmService;
  notify: NotifyRuntime;
  secrets: SecretStore;
  set(path: string, value: Value): void;
  /** Several tags in one batch, as a driver delivers a poll. */
  setMany(paths: readonly string[], value: Value): void;
  /** Stops notifications, alarms and tags (notify first). */
  dispose(): Promise<void>;
}

/**
 * The tag engine, the alarm service (real SQLite journal) and the notification runtime (real SQLite
 * outbox) in one data folder, as the runtime wires them; tests restart it on the same folder.
 */
export function startNotifyHarness(o: {
  dir: string;
  clock: Clock;
  count?: number;
  priority?: AlarmDefinitionInput['priority'];
  file: ReturnType<typeof notifyFile>;
  dispatch?: DispatchOptions;
  shift?: string;
  translate?: (info: AlarmInfo, language: LanguageCode) => AlarmInfo;
  accountLanguage?: (name: string) => LanguageCode | undefined;
}): NotifyHarness {
  const { tags, alarms: defs } = pumpAlarms(o.count ?? 3, o.priority);
  const engine = new TagEngine(tags, o.clock);
  const opened = AlarmService.open({ projectDir: o.dir, dataDir: o.dir, files: [{ file: 'alarms/test.json', alarms: defs }], tags, engine, clock: o.clock });
  if (!opened.ok) throw new Error(opened.error.message);
  const alarms = opened.value;
  const secrets = SecretStore.open(o.dir);
  if (!secrets.ok) throw new Error(secrets.error.message);
  const notify = openNotify({
    file: o.file,
    projectDir: o.dir,
    dataDir: o.dir,
    secrets: secrets.value,
    alarms: alarms.engine,
    clock: o.clock,
    plant: 'Test plant',
    timeZone: 'UTC',
    shiftAt: () => o.shift,
    linkBase: () => 'http://127.0.0.1:8799',
    stationToken: () => 'station-token-for-tests',
    dispatch: { backoff: { baseMs: 200, capMs: 400 }, ...o.dispatch },
    ...(o.translate ? { translate: o.translate } : {}),
    ...(o.accountLanguage ? { accountLanguage: o.accountLanguage } : {}),
    log: () => {},
  });
  if (!notify.ok) throw new Error(notify.error.message);
  notify.value.start();
  for (const t of tags) engine.ingest([{ handle: engine.slot(t.path)!.id, value: dataValue(1, 'Good', o.clock.now()) }]);
  return {
    engine,
    alarms,
    notify: notify.value,
    secrets: secrets.value,
    set: (path, value) => engine.ingest([{ handle: engine.slot(path)!.id, value: dataValue(value, 'Good', o.clock.now()) }]),
    setMany: (paths, value) => engine.ingest(paths.map((path) => ({ handle: engine.slot(path)!.id, value: dataValue(value, 'Good', o.clock.now()) }))),
    dispose: async () => {
      await notify.value.dispose();
      alarms.dispose();
      engine.dispose();
    },
  };
}
