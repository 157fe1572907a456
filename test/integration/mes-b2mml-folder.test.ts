import { existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../main/core/mes/atomic-file.ts';
import { decodeConfirmBod, encodeConfirmBod } from '../../main/core/mes/b2mml/confirm-bod.ts';
import type { FolderEvent } from '../../main/core/mes/b2mml/folder-connector.ts';
import { B2mmlFolderConnector } from '../../main/core/mes/b2mml/folder-connector.ts';
import { B2mmlFolderOptionsSchema } from '../../main/core/mes/b2mml/options.ts';
import { validateB2mml } from '../../main/core/mes/b2mml/schema-validator.ts';
import { completionMessage, downtimeMessage, SAMPLE_MAPPINGS, schedule, TestInbox } from '../support/mes-b2mml-support.ts';
import { until } from '../support/until.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lineside-folder-'));
  const inbox = new TestInbox();
  const parsed = B2mmlFolderOptionsSchema.parse({ inboundDir: 'in', outboundDir: 'out', pollIntervalMs: 25, settleMs: 0, validateOutbound: true, ...options });
  const connector = new B2mmlFolderConnector('folder', parsed, { projectDir: dir, now: Date.now, log: () => undefined });
  const events: FolderEvent[] = [];
  connector.onDidProcess((e) => events.push(e));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => inbox.dispose());
  cleanups.push(() => connector.dispose());
  await connector.start(inbox);
  return { dir, inbox, connector, events, inDir: join(dir, 'in'), outDir: join(dir, 'out') };
}

describe('B2MML over watched folders', () => {
  it('takes a schedule, stores the mapped order, confirms it and only then moves the file', async () => {
    const { inbox, events, inDir, outDir, connector } = await setup();
    expect(connector.health().status).toBe('ok');
    await writeFileAtomic(inDir, 'schedule-1.xml', schedule('1000123', 'bod-1'));
    await until(() => events.find((e) => e.file === 'schedule-1.xml'), 'the file to be processed');
    expect(events[0]).toEqual({ file: 'schedule-1.xml', result: 'processed' });
    expect(existsSync(join(inDir, 'schedule-1.xml'))).toBe(false);
    expect(existsSync(join(inDir, 'processed', 'schedule-1.xml'))).toBe(true);
    const stored = inbox.store.order('folder/1000123');
    expect(stored?.order).toMatchObject({ material: { code: 'BOTTLE-05L' }, workCentre: 'Line1', revision: 3 });
    const ack = readFileSync(join(outDir, 'ConfirmBOD-bod-1.xml'), 'utf8');
    expect((await validateB2mml(ack)).ok).toBe(true);
    const confirm = decodeConfirmBod(ack);
    expect(confirm.ok && confirm.value).toMatchObject({ originalBodId: 'bod-1', accepted: true, notes: ['order 1000123: accepted (revision 3)'] });
  });

  it('rejects a malformed file with a reason naming the element, and still takes the good one beside it', async () => {
    const { inbox, events, inDir, outDir } = await setup();
    await writeFileAtomic(inDir, 'a-bad.xml', schedule('1000200', 'bod-bad').replace('<QuantityString>500</QuantityString>', '<QuantityString>lots</QuantityString>'));
    await writeFileAtomic(inDir, 'b-good.xml', schedule('1000201', 'bod-good'));
    await until(() => events.length >= 2, 'both files to be handled');
    const bad = events.find((e) => e.file === 'a-bad.xml');
    expect(bad?.result).toBe('rejected');
    const reason = readFileSync(join(inDir, 'rejected', 'a-bad.xml.reason.txt'), 'utf8');
    expect(reason).toContain('OperationsRequest[0]/SegmentRequirement[0]/MaterialRequirement[0]/Quantity/QuantityString: "lots" is not a non-negative number');
    expect(existsSync(join(inDir, 'rejected', 'a-bad.xml'))).toBe(true);
    const rejection = decodeConfirmBod(readFileSync(join(outDir, 'ConfirmBOD-bod-bad.xml'), 'utf8'));
    expect(rejection.ok && rejection.value.accepted).toBe(false);
    expect(inbox.store.order('folder/1000200')).toBeUndefined();
    expect(inbox.store.order('folder/1000201')?.order.id).toBe('1000201');
  });

  it('holds an order whose material has no mapping, and rejects an order the core refuses', async () => {
    const { inbox, events, inDir } = await setup();
    inbox.mappings = { ...inbox.mappings, materials: [{ external: 'RM-0815', local: 'PREFORM-28' }] };
    await writeFileAtomic(inDir, 'held.xml', schedule('1000300', 'bod-held'));
    await until(() => events.find((e) => e.file === 'held.xml'), 'the held file');
    expect(inbox.verdicts.at(-1)).toEqual({ kind: 'held', missing: [{ table: 'materials', code: 'FG-4711' }] });
    expect(events.find((e) => e.file === 'held.xml')?.result).toBe('processed');
    inbox.mappings = SAMPLE_MAPPINGS;
    await writeFileAtomic(inDir, 'refused.xml', schedule('order 7', 'bod-refused'));
    const refused = await until(() => events.find((e) => e.file === 'refused.xml'), 'the refused file');
    expect(refused.result).toBe('rejected');
    expect(refused.reason).toMatch(/^order order 7: rejected: .*id/);
    expect(readFileSync(join(inDir, 'rejected', 'refused.xml.reason.txt'), 'utf8')).toContain('order order 7: rejected');
  });

  it('never reads a file that is still being written', async () => {
    const { events, inDir, connector, inbox } = await setup({ settleMs: 1_500 });
    const xml = schedule('1000400', 'bod-slow');
    const path = join(inDir, 'slow.xml');
    const fd = openSync(path, 'w');
    writeSync(fd, xml.slice(0, xml.length / 2));
    let scans = 0;
    connector.onDidScan(() => (scans += 1));
    await until(() => scans >= 3, 'three scans of the half-written file');
    expect(events).toEqual([]);
    expect(inbox.received).toEqual([]);
    writeSync(fd, xml.slice(xml.length / 2));
    closeSync(fd);
    await until(() => events.find((e) => e.file === 'slow.xml'), 'the finished file');
    expect(events[0]?.result).toBe('processed');
    expect(inbox.store.order('folder/1000400')?.order.id).toBe('1000400');
  });

  it('leaves the file in place when the core cannot commit, and takes it on a later scan', async () => {
    const { events, inDir, inbox, connector } = await setup();
    inbox.failNext = 1;
    await writeFileAtomic(inDir, 'retry.xml', schedule('1000500', 'bod-retry'));
    await until(() => inbox.received.length >= 2, 'a second attempt');
    await until(() => events.find((e) => e.file === 'retry.xml'), 'the file to be processed');
    expect(connector.health().lastError).toMatch(/retry\.xml: the core could not take it: database is locked/);
    expect(inbox.verdicts.map((v) => v.kind)).toEqual(['accepted']);
  });

  it('writes completions and downtime as schema-valid files named by key, without temp files or duplicates', async () => {
    const { connector, outDir } = await setup();
    expect(await connector.deliver(completionMessage('folder', 'c-1'))).toEqual({ kind: 'delivered' });
    expect(await connector.deliver(completionMessage('folder', 'c-1'))).toEqual({ kind: 'delivered' });
    expect(await connector.deliver(downtimeMessage('folder', 'd-1'))).toEqual({ kind: 'delivered' });
    expect(readdirSync(outDir).sort()).toEqual(['NotifyOperationsEvent-d-1.xml', 'SyncOperationsPerformance-c-1.xml']);
    for (const name of readdirSync(outDir)) {
      const valid = await validateB2mml(readFileSync(join(outDir, name), 'utf8'));
      expect(valid.ok ? 'valid' : valid.error.message).toBe('valid');
    }
    expect(await connector.readBack(completionMessage('folder', 'c-1'))).toBe('present');
    expect(await connector.readBack(completionMessage('folder', 'c-2'))).toBe('unknown');
  }, 90_000);

  it('with awaitConfirm, a delivery counts only when the MES confirms it', async () => {
    const { connector, inDir } = await setup({ awaitConfirm: true, confirmTimeoutMs: 5_000, validateOutbound: false });
    const confirmFor = (bodId: string, accepted: boolean) =>
      encodeConfirmBod(
        { originalBodId: bodId, originalCreationDateTime: new Date().toISOString(), accepted, notes: accepted ? [] : ['unknown order 1000123'] },
        { senderId: 'MES', bodId: `ack-${bodId}`, createdAt: new Date().toISOString() },
      );
    const accepted = connector.deliver(completionMessage('folder', 'c-10'));
    const rejected = connector.deliver(completionMessage('folder', 'c-11', 2));
    await until(() => existsSync(join(inDir, '..', 'out', 'SyncOperationsPerformance-c-11.xml')), 'both files written');
    await writeFileAtomic(inDir, 'ack-c-10.xml', confirmFor('c-10', true));
    await writeFileAtomic(inDir, 'ack-c-11.xml', confirmFor('c-11', false));
    expect(await accepted).toEqual({ kind: 'delivered' });
    expect(await rejected).toEqual({ kind: 'quarantine', reason: 'the MES rejected it: unknown order 1000123' });
    expect(await connector.readBack(completionMessage('folder', 'c-11'))).toBe('absent');
    expect(await connector.deliver(completionMessage('folder', 'c-12', 3))).toEqual({ kind: 'ambiguous', reason: 'no ConfirmBOD from the MES within 5000 ms' });
  }, 90_000);

  it('asks for a retry when the outbound folder cannot be written', async () => {
    const { connector, dir } = await setup({ outboundDir: 'blocked/out' });
    rmSync(join(dir, 'blocked'), { recursive: true });
    writeFileSync(join(dir, 'blocked'), 'a file where the folder should be');
    const outcome = await connector.deliver(completionMessage('folder', 'c-20'));
    expect(outcome.kind).toBe('retry');
    expect(outcome.kind === 'retry' && outcome.reason).toMatch(/cannot write SyncOperationsPerformance-c-20\.xml/);
    expect(connector.health().status).toBe('error');
  });
});
