import { join } from 'node:path';
import type { AlarmInfo } from '../../../common/alarms.ts';
import type { Clock } from '../../../common/clock.ts';
import { MailboxMessageSchema, type MailboxMessage, type NotificationEntry, type NotificationState } from '../../../common/notify-contract.ts';
import type { LanguageCode } from '../../../common/preferences.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { AlarmEngine } from '../alarms/alarm-engine.ts';
import type { SecretLookup } from '../secrets/secret-store.ts';
import { openFailureMessage } from '../storage/store-errors.ts';
import { EmailChannel, WebhookChannel, type Channel } from './notify-channels.ts';
import { NotifyDispatcher, type DispatchOptions } from './notify-dispatcher.ts';
import type { NotifyFile } from './notify-schema.ts';
import { NotifyService } from './notify-service.ts';
import { NOTIFY_STORE_FILE, NotifyStore } from './notify-store.ts';

export interface NotifyRuntimeOptions {
  file: NotifyFile;
  projectDir: string;
  dataDir: string;
  secrets: SecretLookup;
  alarms: AlarmEngine;
  clock: Clock;
  plant: string;
  timeZone: string;
  shiftAt: (at: number) => string | undefined;
  linkBase: () => string;
  stationToken: () => string;
  dispatch?: DispatchOptions;
  /** The language a person chose in the HMI (their account of the same name), for their messages. */
  accountLanguage?: (name: string) => LanguageCode | undefined;
  /** The project's default language, when it is an interface language. */
  defaultLanguage?: LanguageCode;
  /** An alarm's message and help in a language (the project's texts). */
  translate?: (info: AlarmInfo, language: LanguageCode) => AlarmInfo;
  log: (line: string) => void;
}

/** Notifications as the runtime runs them: the store, the channels, the delivery and the alarm rules. */
export interface NotifyRuntime {
  readonly store: NotifyStore;
  readonly service: NotifyService;
  readonly dispatcher: NotifyDispatcher;
  log(limit: number, alarmId?: string): { counts: Record<NotificationState, number>; entries: NotificationEntry[] };
  mailbox(): Promise<{ configured: boolean; reachable: boolean; messages: MailboxMessage[] }>;
  start(): void;
  dispose(): Promise<void>;
}

export function openNotify(o: NotifyRuntimeOptions): Result<NotifyRuntime> {
  let store: NotifyStore;
  try {
    store = new NotifyStore(join(o.dataDir, NOTIFY_STORE_FILE));
  } catch (error) {
    return fail('config-error', openFailureMessage(error, `cannot open the notification log in ${o.dataDir}`));
  }
  const channels = new Map<string, Channel>();
  if (o.file.email) channels.set('email', new EmailChannel(o.file.email, o.secrets, o.projectDir));
  for (const webhook of o.file.webhooks) channels.set(`webhook:${webhook.name}`, new WebhookChannel(webhook, o.secrets));
  if (o.file.email?.auth && o.secrets.get(o.file.email.auth.password.secret) === undefined) {
    o.log(`notify.json: the SMTP password ${o.file.email.auth.password.secret} is not set; mails wait until it is (npm run secrets -- set ${o.file.email.auth.password.secret})`);
  }
  const dispatcher = new NotifyDispatcher(store, channels, o.clock, { giveUpAfterMs: o.file.giveUpAfterHours * 3_600_000, ...o.dispatch });
  const service = new NotifyService({
    file: o.file,
    store,
    alarms: o.alarms,
    clock: o.clock,
    plant: o.plant,
    timeZone: o.timeZone,
    shiftAt: o.shiftAt,
    linkBase: o.linkBase,
    linkToken: o.file.linkCarriesToken ? o.stationToken : undefined,
    accountLanguage: o.accountLanguage,
    defaultLanguage: o.defaultLanguage,
    translate: o.translate,
    onQueued: () => dispatcher.kick(),
  });
  let disposing: Promise<void> | undefined;
  return ok({
    store,
    service,
    dispatcher,
    log: (limit, alarmId) => ({ counts: store.counts(), entries: store.list(limit, { alarmId }) }),
    mailbox: async () => {
      const url = o.file.devMailboxUrl;
      if (!url) return { configured: false, reachable: false, messages: [] };
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 5000);
      try {
        const response = await fetch(`${url.replace(/\/+$/, '')}/messages`, { signal: abort.signal });
        if (!response.ok) return { configured: true, reachable: false, messages: [] };
        const parsed = MailboxMessageSchema.array().safeParse(await response.json());
        return { configured: true, reachable: parsed.success, messages: parsed.success ? parsed.data : [] };
      } catch {
        return { configured: true, reachable: false, messages: [] };
      } finally {
        clearTimeout(timer);
      }
    },
    start: () => {
      service.start();
      // Messages queued before a restart and not yet delivered go out now.
      dispatcher.kick();
    },
    dispose: () =>
      (disposing ??= (async () => {
        service.dispose();
        dispatcher.dispose();
        await dispatcher.idle();
        for (const channel of channels.values()) channel.close();
        store.dispose();
      })()),
  });
}
