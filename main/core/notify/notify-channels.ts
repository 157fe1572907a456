import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { SecretLookup } from '../secrets/secret-store.ts';
import type { EmailSettings, Webhook } from './notify-schema.ts';
import type { StoredMessage } from './notify-store.ts';

/** How one delivery went: accepted, or failed (`permanent`: retrying cannot help, e.g. 550 no such mailbox). */
export type DeliveryOutcome = { ok: true; detail: string } | { ok: false; error: string; permanent: boolean };

export interface Channel {
  send(message: StoredMessage): Promise<DeliveryOutcome>;
  close(): void;
}

/**
 * E-mail over SMTP (nodemailer, a pooled transport): TLS from the start (`secure`) or by STARTTLS
 * (`requireTLS` insists), the server certificate checked unless told otherwise, and authentication
 * with the password read from the station's secrets file at each connection, never from the project.
 * The message id is the outbox's, so a retry is the same message to the receiver.
 */
export class EmailChannel implements Channel {
  private transport: Transporter | undefined;
  private readonly settings: EmailSettings;
  private readonly secrets: SecretLookup;
  private readonly projectDir: string;
  private password: string | undefined;

  constructor(settings: EmailSettings, secrets: SecretLookup, projectDir: string) {
    this.settings = settings;
    this.secrets = secrets;
    this.projectDir = projectDir;
  }

  private transporter(): Transporter | string {
    const { settings } = this;
    let password: string | undefined;
    if (settings.auth) {
      password = this.secrets.get(settings.auth.password.secret);
      if (password === undefined) return `the SMTP password is not set: npm run secrets -- set ${settings.auth.password.secret}`;
    }
    // A password changed in the secrets file takes effect with a new pool.
    if (this.transport && password === this.password) return this.transport;
    this.transport?.close();
    let ca: string | undefined;
    if (settings.tls?.caFile) {
      try {
        ca = readFileSync(resolve(this.projectDir, settings.tls.caFile), 'utf8');
      } catch (error) {
        return `cannot read the CA file ${settings.tls.caFile}: ${(error as Error).message}`;
      }
    }
    this.password = password;
    this.transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 8,
      maxMessages: 1000,
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: settings.requireTLS,
      ignoreTLS: settings.ignoreTLS,
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
      tls: {
        rejectUnauthorized: settings.tls?.rejectUnauthorized ?? true,
        ...(settings.tls?.servername ? { servername: settings.tls.servername } : {}),
        ...(ca ? { ca } : {}),
      },
      ...(settings.auth && password !== undefined ? { auth: { user: settings.auth.user, pass: password } } : {}),
    });
    return this.transport;
  }

  async send(message: StoredMessage): Promise<DeliveryOutcome> {
    const transport = this.transporter();
    if (typeof transport === 'string') return { ok: false, error: transport, permanent: false };
    try {
      const info = (await transport.sendMail({
        from: this.settings.from,
        to: message.recipients,
        subject: message.subject,
        text: message.body,
        messageId: `<${message.id}>`,
        headers: { 'X-Lineside-Alarm': message.alarmId, 'X-Lineside-Rule': message.rule },
      })) as { response?: string; rejected?: unknown[] };
      return { ok: true, detail: info.response ?? 'accepted' };
    } catch (error) {
      const e = error as Error & { responseCode?: number; code?: string };
      // 5xx: the server refused this message for good (no such mailbox, message refused); anything else may pass later.
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.code !== 'EAUTH';
      return { ok: false, error: `${e.code ? `${e.code}: ` : ''}${e.message}`, permanent };
    }
  }

  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}

/**
 * A webhook: one POST of JSON per message (alarm, value, equipment, link, recipients with phone
 * numbers), for SMS or voice gateways and chat tools, with the secret as a bearer token and the
 * message id in `Idempotency-Key`, so a receiver can drop a retry it already has.
 */
export class WebhookChannel implements Channel {
  private readonly webhook: Webhook;
  private readonly secrets: SecretLookup;
  private readonly timeoutMs: number;

  constructor(webhook: Webhook, secrets: SecretLookup, timeoutMs = 10_000) {
    this.webhook = webhook;
    this.secrets = secrets;
    this.timeoutMs = timeoutMs;
  }

  async send(message: StoredMessage): Promise<DeliveryOutcome> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': message.id };
    if (this.webhook.secret) {
      const secret = this.secrets.get(this.webhook.secret.secret);
      if (secret === undefined) return { ok: false, error: `the webhook secret is not set: npm run secrets -- set ${this.webhook.secret.secret}`, permanent: false };
      headers['authorization'] = `Bearer ${secret}`;
    }
    // A timer of our own (AbortSignal.timeout's outlives the call), cleared when the call ends.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    try {
      const response = await fetch(this.webhook.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ id: message.id, kind: message.kind, rule: message.rule, level: message.level, subject: message.subject, text: message.body, ...message.payload }),
        signal: abort.signal,
      });
      await response.arrayBuffer();
      if (response.ok) return { ok: true, detail: `HTTP ${response.status}` };
      // 4xx other than 408/429: the receiver refuses this message as it is.
      const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
      return { ok: false, error: `HTTP ${response.status} from ${this.webhook.name}`, permanent };
    } catch (error) {
      return { ok: false, error: `${this.webhook.name}: ${(error as Error).message}`, permanent: false };
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {}
}
