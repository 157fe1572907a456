import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { reasonTextId, shiftTextId, tagTextId, unitsTextId } from '../../common/project-texts.ts';
import type { ReportContent } from '../../common/reports-contract.ts';
import { RECALL_CATALOGUES, recallWords } from '../../main/core/i18n/recall-words.ts';
import { recallCsv, recallPdf, type RecallList } from '../../main/core/lots/recall-export.ts';
import { reportInLanguage } from '../../common/report-texts.ts';

const T = Date.UTC(2026, 11, 7, 6, 0, 0);

async function pdfText(body: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(body) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

const GERMAN: Record<string, string> = {
  [shiftTextId('Early')]: 'Frühschicht',
  [unitsTextId('Line1')]: 'Flaschen',
  [reasonTextId('Line1', 'fault')]: 'Störung',
  [tagTextId('Line1/Temp')]: 'Temperatur Füller',
};

function content(): ReportContent {
  const oee = (line: string) => ({
    line,
    shiftId: '2026-12-07/Early',
    from: T,
    to: T + 3_600_000,
    plannedMs: 3_600_000,
    runMs: 3_000_000,
    downtimeMs: 600_000,
    good: 10,
    reject: 1,
    total: 11,
    idealRatePerMinute: 10,
    availability: 0.8,
    performance: 0.9,
    quality: 0.9,
    oee: 0.65,
    complete: true,
    pareto: [{ code: 'fault', reason: 'Fault', durationMs: 600_000, count: 1, share: 1, cumulativeShare: 1 }],
    downtime: [{ start: T, end: T + 600_000, durationMs: 600_000, state: 5, code: 'fault', reason: 'Fault' }],
  });
  return {
    plant: 'P',
    project: 'Q',
    timeZone: 'Europe/Berlin',
    shift: { id: '2026-12-07/Early', shift: 'Early', localDate: '2026-12-07', start: T, end: T + 3_600_000, breaks: [], plannedMs: 3_600_000 },
    generatedAt: T + 3_600_000,
    version: 1,
    production: [
      { workOrder: '—', product: '', line: 'Line1', good: 10, reject: 1, units: 'bottles' },
      { workOrder: '—', product: '', line: 'Line2', good: 5, reject: 0, units: 'cases' },
    ],
    oee: [oee('Line1'), oee('Line2')],
    alarms: { totalAlarms: 0, averagePer10Min: 0, peakPer10Min: 0, floodShare: 0, acknowledgements: 0, shelveActions: 0, priorityDistribution: { critical: 0, high: 0, medium: 0, low: 0 }, worstActors: [], chattering: [] },
    logbook: [],
    keyValues: [
      { tag: 'Line1/Temp', description: 'Filler temperature', units: '°C', decimals: 1, min: 1, max: 2, avg: 1.5, quality: 'Good' },
      { tag: 'Line2/Temp', description: 'Capper temperature', units: '°C', decimals: 1, min: 1, max: 2, avg: 1.5, quality: 'Good' },
    ],
  };
}

describe("a report's project texts in the exporter's language", () => {
  it('translates the shift name, count units, reasons (stops and Pareto) and key value descriptions; keeps the rest as stored', () => {
    const stored = content();
    const before = JSON.stringify(stored);
    const german = reportInLanguage(stored, (id) => GERMAN[id]);
    expect(german.shift.shift).toBe('Frühschicht');
    expect(german.shift.id).toBe('2026-12-07/Early');
    expect(german.production.map((p) => p.units)).toEqual(['Flaschen', 'cases']);
    expect(german.oee.map((o) => [o.pareto[0]!.reason, o.downtime[0]!.reason])).toEqual([
      ['Störung', 'Störung'],
      ['Fault', 'Fault'],
    ]);
    expect(german.keyValues.map((k) => k.description)).toEqual(['Temperatur Füller', 'Capper temperature']);
    // The stored report (which a signature covers) is not changed.
    expect(JSON.stringify(stored)).toBe(before);
    expect(reportInLanguage(stored, () => undefined)).toEqual(stored);
  });
});

describe('the recall list in the exporter’s language', () => {
  const list: RecallList = {
    lot: 'PET-1',
    truncated: true,
    rows: [{ lot: 'OUT-7', material: 'Cola 0.5', depth: 1, order: 'WO-1', line: 'Line1', shift: 'Early', openedAt: T, closedAt: T + 60_000, produced: 120, confirmed: true }],
  };

  it('the German catalogue has every key and placeholder the English one has', () => {
    const flat = (tree: unknown, prefix = ''): Record<string, string> =>
      typeof tree === 'string' ? { [prefix]: tree } : Object.assign({}, ...Object.entries(tree as Record<string, unknown>).map(([key, value]) => flat(value, prefix ? `${prefix}.${key}` : key)));
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const en = flat(RECALL_CATALOGUES.en.recall);
    const de = flat(RECALL_CATALOGUES.de.recall);
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) expect(placeholders(de[key]!), key).toEqual(placeholders(text));
  });

  it('German PDF: title, columns, yes/no and the note in German; the shift as the project translates it', async () => {
    // Words may wrap in their narrow columns.
    const text = (await pdfText(await recallPdf(list, 'Europe/Berlin', 'Werk Süd', T, recallWords('de'), (id) => GERMAN[id]))).replace(/\s+/g, ' ');
    for (const words of ['Rückrufliste für Charge PET-1', 'Werk Süd · erstellt', '1 Ausgangscharge erreicht', 'UNVOLLSTÄNDIG', 'Charge', 'Auftrag', 'An ERP gemeldet', 'Frühschicht', 'ja']) expect(text).toContain(words);
    expect(text).not.toContain('Recall list');
    expect(text).not.toContain('Early');
  });

  it('English by default, and for a language without a catalogue; the CSV keeps its one machine form', async () => {
    const english = (await pdfText(await recallPdf(list, 'Europe/Berlin', 'Plant', T))).replace(/\s+/g, ' ');
    expect(english).toContain('Recall list for lot PET-1');
    expect(english).toContain('1 output lot(s) reached · INCOMPLETE: the trace stopped at its bound');
    expect(english).toContain('Early');
    expect(await pdfText(await recallPdf({ ...list, rows: [] }, 'Europe/Berlin', 'Plant', T, recallWords('ar')))).toContain('The lot reached no output lot.');
    expect(recallCsv(list, 'Europe/Berlin').split('\r\n')[0]).toBe('Lot,Material,Level,Work order,Line,Shift,Opened,Closed,Good units,Confirmed to ERP');
  });
});
