import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's postgresql-15 (`apt-get install postgresql-15`); LINESIDE_PG_BIN overrides. */
export const PG_BIN = process.env['LINESIDE_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

export interface LocalClusterOptions {
  /** The folder to hold the cluster (made when missing); a new temporary folder when left out. */
  dir?: string;
  /** 127.0.0.1 port; a free one when left out. */
  port?: number;
  /** Server settings (`-c name=value`), e.g. `{ fsync: 'off' }` for tests that do not measure. */
  settings?: Record<string, string>;
}

/**
 * A PostgreSQL cluster of its own, for tests, benchmarks and the example site: initdb in a folder and
 * pg_ctl on a loopback port, trust authentication for the `lineside` role on 127.0.0.1 only. PostgreSQL
 * refuses to run as root, so as root the server runs as the `postgres` user that Debian's package makes.
 */
export class LocalCluster {
  readonly dir: string;
  readonly port: number;
  readonly host = '127.0.0.1';
  readonly user = 'lineside';
  readonly database = 'lineside';
  private readonly ownsDir: boolean;
  private readonly settings: Record<string, string>;

  private constructor(dir: string, port: number, ownsDir: boolean, settings: Record<string, string>) {
    this.dir = dir;
    this.port = port;
    this.ownsDir = ownsDir;
    this.settings = settings;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** A connection string for node-postgres. */
  get url(): string {
    return `postgres://${this.user}@${this.host}:${this.port}/${this.database}`;
  }

  /** Makes the cluster (initdb) if the folder has none, starts it and makes the database. */
  static async start(options: LocalClusterOptions = {}): Promise<LocalCluster> {
    if (!existsSync(join(PG_BIN, 'initdb'))) {
      throw new Error(`PostgreSQL 15 is not installed (no ${join(PG_BIN, 'initdb')}): apt-get install postgresql-15, or set LINESIDE_PG_BIN`);
    }
    const ownsDir = options.dir === undefined;
    const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'lineside-pg-')));
    await mkdir(dir, { recursive: true });
    const cluster = new LocalCluster(dir, options.port ?? (await freePort()), ownsDir, options.settings ?? {});
    const fresh = !existsSync(join(cluster.dataDir, 'PG_VERSION'));
    if (fresh) await cluster.initdb();
    await cluster.startServer();
    if (fresh) await cluster.pg('createdb', ['-h', cluster.host, '-p', String(cluster.port), '-U', cluster.user, cluster.database]);
    return cluster;
  }

  /** Starts the server again after `stop` or `crash` (same folder, same port). */
  async startServer(): Promise<void> {
    const opts = [`-p ${this.port}`, `-k ${this.dir}`, "-c listen_addresses='127.0.0.1'", ...Object.entries(this.settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
    await this.pg('pg_ctl', ['start', '-w', '-t', '60', '-D', this.dataDir, '-l', join(this.dir, 'server.log'), '-o', opts]);
  }

  /** The server's pid file is there (pg_ctl's own test). */
  get running(): boolean {
    return existsSync(join(this.dataDir, 'postmaster.pid'));
  }

  /** A clean shutdown (connections are ended). */
  async stop(): Promise<void> {
    await this.pg('pg_ctl', ['stop', '-w', '-t', '60', '-m', 'fast', '-D', this.dataDir]);
  }

  /** As a power cut would: no checkpoint, recovery at the next start. */
  async crash(): Promise<void> {
    await this.pg('pg_ctl', ['stop', '-w', '-t', '60', '-m', 'immediate', '-D', this.dataDir]);
  }

  /** Stops the server (if running) and removes a folder this made. */
  async dispose(): Promise<void> {
    if (this.running) await this.stop().catch(() => this.crash().catch(() => undefined));
    if (this.ownsDir) await rm(this.dir, { recursive: true, force: true });
  }

  private async initdb(): Promise<void> {
    if (asRoot()) {
      // The server's user must reach the folder and own its data directory.
      await chmod(this.dir, 0o755);
      await mkdir(this.dataDir, { recursive: true });
      const { uid, gid } = await postgresIds();
      await chown(this.dir, uid, gid);
      await chown(this.dataDir, uid, gid);
    }
    await this.pg('initdb', ['-D', this.dataDir, '-U', this.user, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  }

  private async pg(tool: string, args: string[]): Promise<void> {
    const file = join(PG_BIN, tool);
    try {
      if (asRoot()) await run('/usr/sbin/runuser', ['-u', 'postgres', '--', file, ...args], { cwd: this.dir });
      else await run(file, args, { cwd: this.dir });
    } catch (error) {
      const e = error as Error & { stderr?: string; stdout?: string };
      throw new Error(`${tool} failed: ${(e.stderr || e.stdout || e.message).trim()}`, { cause: error });
    }
  }
}

function asRoot(): boolean {
  return process.getuid?.() === 0;
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: g } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(g.trim()) };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
