import ExcelJS from 'exceljs';
import type { ReportTable } from './report-tables.ts';

/** One worksheet per table, header row bold and frozen; numbers stay numbers. */
export async function reportXlsx(tables: readonly ReportTable[], onProgress: (done: number) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Lineside';
  for (const [i, t] of tables.entries()) {
    const sheet = book.addWorksheet(t.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(t.columns).font = { bold: true };
    for (const row of t.rows) sheet.addRow(row);
    sheet.columns.forEach((col, c) => (col.width = Math.min(60, Math.max(10, ...t.rows.map((r) => String(r[c] ?? '').length), t.columns[c]!.length) + 2)));
    onProgress((i + 1) / (tables.length + 1));
    // Yield between sheets so a long report does not hold the operators' event loop.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
