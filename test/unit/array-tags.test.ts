import { afterEach, describe, expect, it } from 'vitest';
import type { DataValue } from '../../common/data-value.ts';
import { parseTagRef, TagDefinitionSchema, tagInfo, TagRefSchema } from '../../common/tag.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { checkWriteValue } from '../../main/core/tags/value-checks.ts';
import { referencedTags } from '../../screens/expression/ast.ts';
import { parseExpression } from '../../screens/expression/parser.ts';
import { setPlantFormat } from '../../renderer/ui/format.ts';
import { formatDateTime, formatValue } from '../../renderer/ui/value-format.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { tag } from '../support/tags.ts';

const good = (value: DataValue['value'], t = 1): DataValue => ({ value, quality: 'Good', sourceTime: t, serverTime: t });

describe('array tags in the engine', () => {
  let engine: TagEngine;
  afterEach(() => engine?.dispose());

  it('makes each element a tag of its own, scaled and rounded like the array, derived from its value', () => {
    engine = new TagEngine([tag({ path: 'L/Temps', dataType: 'int16', arrayLength: 3, scaling: { rawMin: 0, rawMax: 10, euMin: 0, euMax: 100 }, range: { min: 0, max: 50 } })], new ManualClock());
    expect(engine.all().map((s) => s.def.path)).toEqual(['L/Temps', 'L/Temps[0]', 'L/Temps[1]', 'L/Temps[2]']);
    engine.ingest([{ handle: 0, value: good([1.04, 2, 9, 4], 7) }]);
    // The array keeps its first arrayLength elements, in engineering units.
    expect(engine.slot('L/Temps')!.current).toMatchObject({ value: [10, 20, 90], quality: 'Good', sourceTime: 7 });
    expect(engine.slot('L/Temps[0]')!.current).toMatchObject({ value: 10, quality: 'Good', sourceTime: 7 });
    // Outside the range: that element (only) is uncertain.
    expect(engine.slot('L/Temps[2]')!.current).toMatchObject({ value: 90, quality: 'UncertainEngineeringUnitsExceeded' });
    expect(tagInfo(engine.slot('L/Temps[1]')!.def)).toMatchObject({ path: 'L/Temps[1]', elementOf: 'L/Temps', decimals: 0 });
    expect(tagInfo(engine.slot('L/Temps')!.def)).toMatchObject({ arrayLength: 3 });
  });

  it('marks elements the device did not send, and values of the wrong type, as bad', () => {
    engine = new TagEngine([tag({ path: 'L/A', arrayLength: 3 }), tag({ path: 'L/S' })], new ManualClock());
    engine.ingest([
      { handle: 0, value: good([1, 'x']) },
      { handle: 4, value: good([1, 2]) },
    ]);
    expect(engine.slot('L/A[1]')!.current).toMatchObject({ value: null, quality: 'BadTypeMismatch' });
    expect(engine.slot('L/A[2]')!.current).toMatchObject({ value: null, quality: 'BadIndexRangeNoData' });
    // A list where one value belongs is not taken apart or turned into text.
    expect(engine.slot('L/S')!.current).toMatchObject({ value: null, quality: 'BadTypeMismatch' });
    engine.ingest([{ handle: 0, value: good(5) }]);
    expect(engine.slot('L/A')!.current.quality).toBe('BadTypeMismatch');
  });

  it('turns the elements bad with the device, keeping their last values for context', () => {
    engine = new TagEngine([tag({ path: 'L/A', arrayLength: 2 })], new ManualClock());
    engine.ingest([{ handle: 0, value: good([1, 2]) }]);
    engine.setQuality([0], 'BadNotConnected');
    expect(engine.slot('L/A[1]')!.current).toMatchObject({ value: 2, quality: 'BadNotConnected' });
    engine.ingest([{ handle: 0, value: { value: null, quality: 'BadCommunicationError', sourceTime: 2, serverTime: 2 } }]);
    expect(engine.slot('L/A[0]')!.current).toMatchObject({ value: 1, quality: 'BadCommunicationError' });
  });

  it('hands the elements to subscribers and sinks like any tag; a redefined array gets new elements', async () => {
    engine = new TagEngine([tag({ path: 'L/A', arrayLength: 2 })], new ManualClock());
    const sunk: string[] = [];
    engine.addSink((changed) => sunk.push(...changed.map((s) => s.def.path)));
    engine.ingest([{ handle: 0, value: good([1, 2]) }]);
    expect(sunk).toEqual(['L/A', 'L/A[0]', 'L/A[1]']);
    sunk.length = 0;
    engine.ingest([{ handle: 0, value: good([1, 3]) }]);
    expect(sunk).toEqual(['L/A', 'L/A[1]']);
    engine.replaceTag(tag({ path: 'L/A', arrayLength: 3 }));
    expect(engine.all().map((s) => s.def.path)).toEqual(['L/A', 'L/A[0]', 'L/A[1]', 'L/A[2]']);
    engine.removeTag('L/A');
    expect(engine.all()).toEqual([]);
    expect(engine.slot('L/A[0]')).toBeUndefined();
  });
});

describe('tag definitions', () => {
  it('shows integer tags without decimals unless the tag says so; others with one', () => {
    expect(tag({ path: 'A', dataType: 'int32' }).decimals).toBe(0);
    expect(tag({ path: 'A', dataType: 'uint16', decimals: 2 }).decimals).toBe(2);
    expect(tag({ path: 'A', dataType: 'float32' }).decimals).toBe(1);
  });

  it('refuses a writable array tag and a range on a date, naming the field', () => {
    const writable = TagDefinitionSchema.safeParse({ path: 'A', dataType: 'float64', arrayLength: 2, writable: true, source: { device: 'd', address: 'a' } });
    expect(writable.success ? undefined : writable.error.issues[0]).toMatchObject({ path: ['writable'], message: expect.stringMatching(/array tags are read-only/) });
    const ranged = TagDefinitionSchema.safeParse({ path: 'A', dataType: 'datetime', range: { min: 0, max: 1 }, source: { device: 'd', address: 'a' } });
    expect(ranged.success ? undefined : ranged.error.issues[0]?.message).toBe('range applies only to numeric tags, not datetime');
    expect(checkWriteValue('tomorrow', tag({ path: 'T', dataType: 'datetime' }))).toMatchObject({ ok: false, error: { code: 'type-mismatch' } });
  });

  it('reads element references: Path[i] in bindings and schemas, nothing else', () => {
    expect(parseTagRef('L/Temps[3]')).toEqual({ path: 'L/Temps', index: 3 });
    expect(parseTagRef('L/Temps')).toEqual({ path: 'L/Temps' });
    expect(TagRefSchema.safeParse('L/Temps[3]').success).toBe(true);
    for (const bad of ['L/Temps[-1]', 'L/Temps[03]', 'L/Temps[3][1]', 'L/Temps[x]', 'L/Temps[]']) expect(TagRefSchema.safeParse(bad).success).toBe(false);
    const parsed = parseExpression('{L/Temps[3]} * 2 + {L/Temps[0]}');
    expect(parsed.ok && referencedTags(parsed.value)).toEqual(['L/Temps[3]', 'L/Temps[0]']);
    const wrong = parseExpression('{L/Temps[x]}');
    expect(wrong.ok ? undefined : wrong.error.message).toMatch(/is not a tag path .*an array element ending in \[index\]/);
  });
});

describe('values as people read them', () => {
  afterEach(() => setPlantFormat({ timeZone: undefined }));
  const info = (fields: Partial<ReturnType<typeof tagInfo>>) => ({ ...tagInfo(tag({ path: 'X' })), ...fields });

  it("shows dates in the plant's time zone, whatever the browser's", () => {
    const at = Date.UTC(2026, 6, 1, 12, 30, 5);
    setPlantFormat({ timeZone: 'America/Chicago' });
    expect(formatValue(info({ dataType: 'datetime' }), at)).toBe('2026-07-01 07:30:05');
    setPlantFormat({ timeZone: 'Asia/Tokyo' });
    expect(formatValue(info({ dataType: 'datetime' }), at)).toBe('2026-07-01 21:30:05');
    expect(formatDateTime(at, 'UTC')).toBe('2026-07-01 12:30:05');
  });

  it('shows whole numbers without decimals, and an array as its list', () => {
    expect(formatValue(tagInfo(tag({ path: 'C', dataType: 'int32' })), 42)).toBe('42');
    expect(formatValue(tagInfo(tag({ path: 'F' })), 42)).toBe('42.0');
    expect(formatValue(tagInfo(tag({ path: 'T', arrayLength: 3, decimals: 2 })), [1, 2.5, null])).toBe('1.00, 2.50, —');
  });
});
