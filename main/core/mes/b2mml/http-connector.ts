import type { ConnectorHealth, InboundMode } from '../../../../common/mes-config.ts';
import type { Disposable } from '../../../../common/emitter.ts';
import type { ConnectorContext, DeliveryOutcome, InboundSink, MesConnector, OutboundMessage, ReadBackOutcome } from '../connector.ts';
import { decodeConfirmBod } from './confirm-bod.ts';
import { HealthTracker } from './connector-health.ts';
import type { HttpAnswer } from './http-client.ts';
import { HttpClient, HttpFailure, retryAfterMs } from './http-client.ts';
import { receiveSchedule, snapshotDigest } from './inbound.ts';
import type { B2mmlHttpOptions } from './options.ts';
import { resolveSecret } from './options.ts';
import { encodeOutbound } from './outbound.ts';

/** Schedules pulled per poll at most, so one poll cannot run forever against a busy MES. */
const MAX_PER_POLL = 50;
const REFUSED = new Set([400, 413, 415, 422]);
const TRANSIENT = new Set([408, 425, 429]);

/**
 * B2MML over HTTP. Outbound: POST the BOD (SyncOperationsPerformance or NotifyOperationsEvent) with
 * an Idempotency-Key header equal to its BODID; the status says which outcome it was. Inbound, queue
 * mode: pull `GET schedulesPath` (200 with one ProcessOperationsSchedule, 204 when none is pending)
 * and answer each with its ConfirmBODs to `confirmPath` once the core has committed it: an MES keeps
 * offering a schedule until it is confirmed, so nothing is lost if Lineside stops in between.
 * Snapshot mode: one GET per poll answers the whole current schedule (204: no orders); only new,
 * changed or refused orders are confirmed.
 */
export class B2mmlHttpConnector implements MesConnector {
  readonly type = 'b2mml-http' as const;
  readonly id: string;
  private readonly options: B2mmlHttpOptions;
  private readonly context: Pick<ConnectorContext, 'now' | 'log'>;
  private readonly client: HttpClient;
  private readonly healthTracker: HealthTracker;
  private sink: InboundSink | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private disposed = false;
  private readonly mode: InboundMode;
  /** Snapshot mode: the digest of the last whole schedule the core took and the MES was answered for. */
  private lastSnapshot: string | undefined;
  /** Present only when the MES offers a read-back endpoint (`messagesPath`); without it an in-doubt message is resent under its key. */
  readonly readBack?: (message: OutboundMessage) => Promise<ReadBackOutcome>;

  constructor(id: string, options: B2mmlHttpOptions, context: Pick<ConnectorContext, 'now' | 'log'>, mode: InboundMode = 'queue') {
    this.id = id;
    this.options = options;
    this.context = context;
    this.mode = mode;
    const token = resolveSecret(options.token);
    this.client = new HttpClient(options.baseUrl, options.timeoutMs, token ? { Authorization: `Bearer ${token}` } : {});
    this.healthTracker = new HealthTracker(context.now);
    const messagesPath = options.messagesPath;
    if (messagesPath !== null) this.readBack = (message) => this.track(this.ask(messagesPath, message));
  }

  async start(inbound: InboundSink): Promise<void> {
    this.sink = inbound;
    this.healthTracker.status('connecting');
    if (this.options.pollIntervalMs > 0) this.schedulePoll(0);
  }

  deliver(message: OutboundMessage): Promise<DeliveryOutcome> {
    return this.track(this.send(message));
  }

  private async ask(messagesPath: string, message: OutboundMessage): Promise<ReadBackOutcome> {
    try {
      const answer = await this.client.request('GET', `${messagesPath}?key=${encodeURIComponent(message.key)}`);
      if (answer.status === 200) return 'present';
      if (answer.status === 404) return 'absent';
      return 'unknown';
    } catch {
      return 'unknown';
    }
  }

  health(): ConnectorHealth {
    return this.healthTracker.current;
  }

  onDidChangeHealth(listener: (health: ConnectorHealth) => void): Disposable {
    return this.healthTracker.onDidChange(listener);
  }

  /** Pulls pending schedules now (also what the timer does). */
  pollNow(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.polling ??= this.poll().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    await this.polling;
    await Promise.allSettled([...this.inFlight]);
    this.client.dispose();
    this.healthTracker.dispose();
  }

  private async send(message: OutboundMessage): Promise<DeliveryOutcome> {
    const encoded = await encodeOutbound(message, this.options.senderId, this.context.now(), this.options.validateOutbound);
    if (!encoded.ok) return encoded.outcome;
    const path = encoded.value.root === 'NotifyOperationsEvent' ? this.options.eventsPath : this.options.performancePath;
    let answer: HttpAnswer;
    try {
      answer = await this.client.request('POST', path, encoded.value.xml, { 'Idempotency-Key': message.key });
    } catch (error) {
      const failure = error instanceof HttpFailure ? error : new HttpFailure(String(error), true);
      this.healthTracker.error(failure.message);
      return failure.maybeReceived ? { kind: 'ambiguous', reason: failure.message } : { kind: 'retry', reason: failure.message };
    }
    const outcome = this.classify(answer, path);
    if (outcome.kind === 'delivered' || outcome.kind === 'quarantine') this.healthTracker.success();
    else this.healthTracker.error(outcome.kind === 'retry' || outcome.kind === 'ambiguous' ? outcome.reason : 'refused');
    return outcome;
  }

  private classify(answer: HttpAnswer, path: string): DeliveryOutcome {
    const { status } = answer;
    const said = summary(answer.body);
    if (status >= 200 && status < 300) {
      const confirm = answer.body.trim() ? decodeConfirmBod(answer.body) : undefined;
      if (confirm?.ok && !confirm.value.accepted) return { kind: 'quarantine', reason: `the MES rejected it: ${confirm.value.notes.join('; ') || 'no reason given'}` };
      return { kind: 'delivered' };
    }
    // 409: the MES already holds this key, which is what delivered means for an idempotent send.
    if (status === 409) return { kind: 'delivered' };
    if (REFUSED.has(status)) return { kind: 'quarantine', reason: `the MES refused it (HTTP ${status}): ${said}` };
    const retryAfter = retryAfterMs(answer.headers['retry-after'], this.context.now());
    const later = retryAfter === undefined ? {} : { retryAfterMs: retryAfter };
    const retry = (reason: string): DeliveryOutcome => ({ kind: 'retry', reason, ...later });
    // A 5xx may come after the MES applied it (or from a proxy in front of it): in doubt, read back first.
    if (status >= 500) return { kind: 'ambiguous', reason: `HTTP ${status} from POST ${path}: ${said}`, ...later };
    if (TRANSIENT.has(status)) return retry(`HTTP ${status} from POST ${path}: ${said}`);
    if (status === 401 || status === 403) return retry(`HTTP ${status}: the MES refused Lineside's credentials (check the token)`);
    if (status === 404 || status === 405) return retry(`HTTP ${status}: no B2MML endpoint at POST ${path} (check baseUrl and paths)`);
    return { kind: 'quarantine', reason: `unexpected HTTP ${status} from POST ${path}: ${said}` };
  }

  private async poll(): Promise<void> {
    try {
      if (this.mode === 'snapshot') await this.pullSnapshot();
      else {
        for (let i = 0; i < MAX_PER_POLL && !this.disposed; i++) if (!(await this.pullOne())) break;
      }
      this.healthTracker.success();
    } catch (error) {
      this.healthTracker.error(error instanceof Error ? error.message : String(error));
    } finally {
      this.schedulePoll(this.options.pollIntervalMs);
    }
  }

  /** One pending schedule, committed then confirmed; false when the MES has none (204). */
  private async pullOne(): Promise<boolean> {
    const answer = await this.client.request('GET', this.options.schedulesPath);
    if (answer.status === 204) return false;
    if (answer.status !== 200) throw new Error(`GET ${this.options.schedulesPath}: HTTP ${answer.status}: ${summary(answer.body)}`);
    const receipt = await receiveSchedule(answer.body, { connector: this.id, senderId: this.options.senderId, sink: this.sink!, now: this.context.now, alwaysConfirm: true });
    if (receipt.confirmBods.length === 0) throw new Error(`a schedule without a readable BODID cannot be confirmed: ${receipt.notes.join('; ')}`);
    await this.confirm(receipt.confirmBods);
    return true;
  }

  /** The whole current schedule: one GET; only what changed is stored and confirmed. */
  private async pullSnapshot(): Promise<void> {
    const answer = await this.client.request('GET', this.options.schedulesPath);
    if (answer.status === 204) {
      this.lastSnapshot = undefined;
      await this.sink!.receiveSnapshot!(this.id, []);
      return;
    }
    if (answer.status !== 200) throw new Error(`GET ${this.options.schedulesPath}: HTTP ${answer.status}: ${summary(answer.body)}`);
    // The same schedule as last time, word for word (its ApplicationArea aside): the core would find every
    // order unchanged, so a 500-order document is not parsed again on every poll.
    const digest = snapshotDigest(answer.body);
    if (digest === this.lastSnapshot) return;
    const receipt = await receiveSchedule(answer.body, { connector: this.id, senderId: this.options.senderId, sink: this.sink!, now: this.context.now, alwaysConfirm: true, mode: 'snapshot' });
    await this.confirm(receipt.confirmBods);
    this.lastSnapshot = digest;
  }

  private async confirm(bods: ReadonlyArray<{ xml: string }>): Promise<void> {
    for (const bod of bods) {
      const confirmed = await this.client.request('POST', this.options.confirmPath, bod.xml);
      if (confirmed.status < 200 || confirmed.status >= 300) throw new Error(`POST ${this.options.confirmPath}: HTTP ${confirmed.status}: ${summary(confirmed.body)}`);
    }
  }

  private schedulePoll(delay: number): void {
    if (this.disposed || this.options.pollIntervalMs === 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pollNow(), delay);
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }
}

/** The peer's words, short: a ConfirmBOD's notes when it sent one, else the start of the body. */
function summary(body: string): string {
  const confirm = body.trim().startsWith('<') ? decodeConfirmBod(body) : undefined;
  if (confirm?.ok && confirm.value.notes.length > 0) return confirm.value.notes.join('; ');
  const text = body.replace(/\s+/g, ' ').trim();
  return text === '' ? '(no body)' : text.slice(0, 300);
}
