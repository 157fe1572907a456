import { z } from 'zod';

/**
 * Alarm notifications (notify.json, issue 21): the log of every message sent, failed, retried or held
 * back by quiet hours, and the development mailbox the example's SMTP server fills.
 */

export const NOTIFICATION_KINDS = ['alarm', 'escalation', 'summary'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** pending: queued or retrying; sent: accepted by the server; failed: given up; quiet: held back by quiet hours. */
export const NOTIFICATION_STATES = ['pending', 'sent', 'failed', 'quiet'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

export const NotificationEntrySchema = z.object({
  /** The Message-ID, the same on every retry. */
  id: z.string(),
  rule: z.string(),
  alarmId: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  /** The escalation level (0: the first people told). */
  level: z.number().int(),
  channel: z.string(),
  recipients: z.array(z.string()),
  subject: z.string(),
  state: z.enum(NOTIFICATION_STATES),
  attempts: z.number().int(),
  createdAt: z.number(),
  sentAt: z.number().optional(),
  nextAt: z.number(),
  lastError: z.string(),
  /** Each attempt: sent, retry (failed, tried again later), failed (given up) or quiet. */
  history: z.array(z.object({ at: z.number(), outcome: z.string(), detail: z.string() })),
});
export type NotificationEntry = z.infer<typeof NotificationEntrySchema>;

export const MailboxMessageSchema = z.object({
  id: z.string(),
  messageId: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  receivedAt: z.number(),
});
export type MailboxMessage = z.infer<typeof MailboxMessageSchema>;

export const notifyCalls = {
  /** The notification log, newest first, with each message's attempts. */
  'notify.log': {
    params: z.strictObject({ limit: z.number().int().min(1).max(1000).default(100), alarmId: z.string().max(200).optional() }),
    result: z.object({
      configured: z.boolean(),
      counts: z.object({ pending: z.number(), sent: z.number(), failed: z.number(), quiet: z.number() }),
      entries: z.array(NotificationEntrySchema),
    }),
  },
  /** The messages the development SMTP server received (notify.json devMailboxUrl), newest first. */
  'notify.mailbox': {
    params: z.strictObject({}),
    result: z.object({ configured: z.boolean(), reachable: z.boolean(), messages: z.array(MailboxMessageSchema) }),
  },
} as const;
