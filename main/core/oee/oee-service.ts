import type { DriverChange } from '../../../drivers/api.ts';
import { Emitter, type Disposable } from '../../../common/emitter.ts';
import type { CurrentOee, OeeResult } from '../../../common/reports-contract.ts';
import type { TagEngine } from '../tags/tag-engine.ts';
import type { Clock } from '../../../common/clock.ts';
import { lineOee, type ReportInputs } from '../reports/report-builder.ts';
import type { ShiftCalendar } from '../shifts/shift-calendar.ts';
import type { LineDefinition } from '../shifts/production-schema.ts';
import { severityOf, worseQuality, type Quality } from '../../../common/quality.ts';
import { OEE_TAG_FIELDS } from './oee-tags.ts';

export type { CurrentOee };

/**
 * Live OEE of the current shift: recomputed from the history every `intervalMs` (the queries run in
 * the historian's worker), published as `<line>/OEE/...` tags and as an event. Also recomputed at once
 * when an input tag turns good, uncertain or bad (a PLC link lost or back), so the OEE tags say so then,
 * not up to `intervalMs` later.
 */
export class OeeService implements Disposable {
  private readonly emitter = new Emitter<CurrentOee>();
  readonly onDidChange = this.emitter.event;
  private latest: CurrentOee;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private disposed = false;
  private readonly inputs: Pick<ReportInputs, 'lines' | 'history' | 'classifications'>;
  private readonly calendar: ShiftCalendar;
  private readonly engine: TagEngine;
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly log: (line: string) => void;
  private inputWatch: Disposable | undefined;

  constructor(deps: { inputs: Pick<ReportInputs, 'lines' | 'history' | 'classifications'>; calendar: ShiftCalendar; engine: TagEngine; clock: Clock; intervalMs?: number; log?: (line: string) => void }) {
    this.inputs = deps.inputs;
    this.calendar = deps.calendar;
    this.engine = deps.engine;
    this.clock = deps.clock;
    this.intervalMs = deps.intervalMs ?? 5000;
    this.log = deps.log ?? (() => {});
    this.latest = { shift: null, lines: [], reasons: this.reasons() };
  }

  /** Each line's reason codes (from its state table, once per code). */
  reasons(): CurrentOee['reasons'] {
    const out: CurrentOee['reasons'] = {};
    for (const line of this.inputs.lines) {
      const seen = new Map<string, string>();
      for (const r of Object.values(line.reasons)) if (!seen.has(r.code)) seen.set(r.code, r.text);
      out[line.name] = [...seen].map(([code, text]) => ({ code, text }));
    }
    return out;
  }

  start(): void {
    if (this.inputs.lines.length === 0) return;
    this.watchInputs();
    void this.refresh();
  }

  /** The severity each input tag had last: a change of it recomputes (a sink: quick, by slot id). */
  private watchInputs(): void {
    const severities = new Map<number, string>();
    for (const line of this.inputs.lines) {
      for (const path of [line.stateTag, line.goodCounter, line.rejectCounter]) {
        const slot = this.engine.slot(path);
        if (slot) severities.set(slot.id, severityOf(slot.current.quality));
      }
    }
    this.inputWatch = this.engine.addSink((changed) => {
      let turned = false;
      for (const slot of changed) {
        const before = severities.get(slot.id);
        if (before === undefined) continue;
        const now = severityOf(slot.current.quality);
        if (now !== before) {
          severities.set(slot.id, now);
          turned = true;
        }
      }
      if (turned && !this.disposed) void this.recompute();
    });
  }

  current(): CurrentOee {
    return this.latest;
  }

  /** Recomputes now (also what the timer does). */
  refresh(): Promise<void> {
    return (this.running ??= this.compute().finally(() => {
      this.running = undefined;
      if (!this.disposed) this.timer = setTimeout(() => void this.refresh(), this.intervalMs);
    }));
  }

  /** Recomputes after any computation under way (which may have read older inputs). */
  async recompute(): Promise<void> {
    await this.running;
    if (this.disposed) return;
    await this.refresh();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.inputWatch?.dispose();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.emitter.dispose();
  }

  private async compute(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    const now = this.clock.now();
    const shift = this.calendar.at(now) ?? null;
    let lines: OeeResult[] = [];
    if (shift) {
      const result = await lineOee(this.inputs, shift, now);
      if (!result.ok) {
        this.log(`OEE: ${result.error.message}`);
        return;
      }
      lines = result.value.map((o) => {
        const line = this.inputs.lines.find((l) => l.name === o.line);
        return line ? { ...o, inputs: this.liveInputs(line, now) } : o;
      });
    }
    if (this.disposed) return;
    this.latest = { shift, lines, reasons: this.latest.reasons };
    this.publish(lines);
    this.emitter.fire(this.latest);
  }

  /**
   * The worst current quality of the line's input tags and the oldest of their source times: what the
   * OEE computed from them is worth right now. A missing input tag is a configuration error.
   */
  private liveInputs(line: LineDefinition, now: number): { quality: Quality; sourceTime: number } {
    let quality: Quality = 'Good';
    let sourceTime = now;
    for (const path of [line.stateTag, line.goodCounter, line.rejectCounter]) {
      const current = this.engine.slot(path)?.current;
      if (!current) {
        quality = worseQuality(quality, 'BadConfigurationError');
        continue;
      }
      quality = worseQuality(quality, current.quality);
      sourceTime = Math.min(sourceTime, current.sourceTime);
    }
    return { quality, sourceTime };
  }

  private publish(lines: readonly OeeResult[]): void {
    const now = this.clock.now();
    const changes: DriverChange[] = [];
    for (const line of this.inputs.lines) {
      const o = lines.find((l) => l.line === line.name);
      // The tags carry their inputs' quality and age: with the links down they are not a live number.
      const inputs = o?.inputs ?? { quality: 'Good' as Quality, sourceTime: now };
      for (const f of OEE_TAG_FIELDS) {
        const slot = this.engine.slot(`${line.name}/OEE/${f.name}`);
        if (!slot) continue;
        const v = !o ? null : f.key === 'downtimeMinutes' ? o.downtimeMs / 60_000 : f.key === 'unknownMinutes' ? (o.unknownMs ?? 0) / 60_000 : f.units === '%' ? scale(o[f.key]) : o[f.key];
        // No value yet is "waiting", unless the inputs say why (COMM beats INIT). The unknown time is
        // what is known while the inputs are bad (it grows with the outage), so it stays Good.
        const quality = v === null && severityOf(inputs.quality) !== 'bad' ? 'BadWaitingForInitialData' : f.key === 'unknownMinutes' && v !== null ? 'Good' : inputs.quality;
        changes.push({ handle: slot.id, value: { value: v, quality, sourceTime: v === null || f.key === 'unknownMinutes' ? now : inputs.sourceTime, serverTime: now } });
      }
    }
    this.engine.ingest(changes);
  }
}

function scale(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10_000) / 100;
}
