import { afterEach, describe, expect, it } from 'vitest';
import type { TagChange } from '../../common/contract.ts';
import type { DataValue } from '../../common/data-value.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { tag } from '../support/tags.ts';

const good = (value: DataValue['value'], t = 1): DataValue => ({ value, quality: 'Good', sourceTime: t, serverTime: t });

function nextDelivery(engine: TagEngine, ids: number[], maxRateMs = 5): Promise<TagChange[]> & { sub: { dispose(): void } } {
  let sub!: { dispose(): void };
  const promise = new Promise<TagChange[]>((resolve) => {
    sub = engine.subscribe(ids, (changes) => resolve(changes), { maxRateMs });
  }) as Promise<TagChange[]> & { sub: { dispose(): void } };
  promise.sub = sub;
  return promise;
}

describe('TagEngine', () => {
  let engine: TagEngine;
  afterEach(() => engine?.dispose());

  it('starts every tag as Bad, waiting for initial data', () => {
    engine = new TagEngine([tag({ path: 'A' }), tag({ path: 'B' })], new ManualClock());
    expect(engine.slot('A')!.current).toMatchObject({ value: null, quality: 'BadWaitingForInitialData' });
  });

  it('scales raw values to engineering units and stamps the server time', () => {
    const clock = new ManualClock();
    engine = new TagEngine([tag({ path: 'Level', scaling: { rawMin: 0, rawMax: 27648, euMin: 0, euMax: 100 } })], clock);
    engine.ingest([{ handle: 0, value: good(13824, 42) }]);
    expect(engine.slot('Level')!.current).toEqual({ value: 50, quality: 'Good', sourceTime: 42, serverTime: clock.now() });
  });

  it('rounds scaled values of integer tags and coerces device types', () => {
    engine = new TagEngine([tag({ path: 'Count', dataType: 'int32', scaling: { rawMin: 0, rawMax: 3, euMin: 0, euMax: 10 } }), tag({ path: 'Flag', dataType: 'bool' }), tag({ path: 'Name', dataType: 'string' })], new ManualClock());
    engine.ingest([
      { handle: 0, value: good(1) },
      { handle: 1, value: good(1) },
      { handle: 2, value: good(12) },
    ]);
    expect(engine.slot('Count')!.current.value).toBe(3);
    expect(engine.slot('Flag')!.current.value).toBe(true);
    expect(engine.slot('Name')!.current.value).toBe('12');
  });

  it('marks values a tag cannot hold as a type mismatch instead of guessing', () => {
    engine = new TagEngine([tag({ path: 'X' }), tag({ path: 'Y' })], new ManualClock());
    engine.ingest([
      { handle: 0, value: good('twelve') },
      { handle: 1, value: good(Number.NaN) },
    ]);
    expect(engine.slot('X')!.current).toMatchObject({ value: null, quality: 'BadTypeMismatch' });
    expect(engine.slot('Y')!.current).toMatchObject({ value: null, quality: 'BadTypeMismatch' });
  });

  it('flags values outside the engineering range as uncertain', () => {
    engine = new TagEngine([tag({ path: 'T', range: { min: 0, max: 100 } })], new ManualClock());
    engine.ingest([{ handle: 0, value: good(101) }]);
    expect(engine.slot('T')!.current.quality).toBe('UncertainEngineeringUnitsExceeded');
    engine.ingest([{ handle: 0, value: good(99) }]);
    expect(engine.slot('T')!.current.quality).toBe('Good');
  });

  it('keeps the last value under a bad quality that carries none, and propagates device quality', () => {
    engine = new TagEngine([tag({ path: 'T' })], new ManualClock());
    engine.ingest([{ handle: 0, value: good(7) }]);
    engine.ingest([{ handle: 0, value: { value: null, quality: 'BadSensorFailure', sourceTime: 2, serverTime: 2 } }]);
    expect(engine.slot('T')!.current).toMatchObject({ value: 7, quality: 'BadSensorFailure' });
    engine.setQuality([0], 'BadNotConnected');
    expect(engine.slot('T')!.current).toMatchObject({ value: 7, quality: 'BadNotConnected' });
  });

  it('delivers the latest value of each changed tag once per interval (coalescing)', async () => {
    engine = new TagEngine([tag({ path: 'A' }), tag({ path: 'B' }), tag({ path: 'C' })], new ManualClock());
    const delivery = nextDelivery(engine, [0, 1, 2]);
    engine.ingest([{ handle: 0, value: good(1) }]);
    engine.ingest([{ handle: 2, value: good(5) }]);
    engine.ingest([{ handle: 0, value: good(2) }]);
    engine.ingest([{ handle: 0, value: good(3) }]);
    const changes = await delivery;
    delivery.sub.dispose();
    expect(changes.map((c) => [c[0], c[1]])).toEqual([
      [0, 3],
      [2, 5],
    ]);
  });

  it('does not notify an unchanged value, nor changes inside the display deadband', async () => {
    engine = new TagEngine([tag({ path: 'A', deadband: 0.5 }), tag({ path: 'B' })], new ManualClock());
    engine.ingest([{ handle: 0, value: good(10) }]);
    const delivery = nextDelivery(engine, [0, 1]);
    engine.ingest([{ handle: 0, value: good(10) }]);
    engine.ingest([{ handle: 0, value: good(10.3) }]);
    engine.ingest([{ handle: 1, value: good(1) }]);
    const changes = await delivery;
    delivery.sub.dispose();
    expect(changes.map((c) => c[0])).toEqual([1]);
    // The engine still holds the exact value; the deadband only spares displays.
    expect(engine.slot('A')!.current.value).toBe(10.3);
    const next = nextDelivery(engine, [0]);
    engine.ingest([{ handle: 0, value: good(10.6) }]);
    expect((await next)[0]![1]).toBe(10.6);
    next.sub.dispose();
  });

  it('always notifies a quality change even inside the deadband', async () => {
    engine = new TagEngine([tag({ path: 'A', deadband: 5 })], new ManualClock());
    engine.ingest([{ handle: 0, value: good(10) }]);
    const delivery = nextDelivery(engine, [0]);
    engine.setQuality([0], 'BadNotConnected');
    const changes = await delivery;
    delivery.sub.dispose();
    expect(changes[0]!.slice(1, 3)).toEqual([10, 'BadNotConnected']);
  });

  it('holds deliveries while the subscriber is not ready, still coalescing', async () => {
    engine = new TagEngine([tag({ path: 'A' })], new ManualClock());
    let ready = false;
    let asked = 0;
    const got = new Promise<TagChange[]>((resolve) => {
      const sub = engine.subscribe([0], (changes) => (sub.dispose(), resolve(changes)), {
        maxRateMs: 5,
        ready: () => {
          asked++;
          if (asked === 3) engine.ingest([{ handle: 0, value: good(99) }]);
          return (ready = asked >= 3);
        },
      });
    });
    engine.ingest([{ handle: 0, value: good(1) }]);
    const changes = await got;
    expect(ready).toBe(true);
    expect(changes).toHaveLength(1);
    expect(changes[0]![1]).toBe(99);
  });

  it('stops delivering after dispose', async () => {
    engine = new TagEngine([tag({ path: 'A' })], new ManualClock());
    let calls = 0;
    const sub = engine.subscribe([0], () => calls++, { maxRateMs: 5 });
    engine.ingest([{ handle: 0, value: good(1) }]);
    sub.dispose();
    const probe = nextDelivery(engine, [0]);
    engine.ingest([{ handle: 0, value: good(2) }]);
    await probe;
    probe.sub.dispose();
    expect(calls).toBe(0);
    expect(engine.slot('A')!.subs).toHaveLength(0);
  });

  it('marks a tag stale when its device stops reporting it', () => {
    const clock = new ManualClock();
    engine = new TagEngine([tag({ path: 'A', staleAfterMs: 1000 })], clock);
    engine.ingest([{ handle: 0, value: good(1) }]);
    clock.advance(1500);
    engine.checkStale();
    expect(engine.slot('A')!.current).toMatchObject({ value: 1, quality: 'UncertainLastUsableValue' });
  });
});

describe('TagEngine sinks', () => {
  it('hands every change (not deadband-filtered) to sinks once per batch', () => {
    const engine = new TagEngine([tag({ path: 'A', deadband: 5 }), tag({ path: 'B' })], new ManualClock());
    const batches: Array<Array<[string, unknown, string]>> = [];
    const sink = engine.addSink((changed) => batches.push(changed.map((s) => [s.def.path, s.current.value, s.current.quality])));
    engine.ingest([
      { handle: 0, value: good(1) },
      { handle: 1, value: good(2) },
    ]);
    engine.ingest([{ handle: 0, value: good(1.5) }]);
    engine.ingest([{ handle: 0, value: good(1.5) }]);
    engine.setQuality([1], 'BadNotConnected');
    sink.dispose();
    engine.ingest([{ handle: 0, value: good(9) }]);
    engine.dispose();
    expect(batches).toEqual([
      [
        ['A', 1, 'Good'],
        ['B', 2, 'Good'],
      ],
      [['A', 1.5, 'Good']],
      [['B', 2, 'BadNotConnected']],
    ]);
  });
});
