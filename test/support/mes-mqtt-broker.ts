import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { until } from './until.ts';

export const MOSQUITTO = '/usr/sbin/mosquitto';

/**
 * A real mosquitto on 127.0.0.1 with a temp config and on-disk persistence, so a restart keeps
 * persistent sessions and their queued QoS 1 messages, as a production broker does.
 */
export class TestBroker {
  readonly dir = mkdtempSync(join(tmpdir(), 'lineside-mosquitto-'));
  port = 0;
  private child: ChildProcess | undefined;

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    // Started as root, mosquitto drops to its own user, which must be able to write the persistence file.
    chmodSync(this.dir, 0o777);
    writeFileSync(join(this.dir, 'mosquitto.conf'), [`listener ${this.port} 127.0.0.1`, 'allow_anonymous true', 'persistence true', `persistence_location ${this.dir}/`, 'log_dest none', ''].join('\n'));
    const child = spawn(MOSQUITTO, ['-c', join(this.dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // mosquitto (log_dest none) announces nothing: the port taking connections is the state to wait for.
    await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`mosquitto exited (${child.exitCode})`);
        return accepts(this.port);
      },
      `mosquitto to listen on ${this.port}`,
      10_000,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr}`);
    });
  }

  /** SIGTERM: mosquitto saves its persistence file on the way out. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
