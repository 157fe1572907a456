import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Clock } from '../../../common/clock.ts';
import type { ConnectionStatus } from '../../../common/device.ts';
import type { Disposable } from '../../../common/emitter.ts';
import type { Logger } from '../../../common/logger.ts';
import type { Result } from '../../../common/result.ts';
import { decodePayload, encodePayload, metricValue, type IncomingMetric, type OutgoingMetric } from '../../../drivers/sparkplug/payload.ts';
import { parseTopic, topicOf } from '../../../drivers/sparkplug/topic.ts';
import { SparkplugType, sparkplugTypeOf, typeName } from '../../../drivers/sparkplug/types.ts';
import type { AuditSink } from '../audit/audit-trail.ts';
import type { TagEngine, TagSlot } from '../tags/tag-engine.ts';
import type { WriteActor } from '../tags/tag-writer.ts';
import { selects, type EdgeConfig } from './edge-config.ts';

export interface EdgeNodeDeps {
  engine: TagEngine;
  clock: Clock;
  /** Where the bdSeq of the last session is kept, so a restart never reuses the one its old will carries. */
  dataDir: string;
  audit: AuditSink;
  log: Logger;
  /** The one tag writer: type, limits, scaling, the device, and the audit record of an accepted write. */
  write(path: string, value: number | boolean | string, by: WriteActor): Promise<Result<unknown>>;
  permissionsOf(role: string): readonly string[];
  needsSignature(path: string): boolean;
}

interface Metric {
  alias: number;
  slot: TagSlot;
  datatype: number;
}

const BDSEQ_FILE = 'sparkplug-bdseq';
const SEQ_MODULO = 256;
const REBIRTH = 'Node Control/Rebirth';

/**
 * A station as a Sparkplug B edge node (Sparkplug 3.0): NBIRTH with bdSeq and Node Control/Rebirth,
 * a DBIRTH with the selected tags as metrics (name, alias, datatype, value, quality), DDATA with the
 * changes, NDEATH as its MQTT will (and sent before a clean disconnect), rebirth on request, and DCMD
 * writes through the station's own checks: the tag must be open to commands, the configured role must
 * hold tags.write, a tag that needs a signature is refused, then the tag writer (audited).
 */
export class SparkplugEdgeNode implements Disposable {
  readonly #config: EdgeConfig;
  readonly #deps: EdgeNodeDeps;
  #client: MqttClient | undefined;
  #status: ConnectionStatus = 'off';
  #lastError: string | undefined;
  #bdSeq = 0;
  #seq = 0;
  #byAlias = new Map<number, Metric>();
  #byName = new Map<string, Metric>();
  #bySlot = new Map<number, Metric>();
  readonly #pending = new Set<number>();
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #sink: Disposable | undefined;
  readonly stats = { births: 0, dataMessages: 0, metricsSent: 0, commandsAccepted: 0, commandsRefused: 0 };

  constructor(config: EdgeConfig, deps: EdgeNodeDeps) {
    this.#config = config;
    this.#deps = deps;
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get lastError(): string | undefined {
    return this.#lastError;
  }

  get bdSeq(): number {
    return this.#bdSeq;
  }

  start(): void {
    if (this.#client) return;
    this.#sink = this.#deps.engine.addSink((changed) => this.#onChanged(changed));
    this.#status = 'connecting';
    this.#bdSeq = this.#nextBdSeq();
    const c = this.#config;
    const client = mqtt.connect(c.brokerUrl, {
      clientId: `lineside-edge-${c.groupId}-${c.edgeNodeId}`,
      clean: true,
      keepalive: c.keepaliveS,
      reconnectPeriod: c.reconnectMs,
      connectTimeout: 10_000,
      ...(c.username === undefined ? {} : { username: c.username }),
      will: this.#will(),
    });
    this.#client = client;
    client.on('connect', () => this.#onConnect(client));
    client.on('message', (topic, payload) => void this.#onMessage(topic, payload));
    client.on('close', () => {
      if (this.#client !== client) return;
      if (this.#status === 'ok') this.#setStatus('error', 'lost the broker');
      // A new session gets a new bdSeq: the will mqtt.js sends with the next CONNECT carries it.
      this.#bdSeq = this.#nextBdSeq();
      client.options.will = this.#will();
    });
    client.on('error', (error) => this.#setStatus('error', `broker: ${error.message}`));
  }

  /** Publishes the births again, as after a rebirth request (the tag set changed). */
  rebirth(): void {
    const client = this.#client;
    if (client && this.#status === 'ok') this.#publishBirths(client);
  }

  /** A clean stop: NDEATH first (Sparkplug 3.0, 7.1.1), then the disconnect. */
  async stop(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#sink?.dispose();
    this.#sink = undefined;
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    if (!client) return;
    if (client.connected) await client.publishAsync(this.#topic('NDEATH'), Buffer.from(this.#deathPayload()), { qos: 1 }).catch(() => undefined);
    await client.endAsync();
    this.#status = 'off';
  }

  dispose(): void {
    void this.stop();
  }

  #topic(type: 'NBIRTH' | 'NDEATH' | 'DBIRTH' | 'DDATA' | 'NCMD' | 'DCMD'): string {
    const device = type === 'DBIRTH' || type === 'DDATA' || type === 'DCMD' ? { device: this.#config.deviceId } : {};
    return topicOf({ group: this.#config.groupId, type, node: this.#config.edgeNodeId, ...device });
  }

  #deathPayload(): Uint8Array {
    return encodePayload({ timestamp: this.#deps.clock.now(), metrics: [{ name: 'bdSeq', datatype: SparkplugType.UInt64, value: this.#bdSeq }] });
  }

  #will(): { topic: string; payload: Buffer; qos: 1; retain: false } {
    return { topic: this.#topic('NDEATH'), payload: Buffer.from(this.#deathPayload()), qos: 1, retain: false };
  }

  #nextBdSeq(): number {
    const file = join(this.#deps.dataDir, BDSEQ_FILE);
    let last = -1;
    try {
      last = Number.parseInt(readFileSync(file, 'utf8'), 10);
    } catch {
      // The first session of this station.
    }
    const next = Number.isInteger(last) && last >= 0 ? (last + 1) % SEQ_MODULO : 0;
    try {
      writeFileSync(file, `${next}\n`, { mode: 0o600 });
    } catch (error) {
      this.#log('warn', `cannot keep the Sparkplug bdSeq in ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return next;
  }

  #onConnect(client: MqttClient): void {
    // Every device's DCMD, so one for a device this node does not have is logged, not lost in silence.
    const commands = [this.#topic('NCMD'), topicOf({ group: this.#config.groupId, type: 'DCMD', node: this.#config.edgeNodeId, device: '+' })];
    client.subscribe(commands, { qos: 0 }, (error) => {
      if (error) return this.#setStatus('error', `the broker refused the command subscription: ${error.message}`);
      this.#publishBirths(client);
      this.#setStatus('ok');
    });
  }

  #nextSeq(): number {
    const seq = this.#seq;
    this.#seq = (this.#seq + 1) % SEQ_MODULO;
    return seq;
  }

  #publishBirths(client: MqttClient): void {
    this.#pending.clear();
    this.#byAlias = new Map();
    this.#byName = new Map();
    this.#bySlot = new Map();
    const slots = this.#deps.engine.all().filter((s) => !s.retired && s.parent === undefined && selects(this.#config.tags, s.def.path));
    slots.forEach((slot, i) => {
      const metric: Metric = { alias: i + 1, slot, datatype: sparkplugTypeOf(slot.def.dataType, slot.def.arrayLength !== undefined) };
      this.#byAlias.set(metric.alias, metric);
      this.#byName.set(slot.def.path, metric);
      this.#bySlot.set(slot.id, metric);
    });
    const now = this.#deps.clock.now();
    this.#seq = 0;
    const node = encodePayload({
      timestamp: now,
      seq: this.#nextSeq(),
      metrics: [
        { name: 'bdSeq', datatype: SparkplugType.UInt64, value: this.#bdSeq },
        { name: REBIRTH, datatype: SparkplugType.Boolean, value: false },
      ],
    });
    client.publish(this.#topic('NBIRTH'), Buffer.from(node), { qos: 0 });
    const device = encodePayload({ timestamp: now, seq: this.#nextSeq(), metrics: [...this.#bySlot.values()].map((m) => ({ name: m.slot.def.path, ...this.#metricValue(m, true) })) });
    client.publish(this.#topic('DBIRTH'), Buffer.from(device), { qos: 0 });
    this.stats.births++;
  }

  #metricValue(m: Metric, birth: boolean): OutgoingMetric {
    const current = m.slot.current;
    const good = current.quality === 'Good';
    return {
      alias: m.alias,
      datatype: m.datatype,
      timestamp: current.sourceTime,
      // A value that is not Good says so; in DATA a Good one needs no property.
      ...(birth || !good ? { quality: current.quality } : {}),
      value: current.quality.startsWith('Bad') ? null : current.value,
    };
  }

  #onChanged(changed: readonly TagSlot[]): void {
    let any = false;
    for (const slot of changed) {
      if (!this.#bySlot.has(slot.id)) continue;
      this.#pending.add(slot.id);
      any = true;
    }
    if (!any || this.#flushTimer) return;
    this.#flushTimer = setTimeout(() => this.#flush(), this.#config.publishPeriodMs);
  }

  #flush(): void {
    this.#flushTimer = undefined;
    const client = this.#client;
    // While the broker is away the changes are dropped: the births after the reconnect carry the values.
    if (!client || this.#status !== 'ok' || this.#pending.size === 0) return this.#pending.clear();
    const metrics: OutgoingMetric[] = [];
    for (const id of this.#pending) {
      const m = this.#bySlot.get(id);
      if (m) metrics.push(this.#metricValue(m, false));
    }
    this.#pending.clear();
    const payload = encodePayload({ timestamp: this.#deps.clock.now(), seq: this.#nextSeq(), metrics });
    client.publish(this.#topic('DDATA'), Buffer.from(payload), { qos: 0 });
    this.stats.dataMessages++;
    this.stats.metricsSent += metrics.length;
  }

  async #onMessage(topic: string, bytes: Buffer): Promise<void> {
    const parsed = parseTopic(topic);
    if (!parsed || (parsed.type !== 'NCMD' && parsed.type !== 'DCMD')) return;
    const payload = decodePayload(bytes);
    if (!payload.ok) return this.#log('warn', `${topic}: ${payload.error.message}`);
    if (parsed.type === 'NCMD') {
      for (const m of payload.value.metrics) {
        const asked = metricValue(m.raw, SparkplugType.Boolean);
        if (m.name === REBIRTH && asked.ok && asked.value === true) {
          this.#log('info', 'a host asked for a rebirth');
          this.rebirth();
        } else this.#log('warn', `NCMD metric ${m.name ?? `alias ${m.alias}`} is not one this edge node takes (only ${REBIRTH})`);
      }
      return;
    }
    if (parsed.device !== this.#config.deviceId) return this.#log('warn', `DCMD for device ${parsed.device}, which this edge node does not have (its device is ${this.#config.deviceId})`);
    for (const m of payload.value.metrics) await this.#command(m);
  }

  async #command(m: IncomingMetric): Promise<void> {
    const metric = m.alias !== undefined ? this.#byAlias.get(m.alias) : m.name !== undefined ? this.#byName.get(m.name) : undefined;
    const runAs = this.#config.commands?.runAs ?? '';
    const actor: WriteActor = { name: 'sparkplug:DCMD', role: runAs, station: `sparkplug:${this.#config.groupId}/${this.#config.edgeNodeId}` };
    const refuse = (target: string, value: unknown, reason: string) => {
      this.stats.commandsRefused++;
      this.#log('warn', `DCMD to ${target} refused: ${reason}`);
      this.#deps.audit.record({ user: actor.name, role: actor.role, station: actor.station, action: 'sparkplug.refused', target, newValue: value, reason });
    };
    if (!metric) return refuse(m.name ?? `alias ${m.alias}`, undefined, 'this edge node has no such metric');
    const path = metric.slot.def.path;
    const decoded = metricValue(m.raw, metric.datatype);
    if (!decoded.ok) return refuse(path, undefined, `${decoded.error.message} (the metric is ${typeName(metric.datatype)})`);
    const value = decoded.value;
    if (Array.isArray(value) || value === null) return refuse(path, value, 'an array or a null value cannot be written');
    if (!this.#config.commands || !selects(this.#config.commands.tags, path)) return refuse(path, value, `${path} does not take Sparkplug commands (sparkplug.json commands.tags)`);
    if (!this.#deps.permissionsOf(runAs).includes('tags.write')) return refuse(path, value, `Sparkplug commands run as ${runAs}, whose role lacks the permission tags.write`);
    if (this.#deps.needsSignature(path)) return refuse(path, value, `writing ${path} needs an electronic signature, which a Sparkplug command cannot give`);
    const written = await this.#deps.write(path, value, actor);
    if (!written.ok) return refuse(path, value, written.error.message);
    this.stats.commandsAccepted++;
  }

  #setStatus(status: ConnectionStatus, error?: string): void {
    if (status === this.#status && error === this.#lastError) return;
    this.#status = status;
    if (error !== undefined) this.#lastError = error;
    this.#log(status === 'error' ? 'warn' : 'info', `edge node ${this.#config.groupId}/${this.#config.edgeNodeId}: ${status}${error ? ` (${error})` : ''}`);
  }

  #log(level: 'info' | 'warn', message: string): void {
    this.#deps.log({ level, source: 'sparkplug edge', message });
  }
}
