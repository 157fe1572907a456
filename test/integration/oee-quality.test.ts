import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CurrentOee } from '../../common/reports-contract.ts';
import { severityOf } from '../../common/quality.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { until, untilTags } from '../support/until.ts';
import { TestClient } from '../support/ws-client.ts';

const FIELDS = ['OEE', 'Availability', 'Performance', 'Quality', 'Good', 'Reject', 'DowntimeMinutes'];
const OEE_TAGS = FIELDS.map((f) => `Line1/OEE/${f}`);
const INPUTS = ['Line1/Filler/State', 'Line1/Counters/Good', 'Line1/Counters/Rejected'];
// The live OEE is recomputed every 5 s; the plant's links drop within 2 s of it stopping.
const OEE_WAIT_MS = 30_000;

describe('live OEE carries the worst quality of its inputs and their age (the example plant, links stopped)', () => {
  let example: ExampleRuntime;
  let client: TestClient;

  beforeAll(async () => {
    example = await startExample();
    client = await (await TestClient.connect(example.url, example.token)).loginAs('supervisor');
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await example?.dispose();
  });

  const quality = (path: string) => example.engine.slot(path)!.current.quality;

  it('is Good while the links are up; Bad (not connected) in the engine, REST and WebSocket while they are down; downtime stops counting', async () => {
    await untilTags(example.engine, () => OEE_TAGS.every((p) => quality(p) === 'Good'), 'the OEE tags Good', OEE_WAIT_MS);
    const up = await client.call('oee.current', {});
    expect(up.lines[0]!.inputs?.quality).toBe('Good');

    await example.stopPlant();
    const stoppedAt = Date.now();
    await untilTags(example.engine, () => OEE_TAGS.every((p) => quality(p) === 'BadNotConnected'), 'every OEE tag BadNotConnected', OEE_WAIT_MS);
    // Their age is the oldest input's source time, from before the links went down, not the time of the computation.
    const inputTimes = INPUTS.map((p) => example.engine.slot(p)!.current.sourceTime);
    for (const path of OEE_TAGS) {
      const dv = example.engine.slot(path)!.current;
      expect(dv.sourceTime, path).toBe(Math.min(...inputTimes));
      expect(dv.sourceTime, path).toBeLessThanOrEqual(stoppedAt);
    }

    // REST: a Bad value is null, with its last known value beside it.
    const rest = await fetch(`${example.url}/api/v1/tags/Line1/OEE/OEE`, { headers: { Authorization: `Bearer ${example.token}` } });
    expect(rest.status).toBe(200);
    const body = (await rest.json()) as { value: { value: unknown; quality: string } };
    expect(body.value).toMatchObject({ value: null, quality: 'BadNotConnected' });
    // WebSocket: tags.read and the oee.current call say the same.
    const read = await client.call('tags.read', { paths: OEE_TAGS });
    expect(read.map((dv) => dv.quality)).toEqual(OEE_TAGS.map(() => 'BadNotConnected'));
    const down = await client.call('oee.current', {});
    expect(down.lines[0]!.inputs).toMatchObject({ quality: 'BadNotConnected', sourceTime: Math.min(...inputTimes) });

    // Downtime is what is known: while the links are down it stays, and the time counts as unknown.
    const first = await client.call('oee.current', {});
    const computedAfter = () => client.frames.flatMap((f) => (f.event === 'oee.changed' ? [f.data as CurrentOee] : [])).find((c) => c.lines[0]!.to > first.lines[0]!.to + 4_000);
    const later = (await until(computedAfter, 'an OEE computation 4 s later with the links down', OEE_WAIT_MS)).lines[0]!;
    expect(later.downtimeMs).toBe(first.lines[0]!.downtimeMs);
    expect(later.unknownMs!).toBeGreaterThan(first.lines[0]!.unknownMs!);
    expect(later.complete).toBe(false);
    expect(later.inputs?.quality).toBe('BadNotConnected');
    // The unknown time is what is known meanwhile: a Good, growing tag beside the Bad ones.
    const unknown = example.engine.slot('Line1/OEE/UnknownMinutes')!.current;
    expect(unknown.quality).toBe('Good');
    expect(unknown.value as number).toBeGreaterThan(0);

    await example.startPlant();
    await untilTags(example.engine, () => OEE_TAGS.every((p) => severityOf(quality(p)) === 'good'), 'the OEE tags Good again', OEE_WAIT_MS);
  }, 120_000);
});
