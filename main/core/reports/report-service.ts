import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Emitter, type Disposable } from '../../../common/emitter.ts';
import { isPartialReport, type ExportFormat, type LogbookEntry, type Report, type ReportSummary, type ShiftInstance } from '../../../common/reports-contract.ts';
import { DateTime } from 'luxon';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { Clock } from '../../../common/clock.ts';
import type { ShiftCalendar } from '../shifts/shift-calendar.ts';
import type { ReportSettings } from '../shifts/production-schema.ts';
import { buildReportContent, type ReportInputs } from './report-builder.ts';
import { reportPdf } from './report-pdf.ts';
import { sha256Hex, type ReportStore } from './report-store.ts';
import { MACHINE_WORDS, reportCsv, reportStatus, reportTables } from './report-tables.ts';
import { DEFAULT_PLANT_LOCALE, reportLanguage, reportWords } from '../i18n/report-words.ts';
import { reportXlsx } from './report-xlsx.ts';
import { reportInLanguage } from '../../../common/report-texts.ts';
import type { SignatureVerifier } from './signature-verifier.ts';
import type { Classification } from '../oee/oee-calc.ts';
import { isStoreError } from '../storage/store-errors.ts';

export interface User {
  name: string;
  role: string;
}

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The longest custom range a report covers. */
const MAX_RANGE_MS = 31 * 86_400_000;

/**
 * A custom range as the shift a report covers: `range/<from>/<to>` (UTC, ISO), named "Custom range",
 * without breaks (all of it is planned time). Not in the future; at most 31 days.
 */
export function customRange(from: number | undefined, to: number | undefined, now: number, timeZone: string): Result<ShiftInstance> {
  if (from === undefined || to === undefined) return fail('bad-request', 'a range needs both from and to', from === undefined ? 'from' : 'to');
  if (from >= to) return fail('bad-request', 'from must be before to', 'to');
  if (to > now + 60_000) return fail('bad-request', `to is in the future (${new Date(to).toISOString()}); a report covers what happened up to now`, 'to');
  if (to - from > MAX_RANGE_MS) return fail('bad-request', `the range is ${Math.ceil((to - from) / 86_400_000)} days; at most 31`, 'from');
  const end = Math.min(to, now);
  const localDate = DateTime.fromMillis(from, { zone: timeZone }).toISODate() ?? new Date(from).toISOString().slice(0, 10);
  const iso = (t: number) => new Date(t).toISOString().slice(0, 19) + 'Z';
  return ok({ id: `range/${iso(from)}/${iso(end)}`, shift: 'Custom range', localDate, start: from, end, breaks: [], plannedMs: end - from });
}

export interface ReportServiceDeps {
  store: ReportStore;
  calendar: ShiftCalendar;
  inputs: ReportInputs;
  settings: ReportSettings;
  /** Absolute folder where shift-end reports are written. */
  folder: string;
  verifier: SignatureVerifier;
  clock: Clock;
  /** The plant's locale for numbers in the PDF and XLSX (the project's `plant.locale`; default en-GB). */
  locale?: string | undefined;
  /** A project text's translation into a language (texts/<lang>.json), or undefined: PDF and XLSX show shift names, units, reasons and descriptions in the exporter's language. */
  projectText?: (language: string, id: string) => string | undefined;
  /** Called before a report reads the history, so values of the last seconds are stored. */
  flushHistory?: () => Promise<void>;
  log?: (line: string) => void;
}

/**
 * Shift reports: built from the history, the alarm journal, the logbook and production, stored with
 * their SHA-256, exported as PDF, CSV and XLSX, signed once. Generation runs one at a time.
 */
export class ReportService implements Disposable {
  private readonly generatedEmitter = new Emitter<ReportSummary>();
  readonly onDidGenerate = this.generatedEmitter.event;
  private queue: Promise<unknown> = Promise.resolve();
  /** Exports rendered by `prepareExport`, kept briefly for the client's download. */
  private readonly prepared = new Map<string, { file: ExportFile; reportId: number; at: number }>();
  private exportSeq = 0;
  private readonly d: ReportServiceDeps;

  constructor(deps: ReportServiceDeps) {
    this.d = deps;
  }

  list(limit: number): ReportSummary[] {
    return this.d.store.list(limit);
  }

  get(id: number): Result<Report> {
    const report = this.d.store.get(id);
    return report ? ok(report) : fail('not-found', `no report ${id}`, 'id');
  }

  /**
   * A supervisor's report on demand: a shift (one still running is reported so far, provisional) or a
   * custom range; a shift or range already reported gets a new version. Never marks the shift as
   * generated, so the scheduled report at its end is still made.
   */
  generate(user: User, what: string | { shiftId?: string | undefined; from?: number | undefined; to?: number | undefined }): Promise<Result<ReportSummary>> {
    const request = typeof what === 'string' ? { shiftId: what } : what;
    const now = this.d.clock.now();
    if (request.shiftId === undefined) {
      const range = customRange(request.from, request.to, now, this.d.calendar.timeZone);
      return range.ok ? this.serial(() => this.build(range.value, false)) : Promise.resolve(range);
    }
    const shiftId = request.shiftId;
    const shift = this.d.calendar.byId(shiftId);
    if (!shift) return Promise.resolve(fail('not-found', `no shift ${shiftId} in the calendar (expected YYYY-MM-DD/<shift name>)`, 'shiftId'));
    if (shift.start > now) return Promise.resolve(fail('bad-request', `shift ${shiftId} has not started yet`, 'shiftId'));
    return this.serial(() => this.build(shift, false));
  }

  /**
   * Generates, exactly once each, every shift that ended since the catch-up horizon (the later of
   * the store's first opening and `catchUpDays` ago) and was not generated yet, oldest first.
   */
  catchUp(): Promise<ReportSummary[]> {
    return this.serial(async () => {
      const now = this.d.clock.now();
      const made: ReportSummary[] = [];
      let opened: number;
      try {
        opened = this.d.store.firstOpenedAt(now);
      } catch (error) {
        if (!isStoreError(error)) throw error;
        this.d.log?.(`shift reports: ${(error as Error).message}; tried again at the next shift check`);
        return made;
      }
      const horizon = Math.max(opened, now - this.d.settings.catchUpDays * 86_400_000);
      for (const shift of this.d.calendar.endedBetween(horizon, now)) {
        if (this.d.store.wasGenerated(shift.id)) continue;
        let built: Result<ReportSummary>;
        try {
          built = await this.build(shift, true);
        } catch (error) {
          // The store cannot be written (disk full): the shift stays not generated, so the next wake-up tries again.
          if (!isStoreError(error)) throw error;
          built = fail('unavailable', (error as Error).message);
        }
        if (built.ok) made.push(built.value);
        else this.d.log?.(`report for shift ${shift.id}: ${built.error.message}`);
      }
      return made;
    });
  }

  /**
   * A report as a file. PDF and XLSX are in `language` (whoever exports it reads it; English where there
   * is no catalogue for the language) with numbers in the plant's locale; CSV keeps one machine-readable
   * form (column set, field names, times, '.' decimals) whatever the language.
   */
  async export(id: number, format: ExportFormat, onProgress: (done: number, stage: string) => void = () => {}, language?: string | null): Promise<Result<ExportFile>> {
    const report = this.d.store.get(id);
    if (!report) return fail('not-found', `no report ${id}`, 'id');
    onProgress(0, 'preparing');
    const words = format === 'csv' ? MACHINE_WORDS : reportWords(reportLanguage(language), this.d.locale ?? DEFAULT_PLANT_LOCALE);
    // The project's texts in the reader's language too (a copy: the stored content, which the signature covers, stays as it is).
    const { projectText } = this.d;
    const content = format !== 'csv' && projectText && language ? reportInLanguage(report.content, (textId) => projectText(language, textId)) : report.content;
    const tables = reportTables(content, report.signature, report.contentSha256, words);
    const base = `shift-report-${report.shiftId.replace(/[^A-Za-z0-9-]+/g, '_')}-v${report.version}${isPartialReport(report.content) ? '-provisional' : ''}${report.signature ? '-signed' : ''}`;
    let body: Buffer;
    switch (format) {
      case 'csv':
        body = Buffer.from(`\ufeff${reportCsv(tables)}`, 'utf8');
        break;
      case 'xlsx':
        body = await reportXlsx(tables, (done) => onProgress(done, 'sheets'));
        break;
      case 'pdf':
        body = await reportPdf(content, tables, (done) => onProgress(done, 'pages'), reportStatus(report.content, report.signature, words), words);
        break;
    }
    onProgress(1, 'done');
    return ok({ fileName: `${base}${format !== 'csv' && words.language !== 'en' ? `-${words.language}` : ''}.${format}`, contentType: CONTENT_TYPES[format], body });
  }

  /** Renders an export and keeps it for a download by id (the last few, for ten minutes). */
  async prepareExport(id: number, format: ExportFormat, onProgress: (done: number, stage: string) => void, language?: string | null): Promise<Result<{ exportId: string; file: ExportFile }>> {
    const file = await this.export(id, format, onProgress, language);
    if (!file.ok) return file;
    const now = this.d.clock.now();
    for (const [key, entry] of this.prepared) if (now - entry.at > 600_000 || this.prepared.size >= 20) this.prepared.delete(key);
    const exportId = `${id}-${++this.exportSeq}-${randomUUID().slice(0, 8)}`;
    this.prepared.set(exportId, { file: file.value, reportId: id, at: now });
    return ok({ exportId, file: file.value });
  }

  preparedExport(id: number, exportId: string): ExportFile | undefined {
    const entry = this.prepared.get(exportId);
    return entry && entry.reportId === id ? entry.file : undefined;
  }

  /** Signs the report as stored: the signature covers the SHA-256 of its exact content, and locks it. */
  async sign(user: User, id: number, request: { meaning: string; reason: string; password?: string | undefined; station?: string | undefined }): Promise<Result<ReportSummary>> {
    const text = this.d.store.contentText(id);
    const report = this.d.store.get(id);
    if (text === undefined || !report) return fail('not-found', `no report ${id}`, 'id');
    if (report.signature) return fail('bad-request', `report ${id} is already signed by ${report.signature.user}; regenerate the shift for a new version`, 'id');
    const sha = sha256Hex(text);
    if (sha !== report.contentSha256) return fail('internal', `report ${id} does not match its stored SHA-256; it was changed outside Lineside and cannot be signed`, 'id');
    if (isPartialReport(report.content)) {
      return fail('bad-request', `report ${id} covers its shift only up to ${new Date(report.to).toISOString()}: a report of a running shift stays provisional; generate it again after the shift ends to sign it`, 'id');
    }
    const signer = await this.d.verifier.verify({ user, password: request.password, station: request.station, meaning: request.meaning, reason: request.reason });
    if (!signer.ok) return signer;
    const signed = this.d.store.sign(id, { user: signer.value.name, role: signer.value.role, meaning: request.meaning.trim(), reason: request.reason.trim(), at: this.d.clock.now(), contentSha256: sha, method: signer.value.method });
    if (!signed) return fail('bad-request', `report ${id} was signed meanwhile`, 'id');
    return ok(this.d.store.list(10_000).find((r) => r.id === id)!);
  }

  addLogbook(user: User, text: string, line: string): Result<LogbookEntry> {
    if (line && !this.d.inputs.lines.some((l) => l.name === line)) return fail('not-found', `no line ${line} (lines: ${this.d.inputs.lines.map((l) => l.name).join(', ') || 'none'})`, 'line');
    return ok(this.d.store.addLogbook({ at: this.d.clock.now(), user: user.name, role: user.role, line, text }));
  }

  /** Records an operator's reason for the stop of `line` that started at `start`. */
  classify(user: User, line: string, start: number, code: string): Result<Classification & { line: string }> {
    const def = this.d.inputs.lines.find((l) => l.name === line);
    if (!def) return fail('not-found', `no line ${line}`, 'line');
    const reason = Object.values(def.reasons).find((r) => r.code === code);
    if (!reason) return fail('bad-request', `unknown reason code ${code} for ${line} (codes: ${[...new Set(Object.values(def.reasons).map((r) => r.code))].join(', ')})`, 'code');
    const c = { start, code, reason: reason.text, user: user.name };
    this.d.store.classify(line, c, this.d.clock.now());
    return ok({ line, ...c });
  }

  logbook(from: number, to: number): LogbookEntry[] {
    return this.d.store.logbook(from, to);
  }

  /** Waits for a generation under way (shutdown). */
  async drain(): Promise<void> {
    await this.queue.catch(() => {});
  }

  dispose(): void {
    this.generatedEmitter.dispose();
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => {});
    return next;
  }

  private async build(shift: ShiftInstance, automatic: boolean): Promise<Result<ReportSummary>> {
    await this.d.flushHistory?.();
    const content = await buildReportContent(this.d.inputs, shift, this.d.clock.now());
    if (!content.ok) return content;
    const summary = this.d.store.add(content.value, automatic);
    if (automatic) await this.writeFiles(summary);
    this.generatedEmitter.fire(summary);
    return ok(summary);
  }

  /** Shift-end reports land in the folder in every configured format; a failed write is logged, the report stays stored. */
  private async writeFiles(summary: ReportSummary): Promise<void> {
    try {
      await mkdir(this.d.folder, { recursive: true });
      for (const format of this.d.settings.formats) {
        const file = await this.export(summary.id, format);
        if (file.ok) await writeFile(join(this.d.folder, file.value.fileName), file.value.body);
      }
    } catch (error) {
      this.d.log?.(`cannot write report files to ${this.d.folder}: ${(error as Error).message}`);
    }
  }
}
