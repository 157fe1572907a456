// A Lineside MES service in a process of its own, for mes-crash.test.ts to SIGKILL at each step of a send.
// argv: DATA_FILE MES_BASE_URL [CONNECTOR_JSON: { inbound?, readBack? }]. Commands arrive over IPC ({ cmd, n? });
// each reply is sent after its commit.
import { MesConfigSchema } from '../../common/mes-config.ts';
import { ok } from '../../common/result.ts';
import { TagDefinitionSchema } from '../../common/tag.ts';
import { builtinConnectorTypes } from '../../main/core/mes/connector-types.ts';
import { MesService } from '../../main/core/mes/mes-service.ts';
import { MemoryAuditSink } from '../support/memory-audit-sink.ts';
import type { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { TagWriter } from '../../main/core/tags/tag-writer.ts';

const [file, baseUrl, extra] = process.argv.slice(2) as [string, string, string | undefined];
const variant = JSON.parse(extra ?? '{}') as { inbound?: 'queue' | 'snapshot'; readBack?: boolean };
const clock = { now: () => Date.now() };
const tags = [
  { path: 'L1/Good', dataType: 'uint32' },
  { path: 'L1/Reject', dataType: 'uint32' },
  { path: 'L1/State', dataType: 'int16' },
  { path: 'L1/Speed', dataType: 'float64', writable: true },
].map((t, i) => TagDefinitionSchema.parse({ ...t, source: { device: 'plc', address: `r${i}` } }));
const engine = new TagEngine(tags, clock);
const set = (handle: number, value: number) => engine.ingest([{ handle, value: { value, quality: 'Good', sourceTime: clock.now(), serverTime: clock.now() } }]);
// The PLC of this process: a write is reported back at once, as a device would after the write.
const writer = new TagWriter(engine, { write: async (_device, address, raw) => (set(Number(address.slice(1)), raw as number), ok(undefined)) }, clock);
let good = 0;
set(0, 0);
set(1, 0);
set(2, 2);

const config = MesConfigSchema.parse({
  connectors: [{ id: 'erp', type: 'rest', inbound: variant.inbound ?? 'queue', options: { baseUrl, pollIntervalMs: 0, timeoutMs: 3000, readBack: variant.readBack ?? true } }],
  lines: [
    {
      // Counting in the MES's unit (no mapping tables here), so the example order's BOM is backflushed.
      workCentre: 'WC-BTL-01',
      equipment: 'Line1',
      countUnit: 'EA',
      counters: { good: { tag: 'L1/Good' }, reject: { tag: 'L1/Reject' } },
      stateTag: 'L1/State',
      downStates: [{ value: 0, category: 'unclassified' }],
      parameters: [{ name: 'LineSpeed', tag: 'L1/Speed' }],
    },
  ],
});
const rest = builtinConnectorTypes().get('rest')!;
const options = rest.optionsSchema.safeParse(config.connectors[0]!.options);
if (!options.success) throw new Error(options.error.message);
const connector = rest.create(config.connectors[0]!, options.data, { projectDir: '.', dataDir: '.', now: clock.now, log: () => {} });
const mes = new MesService({ file, config, connectors: [connector], engine, writer, audit: new MemoryAuditSink(), timeZone: 'Europe/Berlin', dispatch: { baseDelayMs: 20, maxDelayMs: 200 } });
await mes.start();
const user = { name: 'crash-test', role: 'operator' };
const KEY = 'erp/WO-1001';

process.on('message', (msg: { cmd: string; order?: { id: string; revision: number }; n?: number; key?: string; value?: number }) => {
  void (async () => {
    let reply: unknown;
    const key = msg.key ?? KEY;
    if (msg.cmd === 'receive') {
      const messageId = msg.order && msg.key ? `${msg.order.id}@${msg.order.revision}` : 'WO-1001@1';
      reply = mes.receive({ connector: 'erp', messageId, kind: 'order', order: msg.order, raw: JSON.stringify(msg.order) });
    } else if (msg.cmd === 'start') reply = await mes.start_(key, user);
    else if (msg.cmd === 'state') {
      set(2, msg.value ?? 2);
      reply = mes.lineStatuses()[0]!.downtime ?? null;
    } else if (msg.cmd === 'order') reply = mes.store.order(key);
    else if (msg.cmd === 'acknowledge') reply = mes.acknowledgeCancel(key, user);
    else if (msg.cmd === 'produce') {
      good += msg.n ?? 1;
      set(0, good);
      reply = mes.store.order(key)?.progress.good;
    } else if (msg.cmd === 'confirm') reply = mes.confirm(key, false, undefined, user);
    else if (msg.cmd === 'complete') reply = mes.confirm(key, true, undefined, user);
    else if (msg.cmd === 'status') reply = mes.connectorStatuses()[0];
    else if (msg.cmd === 'poll') {
      await (connector as RestConnector).pollNow();
      reply = mes.store.orders().length;
    }
    process.send!({ cmd: msg.cmd, reply });
  })();
});
process.send!({ cmd: 'ready' });
