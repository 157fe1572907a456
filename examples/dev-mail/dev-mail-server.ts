import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** One message as received, in the shape the HMI's Mailbox display reads (common/notify-contract.ts). */
export interface DevMail {
  id: string;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: number;
}

export interface DevMailOptions {
  /** SMTP port on 127.0.0.1 (0: any free one). */
  smtpPort: number;
  /** HTTP port of the mailbox (`GET /messages`), 0: any free one; undefined: no HTTP. */
  httpPort?: number | undefined;
  /** When given, the server asks for this user and password (AUTH PLAIN/LOGIN). */
  auth?: { user: string; password: string } | undefined;
  /** TLS key and certificate (PEM): STARTTLS is offered; without them it is not. */
  tls?: { key: string; cert: string } | undefined;
  /** Keep at most this many messages (oldest dropped). Default 500. */
  keep?: number;
}

/**
 * A development mail server (the npm `smtp-server` package) on loopback: it accepts every message,
 * parses it (mailparser) and keeps it in memory, newest first, for the HMI's Mailbox display over
 * HTTP and for tests. Never a real mail server: it delivers nothing anywhere.
 */
export class DevMailServer {
  readonly messages: DevMail[] = [];
  private smtp: SMTPServer | undefined;
  private http: Server | undefined;
  private readonly options: DevMailOptions;
  private smtpPort: number;
  private readonly listeners = new Set<(mail: DevMail) => void>();

  constructor(options: DevMailOptions) {
    this.options = options;
    this.smtpPort = options.smtpPort;
  }

  get port(): number {
    return this.smtpPort;
  }

  get httpUrl(): string | undefined {
    const address = this.http?.address() as AddressInfo | null | undefined;
    return address ? `http://127.0.0.1:${address.port}` : undefined;
  }

  /** Told for every message received (tests wait on it). */
  onMail(listener: (mail: DevMail) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    await this.up();
    if (this.options.httpPort !== undefined) {
      const http = createServer((req, res) => {
        if (req.method === 'GET' && req.url === '/messages') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(this.messages));
        } else if (req.method === 'DELETE' && req.url === '/messages') {
          this.messages.length = 0;
          res.writeHead(204).end();
        } else res.writeHead(404).end();
      });
      this.http = http;
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(this.options.httpPort, '127.0.0.1', () => resolve());
      });
    }
  }

  /** Starts (again) the SMTP side on the same port: the mail server coming back. */
  async up(): Promise<void> {
    if (this.smtp) return;
    const { auth, tls } = this.options;
    const options: SMTPServerOptions = {
      name: 'lineside-dev-mail',
      banner: 'Lineside development mail server',
      authOptional: !auth,
      disabledCommands: tls ? [] : ['STARTTLS'],
      allowInsecureAuth: !tls,
      ...(tls ? { key: tls.key, cert: tls.cert } : {}),
      logger: false,
      size: 1024 * 1024,
      // Pooled clients keep their connections open: going down must not wait for them (default 30 s).
      closeTimeout: 500,
      onAuth: (a, _session, callback) => {
        if (auth && a.username === auth.user && a.password === auth.password) callback(null, { user: a.username });
        else callback(new Error('Invalid username or password'));
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const mail: DevMail = {
              id: randomUUID(),
              messageId: parsed.messageId ?? '',
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              receivedAt: Date.now(),
            };
            this.messages.unshift(mail);
            this.messages.length = Math.min(this.messages.length, this.options.keep ?? 500);
            for (const listener of this.listeners) listener(mail);
            callback();
          })
          .catch((error: unknown) => callback(error as Error));
      },
    };
    const smtp = new SMTPServer(options);
    smtp.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      smtp.server.once('error', reject);
      smtp.listen(this.smtpPort, '127.0.0.1', () => resolve());
    });
    this.smtpPort = (smtp.server.address() as AddressInfo).port;
    this.smtp = smtp;
  }

  /** Stops the SMTP side (the mail server going down); the mailbox keeps what it has. */
  async down(): Promise<void> {
    const smtp = this.smtp;
    this.smtp = undefined;
    if (!smtp) return;
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.down();
    const http = this.http;
    this.http = undefined;
    if (http) {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  }
}
