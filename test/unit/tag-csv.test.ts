import { describe, expect, it } from 'vitest';
import { builtinDrivers } from '../../drivers/registry.ts';
import { exportTagsCsv, parseTagsCsv, readTagsCsv, TAG_CSV_COLUMNS } from '../../main/core/config/tag-csv.ts';
import { previewRows } from '../../main/core/config/tag-csv-preview.ts';
import { parseDevice, parseTag, type LoadedDevice } from '../../main/core/project/project-validation.ts';

function devices(): Map<string, LoadedDevice> {
  const drivers = builtinDrivers();
  const plc = parseDevice({ name: 'plc', driver: 'modbus', config: { host: '127.0.0.1', pollGroups: { fast: { rateMs: 100 } } } }, drivers);
  const sim = parseDevice({ name: 'sim', driver: 'simulator', config: {} }, drivers);
  if (!plc.ok || !sim.ok) throw new Error('fixture devices invalid');
  return new Map([
    ['plc', plc.value],
    ['sim', sim.value],
  ]);
}

const TAGS = [
  {
    path: 'Line1/Tank/Level',
    description: 'Level, "quoted", with a comma',
    dataType: 'float64',
    source: { device: 'plc', address: 'hr:0', options: { type: 'int16', pollGroup: 'fast' } },
    scaling: { rawMin: 0, rawMax: 27648, euMin: 0, euMax: 100 },
    units: '%',
    decimals: 1,
    range: { min: 0, max: 100 },
    deadband: 0.05,
    history: { enabled: true, compressionDeviation: 0.1 },
  },
  {
    path: 'Line1/Pump/Run',
    dataType: 'bool',
    source: { device: 'plc', address: 'co:3' },
    writable: true,
    states: { true: 'Running', false: 'Stopped' },
  },
  { path: 'Line1/Speed', dataType: 'float64', source: { device: 'sim', address: 'memory(initial=10)' }, writable: true, writeLimits: { min: 0, max: 50 }, staleAfterMs: 5000 },
];

describe('tags as CSV', () => {
  it('round-trips tags (nested settings as JSON cells, quotes and commas escaped)', () => {
    const csv = exportTagsCsv(TAGS);
    expect(csv.split('\n')[0]).toBe(TAG_CSV_COLUMNS.join(','));
    expect(csv).toContain('"Level, ""quoted"", with a comma"');
    const back = parseTagsCsv(csv, devices());
    expect(back.ok && back.value).toEqual(TAGS);
  });

  it('reads a spreadsheet export: BOM, columns in any order, only the required ones', () => {
    const csv = '\uFEFFdataType,path,address,device\r\nuint16,A/B,hr:7,plc\r\n';
    const back = parseTagsCsv(csv, devices());
    expect(back.ok && back.value).toEqual([{ path: 'A/B', dataType: 'uint16', source: { device: 'plc', address: 'hr:7' } }]);
  });

  it('reports every bad row with its number and column, and returns nothing', () => {
    const csv = [
      'path,device,address,dataType,rawMin,rawMax,euMin,euMax,writable,options',
      'Good/One,plc,hr:1,uint16,,,,,,',
      'Bad/Address,plc,hr:70000,uint16,,,,,,',
      'Bad/Type,plc,hr:2,float128,,,,,,',
      'Bad/Scaling,plc,hr:3,float64,0,0,0,100,,',
      'Bad/Writable,plc,hr:4,uint16,,,,,maybe,',
      'Bad/Options,plc,hr:5,uint16,,,,,,"{""pollGroup"":""none""}"',
      'Bad/Device,nowhere,hr:5,uint16,,,,,,',
      'Good/One,plc,hr:9,uint16,,,,,,',
      'bad path!,plc,hr:6,uint16,,,,,,',
    ].join('\n');
    const result = parseTagsCsv(csv, devices());
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.error.message.split('\n');
    expect(lines[0]).toBe('csv: 8 bad row(s), nothing imported:');
    expect(lines.slice(1).map((l) => /^row (\d+), column (\w+):/.exec(l)?.slice(1, 3).join(' '))).toEqual(['3 address', '4 dataType', '5 rawMax', '6 writable', '7 options', '8 device', '9 path', '10 path']);
    expect(lines[1]).toMatch(/70000/);
    expect(lines[7]).toMatch(/also in row 2/);
  });

  it('refuses unknown and missing columns, and text that is not CSV', () => {
    const unknown = parseTagsCsv('path,device,address,dataType,colour\n', devices());
    expect(!unknown.ok && unknown.error.message).toMatch(/row 1: unknown column\(s\) colour/);
    const missing = parseTagsCsv('path,device\nA,plc\n', devices());
    expect(!missing.ok && missing.error.message).toMatch(/missing column\(s\) address, dataType/);
    const broken = parseTagsCsv('path,device,address,dataType\n"A,plc,hr:1,uint16\n', devices());
    expect(!broken.ok && broken.error.message).toMatch(/not readable as CSV/);
    const ragged = parseTagsCsv('path,device,address,dataType\nA,plc,hr:1\n', devices());
    expect(!ragged.ok && ragged.error.message).toMatch(/not readable as CSV/);
  });
});

describe('the preview of a tag CSV import', () => {
  const current = TAGS.map((raw) => {
    const parsed = parseTag(raw, devices());
    if (!parsed.ok) throw new Error(parsed.error.message);
    return { file: 'tags/line.json', raw, def: parsed.value };
  });
  const preview = (csv: string) => {
    const read = readTagsCsv(csv, devices());
    if (!read.ok) throw new Error(read.error.message);
    return previewRows(read.value, current, () => undefined);
  };

  it('says per row what an import would add, change, leave and refuse, and which tags of those devices it leaves out', () => {
    const exported = exportTagsCsv(TAGS).trim().split('\n');
    const csv = [
      exported[0],
      exported[1], // Line1/Tank/Level unchanged
      exported[2]!.replace('co:3', 'co:4'), // Line1/Pump/Run: another address
      'Line1/Tank/Temp,plc,hr:9,float64,,°C,,,,,,0,100,,,,,,,,',
      'Line1/Tank/Bad,plc,hr:nowhere,float64,,,,,,,,,,,,,,,,,',
      'Line1/Tank/Upside,plc,hr:10,float64,,,,,,,,100,0,,,,,,,,',
    ].join('\n');
    expect(preview(csv)).toEqual({
      added: [{ row: 4, path: 'Line1/Tank/Temp' }],
      changed: [{ row: 3, path: 'Line1/Pump/Run', fields: ['source'], fieldKeys: ['source'] }],
      unchanged: [{ row: 2, path: 'Line1/Tank/Level' }],
      refused: [
        { row: 5, column: 'address', reason: expect.stringContaining('hr:nowhere') },
        // The reason as a key too, for the reader's language (a refinement of ours keeps its words as the detail).
        { row: 6, column: 'rangeMax', reason: 'the maximum must be greater than the minimum', text: { key: 'field.custom', params: expect.objectContaining({ detail: 'the maximum must be greater than the minimum' }) } },
      ],
      notInFile: [],
    });
  });

  it('lists the tags of the same devices that the file leaves out (an import keeps them)', () => {
    const [header, level] = exportTagsCsv(TAGS).trim().split('\n');
    expect(preview([header, level].join('\n')).notInFile).toEqual(['Line1/Pump/Run']);
  });
});
