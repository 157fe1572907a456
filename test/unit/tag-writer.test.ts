import { afterEach, describe, expect, it } from 'vitest';
import type { Value } from '../../common/data-value.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { TagWriter, type WriteRoute } from '../../main/core/tags/tag-writer.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { tag } from '../support/tags.ts';

class RecordingRoute implements WriteRoute {
  writes: Array<[string, string, Value]> = [];
  answer: Result<void> = ok(undefined);
  async write(device: string, address: string, raw: Value): Promise<Result<void>> {
    this.writes.push([device, address, raw]);
    return this.answer;
  }
}

describe('TagWriter', () => {
  let engine: TagEngine;
  afterEach(() => engine.dispose());

  function setup() {
    const clock = new ManualClock();
    engine = new TagEngine(
      [
        tag({ path: 'Setpoint', writable: true, range: { min: 0, max: 600 }, writeLimits: { min: 60, max: 480 }, units: 'bpm', scaling: { rawMin: 0, rawMax: 6000, euMin: 0, euMax: 600 }, source: { device: 'plc', address: 'sp' } }),
        tag({ path: 'Actual' }),
        tag({ path: 'Run', dataType: 'bool', writable: true }),
        tag({ path: 'Batch', dataType: 'int16', writable: true }),
        tag({ path: 'Recipe', dataType: 'string', writable: true }),
        tag({ path: 'Open', writable: true }),
      ],
      clock,
    );
    const route = new RecordingRoute();
    return { route, writer: new TagWriter(engine, route, clock), clock };
  }

  it('reverses the scaling and routes the raw value to the owning device', async () => {
    const { route, writer, clock } = setup();
    const result = await writer.write('Setpoint', 250);
    expect(result).toEqual({ ok: true, value: { path: 'Setpoint', value: 250, acceptedAt: clock.now() } });
    expect(route.writes).toEqual([['plc', 'sp', 2500]]);
    // The tag shows what the device reports, not what was commanded.
    expect(engine.slot('Setpoint')!.current.quality).toBe('BadWaitingForInitialData');
  });

  it.each([
    ['Setpoint', 500, 'out-of-range', 'above the high limit 480 bpm'],
    ['Setpoint', 10, 'out-of-range', 'below the low limit 60 bpm'],
    ['Setpoint', '250', 'type-mismatch', 'takes a number'],
    ['Setpoint', Number.POSITIVE_INFINITY, 'type-mismatch', 'takes a number'],
    ['Actual', 1, 'not-writable', 'read-only'],
    ['Nope', 1, 'not-found', 'no tag Nope'],
    ['Run', 1, 'type-mismatch', 'true or false'],
    ['Batch', 1.5, 'type-mismatch', 'whole number'],
    ['Batch', 40000, 'out-of-range', 'does not fit int16'],
    ['Recipe', 12, 'type-mismatch', 'takes text'],
  ] as const)('refuses %s = %s with %s', async (path, value, code, words) => {
    const { route, writer } = setup();
    const result = await writer.write(path, value as never);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toContain(words);
    }
    expect(route.writes).toEqual([]);
    expect(writer.stats.refused).toBe(1);
  });

  it('passes on the device refusal', async () => {
    const { route, writer } = setup();
    route.answer = fail('device-offline', 'device plc is not connected');
    const result = await writer.write('Run', true);
    expect(result).toEqual({ ok: false, error: { code: 'device-offline', message: 'device plc is not connected' } });
  });

  it('refuses every write once shutdown has begun', async () => {
    const { route, writer } = setup();
    writer.refuseWrites();
    const result = await writer.write('Run', true);
    expect(result.ok ? 'accepted' : result.error.code).toBe('shutting-down');
    expect(route.writes).toEqual([]);
  });
});
