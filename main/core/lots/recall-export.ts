import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import { toCsv } from '../../../common/csv.ts';
import type { RecallRow } from '../../../common/lots.ts';
import { shiftTextId } from '../../../common/project-texts.ts';
import { recallWords, type RecallWords } from '../i18n/recall-words.ts';

export interface RecallList {
  lot: string;
  rows: RecallRow[];
  truncated: boolean;
}

const HEADINGS = ['Lot', 'Material', 'Level', 'Work order', 'Line', 'Shift', 'Opened', 'Closed', 'Good units', 'Confirmed to ERP'] as const;

const local = (t: number | undefined, zone: string) => (t === undefined ? '' : DateTime.fromMillis(t, { zone }).toFormat('yyyy-LL-dd HH:mm ZZZZ'));

/** The PDF's columns, in HEADINGS' order (their words in the exporter's language: recall.json `columns`). */
const COLUMNS = ['lot', 'material', 'level', 'workOrder', 'line', 'shift', 'opened', 'closed', 'good', 'confirmed'] as const;

function cells(r: RecallRow, zone: string, [yes, no]: readonly [string, string] = ['yes', 'no']): Array<string | number> {
  return [r.lot, r.material, r.depth, r.order ?? '', r.line ?? '', r.shift ?? '', local(r.openedAt, zone), local(r.closedAt, zone), r.produced ?? '', r.confirmed ? yes : no];
}

/** The recall list as CSV: one row per output lot reached, times in the plant's zone. */
export function recallCsv(list: RecallList, timeZone: string): string {
  return toCsv([HEADINGS, ...list.rows.map((r) => cells(r, timeZone))]);
}

/** The recall list as a PDF (A4 landscape, plain table in greys), for the recall file and the authorities. */
/** The PDF in `words`' language (the exporter's), with shift names as the project translates them into it (`projectText`, by text id). */
export async function recallPdf(list: RecallList, timeZone: string, plant: string, now: number, words: RecallWords = recallWords('en'), projectText: (id: string) => string | undefined = () => undefined): Promise<Buffer> {
  const { t } = words;
  const title = t('title', { lot: list.lot });
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, lang: words.language, info: { Title: title, Author: 'Lineside', Subject: plant } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(15).fillColor('#222222').text(title);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#6b6b6b')
    .text(`${t('subtitle', { plant, at: local(now, timeZone), count: list.rows.length })}${list.truncated ? t('incomplete') : ''}`);
  doc.moveDown(0.8);
  const widths = [110, 80, 35, 95, 55, 50, 105, 105, 55, 60];
  const left = doc.page.margins.left;
  const row = (values: ReadonlyArray<string | number>, bold: boolean) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 20) doc.addPage();
    const y = doc.y;
    let x = left;
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(8)
      .fillColor('#222222');
    let height = 0;
    values.forEach((v, i) => {
      doc.text(String(v), x, y, { width: widths[i]! - 4 });
      height = Math.max(height, doc.y - y);
      x += widths[i]!;
    });
    doc.y = y + height + 3;
    doc
      .moveTo(left, doc.y - 1.5)
      .lineTo(left + widths.reduce((a, b) => a + b, 0), doc.y - 1.5)
      .lineWidth(0.5)
      .strokeColor('#c8c8c8')
      .stroke();
  };
  row(
    COLUMNS.map((column) => t(`columns.${column}`)),
    true,
  );
  const shiftName = (shift: string | undefined) => (shift === undefined ? undefined : (projectText(shiftTextId(shift)) ?? shift));
  for (const r of list.rows) row(cells({ ...r, shift: shiftName(r.shift) }, timeZone, [t('yes'), t('no')]), false);
  if (list.rows.length === 0) doc.font('Helvetica').fontSize(9).text(t('none'), left);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
