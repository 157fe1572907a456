import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkOrderSchema } from '../../common/mes.ts';
import type { Completion, MaterialConsumption } from '../../common/mes.ts';
import { decodeConfirmBod, encodeConfirmBod } from '../../main/core/mes/b2mml/confirm-bod.ts';
import { encodeOperationsPerformance, formatNumber } from '../../main/core/mes/b2mml/performance-encode.ts';
import { decodeOperationsSchedule, isRefused, type DecodedOrder, type DecodedSchedule } from '../../main/core/mes/b2mml/schedule-decode.ts';
import { validateB2mml } from '../../main/core/mes/b2mml/schema-validator.ts';
import { Reader } from '../../main/core/mes/b2mml/reader.ts';
import { applyReversalForm } from '../../main/core/mes/reversal.ts';
import { parseB2mml } from '../../main/core/mes/b2mml/xml.ts';

const SAMPLE = readFileSync(new URL('../fixtures/mes-b2mml/ProcessOperationsSchedule.V0701.xml', import.meta.url), 'utf8');

export const completion: Completion = {
  id: 'c-1000123-1',
  workOrder: { system: 'erp', id: '1000123' },
  operation: '0010',
  sequence: 1,
  good: { value: 240, unit: 'C62' },
  scrap: [{ quantity: { value: 6, unit: 'C62' }, reason: 'SCR-07' }],
  rework: { value: 2.5, unit: 'C62' },
  actualStart: '2025-03-04T05:02:10.000Z',
  actualEnd: '2025-03-04T10:14:55.000Z',
  lots: ['L250304-01', 'L250304-02'],
  operator: 'OP-0042',
  final: true,
  timeZone: 'Europe/Berlin',
};

const consumption: MaterialConsumption = {
  id: 'm-1000123-1',
  workOrder: { system: 'erp', id: '1000123' },
  sequence: 2,
  material: { code: 'RM-0815' },
  lot: 'B-77812',
  quantity: { value: 123.4, unit: 'KGM' },
  at: '2025-03-04T09:00:00.000Z',
  operator: 'OP-0042',
  timeZone: 'Europe/Berlin',
};

function envelope(key: string, kind: 'completion' | 'consumption', payload: Completion | MaterialConsumption) {
  const base = { key, connector: 'erp', stream: 'erp/1000123', sequence: 1, attempts: 0, createdAt: 0 };
  return kind === 'completion' ? { ...base, kind, payload: payload as Completion } : { ...base, kind, payload: payload as MaterialConsumption };
}

const encodeOptions = { senderId: 'LINESIDE-L1', createdAt: '2025-03-04T10:15:02.000Z' };

/** The i-th order of a decoded schedule, which must have been read. */
function readOrder(schedule: DecodedSchedule, i = 0): DecodedOrder {
  const order = schedule.orders[i]!;
  if (isRefused(order)) throw new Error(order.reason);
  return order;
}

function decoded(xml: string): DecodedSchedule {
  const result = decodeOperationsSchedule(xml, 'erp');
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('B2MML schedule decoding', () => {
  it('reads the MESA-style sample into a work order the core accepts', () => {
    const decoded = decodeOperationsSchedule(SAMPLE, 'erp');
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.verb).toBe('Process');
    expect(decoded.value.header).toEqual({
      senderId: 'ERP-PRD-100',
      bodId: '6f1c2a8e-6a0e-4f0e-9f7a-1d2b3c4d5e6f',
      creationDateTime: '2025-03-04T06:00:00.000Z',
      confirmation: 'Always',
    });
    expect(decoded.value.orders).toHaveLength(1);
    const { messageId, order, orderId, version } = readOrder(decoded.value);
    expect(messageId).toBe('6f1c2a8e-6a0e-4f0e-9f7a-1d2b3c4d5e6f/1000123');
    expect([orderId, version]).toEqual(['1000123', '3']);
    expect(order).toMatchObject({
      system: 'erp',
      id: '1000123',
      revision: 3,
      material: { code: 'FG-4711' },
      quantity: { value: 500, unit: 'C62' },
      workCentre: 'PLANT1010.LINE1',
      scheduledStart: '2025-03-04T05:00:00.000Z',
      scheduledEnd: '2025-03-04T13:00:00.000Z',
      priority: 2,
      status: 'Released',
    });
    expect(order.operations).toEqual([{ id: '0010', sequence: 10, description: 'ASSEMBLE', workCentre: 'WC-ASSY-01', quantity: { value: 500, unit: 'C62' } }]);
    expect(order.bom).toEqual([{ material: { code: 'RM-0815' }, quantity: { value: 250, unit: 'KGM' }, operation: '0010' }]);
    expect(order.parameters).toEqual([{ name: 'CycleTimeTarget', value: 12.5, unit: 'SEC' }]);
    expect(WorkOrderSchema.safeParse(order).success).toBe(true);
  });

  it('turns a SyncOperationsSchedule with actionCode Delete into a cancellation', () => {
    const xml = SAMPLE.replaceAll('ProcessOperationsSchedule', 'SyncOperationsSchedule').replace('<Process acknowledgeCode="Always"/>', '<Sync><ActionCriteria><ActionExpression actionCode="Delete"/></ActionCriteria></Sync>');
    const decoded = decodeOperationsSchedule(xml, 'erp');
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.verb).toBe('Sync');
    expect(decoded.value.header.confirmation).toBe('OnError');
    expect(readOrder(decoded.value).order.status).toBe('Cancelled');
  });

  const ORDER = 'ProcessOperationsSchedule/DataArea/OperationsSchedule[0]/OperationsRequest[0]';
  const SEGMENT = `${ORDER}/SegmentRequirement[0]`;
  // What the line needs of an order; each refusal is the order's alone and names the element.
  const brokenOrder: Array<[string, (xml: string) => string, string, RegExp]> = [
    ['no order id', (x) => x.replace('<ID>1000123</ID>', ''), `${ORDER}/ID`, /missing/],
    ['a quantity that is no number', (x) => x.replace('<QuantityString>500</QuantityString>', '<QuantityString>five</QuantityString>'), `${SEGMENT}/MaterialRequirement[0]/Quantity/QuantityString`, /"five" is not a non-negative number/],
    ['a negative quantity', (x) => x.replace('<QuantityString>250</QuantityString>', '<QuantityString>-1</QuantityString>'), `${SEGMENT}/MaterialRequirement[1]/Quantity/QuantityString`, /non-negative/],
    ['a produced quantity without unit', (x) => x.replace('<UnitOfMeasure listID="Rec20" listAgencyID="6">C62</UnitOfMeasure>', ''), `${SEGMENT}/MaterialRequirement[0]/Quantity/UnitOfMeasure`, /missing or empty: the line needs the unit/],
    ['a time without UTC offset', (x) => x.replace('<StartTime>2025-03-04T06:00:00+01:00</StartTime>', '<StartTime>2025-03-04T06:00:00</StartTime>'), `${ORDER}/StartTime`, /UTC offset/],
    ['an end before the start', (x) => x.replace('<EndTime>2025-03-04T14:00:00+01:00</EndTime>', '<EndTime>2025-03-04T04:00:00+01:00</EndTime>'), `${ORDER}/EndTime`, /before it starts/],
    [
      'a duration that is no xsd:duration',
      (x) =>
        x
          .replace(/<EndTime>.*<\/EndTime>/, '')
          .replace(/<LatestEndTime>.*<\/LatestEndTime>/, '')
          .replace('<Duration>PT8H</Duration>', '<Duration>8 hours</Duration>'),
      `${SEGMENT}/Duration`,
      /not an xsd:duration/,
    ],
    ['no produced material', (x) => x.replace('<MaterialUse>Produced</MaterialUse>', '<MaterialUse>Consumed</MaterialUse>'), `${ORDER}/SegmentRequirement`, /MaterialUse Produced/],
    ['no work centre', (x) => x.replace(/<HierarchyScope>[\s\S]*?<\/HierarchyScope>/, '').replace(/<EquipmentRequirement>[\s\S]*?<\/EquipmentRequirement>/, ''), `${ORDER}/HierarchyScope/EquipmentID`, /no work centre/],
    ['a priority that is no number', (x) => x.replace('<Priority>2</Priority>', '<Priority>high</Priority>'), `${ORDER}/Priority`, /"high" is not a number/],
    ['a forecast order', (x) => x.replace('<RequestState>Released</RequestState>', '<RequestState>Forecast</RequestState>'), `${ORDER}/RequestState`, /"Forecast" cannot be run/],
    ['a revision that is no number', (x) => x.replace('<Version>3</Version>', '<Version>v3</Version>'), `${ORDER}/Version`, /whole revision/],
    ['a parameter that is no decimal', (x) => x.replace('<ValueString>12.5</ValueString>', '<ValueString>fast</ValueString>'), `${SEGMENT}/SegmentParameter[0]/Value/ValueString`, /"fast" is not a decimal/],
  ];
  it.each(brokenOrder)('refuses an order with %s on its own, naming the element', (_what, edit, path, message) => {
    const result = decodeOperationsSchedule(edit(SAMPLE), 'erp');
    if (!result.ok) throw new Error(`the whole schedule was refused: ${result.error.message}`);
    const order = result.value.orders[0]!;
    if (!isRefused(order)) throw new Error('the order was read');
    expect(order.path).toBe(path);
    expect(order.reason).toMatch(message);
    expect(order.reason.startsWith(path)).toBe(true);
  });

  // What makes the message itself unreadable: nothing of it is applied.
  const brokenMessage: Array<[string, (xml: string) => string, string, RegExp]> = [
    ['no ApplicationArea', (x) => x.replace(/<ApplicationArea>[\s\S]*<\/ApplicationArea>/, ''), 'ProcessOperationsSchedule/ApplicationArea', /missing/],
    [
      'a bad confirmation code',
      (x) => x.replace('<ConfirmationCode>OnError</ConfirmationCode>', '<ConfirmationCode>Sometimes</ConfirmationCode>'),
      'ProcessOperationsSchedule/ApplicationArea/Sender/ConfirmationCode',
      /Always, OnError or Never/,
    ],
    ['no OperationsSchedule', (x) => x.replace(/<OperationsSchedule>[\s\S]*<\/OperationsSchedule>/, ''), 'ProcessOperationsSchedule/DataArea/OperationsSchedule', /missing/],
  ];
  it.each(brokenMessage)('refuses a message with %s as a whole, naming the element', (_what, edit, path, message) => {
    const result = decodeOperationsSchedule(edit(SAMPLE), 'erp');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.path).toBe(path);
    expect(result.error.message).toMatch(message);
  });

  it('accepts what B2MML leaves optional: StartTime with a Duration, or no times at all', () => {
    const noEnd = SAMPLE.replace(/<EndTime>.*<\/EndTime>/, '').replace(/<LatestEndTime>.*<\/LatestEndTime>/, '');
    expect(readOrder(decoded(noEnd)).order).toMatchObject({ scheduledStart: '2025-03-04T05:00:00.000Z', scheduledEnd: '2025-03-04T13:00:00.000Z' });
    const days = noEnd.replace('<Duration>PT8H</Duration>', '<Duration>P1DT2H30M</Duration>');
    expect(readOrder(decoded(days)).order.scheduledEnd).toBe('2025-03-05T07:30:00.000Z');
    const neither = noEnd
      .replace(/<StartTime>.*<\/StartTime>/, '')
      .replace(/<EarliestStartTime>.*<\/EarliestStartTime>/, '')
      .replace('<Duration>PT8H</Duration>', '');
    const order = readOrder(decoded(neither)).order;
    expect(order.scheduledStart).toBeUndefined();
    expect(order.scheduledEnd).toBeUndefined();
    expect(WorkOrderSchema.safeParse(order).success).toBe(true);
  });

  it('does not require what neither B2MML nor the line needs', () => {
    const lean = SAMPLE.replace(/<ID>SCHED-2025-03-04-L1<\/ID>/, '')
      .replace('<ProcessSegmentID>ASSEMBLE</ProcessSegmentID>', '')
      .replace('<OperationsDefinitionID>FG-4711-PV01</OperationsDefinitionID>', '')
      .replace('<OperationsSegmentID>0010</OperationsSegmentID>', '')
      // A parameter without a Value, and a BOM line by material class only: nothing to write or backflush.
      .replace(/<Value>\s*<ValueString>12.5[\s\S]*?<\/Value>/, '')
      .replace('<MaterialDefinitionID>RM-0815</MaterialDefinitionID>', '<MaterialClassID>RESIN</MaterialClassID>')
      .replace('<Priority>2</Priority>', '<Priority>1500.4</Priority>');
    const order = readOrder(decoded(lean)).order;
    expect(order).toMatchObject({ id: '1000123', material: { code: 'FG-4711' }, quantity: { value: 500, unit: 'C62' }, parameters: [], bom: [], priority: 999 });
  });

  it('ignores extension elements of other namespaces, even those named like B2MML ones', () => {
    const extended = SAMPLE.replace('<RequestState>Released</RequestState>', '<RequestState>Released</RequestState><acme:ID xmlns:acme="urn:acme:mes">SHADOW</acme:ID><Shift xmlns="urn:acme:mes"><ID>N</ID></Shift>').replace(
      '<SegmentState>Released</SegmentState>',
      '<SegmentState>Released</SegmentState><x:SegmentParameter xmlns:x="urn:acme:mes"><x:ID>Secret</x:ID><x:Value><x:ValueString>1</x:ValueString></x:Value></x:SegmentParameter>',
    );
    const order = readOrder(decoded(extended)).order;
    expect(order.id).toBe('1000123');
    expect(order.parameters).toEqual([{ name: 'CycleTimeTarget', value: 12.5, unit: 'SEC' }]);
  });

  it('reads every OperationsSchedule, and one bad order leaves the others', () => {
    const request = /<OperationsRequest>[\s\S]*<\/OperationsRequest>/.exec(SAMPLE)![0];
    const second = request.replace('<ID>1000123</ID>', '<ID>1000124</ID>').replace('<QuantityString>500</QuantityString>', '<QuantityString>lots</QuantityString>');
    const third = request.replace('<ID>1000123</ID>', '<ID>1000125</ID>');
    const xml = SAMPLE.replace(request, `${request}${second}`).replace('</OperationsSchedule>', `</OperationsSchedule><OperationsSchedule><ID>S2</ID>${third}</OperationsSchedule>`);
    const schedule = decoded(xml);
    expect(schedule.scheduleIds).toEqual(['SCHED-2025-03-04-L1', 'S2']);
    expect(schedule.orders.map((o) => [o.orderId, isRefused(o) ? o.path : 'read'])).toEqual([
      ['1000123', 'read'],
      ['1000124', 'ProcessOperationsSchedule/DataArea/OperationsSchedule[0]/OperationsRequest[1]/SegmentRequirement[0]/MaterialRequirement[0]/Quantity/QuantityString'],
      ['1000125', 'read'],
    ]);
  });

  it("tells an unversioned order's states apart by content, not by the message it came in", () => {
    const unversioned = SAMPLE.replace('<Version>3</Version>', '');
    const again = unversioned.replace('<CreationDateTime>2025-03-04T06:00:00Z</CreationDateTime>', '<CreationDateTime>2025-03-04T06:00:05Z</CreationDateTime>').replace('6f1c2a8e', '7f1c2a8e');
    const changed = again.replace('<QuantityString>500</QuantityString>', '<QuantityString>600</QuantityString>');
    const [a, b, c] = [unversioned, again, changed].map((x) => readOrder(decoded(x)).version);
    expect(a).toMatch(/^#[0-9a-f]{32}$/);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('refuses documents that are not B2MML at all', () => {
    const cases: Array<[string, RegExp]> = [
      ['<ProcessOperationsSchedule xmlns="http://www.mesa.org/xml/B2MML"><DataArea>', /not well-formed XML at line 1/],
      ['<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', /DOCTYPE/],
      ['<ProcessOperationsSchedule xmlns="urn:other"/>', /namespace http:\/\/www\.mesa\.org\/xml\/B2MML \(found urn:other\)/],
      ['<ShowOperationsSchedule xmlns="http://www.mesa.org/xml/B2MML"/>', /expected ProcessOperationsSchedule or SyncOperationsSchedule/],
    ];
    for (const [xml, message] of cases) {
      const result = decodeOperationsSchedule(xml, 'erp');
      expect(result.ok ? 'decoded' : result.error.message).toMatch(message);
    }
  });

  it('reads a prefixed B2MML root and orders without Version by creation time', () => {
    const xml = SAMPLE.replace('<Version>3</Version>', '')
      .replace('<ProcessOperationsSchedule xmlns="http://www.mesa.org/xml/B2MML" releaseID="0701">', '<b:ProcessOperationsSchedule xmlns:b="http://www.mesa.org/xml/B2MML" releaseID="0701">')
      .replace('</ProcessOperationsSchedule>', '</b:ProcessOperationsSchedule>');
    expect(readOrder(decoded(xml)).order.revision).toBe(Date.parse('2025-03-04T06:00:00Z') / 1000);
  });
});

describe('B2MML messages Lineside writes', () => {
  it('the MESA-style samples validate, and a broken document does not', async () => {
    expect((await validateB2mml(SAMPLE)).ok).toBe(true);
    const performance = readFileSync(new URL('../fixtures/mes-b2mml/SyncOperationsPerformance.V0701.xml', import.meta.url), 'utf8');
    expect((await validateB2mml(performance)).ok).toBe(true);
    const bad = await validateB2mml(SAMPLE.replace('<ID>1000123</ID>', '<Identifier>1000123</Identifier>'));
    expect(bad.ok ? 'valid' : bad.error.message).toMatch(/not valid B2MML V0701: line \d+: .*Identifier.*This element is not expected/);
  });

  it('a completion (good, scrap with reason, rework, lots, final) validates and reads back', async () => {
    const xml = encodeOperationsPerformance(envelope('c-1000123-1', 'completion', completion) as never, encodeOptions);
    const valid = await validateB2mml(xml);
    expect(valid.ok ? 'valid' : valid.error.message).toBe('valid');
    const parsed = parseB2mml(xml);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const root = new Reader(parsed.value.node, 'SyncOperationsPerformance');
    expect(root.required('ApplicationArea').text('BODID')).toBe('c-1000123-1');
    const response = root.required('DataArea').required('OperationsPerformance').required('OperationsResponse');
    expect(response.text('ResponseState')).toBe('Completed');
    const segment = response.required('SegmentResponse');
    expect(segment.text('ID')).toBe('c-1000123-1');
    expect(segment.text('ActualStartTime')).toBe('2025-03-04T05:02:10.000Z');
    expect(segment.required('PersonnelActual').text('PersonID')).toBe('OP-0042');
    const materials = segment.children('MaterialActual');
    expect(materials.map((m) => [m.text('ID'), m.required('Quantity').text('QuantityString'), m.required('Quantity').text('UnitOfMeasure')])).toEqual([
      ['GOOD', '240', 'C62'],
      ['SCRAP-1', '6', 'C62'],
      ['REWORK', '2.5', 'C62'],
    ]);
    expect(xml).toContain('<MaterialLotID>L250304-02</MaterialLotID>');
    expect(xml).toContain('<MaterialUse OtherValue="Scrap">Other</MaterialUse>');
    expect(xml).toMatch(/<ID>ReasonCode<\/ID>\s*<Value>\s*<ValueString>SCR-07<\/ValueString>/);
  });

  it('a reversal in either form and a material consumption validate', async () => {
    const reversal = { ...completion, id: 'c-1000123-2', sequence: 2, final: false, rework: undefined, scrap: [], lots: [], reversalOf: 'c-1000123-1' };
    delete (reversal as { rework?: unknown }).rework;
    const message = envelope('c-1000123-2', 'completion', reversal) as never;
    const negativeXml = encodeOperationsPerformance(applyReversalForm(message, 'negative') as never, encodeOptions);
    expect(negativeXml).toContain('<ActionExpression actionCode="Add"/>');
    expect(negativeXml).toContain('<QuantityString>-240</QuantityString>');
    expect(negativeXml).toMatch(/<ID>ReversalOf<\/ID>\s*<Value>\s*<ValueString>c-1000123-1<\/ValueString>/);
    const cancelXml = encodeOperationsPerformance(applyReversalForm(message, 'cancel') as never, encodeOptions);
    expect(cancelXml).toContain(`<ActionExpression actionCode="Delete">SegmentResponse[ID=&apos;c-1000123-1&apos;]</ActionExpression>`);
    expect(cancelXml).toMatch(/<SegmentResponse>\s*<ID>c-1000123-1<\/ID>/);
    expect(cancelXml).toContain('<BODID>c-1000123-2</BODID>');
    expect(cancelXml).not.toContain('MaterialActual');
    const consumptionXml = encodeOperationsPerformance(envelope('m-1000123-1', 'consumption', consumption) as never, encodeOptions);
    expect(consumptionXml).toContain('<MaterialUse>Consumed</MaterialUse>');
    for (const xml of [negativeXml, cancelXml, consumptionXml]) {
      const valid = await validateB2mml(xml);
      expect(valid.ok ? 'valid' : valid.error.message).toBe('valid');
    }
  });

  it('ConfirmBOD acceptances and rejections validate and decode back', async () => {
    for (const accepted of [true, false]) {
      const xml = encodeConfirmBod(
        { originalBodId: 'bod-1', originalSenderId: 'ERP', originalCreationDateTime: '2025-03-04T06:00:00.000Z', accepted, notes: accepted ? [] : ['material FG-9 has no mapping', 'second <reason> & more'] },
        { senderId: 'LINESIDE-L1', bodId: 'ack-bod-1', createdAt: '2025-03-04T06:00:01.000Z' },
      );
      const valid = await validateB2mml(xml);
      expect(valid.ok ? 'valid' : valid.error.message).toBe('valid');
      const back = decodeConfirmBod(xml);
      if (!back.ok) throw new Error(back.error.message);
      expect(back.value).toMatchObject({ originalBodId: 'bod-1', originalSenderId: 'ERP', accepted, notes: accepted ? [] : ['material FG-9 has no mapping', 'second <reason> & more'] });
    }
  });

  it('writes decimals without exponents (xsd:decimal has none)', () => {
    expect(formatNumber(1e-7)).toBe('0.0000001');
    expect(formatNumber(12.25)).toBe('12.25');
    expect(formatNumber(3)).toBe('3');
  });
});

describe('B2MML schedule round trip', () => {
  const order = {
    system: 'erp',
    id: 'WO-1001',
    revision: 4,
    material: { code: '100234' },
    quantity: { value: 2400, unit: 'EA' },
    workCentre: 'WC-BTL-01',
    scheduledStart: '2026-03-01T06:00:00.000Z',
    scheduledEnd: '2026-03-01T08:00:00.000Z',
    priority: 100,
    status: 'Released' as const,
    operations: [
      { id: '0010', sequence: 10, description: 'Blow and fill', workCentre: 'WC-BTL-01', quantity: { value: 2450, unit: 'EA' } },
      { id: '0020', sequence: 20, description: 'Cap and label', workCentre: 'WC-BTL-02', quantity: { value: 2400, unit: 'EA' } },
    ],
    bom: [
      { material: { code: '200100' }, quantity: { value: 2450, unit: 'EA' }, operation: '0010' },
      { material: { code: '200200' }, quantity: { value: 0.0125, unit: 'KGM' }, operation: '0020' },
    ],
    parameters: [
      { name: 'LineSpeed', value: 320 },
      { name: 'Sparkling', value: false },
      { name: 'Label', value: 'Still 0.5 l', unit: undefined },
    ],
    description: 'Still water 0.5 l',
  };

  it('decode(encode(order)) gives the order back, and the document validates', async () => {
    const { encodeOperationsSchedule } = await import('../../main/core/mes/b2mml/schedule-encode.ts');
    for (const confirmation of ['Always', 'Never'] as const) {
      const xml = encodeOperationsSchedule([order], { senderId: 'ERP', bodId: `bod-${confirmation}`, createdAt: '2026-03-01T05:00:00.000Z', confirmation, scheduleId: 'S-1' });
      const valid = await validateB2mml(xml);
      expect(valid.ok ? 'valid' : valid.error.message).toBe('valid');
      const schedule = decoded(xml);
      const expected = {
        ...order,
        parameters: [
          { name: 'LineSpeed', value: 320 },
          { name: 'Sparkling', value: false },
          { name: 'Label', value: 'Still 0.5 l' },
        ],
      };
      expect(readOrder(schedule).order).toEqual(expected);
      expect(schedule.header.confirmation).toBe(confirmation);
    }
  });

  it('writes the planned times as StartTime with a Duration, or none, both valid B2MML that decode back', async () => {
    const { encodeOperationsSchedule } = await import('../../main/core/mes/b2mml/schedule-encode.ts');
    const header = { senderId: 'ERP', bodId: 'bod-t', createdAt: '2026-03-01T05:00:00.000Z', confirmation: 'Always' as const, scheduleId: 'S-1' };
    const withDuration = encodeOperationsSchedule([order], { ...header, times: 'duration' });
    expect(withDuration).not.toContain('EndTime');
    expect(withDuration).toContain('<Duration>PT7200S</Duration>');
    const without = encodeOperationsSchedule([order], { ...header, times: 'none' });
    expect(without).not.toMatch(/StartTime|EndTime|Duration/);
    for (const xml of [withDuration, without]) {
      const valid = await validateB2mml(xml);
      expect(valid.ok ? 'valid' : valid.error.message).toBe('valid');
    }
    expect(readOrder(decoded(withDuration)).order).toMatchObject({ scheduledStart: order.scheduledStart, scheduledEnd: order.scheduledEnd });
    expect(readOrder(decoded(without)).order.scheduledStart).toBeUndefined();
  });
});
