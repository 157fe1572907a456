import { z } from 'zod';
import { AlarmPrioritySchema } from '../../../common/alarms.ts';
import { LanguageCodeSchema } from '../../../common/preferences.ts';
import { SecretRefSchema } from '../../../common/secrets.ts';

/**
 * notify.json: who hears about which alarms, when and how (issue 21, item 1). Rules pick alarms
 * (area, priority, class, equipment) and send them to an on-call roster, whose escalation levels come
 * from the shift running at the time (shifts.json); channels are e-mail over SMTP and webhooks (SMS or
 * voice gateways, chat tools). Passwords and webhook secrets are references into the station's secrets
 * file, never values.
 */

export const NOTIFY_FILE = 'notify.json';
export const NOTIFY_FORMAT_VERSION = 1;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time is HH:MM (e.g. 22:00)');
const Name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a name is letters, digits, _, . and - (up to 64)');

export const EmailSettingsSchema = z.strictObject({
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65_535).default(587),
  /** TLS from the first byte (SMTPS, usually port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  /** Refuse to send unless the server upgrades the connection with STARTTLS. */
  requireTLS: z.boolean().default(false),
  /** Never upgrade (a development server on loopback only). */
  ignoreTLS: z.boolean().default(false),
  tls: z
    .strictObject({
      /** Default true: the server's certificate must be trusted. */
      rejectUnauthorized: z.boolean().default(true),
      /** The name the certificate must carry, when `host` is an address. */
      servername: z.string().max(255).optional(),
      /** A PEM CA file to trust besides the system's, relative to the project folder. */
      caFile: z.string().max(500).optional(),
    })
    .optional(),
  auth: z.strictObject({ user: z.string().min(1).max(255), password: SecretRefSchema }).optional(),
  from: z.string().min(3).max(255),
  /** How long one SMTP conversation may take before it counts as failed. */
  timeoutMs: z.number().int().min(1000).max(300_000).default(20_000),
});
export type EmailSettings = z.infer<typeof EmailSettingsSchema>;

export const WebhookSchema = z.strictObject({
  name: Name,
  url: z.url({ protocol: /^https?$/, error: 'a webhook url is http:// or https://' }),
  /** Sent as a bearer token; a reference into the secrets file. */
  secret: SecretRefSchema.optional(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

export const PersonSchema = z.strictObject({
  name: Name,
  email: z.email('not an e-mail address').optional(),
  /** Webhooks that reach this person (the webhook's receiver gets the person's name and phone). */
  phone: z.string().max(40).optional(),
  /**
   * The language of this person's messages (en, de...). Left out: the language of the account of the
   * same name (chosen in the HMI), else the project's default language.
   */
  language: LanguageCodeSchema.optional(),
});
export type Person = z.infer<typeof PersonSchema>;

/** One escalation level: who is told, and how long after the alarm was raised (0: at once). */
export const LevelSchema = z.strictObject({
  people: z.array(Name).min(1).max(50),
  afterMinutes: z
    .number()
    .min(0)
    .max(24 * 60)
    .default(0),
});
export type Level = z.infer<typeof LevelSchema>;

export const RosterSchema = z.strictObject({
  name: Name,
  /** Levels per shift name of shifts.json. */
  shifts: z.record(z.string(), z.array(LevelSchema).min(1)),
  /** Levels for times no shift covers (weekends...). Without it, nobody is told then. */
  otherwise: z.array(LevelSchema).min(1).optional(),
});
export type Roster = z.infer<typeof RosterSchema>;

export const RuleSchema = z.strictObject({
  name: Name,
  /** Every given criterion must match; an empty list or a missing one matches everything. */
  match: z
    .strictObject({
      areas: z.array(z.string().max(100)).max(100).optional(),
      priorities: z.array(AlarmPrioritySchema).optional(),
      /**
       * Alarm classes by condition: `hihi`, `hi`, `lo`, `lolo` (limits), `equals` (discrete states such
       * as a fault), `deviation`, `rate`, `badQuality` (instrument or communication failure).
       */
      classes: z
        .array(z.enum(['hihi', 'hi', 'lo', 'lolo', 'equals', 'deviation', 'rate', 'badQuality']))
        .max(8)
        .optional(),
      /** Equipment by tag path prefix: `Line1/Filler` matches alarms on `Line1/Filler/...`. */
      equipment: z.array(z.string().max(200)).max(100).optional(),
    })
    .default({}),
  roster: Name,
  /** `email`, and `webhook:<name>` for each webhook. */
  channels: z.array(z.string().regex(/^(email|webhook:[A-Za-z0-9][A-Za-z0-9_.-]{0,63})$/, 'a channel is email or webhook:<name>')).min(1),
  /** Alarms of these priorities are sent during quiet hours too (default: critical). */
  quietHoursAllow: z.array(AlarmPrioritySchema).default(['critical']),
});
export type Rule = z.infer<typeof RuleSchema>;

export const NotifyFileSchema = z.strictObject({
  formatVersion: z.literal(NOTIFY_FORMAT_VERSION, { message: `formatVersion must be ${NOTIFY_FORMAT_VERSION}` }),
  /** Where links in messages point (the station as people reach it); default the runtime's own address. */
  linkBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Links carry the station token, so a phone opens them without being set up first. The token lets
   * its holder view the plant (acting still needs a person's sign-in): only where mail stays on the
   * plant's own network.
   */
  linkCarriesToken: z.boolean().default(false),
  email: EmailSettingsSchema.optional(),
  webhooks: z.array(WebhookSchema).default([]),
  people: z.array(PersonSchema).min(1),
  rosters: z.array(RosterSchema).min(1),
  rules: z.array(RuleSchema).min(1),
  /** Plant local time; alarms not allowed by a rule wait out the quiet hours unsent (logged as quiet). */
  quietHours: z.strictObject({ start: LocalTime, end: LocalTime }).optional(),
  /**
   * A flood: more than `maxMessages` messages of one rule within `windowSeconds`. The rest of the
   * window's alarms go out as one summary per rule at the window's end.
   */
  flood: z.strictObject({ windowSeconds: z.number().int().min(1).max(3600).default(60), maxMessages: z.number().int().min(1).max(100_000).default(3) }).default({ windowSeconds: 60, maxMessages: 3 }),
  /** Gives up on a message not delivered for this long (it is then logged as failed). */
  giveUpAfterHours: z
    .number()
    .min(0.01)
    .max(24 * 14)
    .default(24),
  /** The development mailbox (examples/dev-mail) the HMI's Mailbox display reads; never in production. */
  devMailboxUrl: z.url({ protocol: /^http$/ }).optional(),
});
export type NotifyFile = z.infer<typeof NotifyFileSchema>;
