import { join } from 'node:path';
import { AttributeIds, StatusCodes, coerceNodeId, type ClientSession, type DataType, type OPCUAClient } from 'node-opcua';
import { backoffDelay } from '../../common/backoff.ts';
import { dataValue, type DataValue, type Value } from '../../common/data-value.ts';
import type { ConnectionStatus } from '../../common/device.ts';
import type { ReasonText } from '../../common/reasons.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { BrowseNode, Browsable, Diagnosable, Disposable, Driver, DriverChange, DriverContext, DriverFactory, DriverItem, DriverStats, StatusChange } from '../api.ts';
import { OpcuaItemOptionsSchema, parseNodeId, resolveNodeId, type OpcuaItemOptions, type ParsedNodeId } from './address.ts';
import { browseChildren } from './browse.ts';
import { OpcuaPki, type CertificateTrust, type OwnCertificate, type ServerCertificateInfo } from './certificates.ts';
import { OpcuaConfigSchema, type OpcuaConfig } from './config.ts';
import { fromUaDataValue, toVariant } from './convert.ts';
import { describeConnectProblem, type ConnectProblem } from './errors.ts';
import { MonitoredSet } from './monitored-set.ts';
import { routeOpcuaLog } from './opcua-log.ts';
import { onOwnCertificateRenewed, type OwnCertificateInfo } from './own-certificate.ts';
import { checkServerIdentity, createClient, deleteOrphans, IdentityMismatch, userIdentity } from './session-setup.ts';

export const opcuaDriverFactory: DriverFactory<OpcuaConfig> = {
  protocol: 'opcua',
  description: 'OPC UA client (node-opcua): subscriptions, reads, writes, browse; security None/Sign/SignAndEncrypt',
  configSchema: OpcuaConfigSchema,
  secretFields: [
    { path: 'auth.password', label: 'Password (auth type username)' },
    { path: 'auth.privateKey', label: 'Private key, PEM (auth type certificate)', format: 'pem' },
  ],
  validateAddress(address, _config, options) {
    const parsed = parseNodeId(address);
    if (!parsed.ok) return parsed;
    const checked = OpcuaItemOptionsSchema.safeParse(options ?? {});
    if (!checked.success) {
      const issue = checked.error.issues[0];
      return fail('config-error', `options.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, `options.${issue?.path.join('.') ?? ''}`);
    }
    return ok(undefined);
  },
  create: (config, context) => new OpcuaDriver(config, context),
};

interface PreparedItem {
  handle: number;
  nodeId: Result<ParsedNodeId>;
  options: OpcuaItemOptions;
}

interface DriverSubscription {
  items: PreparedItem[];
  listener: (changes: readonly DriverChange[]) => void;
  monitored: MonitoredSet | undefined;
  /** The connection its monitored items are being (or were) created on: never twice on one connection. */
  monitoring: Connection | undefined;
  disposed: boolean;
}

interface Connection {
  client: OPCUAClient;
  session: ClientSession;
  namespaces: string[];
}

/** Read and write calls carry at most this many nodes, to stay within the servers' operation limits. */
const READ_CHUNK = 1000;

/**
 * An OPC UA server as a device. It keeps one client and one session up while wanted: when the connection
 * drops it forgets them, reports 'error', and builds a fresh client, session and subscriptions after a
 * backoff. Recreating (rather than transferring) the subscriptions means the new session holds exactly
 * one monitored item per tag, and every item reports its current value again.
 */
export class OpcuaDriver implements Driver, Browsable, Diagnosable, CertificateTrust, OwnCertificate {
  readonly #config: OpcuaConfig;
  readonly #context: DriverContext;
  readonly #pki: OpcuaPki;
  readonly #statusListeners = new Set<(change: StatusChange) => void>();
  readonly #subscriptions = new Set<DriverSubscription>();
  readonly #dataTypes = new Map<string, DataType>();
  readonly #stats: DriverStats = { requests: 0, errors: 0 };
  #status: ConnectionStatus = 'off';
  #lastError: string | undefined;
  #connection: Connection | undefined;
  #wanted = false;
  #generation = 0;
  #failures = 0;
  readonly #random: () => number;
  /** Subscriptions of a lost session that may still live on the server (a network break, not a restart). */
  #orphans: number[] = [];
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #attempt: Promise<void> | undefined;
  #disposed: Promise<void> | undefined;
  /** Server-side clean-ups still under way (subscriptions being deleted). */
  readonly #closing = new Set<Promise<void>>();
  /** node-opcua's log lines to our logger, and the renewal listener: both released on dispose. */
  readonly #logRoute: Disposable;
  readonly #renewed: Disposable;

  constructor(config: OpcuaConfig, context: DriverContext) {
    this.#config = config;
    this.#random = context.random ? () => context.random!() : Math.random;
    this.#context = context;
    this.#logRoute = routeOpcuaLog(context.log);
    const root = join(context.dataDir, 'pki', 'opcua');
    this.#pki = new OpcuaPki(root, () => this.#retryNow(), { plantName: context.plantName ?? 'Lineside' });
    // A renewed application certificate is used from the next connection on: a secured one reconnects now.
    this.#renewed = onOwnCertificateRenewed(root, () => {
      if (config.securityMode !== 'None') this.#reconnect("Lineside's certificate was renewed: reconnecting with the new one");
    });
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** Why the last connection attempt failed (also sent with the 'error' status). */
  get lastError(): string | undefined {
    return this.#lastError;
  }

  /** Resolves after the first attempt, connected or not; later attempts follow by themselves until `disconnect`. */
  async connect(): Promise<void> {
    if (this.#disposed) throw new Error(`OPC UA device ${this.#context.deviceName} is disposed`);
    if (this.#wanted) return this.#attempt;
    this.#wanted = true;
    this.#setStatus('connecting');
    this.#attempt = this.#tryConnect();
    return this.#attempt;
  }

  async disconnect(): Promise<void> {
    this.#wanted = false;
    this.#generation++;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    await this.#attempt?.catch(() => undefined);
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection) {
      await Promise.allSettled(
        [...this.#subscriptions].map(async (s) => {
          const monitored = s.monitored;
          s.monitored = undefined;
          await monitored?.close();
        }),
      );
      await connection.session.close().catch(() => undefined);
      await connection.client.disconnect().catch(() => undefined);
    }
    this.#setStatus('off');
  }

  onDidChangeStatus(listener: (change: StatusChange) => void): Disposable {
    this.#statusListeners.add(listener);
    return { dispose: () => this.#statusListeners.delete(listener) };
  }

  stats(): DriverStats {
    return { ...this.#stats };
  }

  subscribe(items: readonly DriverItem[], listener: (changes: readonly DriverChange[]) => void): Disposable {
    const subscription: DriverSubscription = { items: items.map((i) => prepare(i)), listener, monitored: undefined, monitoring: undefined, disposed: false };
    this.#subscriptions.add(subscription);
    queueMicrotask(() => {
      if (subscription.disposed) return;
      if (this.#connection) {
        this.#startMonitor(subscription, this.#connection);
        return;
      }
      const now = this.#context.now();
      this.#emit(
        subscription,
        subscription.items.map((i) => ({ handle: i.handle, value: dataValue(null, i.nodeId.ok ? 'BadNotConnected' : 'BadConfigurationError', now) })),
      );
    });
    return {
      dispose: () => {
        subscription.disposed = true;
        this.#subscriptions.delete(subscription);
        const monitored = subscription.monitored;
        subscription.monitored = undefined;
        if (monitored) this.#track(monitored.close());
      },
    };
  }

  /** Resolves when the server-side clean-ups started so far (deleting disposed subscriptions) are done. */
  async settled(): Promise<void> {
    while (this.#closing.size > 0) await Promise.allSettled([...this.#closing]);
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch(() => undefined).finally(() => this.#closing.delete(tracked));
    this.#closing.add(tracked);
  }

  async read(items: readonly DriverItem[]): Promise<DataValue[]> {
    const now = this.#context.now();
    const connection = this.#connection;
    const results: DataValue[] = items.map(() => dataValue(null, 'BadNotConnected', now));
    if (!connection) return results;
    const wanted: { index: number; nodeId: string }[] = [];
    items.forEach((item, index) => {
      const resolved = this.#resolve(item.address, connection);
      if (resolved.ok) wanted.push({ index, nodeId: resolved.value });
      else results[index] = dataValue(null, 'BadConfigurationError', now);
    });
    for (let start = 0; start < wanted.length; start += READ_CHUNK) {
      const chunk = wanted.slice(start, start + READ_CHUNK);
      const values = await this.#request(() =>
        connection.session.read(
          chunk.map((w) => ({ nodeId: w.nodeId, attributeId: AttributeIds.Value })),
          0,
        ),
      ).catch(() => undefined);
      chunk.forEach((w, i) => {
        const value = values?.[i];
        results[w.index] = value ? fromUaDataValue(value, this.#context.now()) : dataValue(null, 'BadCommunicationError', this.#context.now());
      });
    }
    return results;
  }

  async write(address: string, value: Value): Promise<Result<void>> {
    const connection = this.#connection;
    if (!connection) return fail('device-offline', `${this.#context.deviceName}: not connected${this.#lastError ? ` (${this.#lastError})` : ''}`);
    const resolved = this.#resolve(address, connection);
    if (!resolved.ok) return resolved;
    const nodeId = resolved.value;
    try {
      let dataType = this.#dataTypes.get(nodeId);
      if (dataType === undefined) {
        dataType = await this.#request(() => connection.session.getBuiltInDataType(coerceNodeId(nodeId)));
        this.#dataTypes.set(nodeId, dataType);
      }
      const variant = toVariant(value, dataType);
      if (!variant.ok) return variant;
      const status = await this.#request(() => connection.session.write({ nodeId, attributeId: AttributeIds.Value, value: { value: variant.value } }));
      if (status.isGood()) return ok(undefined);
      return fail(writeProblem(status.value), `${address}: the server refused the write (${status.name})`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = /BadNodeIdUnknown/.test(message) ? 'config-error' : 'device-error';
      return fail(code, `${address}: ${code === 'config-error' ? 'no such node on the server' : message}`);
    }
  }

  async browse(browsePath?: string): Promise<Result<BrowseNode[]>> {
    const connection = this.#connection;
    if (!connection) return fail('device-offline', `${this.#context.deviceName}: not connected`);
    const start = browsePath === undefined || browsePath === '' ? 'i=85' : browsePath;
    const resolved = this.#resolve(start, connection);
    if (!resolved.ok) return resolved;
    try {
      return ok(await browseChildren(connection.session, resolved.value, (call) => this.#request(call)));
    } catch (error) {
      return fail('device-error', `browse ${start}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  listServerCertificates(): Promise<ServerCertificateInfo[]> {
    return this.#pki.listServerCertificates();
  }

  trust(thumbprint: string): Promise<void> {
    return this.#pki.trust(thumbprint);
  }

  reject(thumbprint: string): Promise<void> {
    return this.#pki.reject(thumbprint);
  }

  ownCertificate(): Promise<OwnCertificateInfo | undefined> {
    return this.#pki.ownCertificate();
  }

  renewOwnCertificate(): Promise<OwnCertificateInfo> {
    return this.#pki.renewOwnCertificate();
  }

  dispose(): void {
    this.#disposed ??= (async () => {
      this.#renewed.dispose();
      await this.disconnect();
      this.#subscriptions.clear();
      this.#statusListeners.clear();
      await this.#pki.dispose();
      this.#logRoute.dispose();
    })();
  }

  /** Resolves once `dispose` has closed the connection and the PKI (tests wait on it). */
  get closed(): Promise<void> {
    return this.#disposed ?? Promise.resolve();
  }

  async #tryConnect(): Promise<void> {
    const generation = ++this.#generation;
    const config = this.#config;
    let client: OPCUAClient | undefined;
    this.#pki.lastChecked = undefined;
    try {
      await this.#pki.initialize();
      client = createClient(config, this.#context.deviceName, this.#pki);
      await client.connect(config.endpointUrl);
      await checkServerIdentity(client, config, (call) => this.#request(call));
      const session = await client.createSession(await userIdentity(config.auth, this.#context.projectDir));
      if (generation !== this.#generation) {
        await session.close().catch(() => undefined);
        await client.disconnect();
        return;
      }
      const orphans = this.#orphans.filter((id) => id > 0);
      this.#orphans = [];
      await deleteOrphans(session, orphans, (call) => this.#request(call));
      const namespaces = await session.readNamespaceArray();
      const connection: Connection = { client, session, namespaces };
      const lost = (why: string) => this.#lost(generation, why);
      client.on('connection_lost', () => lost('connection to the server lost'));
      client.on('close', () => lost('connection to the server closed'));
      session.on('keepalive_failure', () => lost('the server stopped answering keep-alives'));
      session.on('session_closed', () => lost('the server closed the session'));
      this.#connection = connection;
      // A restarted server may have changed its variables: data types are read again.
      this.#dataTypes.clear();
      this.#failures = 0;
      this.#lastError = undefined;
      this.#log('info', `connected to ${config.endpointUrl} (security ${config.securityMode})`);
      this.#setStatus('ok');
      for (const subscription of this.#subscriptions) this.#startMonitor(subscription, connection);
    } catch (error) {
      if (generation !== this.#generation) {
        await client?.disconnect().catch(() => undefined);
        return;
      }
      const pkiRoot = join(this.#context.dataDir, 'pki', 'opcua');
      const problem: ConnectProblem = error instanceof IdentityMismatch ? { message: error.message } : describeConnectProblem(error, { checked: this.#pki.lastChecked, config, pkiRoot, own: await this.#pki.ownCertificateLabel() });
      let why = problem.message;
      let text = problem.text;
      const thumbprint = /thumbprint ([0-9a-f]{40})/.exec(why)?.[1];
      if (thumbprint && why.includes('is not trusted') && (await this.#pki.isRejectedByUser(thumbprint))) {
        why = why.replace(/is not trusted: .*/, 'was rejected in the Devices view: trust it there to connect');
        text = text?.key === 'device.certificateUntrusted' ? { key: 'device.certificateRejected', params: { subject: text.params['subject'] ?? '', thumbprint } } : undefined;
      }
      await client?.disconnect().catch(() => undefined);
      if (generation !== this.#generation) return;
      this.#stats.errors++;
      this.#failed(why, text);
    }
  }

  /** Drops a working connection on purpose (a renewed certificate) and connects again at once. */
  #reconnect(why: string): void {
    if (!this.#connection) return;
    this.#lost(this.#generation, why);
    this.#retryNow();
  }

  #lost(generation: number, why: string): void {
    if (generation !== this.#generation || !this.#connection) return;
    const connection = this.#connection;
    this.#connection = undefined;
    this.#generation++;
    for (const subscription of this.#subscriptions) {
      this.#orphans.push(...(subscription.monitored?.abandon() ?? []));
      subscription.monitored = undefined;
    }
    void connection.client.disconnect().catch(() => undefined);
    this.#stats.errors++;
    this.#failed(why);
  }

  #failed(why: string, text?: ReasonText): void {
    if (why !== this.#lastError) this.#log('warn', why);
    this.#lastError = why;
    this.#setStatus('error', why, text);
    if (!this.#wanted) return;
    const delay = backoffDelay(this.#failures, { baseMs: this.#config.reconnectMinMs, capMs: this.#config.reconnectMaxMs }, this.#random);
    this.#failures++;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#retryNow(), delay);
  }

  /** Tries again now (after the backoff, or when a certificate has just been trusted). */
  #retryNow(): void {
    if (!this.#wanted || this.#connection) return;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#attempt = this.#tryConnect();
  }

  #startMonitor(subscription: DriverSubscription, connection: Connection): void {
    this.#monitor(subscription, connection).catch((error: unknown) => {
      this.#stats.errors++;
      this.#lastError = `subscribing failed: ${error instanceof Error ? error.message : String(error)}`;
    });
  }

  /** Hands changes to a subscriber; a throwing listener must not break node-opcua's event handling. */
  #emit(subscription: DriverSubscription, changes: readonly DriverChange[]): void {
    try {
      subscription.listener(changes);
    } catch (error) {
      this.#stats.errors++;
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  async #monitor(subscription: DriverSubscription, connection: Connection): Promise<void> {
    if (subscription.disposed || subscription.monitoring === connection) return;
    subscription.monitoring = connection;
    const specs = [];
    const unresolved: DriverChange[] = [];
    for (const item of subscription.items) {
      if (!item.nodeId.ok) {
        unresolved.push({ handle: item.handle, value: dataValue(null, 'BadConfigurationError', this.#context.now()) });
        continue;
      }
      const nodeId = resolveNodeId(item.nodeId.value, connection.namespaces);
      if (nodeId.ok) specs.push({ handle: item.handle, nodeId: nodeId.value, options: item.options });
      else unresolved.push({ handle: item.handle, value: dataValue(null, 'BadConfigurationError', this.#context.now()) });
    }
    if (unresolved.length > 0) this.#emit(subscription, unresolved);
    if (specs.length === 0) return;
    try {
      const deliver = (changes: readonly DriverChange[]) => {
        if (!subscription.disposed && this.#connection === connection) this.#emit(subscription, changes);
      };
      const monitored = await MonitoredSet.create(connection.session, specs, this.#config, deliver, this.#context.now, (ms, failed) => this.#count(ms, failed));
      if (subscription.disposed || this.#connection !== connection) {
        await monitored.close();
        return;
      }
      subscription.monitored = monitored;
    } catch (error) {
      this.#stats.errors++;
      if (this.#connection !== connection || subscription.disposed) return;
      const now = this.#context.now();
      this.#emit(
        subscription,
        specs.map((s) => ({ handle: s.handle, value: dataValue(null, 'BadCommunicationError', now) })),
      );
      this.#lastError = `subscribing failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  #resolve(address: string, connection: Connection): Result<string> {
    const parsed = parseNodeId(address);
    return parsed.ok ? resolveNodeId(parsed.value, connection.namespaces) : parsed;
  }

  async #request<T>(call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await call();
      this.#count(performance.now() - started, false);
      return result;
    } catch (error) {
      this.#count(performance.now() - started, true);
      throw error;
    }
  }

  #count(roundTripMs: number, failed: boolean): void {
    this.#stats.requests++;
    if (failed) this.#stats.errors++;
    else this.#stats.lastRoundTripMs = Math.round(roundTripMs * 10) / 10;
  }

  #log(level: 'info' | 'warn', message: string): void {
    this.#context.log?.({ level, source: `opcua ${this.#context.deviceName}`, message });
  }

  #setStatus(status: ConnectionStatus, error?: string, errorText?: ReasonText): void {
    if (status === this.#status && error === undefined) return;
    this.#status = status;
    const at = this.#context.now();
    const change: StatusChange = error === undefined ? { status, at } : { status, error, ...(errorText ? { errorText } : {}), at };
    for (const listener of [...this.#statusListeners]) listener(change);
  }
}

function prepare(item: DriverItem): PreparedItem {
  const options = OpcuaItemOptionsSchema.safeParse(item.options ?? {});
  const nodeId = parseNodeId(item.address);
  if (!options.success) return { handle: item.handle, nodeId: fail('config-error', 'invalid options'), options: {} };
  return { handle: item.handle, nodeId, options: options.data };
}

function writeProblem(code: number): 'not-writable' | 'type-mismatch' | 'out-of-range' | 'config-error' | 'device-error' {
  if (code === StatusCodes.BadNotWritable.value || code === StatusCodes.BadUserAccessDenied.value) return 'not-writable';
  if (code === StatusCodes.BadTypeMismatch.value) return 'type-mismatch';
  if (code === StatusCodes.BadOutOfRange.value) return 'out-of-range';
  if (code === StatusCodes.BadNodeIdUnknown.value) return 'config-error';
  return 'device-error';
}
