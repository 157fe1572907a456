import { fork, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { until } from './until.ts';

/**
 * A MES service in a child process (test/integration/mes-crash-child.ts) on one store file, driven
 * over IPC and SIGKILLed between steps, so a test sees what survives a crash at each commit.
 */
export class CrashHarness {
  private child: ChildProcess | undefined;
  private readonly replies: Array<{ cmd: string; reply: unknown }> = [];
  private readonly script: string;
  private readonly file: string;
  private readonly baseUrl: string;

  constructor(script: string, file: string, baseUrl: string) {
    this.script = script;
    this.file = file;
    this.baseUrl = baseUrl;
  }

  async boot(): Promise<void> {
    this.replies.length = 0;
    const child = fork(this.script, [this.file, this.baseUrl], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child = child;
    child.on('message', (m: { cmd: string; reply: unknown }) => this.replies.push(m));
    await until(() => this.replies.some((r) => r.cmd === 'ready'), 'the child to start', 15_000);
  }

  /** One command; resolves with its reply, which the child sends after its commit. */
  async send(cmd: string, extra: Record<string, unknown> = {}): Promise<unknown> {
    const before = this.replies.length;
    this.child!.send({ cmd, ...extra });
    const r = await until(() => this.replies.slice(before).find((x) => x.cmd === cmd), `the reply to ${cmd}`, 15_000);
    return r.reply;
  }

  async kill(): Promise<void> {
    const c = this.child;
    this.child = undefined;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    }
  }

  /** A row of the outbox, read from the file as the next boot will find it. */
  outboxRow(key: string): { state: string; in_doubt: number } | undefined {
    return this.read((db) => db.prepare('SELECT state, in_doubt FROM outbox WHERE key = ?').get(key) as { state: string; in_doubt: number } | undefined);
  }

  read<T>(fn: (db: Database.Database) => T): T {
    const db = new Database(this.file, { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }
}
