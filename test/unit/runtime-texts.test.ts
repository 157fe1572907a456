import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueText, problemFromZod } from '../../common/zod-problem.ts';
import { problemWith } from '../../common/reasons.ts';
import { CallError } from '../../renderer/client/call-error.ts';
import { i18n } from '../../renderer/i18n/i18n.ts';
import { deviceErrorText, problemText } from '../../renderer/ui/texts.ts';
import { noticeText } from '../../renderer/work-orders/WorkOrderNotices.tsx';
import { connectErrorText } from '../../drivers/modbus/link.ts';
import { describeConnectProblem } from '../../drivers/opcua/errors.ts';
import type { OpcuaConfig } from '../../drivers/opcua/config.ts';
import type { LineStatus } from '../../common/mes-contract.ts';

afterAll(() => i18n.changeLanguage('en'));

/** The first problem of `input` against `schema`, as the gateway sends it (prefix `params`). */
function refusal(schema: z.ZodType, input: unknown): CallError {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected a problem');
  return CallError.fromProblem(problemFromZod(parsed.error, 'params'));
}

describe('a value refused by a schema, in the reader language', () => {
  const tags = z.object({ tags: z.array(z.object({ deadband: z.number().min(0), scaling: z.object({ euMax: z.number() }) })) });
  const cases: [string, z.ZodType, unknown, string, string][] = [
    ['a missing field', z.object({ name: z.string() }), {}, 'The name is missing.', 'Name fehlt.'],
    ['a wrong type', z.object({ deadband: z.number() }), { deadband: 'x' }, 'The deadband must be a number.', 'Totband muss eine Zahl sein.'],
    [
      'a number too small in a row',
      tags,
      {
        tags: [
          { deadband: 0, scaling: { euMax: 1 } },
          { deadband: -1, scaling: { euMax: 1 } },
        ],
      },
      'Tag row 2: the deadband must be at least 0.',
      'Variable Zeile 2: Totband muss mindestens 0 sein.',
    ],
    ['a nested field in a row', tags, { tags: [{ deadband: 0, scaling: {} }] }, "Tag row 1: the scaling's engineering maximum is missing.", 'Variable Zeile 1: Skalierung › Messbereich Maximum fehlt.'],
    ['a value not in the list', z.object({ kind: z.enum(['raw', 'plot']) }), { kind: 'sum' }, 'The kind must be one of "raw", "plot".', 'Art muss einer dieser Werte sein: "raw", "plot".'],
    ['unknown fields', z.strictObject({ a: z.number() }), { a: 1, colour: 'red', size: 2 }, 'The value has fields Lineside does not know: colour, size.', 'Der Wert hat Felder, die Lineside nicht kennt: colour, size.'],
    ['an empty text', z.object({ description: z.string().min(1) }), { description: '' }, 'The description is empty.', 'Beschreibung ist leer.'],
    ['a text too long', z.object({ units: z.string().max(4) }), { units: 'metres' }, 'The units must be at most 4 characters long.', 'Einheit darf höchstens 4 Zeichen lang sein.'],
  ];

  it.each(cases)('%s: English as the runtime says it, German from the catalogue', async (_name, schema, input, english, german) => {
    const error = refusal(schema, input);
    await i18n.changeLanguage('en');
    expect(problemText(error)).toBe(english);
    await i18n.changeLanguage('de');
    expect(problemText(error)).toBe(german);
  });

  it('a message of our own keeps its words, with row and field in German', async () => {
    const schema = z.object({ tags: z.array(z.object({ path: z.string().refine(() => false, { message: 'a tag path is segments of letters' }) })) });
    await i18n.changeLanguage('de');
    expect(problemText(refusal(schema, { tags: [{ path: '#' }] }))).toBe('Variable Zeile 1, Pfad: a tag path is segments of letters');
  });

  it('carries the list, row and fields as keys, not words', () => {
    const parsed = tags.safeParse({ tags: [{ deadband: 0, scaling: { euMax: 'x' } }] });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(issueText(parsed.error.issues[0]!)).toEqual({ key: 'field.type', params: { list: 'tags', row: 1, fields: 'scaling.euMax', expected: 'number' } });
  });
});

describe("a device's last error, in the reader language", () => {
  it('keeps the driver words in English, and says a reason the driver gave as a key in German', async () => {
    const refused = connectErrorText(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:15020'), { code: 'ECONNREFUSED' }), '127.0.0.1:15020');
    expect(refused).toEqual({ key: 'device.connectRefused', params: { where: '127.0.0.1:15020' } });
    const device = { lastError: 'cannot connect to 127.0.0.1:15020: connect ECONNREFUSED 127.0.0.1:15020', lastErrorText: refused };
    await i18n.changeLanguage('en');
    expect(deviceErrorText(device)).toBe('cannot connect to 127.0.0.1:15020: connect ECONNREFUSED 127.0.0.1:15020');
    await i18n.changeLanguage('de');
    expect(deviceErrorText(device)).toBe('keine Verbindung zu 127.0.0.1:15020: dort antwortet nichts (Verbindung abgewiesen; ist das Gerät eingeschaltet und die Adresse richtig?)');
    expect(deviceErrorText({ lastError: 'Modbus exception 4 (server device failure)' })).toBe('Modbus exception 4 (server device failure)');
  });

  it('words an unreachable OPC UA server as before, with its key', () => {
    const failure = { checked: undefined, config: { endpointUrl: 'opc.tcp://plc.example:4840' } as OpcuaConfig, pkiRoot: '/pki', own: undefined };
    const problem = describeConnectProblem(new Error('connect ECONNREFUSED 10.0.0.1:4840'), failure);
    expect(problem).toEqual({
      message: 'the server at opc.tcp://plc.example:4840 is unreachable: nothing answers at plc.example:4840 (is the server running, and is the address right?)',
      text: { key: 'device.serverUnreachable', params: { url: 'opc.tcp://plc.example:4840', host: 'plc.example:4840' } },
    });
    expect(describeConnectProblem(new Error('getaddrinfo ENOTFOUND plc.example'), failure).text).toEqual({ key: 'device.serverUnknownHost', params: { url: 'opc.tcp://plc.example:4840', host: 'plc.example' } });
  });
});

describe('work-order notices, in the reader language', () => {
  it('says a revision and its changes in German, the unit as the work orders name it', async () => {
    const notice: LineStatus['notices'][number] = {
      key: 'erp/WO-7',
      kind: 'revision',
      text: 'WO-7 revision 2 from MES/ERP waits for acceptance: quantity 100 → 150 pcs, bill of materials (2 lines).',
      reason: { key: 'order.revisionWaiting', params: { order: 'WO-7', revision: 2, changes: 'quantity 100 → 150 pcs, bill of materials (2 lines)' } },
      changes: [
        { key: 'order.changeQuantity', params: { from: 100, to: 150, unit: 'pcs', unitCode: 'H87' } },
        { key: 'order.changeBom_other', params: { count: 2 } },
      ],
    };
    await i18n.changeLanguage('en');
    expect(noticeText(notice)).toBe(notice.text);
    await i18n.changeLanguage('de');
    expect(noticeText(notice)).toBe('WO-7: Revision 2 von MES/ERP wartet auf Annahme: Menge 100 → 150 Stk, Stückliste (2 Positionen).');
  });
});

describe('refusals of work-order actions and CSV cells, in the reader language', () => {
  it('names the order status as the Work orders view does', async () => {
    const refused = CallError.fromProblem(problemWith('bad-request', 'order.notStartable', { key: 'erp/WO-1', orderStatus: 'Running' }));
    await i18n.changeLanguage('en');
    expect(problemText(refused)).toBe('work order erp/WO-1 is Running; only Released or Ready orders start');
    await i18n.changeLanguage('de');
    expect(problemText(refused)).toBe('Auftrag erp/WO-1 ist „Läuft“; nur freigegebene oder bereite Aufträge starten');
  });

  it('says a refused CSV cell in German', async () => {
    await i18n.changeLanguage('de');
    expect(problemText(problemWith('bad-request', 'csv.notNumber', { value: 'viel' }))).toBe('„viel“ ist keine Zahl');
  });
});
