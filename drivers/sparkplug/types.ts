import type { DataType } from '../../common/tag.ts';

/** Sparkplug B datatypes (the `DataType` enum of sparkplug_b.proto). */
export const SparkplugType = {
  Unknown: 0,
  Int8: 1,
  Int16: 2,
  Int32: 3,
  Int64: 4,
  UInt8: 5,
  UInt16: 6,
  UInt32: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Boolean: 11,
  String: 12,
  DateTime: 13,
  Text: 14,
  UUID: 15,
  DataSet: 16,
  Bytes: 17,
  File: 18,
  Template: 19,
  PropertySet: 20,
  PropertySetList: 21,
  Int8Array: 22,
  Int16Array: 23,
  Int32Array: 24,
  Int64Array: 25,
  UInt8Array: 26,
  UInt16Array: 27,
  UInt32Array: 28,
  UInt64Array: 29,
  FloatArray: 30,
  DoubleArray: 31,
  BooleanArray: 32,
  StringArray: 33,
  DateTimeArray: 34,
} as const;

const NAMES = new Map<number, string>(Object.entries(SparkplugType).map(([name, n]) => [n, name]));

/** `Double`, or `datatype 99` for a number the specification does not name. */
export function typeName(datatype: number): string {
  return NAMES.get(datatype) ?? `datatype ${datatype}`;
}

/** The tag data type a metric maps onto (64-bit integers become numbers), or undefined when Lineside has none. */
export function tagTypeOf(datatype: number): { dataType: DataType; array: boolean } | undefined {
  const array = datatype >= SparkplugType.Int8Array && datatype <= SparkplugType.DateTimeArray;
  const scalar = array ? ARRAY_ELEMENT[datatype] : datatype;
  const dataType = scalar === undefined ? undefined : SCALAR_TAG_TYPE[scalar];
  return dataType ? { dataType, array } : undefined;
}

const SCALAR_TAG_TYPE: Record<number, DataType> = {
  [SparkplugType.Int8]: 'int16',
  [SparkplugType.Int16]: 'int16',
  [SparkplugType.Int32]: 'int32',
  [SparkplugType.Int64]: 'float64',
  [SparkplugType.UInt8]: 'uint16',
  [SparkplugType.UInt16]: 'uint16',
  [SparkplugType.UInt32]: 'uint32',
  [SparkplugType.UInt64]: 'float64',
  [SparkplugType.Float]: 'float32',
  [SparkplugType.Double]: 'float64',
  [SparkplugType.Boolean]: 'bool',
  [SparkplugType.String]: 'string',
  [SparkplugType.Text]: 'string',
  [SparkplugType.UUID]: 'string',
  [SparkplugType.DateTime]: 'datetime',
};

/** The element type of each array type. */
export const ARRAY_ELEMENT: Record<number, number> = {
  [SparkplugType.Int8Array]: SparkplugType.Int8,
  [SparkplugType.Int16Array]: SparkplugType.Int16,
  [SparkplugType.Int32Array]: SparkplugType.Int32,
  [SparkplugType.Int64Array]: SparkplugType.Int64,
  [SparkplugType.UInt8Array]: SparkplugType.UInt8,
  [SparkplugType.UInt16Array]: SparkplugType.UInt16,
  [SparkplugType.UInt32Array]: SparkplugType.UInt32,
  [SparkplugType.UInt64Array]: SparkplugType.UInt64,
  [SparkplugType.FloatArray]: SparkplugType.Float,
  [SparkplugType.DoubleArray]: SparkplugType.Double,
  [SparkplugType.BooleanArray]: SparkplugType.Boolean,
  [SparkplugType.StringArray]: SparkplugType.String,
  [SparkplugType.DateTimeArray]: SparkplugType.DateTime,
};

const FROM_TAG_TYPE: Record<DataType, number> = {
  bool: SparkplugType.Boolean,
  int16: SparkplugType.Int16,
  uint16: SparkplugType.UInt16,
  int32: SparkplugType.Int32,
  uint32: SparkplugType.UInt32,
  float32: SparkplugType.Float,
  float64: SparkplugType.Double,
  string: SparkplugType.String,
  datetime: SparkplugType.DateTime,
};

const ARRAY_OF: Record<number, number> = Object.fromEntries(Object.entries(ARRAY_ELEMENT).map(([array, element]) => [element, Number(array)]));

/** The datatype an edge node announces for a tag of this type (an array tag: the array type). */
export function sparkplugTypeOf(dataType: DataType, array: boolean): number {
  const scalar = FROM_TAG_TYPE[dataType];
  return array ? ARRAY_OF[scalar]! : scalar;
}
