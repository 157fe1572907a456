import { z } from 'zod';

const SenderId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'a sender id is letters, digits, ., _, : and -')
  .default('LINESIDE');
/**
 * Check each outgoing document against the XSDs before sending (quarantined if refused). Off by
 * default: libxml2 in WebAssembly takes about half a second per document, which would stretch the
 * catch-up after an outage; the tests validate every kind Lineside writes.
 */
const ValidateOutbound = z.boolean().default(false);
const Folder = z.string().min(1, 'a folder path is required');

/** Options of the B2MML watched-folder connector (`type: "b2mml-folder"`). */
export const B2mmlFolderOptionsSchema = z.strictObject({
  /** Where the MES drops ProcessOperationsSchedule and ConfirmBOD files; relative to the project folder. */
  inboundDir: Folder,
  /** Where Lineside writes SyncOperationsPerformance, NotifyOperationsEvent and ConfirmBOD files. */
  outboundDir: Folder,
  senderId: SenderId,
  pollIntervalMs: z.number().int().min(20).max(60_000).default(1_000),
  /** A file is read only once unchanged for this long, so a file still being written is left alone. */
  settleMs: z.number().int().min(0).max(600_000).default(1_000),
  /** Count a message delivered only when the MES's ConfirmBOD for it arrives (else: once written). */
  awaitConfirm: z.boolean().default(false),
  validateOutbound: ValidateOutbound,
  confirmTimeoutMs: z.number().int().min(100).max(3_600_000).default(60_000),
});
export type B2mmlFolderOptions = z.output<typeof B2mmlFolderOptionsSchema>;

/** Options of the B2MML over HTTP connector (`type: "b2mml-http"`). */
export const B2mmlHttpOptionsSchema = z.strictObject({
  /** The MES's B2MML root, e.g. http://127.0.0.1:8720/b2mml. */
  baseUrl: z.url({ message: 'must be an http(s) URL' }).refine((u) => /^https?:/.test(u), 'must be an http(s) URL'),
  /** Bearer token; `${ENV_NAME}` reads it from the environment. */
  token: z.string().min(1).optional(),
  senderId: SenderId,
  performancePath: z.string().startsWith('/').default('/performance'),
  eventsPath: z.string().startsWith('/').default('/events'),
  schedulesPath: z.string().startsWith('/').default('/schedules'),
  confirmPath: z.string().startsWith('/').default('/confirm'),
  /**
   * `GET <messagesPath>?key=…` answers 200 when the MES holds that key, 404 when not: read back
   * before resending a message in doubt. `null` when the MES has no such endpoint: a message in doubt
   * is then resent under the same key, and the MES must deduplicate by it.
   */
  messagesPath: z.string().startsWith('/').nullable().default('/messages'),
  /** How often pending schedules are pulled (0: never). */
  pollIntervalMs: z.number().int().min(0).max(3_600_000).default(5_000),
  timeoutMs: z.number().int().min(100).max(120_000).default(5_000),
  validateOutbound: ValidateOutbound,
});
export type B2mmlHttpOptions = z.output<typeof B2mmlHttpOptionsSchema>;

/** `${NAME}` in a token reads the environment, so secrets stay out of the project files. */
export function resolveSecret(value: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (value === undefined) return undefined;
  const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
  return match ? env[match[1]!] : value;
}
