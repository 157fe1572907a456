import { DataType, DataValue, StatusCodes, Variant } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { QUALITY_CODES, qualityFromStatusCode, type Quality } from '../../common/quality.ts';
import { fromUaDataValue, fromVariant, toVariant } from '../../drivers/opcua/convert.ts';

describe('OPC UA status codes → quality', () => {
  it.each(Object.entries(QUALITY_CODES) as [Quality, number][])('%s has the number node-opcua gives it', (name, code) => {
    const status = (StatusCodes as unknown as Record<string, { value: number } | undefined>)[name];
    expect(status, `${name} is not an OPC UA status code`).toBeDefined();
    expect(code.toString(16)).toBe(status!.value.toString(16));
    expect(qualityFromStatusCode(status!.value)).toBe(name);
  });

  it('maps unknown codes by severity, never better than they are', () => {
    expect(qualityFromStatusCode(StatusCodes.BadCertificateUntrusted.value)).toBe('Bad');
    expect(qualityFromStatusCode(StatusCodes.UncertainDataSubNormal.value)).toBe('Uncertain');
    expect(qualityFromStatusCode(StatusCodes.GoodClamped.value)).toBe('Good');
    // Info bits (overflow, limits) do not change the quality.
    expect(qualityFromStatusCode(StatusCodes.BadSensorFailure.value | 0x0400)).toBe('BadSensorFailure');
  });

  it('keeps the source timestamp and maps the status of a node-opcua DataValue', () => {
    const sourceTimestamp = new Date(Date.UTC(2026, 0, 1, 6));
    const value = fromUaDataValue(new DataValue({ value: new Variant({ dataType: DataType.Double, value: 1.5 }), statusCode: StatusCodes.UncertainLastUsableValue, sourceTimestamp }), 5);
    expect(value).toEqual({ value: 1.5, quality: 'UncertainLastUsableValue', sourceTime: sourceTimestamp.getTime(), serverTime: 5 });
  });
});

describe('OPC UA value conversion', () => {
  it('reads variants as plain values', () => {
    expect(fromVariant(new Variant({ dataType: DataType.Int64, arrayType: 0, value: [0, 5] }))).toBe(5);
    expect(fromVariant(new Variant({ dataType: DataType.Int64, arrayType: 0, value: [0xffffffff, 0xfffffffe] }))).toBe(-2);
    expect(fromVariant(new Variant({ dataType: DataType.DateTime, value: new Date(1000) }))).toBe(1000);
    expect(fromVariant(new Variant({ dataType: DataType.LocalizedText, value: { text: 'hi' } }))).toBe('hi');
    // Arrays are lists of plain values, each element converted like a scalar.
    expect(fromVariant(new Variant({ dataType: DataType.Double, arrayType: 1, value: [1, 2] }))).toEqual([1, 2]);
    expect(fromVariant(new Variant({ dataType: DataType.DateTime, arrayType: 1, value: [new Date(1000), new Date(2000)] }))).toEqual([1000, 2000]);
    expect(
      fromVariant(
        new Variant({
          dataType: DataType.Int64,
          arrayType: 1,
          value: [
            [0, 5],
            [0xffffffff, 0xfffffffe],
          ],
        }),
      ),
    ).toEqual([5, -2]);
    expect(fromVariant(new Variant({ dataType: DataType.String, arrayType: 1, value: ['a', null] }))).toEqual(['a', null]);
    expect(fromVariant(null)).toBe(null);
  });

  it("writes raw values as the variable's data type", () => {
    expect(toVariant(3, DataType.Int16)).toMatchObject({ ok: true, value: { dataType: DataType.Int16, value: 3 } });
    expect(toVariant(-1, DataType.UInt32)).toMatchObject({ ok: false, error: { code: 'out-of-range' } });
    expect(toVariant(true, DataType.Byte)).toMatchObject({ ok: true, value: { value: 1 } });
    expect(toVariant(1, DataType.Boolean)).toMatchObject({ ok: true, value: { value: true } });
    expect(toVariant(2, DataType.Boolean)).toMatchObject({ ok: false, error: { code: 'type-mismatch' } });
    expect(toVariant(-2, DataType.Int64)).toMatchObject({ ok: true, value: { value: [0xffffffff, 0xfffffffe] } });
    expect(toVariant('x', DataType.Float)).toMatchObject({ ok: false, error: { code: 'type-mismatch' } });
    expect(toVariant(0, DataType.Guid)).toMatchObject({ ok: false, error: { message: /not supported/ } });
  });
});
