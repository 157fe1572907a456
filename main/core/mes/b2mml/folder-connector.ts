import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';
import { access, mkdir, readFile, readdir, rename, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { ConnectorHealth, InboundMode } from '../../../../common/mes-config.ts';
import type { Disposable } from '../../../../common/emitter.ts';
import { Emitter } from '../../../../common/emitter.ts';
import type { ConnectorContext, DeliveryOutcome, InboundSink, MesConnector, OutboundMessage, ReadBackOutcome } from '../connector.ts';
import { fileSafe, writeFileAtomic } from '../atomic-file.ts';
import { decodeConfirmBod } from './confirm-bod.ts';
import { HealthTracker } from './connector-health.ts';
import { receiveSchedule } from './inbound.ts';
import type { B2mmlFolderOptions } from './options.ts';
import { encodeOutbound } from './outbound.ts';

export type FolderEvent = { file: string; result: 'processed' | 'rejected'; reason?: string };
type Seen = { size: number; mtimeMs: number };

/** Larger than any real schedule; a file past this is refused rather than read into memory. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
type Waiter = { resolve: (outcome: DeliveryOutcome) => void; timer: NodeJS.Timeout };

/**
 * B2MML over watched folders. Inbound: `.xml` files in `inboundDir` (dot-files and other names are
 * a writer's temporaries and are ignored) are read once unchanged for `settleMs`, handed to the core,
 * and moved to `processed/` or `rejected/` (with `<name>.reason.txt`) only after the core has
 * committed them, so a crash in between reads the file again and the inbox sees a duplicate.
 * Outbound: each message is one file written by temp file + atomic rename, named after its
 * idempotency key, so a resend overwrites rather than duplicates.
 */
export class B2mmlFolderConnector implements MesConnector {
  readonly type = 'b2mml-folder' as const;
  readonly onDidProcess: (listener: (event: FolderEvent) => void) => Disposable;
  readonly onDidScan: (listener: (count: number) => void) => Disposable;
  private readonly processed = new Emitter<FolderEvent>();
  private readonly scanned = new Emitter<number>();
  private readonly healthTracker: HealthTracker;
  private readonly inboundDir: string;
  private readonly outboundDir: string;
  private readonly seen = new Map<string, Seen>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly confirmed = new Map<string, boolean>();
  private sink: InboundSink | undefined;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescan = false;
  private scans = 0;
  private disposed = false;

  readonly id: string;
  private readonly options: B2mmlFolderOptions;
  private readonly context: Pick<ConnectorContext, 'projectDir' | 'now' | 'log'>;

  private readonly mode: InboundMode;

  /** `mode` snapshot: each file is the MES's whole current schedule (unchanged orders cost nothing). */
  constructor(id: string, options: B2mmlFolderOptions, context: Pick<ConnectorContext, 'projectDir' | 'now' | 'log'>, mode: InboundMode = 'queue') {
    this.id = id;
    this.options = options;
    this.context = context;
    this.mode = mode;
    this.inboundDir = resolve(context.projectDir, options.inboundDir);
    this.outboundDir = resolve(context.projectDir, options.outboundDir);
    this.healthTracker = new HealthTracker(context.now);
    this.onDidProcess = this.processed.event;
    this.onDidScan = this.scanned.event;
  }

  async start(inbound: InboundSink): Promise<void> {
    this.sink = inbound;
    this.healthTracker.status('connecting');
    try {
      for (const dir of [this.inboundDir, join(this.inboundDir, 'processed'), join(this.inboundDir, 'rejected'), this.outboundDir]) await mkdir(dir, { recursive: true });
    } catch (error) {
      this.healthTracker.error(`cannot prepare the folders: ${errorText(error)}`);
      throw error;
    }
    this.healthTracker.success();
    // inotify makes pickup prompt; the poll still finds what a network share never reports.
    try {
      this.watcher = watch(this.inboundDir, () => this.kick());
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      this.watcher = undefined;
    }
    this.kick();
  }

  async deliver(message: OutboundMessage): Promise<DeliveryOutcome> {
    const encoded = await encodeOutbound(message, this.options.senderId, this.context.now(), this.options.validateOutbound);
    if (!encoded.ok) return encoded.outcome;
    const name = `${encoded.value.root}-${fileSafe(message.key)}.xml`;
    const waiting = this.options.awaitConfirm ? this.waitForConfirm(message.key) : undefined;
    try {
      await writeFileAtomic(this.outboundDir, name, encoded.value.xml);
    } catch (error) {
      this.cancelWait(message.key);
      this.healthTracker.error(`cannot write ${name}: ${errorText(error)}`);
      return { kind: 'retry', reason: `cannot write ${name}: ${errorText(error)}` };
    }
    this.healthTracker.success();
    return waiting ?? { kind: 'delivered' };
  }

  async readBack(message: OutboundMessage): Promise<ReadBackOutcome> {
    const answer = this.confirmed.get(message.key);
    if (answer !== undefined) return answer ? 'present' : 'absent';
    // A file still waiting in the outbound folder will be read by the MES: resending adds nothing.
    for (const root of ['SyncOperationsPerformance', 'NotifyOperationsEvent']) {
      if (await exists(join(this.outboundDir, `${root}-${fileSafe(message.key)}.xml`))) return 'present';
    }
    return 'unknown';
  }

  health(): ConnectorHealth {
    return this.healthTracker.current;
  }

  onDidChangeHealth(listener: (health: ConnectorHealth) => void): Disposable {
    return this.healthTracker.onDidChange(listener);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    this.watcher?.close();
    await this.scanning;
    for (const [key, waiter] of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve({ kind: 'ambiguous', reason: 'the connector stopped before the MES confirmed' });
      this.waiters.delete(key);
    }
    this.processed.dispose();
    this.scanned.dispose();
    this.healthTracker.dispose();
  }

  private kick(): void {
    if (this.disposed) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    clearTimeout(this.timer);
    this.scanning = this.scan()
      .catch((error: unknown) => this.healthTracker.error(`cannot read ${this.inboundDir}: ${errorText(error)}`))
      .finally(() => {
        this.scanning = undefined;
        if (this.disposed) return;
        const delay = this.rescan ? 0 : this.options.pollIntervalMs;
        this.rescan = false;
        this.timer = setTimeout(() => this.kick(), delay);
      });
  }

  private async scan(): Promise<void> {
    const entries = await readdir(this.inboundDir, { withFileTypes: true });
    const now = this.context.now();
    const ready: Array<{ name: string; mtimeMs: number }> = [];
    const present = new Set<string>();
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.startsWith('.') || extname(entry.name).toLowerCase() !== '.xml') continue;
      present.add(entry.name);
      const info = await stat(join(this.inboundDir, entry.name)).catch(() => undefined);
      if (!info) continue;
      const before = this.seen.get(entry.name);
      this.seen.set(entry.name, { size: info.size, mtimeMs: info.mtimeMs });
      const unchanged = before !== undefined && before.size === info.size && before.mtimeMs === info.mtimeMs;
      if ((this.options.settleMs === 0 || unchanged) && now - info.mtimeMs >= this.options.settleMs) ready.push({ name: entry.name, mtimeMs: info.mtimeMs });
    }
    for (const name of this.seen.keys()) if (!present.has(name)) this.seen.delete(name);
    ready.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
    for (const file of ready) {
      if (this.disposed) break;
      await this.processFile(file.name);
    }
    this.scans += 1;
    this.scanned.fire(this.scans);
  }

  private async processFile(name: string): Promise<void> {
    const path = join(this.inboundDir, name);
    const size = this.seen.get(name)?.size ?? 0;
    if (size > MAX_FILE_BYTES) return this.archive(name, false, `the file is ${size} bytes; at most ${MAX_FILE_BYTES} are read`);
    const xml = await readFile(path, 'utf8');
    if (/<(\w+:)?ConfirmBOD[\s>]/.test(xml.slice(0, 2000))) return this.processConfirm(name, xml);
    let receipt;
    try {
      receipt = await receiveSchedule(xml, { connector: this.id, senderId: this.options.senderId, sink: this.sink!, now: this.context.now, mode: this.mode });
    } catch (error) {
      // Not committed: the file stays where it is and is read again on the next scan.
      this.healthTracker.error(`${name}: the core could not take it: ${errorText(error)}`);
      return;
    }
    const bodId = fileSafe(receipt.bodId ?? basename(name, '.xml'));
    // The schedule's first ConfirmBOD is ConfirmBOD-<BODID>.xml; each further one (a refused order) adds the order id.
    for (const [i, bod] of receipt.confirmBods.entries()) await writeFileAtomic(this.outboundDir, `ConfirmBOD-${bodId}${i > 0 ? `-${fileSafe(bod.orderId ?? String(i))}` : ''}.xml`, bod.xml);
    // Refused orders are named in a .reason.txt; the file is "rejected" only when nothing of it was taken.
    await this.archive(name, receipt.taken > 0 || receipt.accepted, receipt.notes.join('\n'), !receipt.accepted);
  }

  private async processConfirm(name: string, xml: string): Promise<void> {
    const confirm = decodeConfirmBod(xml);
    if (!confirm.ok) return this.archive(name, false, confirm.error.message);
    const { originalBodId, accepted, notes } = confirm.value;
    this.confirmed.set(originalBodId, accepted);
    const waiter = this.waiters.get(originalBodId);
    if (waiter) {
      clearTimeout(waiter.timer);
      this.waiters.delete(originalBodId);
      waiter.resolve(accepted ? { kind: 'delivered' } : { kind: 'quarantine', reason: `the MES rejected it: ${notes.join('; ') || 'no reason given'}` });
    }
    await this.archive(name, true, '');
  }

  private async archive(name: string, accepted: boolean, reason: string, explain = !accepted): Promise<void> {
    const folder = join(this.inboundDir, accepted ? 'processed' : 'rejected');
    let target = name;
    if (await exists(join(folder, target))) target = `${basename(name, extname(name))}.${this.context.now()}${extname(name)}`;
    if (explain) await writeFileAtomic(folder, `${target}.reason.txt`, `${reason}\n`);
    await rename(join(this.inboundDir, name), join(folder, target));
    this.seen.delete(name);
    this.processed.fire(accepted ? { file: name, result: 'processed' } : { file: name, result: 'rejected', reason });
  }

  private waitForConfirm(key: string): Promise<DeliveryOutcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        resolve({ kind: 'ambiguous', reason: `no ConfirmBOD from the MES within ${this.options.confirmTimeoutMs} ms` });
      }, this.options.confirmTimeoutMs);
      this.waiters.set(key, { resolve, timer });
    });
  }

  private cancelWait(key: string): void {
    const waiter = this.waiters.get(key);
    if (waiter) clearTimeout(waiter.timer);
    this.waiters.delete(key);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
