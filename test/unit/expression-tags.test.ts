import { afterEach, describe, expect, it } from 'vitest';
import type { Quality } from '../../common/quality.ts';
import type { TagDefinition } from '../../common/tag.ts';
import { ExpressionTags } from '../../main/core/tags/expression-tags.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { tag } from '../support/tags.ts';

let running: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const r of running) r.dispose();
  running = [];
});

function setup(defs: TagDefinition[]) {
  const clock = new ManualClock();
  const engine = new TagEngine(defs, clock);
  const expressions = new ExpressionTags(engine, clock, { timerMs: 0 });
  running.push(expressions, engine);
  const set = (path: string, value: number | boolean | string | null, quality: Quality = 'Good', sourceTime = clock.now()) =>
    engine.ingest([{ handle: engine.slot(path)!.id, value: { value, quality, sourceTime, serverTime: clock.now() } }]);
  const read = (path: string) => engine.slot(path)!.current;
  return { clock, engine, expressions, set, read };
}

const expr = (path: string, expression: string, extra: Partial<Parameters<typeof tag>[0]> = {}) => tag({ path, expression, source: undefined, ...extra });

describe('expression tags', () => {
  it('evaluate when an input changes, with the worst quality and the oldest source time of their inputs', () => {
    const t = setup([tag({ path: 'A' }), tag({ path: 'B' }), expr('Sum', '{A} + {B}')]);
    expect(t.read('Sum').quality).toBe('BadWaitingForInitialData');
    t.set('A', 2, 'Good', 1000);
    t.set('B', 3, 'Good', 2000);
    expect(t.read('Sum')).toMatchObject({ value: 5, quality: 'Good', sourceTime: 1000 });
    t.set('B', 4, 'UncertainLastUsableValue', 3000);
    expect(t.read('Sum')).toMatchObject({ value: 6, quality: 'UncertainLastUsableValue' });
    t.set('A', null, 'BadNotConnected');
    // Bad: no number passed off as the result (the last one stays beside it for context, under the bad quality).
    expect(t.read('Sum').quality).toBe('BadNotConnected');
  });

  it('evaluate only the expressions whose inputs changed', () => {
    const t = setup([tag({ path: 'A' }), tag({ path: 'B' }), expr('X', '{A} * 2'), expr('Y', '{B} * 2')]);
    t.set('A', 1);
    const before = t.expressions.stats.evaluations;
    t.set('A', 2);
    expect(t.expressions.stats.evaluations - before).toBe(1);
    expect(t.read('X').value).toBe(4);
    expect(t.read('Y').quality).toBe('BadWaitingForInitialData');
  });

  it('evaluate chains in dependency order, each once per change', () => {
    // C reads A and B, B reads A: C must see B's new value, not compute a glitch from the old one.
    const t = setup([tag({ path: 'A' }), expr('C', '{B} - {A}'), expr('B', '{A} + 10')]);
    const seen: unknown[] = [];
    t.engine.addSink((changed) => {
      for (const s of changed) if (s.def.path === 'C') seen.push(s.current.value);
    });
    t.set('A', 1);
    t.set('A', 5);
    expect(t.read('B').value).toBe(15);
    expect(seen).toEqual([10]);
  });

  it('apply the tag’s scaling, type and range like a device value', () => {
    const t = setup([tag({ path: 'Raw' }), expr('Pct', '{Raw}', { scaling: { rawMin: 0, rawMax: 4000, euMin: 0, euMax: 100 }, range: { min: 0, max: 100 } }), expr('Count', '{Raw} / 3', { dataType: 'int32' })]);
    t.set('Raw', 2000);
    expect(t.read('Pct')).toMatchObject({ value: 50, quality: 'Good' });
    expect(t.read('Count').value).toBe(667);
    t.set('Raw', 5000);
    expect(t.read('Pct')).toMatchObject({ value: 125, quality: 'UncertainEngineeringUnitsExceeded' });
  });

  it('are Bad with the reason kept when the evaluation fails', () => {
    const t = setup([tag({ path: 'A' }), tag({ path: 'B' }), expr('Q', '{A} / {B}')]);
    t.set('A', 1);
    t.set('B', 0);
    expect(t.read('Q')).toMatchObject({ value: null, quality: 'Bad' });
    expect(t.expressions.errorOf('Q')).toBe('division by zero');
    t.set('B', 4);
    expect(t.read('Q')).toMatchObject({ value: 0.25, quality: 'Good' });
    expect(t.expressions.errorOf('Q')).toBeUndefined();
  });

  it('use a substitute for a bad input only when the expression says so, marked uncertain', () => {
    const t = setup([tag({ path: 'A' }), expr('S', 'ifBad({A}, 0) + 1')]);
    t.set('A', null, 'BadNotConnected');
    expect(t.read('S')).toMatchObject({ value: 1, quality: 'UncertainSubstituteValue' });
    t.set('A', 4);
    expect(t.read('S')).toMatchObject({ value: 5, quality: 'Good' });
  });

  it('if/then/else, min/max/avg, bits and text', () => {
    const t = setup([
      tag({ path: 'A' }),
      tag({ path: 'W', dataType: 'uint16' }),
      expr('State', 'if {A} > 10 then "high" else if({A} > 5, "mid", "low")', { dataType: 'string' }),
      expr('Avg', 'avg({A}, 2, 4) + max({A}, 1) - min({A}, 1)'),
      expr('Bit2', 'bit({W}, 2)', { dataType: 'bool' }),
      expr('Label', 'format({A}, 1, "m³/h")', { dataType: 'string' }),
    ]);
    t.set('A', 6);
    t.set('W', 0b0100);
    expect(t.read('State').value).toBe('mid');
    expect(t.read('Avg').value).toBe(4 + 6 - 1);
    expect(t.read('Bit2').value).toBe(true);
    expect(t.read('Label').value).toBe('6.0 m³/h');
    t.set('W', 0b1011);
    expect(t.read('Bit2').value).toBe(false);
  });

  it('secondsSince follows the clock on the timer; rate is the change per second', () => {
    const t = setup([tag({ path: 'Run', dataType: 'bool' }), tag({ path: 'Level' }), expr('Since', 'secondsSince({Run})'), expr('Rate', 'rate({Level})')]);
    t.set('Run', true);
    t.clock.advance(30_000);
    t.expressions.tick();
    expect(t.read('Since').value).toBe(30);
    t.set('Run', true);
    t.clock.advance(5_000);
    t.expressions.tick();
    expect(t.read('Since').value).toBe(35);
    t.set('Level', 10);
    expect(t.read('Rate').quality).toBe('BadWaitingForInitialData');
    t.clock.advance(4_000);
    t.set('Level', 18);
    expect(t.read('Rate')).toMatchObject({ value: 2, quality: 'Good' });
  });
});
