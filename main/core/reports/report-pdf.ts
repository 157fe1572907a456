import PDFDocument from 'pdfkit';
import type { OeeResult, ReportContent } from '../../../common/reports-contract.ts';
import { localTime, MACHINE_WORDS, minutes, type ReportTable } from './report-tables.ts';
import type { ReportWords } from '../i18n/report-words.ts';

const MARGIN = 40;
const INK = '#222222';
const MID = '#6b6b6b';
const LIGHT = '#c8c8c8';
const FILL = '#8a8a8a';

type Doc = InstanceType<typeof PDFDocument>;

/**
 * The shift report as a PDF. Charts (OEE factors, downtime Pareto) are drawn as vector paths, not
 * images, in the calm greys of the screens. Yields between sections so a long report does not hold
 * the operators' event loop, reporting progress as it goes.
 */
export async function reportPdf(content: ReportContent, tables: readonly ReportTable[], onProgress: (done: number) => void, status?: { provisional: boolean; text: string }, words: ReportWords = MACHINE_WORDS): Promise<Buffer> {
  const { t } = words;
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, lang: words.locale, info: { Title: t('pdf.documentTitle', { id: content.shift.id }), Author: 'Lineside', Subject: content.plant } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const steps = tables.length + 1 + content.oee.length;
  let step = 0;
  const tick = async () => {
    onProgress(++step / (steps + 1));
    await new Promise((resolve) => setImmediate(resolve));
  };

  if (status?.provisional) {
    // Plain, bold and boxed (no alarm colour): the first thing read, on the first page.
    const top = doc.y;
    doc
      .font('Helvetica-Bold')
      .fontSize(12)
      .fillColor(INK)
      .text(status.text, MARGIN + 8, top + 6, { width: doc.page.width - 2 * MARGIN - 16 });
    doc
      .lineWidth(1.5)
      .strokeColor(INK)
      .rect(MARGIN, top, doc.page.width - 2 * MARGIN, doc.y - top + 6)
      .stroke();
    doc.x = MARGIN;
    doc.y += 14;
  }
  const shiftName = content.shift.id.startsWith('range/') && content.shift.shift === 'Custom range' ? t('values.customRange') : content.shift.shift;
  doc
    .fillColor(INK)
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(t('pdf.title', { shift: shiftName, date: content.shift.localDate }), MARGIN);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(MID)
    .text(t('pdf.subtitle', { plant: content.plant, start: localTime(content.shift.start, content.timeZone), end: localTime(content.shift.end, content.timeZone), version: content.version }));
  doc.moveDown(0.8);
  await tick();

  for (const o of content.oee) {
    ensureSpace(doc, 250);
    oeeBars(doc, o, words);
    paretoChart(doc, o, words);
    await tick();
  }
  for (const table_ of tables) {
    table(doc, table_, words);
    await tick();
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function heading(doc: Doc, text: string): void {
  doc.x = MARGIN;
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(11).text(text, MARGIN, doc.y);
  doc.moveDown(0.3);
}

function oeeBars(doc: Doc, o: OeeResult, words: ReportWords): void {
  const { t, percent } = words;
  heading(doc, t('pdf.oeeHeading', { line: o.line, oee: percent(o.oee) }));
  const rows: Array<[string, number | null, boolean]> = [
    [t('columns.oee'), o.oee, true],
    [t('columns.availability'), o.availability, false],
    [t('columns.performance'), o.performance, false],
    [t('columns.quality'), o.quality, false],
  ];
  const x0 = MARGIN + 80;
  const width = 300;
  let y = doc.y;
  for (const [label, v, total] of rows) {
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor(INK)
      .text(label, MARGIN, y + 2, { width: 75 });
    doc.rect(x0, y, width, 12).lineWidth(0.5).strokeColor(LIGHT).stroke();
    if (v !== null)
      doc
        .rect(x0, y, width * Math.min(1, Math.max(0, v)), 12)
        .fillColor(total ? INK : FILL)
        .fill();
    doc.fillColor(INK).text(percent(v), x0 + width + 8, y + 2, { width: 80 });
    y += 18;
  }
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(MID)
    .text(
      [
        t('pdf.figures.planned', { minutes: words.number(minutes(o.plannedMs)) }),
        t('pdf.figures.run', { minutes: words.number(minutes(o.runMs)) }),
        ...(o.unknownMs ? [t('pdf.figures.unknown', { minutes: words.number(minutes(o.unknownMs)) })] : []),
        t('pdf.figures.good', { count: words.number(o.good) }),
        t('pdf.figures.reject', { count: words.number(o.reject) }),
        t('pdf.figures.ideal', { rate: words.number(o.idealRatePerMinute) }),
        ...(o.complete ? [] : [t('pdf.figures.incomplete')]),
      ].join(' · '),
      MARGIN,
      y + 2,
    );
  doc.moveDown(0.8);
}

/** Bars of downtime minutes per reason, longest first, with the cumulative share as a line (0–100 %). */
function paretoChart(doc: Doc, o: OeeResult, words: ReportWords): void {
  const { t } = words;
  heading(doc, t('pdf.paretoHeading', { line: o.line }));
  const entries = o.pareto.slice(0, 10);
  if (entries.length === 0) {
    doc.font('Helvetica').fontSize(9).fillColor(MID).text(t('pdf.noDowntime'), MARGIN, doc.y);
    doc.moveDown(0.8);
    return;
  }
  const x0 = MARGIN + 30;
  const y0 = doc.y + 4;
  const w = 420;
  const h = 110;
  const maxMs = entries[0]!.durationMs;
  const slot = w / entries.length;
  doc
    .moveTo(x0, y0)
    .lineTo(x0, y0 + h)
    .lineTo(x0 + w, y0 + h)
    .lineWidth(0.5)
    .strokeColor(MID)
    .stroke();
  doc
    .font('Helvetica')
    .fontSize(7)
    .fillColor(MID)
    .text(t('pdf.minutesAxis', { minutes: words.number(minutes(maxMs)) }), MARGIN - 10, y0 - 3, { width: 38, align: 'right' });
  const points: Array<[number, number]> = [];
  entries.forEach((e, i) => {
    const bh = maxMs > 0 ? (h * e.durationMs) / maxMs : 0;
    const bx = x0 + i * slot + slot * 0.15;
    doc
      .rect(bx, y0 + h - bh, slot * 0.7, bh)
      .fillColor(FILL)
      .fill();
    doc
      .fontSize(7)
      .fillColor(INK)
      .text(e.reason, x0 + i * slot, y0 + h + 3, { width: slot, align: 'center', height: 18, ellipsis: true });
    points.push([x0 + i * slot + slot / 2, y0 + h - h * e.cumulativeShare]);
  });
  doc.moveTo(points[0]![0], points[0]![1]);
  for (const [px, py] of points.slice(1)) doc.lineTo(px, py);
  doc.lineWidth(1.2).strokeColor(INK).stroke();
  for (const [px, py] of points) doc.circle(px, py, 2).fillColor(INK).fill();
  doc
    .fontSize(7)
    .fillColor(MID)
    .text('100 %', x0 + w + 4, y0 - 3);
  doc.y = y0 + h + 26;
  doc.moveDown(0.5);
}

/** Numbers in the plant's locale (counts and minutes stay numbers in the tables until here). */
function cellText(value: string | number, words: ReportWords): string {
  return typeof value === 'number' ? words.number(value) : value;
}

function table(doc: Doc, t: ReportTable, words: ReportWords): void {
  ensureSpace(doc, 60);
  heading(doc, t.title);
  const usable = doc.page.width - 2 * MARGIN;
  // Headers may wrap between words; cells should not, so each column is as wide as its longest cell.
  const longestWord = (text: string) => Math.max(...text.split(/\s+/).map((w) => w.length));
  const weights = t.columns.map((c, i) => Math.min(40, Math.max(longestWord(c) + 2, ...t.rows.map((r) => cellText(r[i] ?? '', words).length + 1), 4)));
  const sum = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => (usable * w) / sum);
  const row = (cells: ReadonlyArray<string | number>, bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(7.5);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(cellText(c, words), { width: widths[i]! - 4 }))) + 4;
    if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.fillColor(INK).text(cellText(c, words), x + 2, y + 2, { width: widths[i]! - 4 });
      x += widths[i]!;
    });
    doc
      .moveTo(MARGIN, y + height)
      .lineTo(MARGIN + usable, y + height)
      .lineWidth(0.3)
      .strokeColor(LIGHT)
      .stroke();
    doc.x = MARGIN;
    doc.y = y + height;
  };
  row(t.columns, true);
  if (t.rows.length === 0) {
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MID)
      .text(words.t('pdf.noRows'), MARGIN + 2, doc.y + 2);
  }
  for (const r of t.rows) row(r, false);
  doc.moveDown(0.8);
}
