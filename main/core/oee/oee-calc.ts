import type { DowntimeEvent, OeeResult, ParetoEntry, ShiftInstance } from '../../../common/reports-contract.ts';
import type { LineDefinition } from '../shifts/production-schema.ts';

/** One stored value of a tag; `v` null where the history has a gap or a bad value. */
export interface Sample {
  t: number;
  v: number | null;
}

/** An operator's classification of the stop that started at `start`. */
export interface Classification {
  start: number;
  code: string;
  reason: string;
  user: string;
}

export interface OeeInput {
  line: LineDefinition;
  shift: ShiftInstance;
  /** Up to when (the shift end, or now for the current shift). */
  until: number;
  /** State history; the first sample holds the value at the shift start. Sorted by time. */
  states: readonly Sample[];
  good: readonly Sample[];
  reject: readonly Sample[];
  classifications?: readonly Classification[];
}

/**
 * OEE of one line over (part of) a shift: availability = run time / known planned production time (the
 * shift minus its breaks, minus the time with no good state: unknown, counted apart), performance = ideal cycle time × total count / run time, quality = good /
 * total. Pure arithmetic over the state and counter histories, so it is tested with hand-computed cases.
 */
export function computeOee(input: OeeInput): OeeResult {
  const { line, shift } = input;
  const from = shift.start;
  const to = Math.max(from, Math.min(shift.end, input.until));
  const breaks = shift.breaks.map((b) => ({ start: Math.max(from, b.start), end: Math.min(to, b.end) })).filter((b) => b.end > b.start);
  const plannedMs = to - from - breaks.reduce((s, b) => s + b.end - b.start, 0);
  const running = new Set(line.runningStates);

  let runMs = 0;
  let unknownMs = 0;
  const downtime: DowntimeEvent[] = [];
  for (const seg of segments(input.states, from, to)) {
    const pieces = minusBreaks(seg.start, seg.end, breaks);
    const ms = pieces.reduce((sum, [a, b]) => sum + b - a, 0);
    if (ms === 0) continue;
    if (seg.v !== null && running.has(seg.v)) {
      runMs += ms;
      continue;
    }
    // No good state (links down, not recorded): unknown time, not downtime; nobody knows if the line ran.
    if (seg.v === null) {
      unknownMs += ms;
      continue;
    }
    const reason = line.reasons[String(seg.v)] ?? { code: `state-${seg.v}`, text: `State ${seg.v}` };
    // One stop is one event even when a break interrupts it; only the planned time counts.
    downtime.push({ start: pieces[0]![0], end: pieces[pieces.length - 1]![1], durationMs: ms, state: seg.v, code: reason.code, reason: reason.text });
  }
  for (const c of input.classifications ?? []) {
    const event = downtime.find((d) => d.start === c.start);
    if (event) Object.assign(event, { code: c.code, reason: c.reason, classifiedBy: c.user });
  }

  const good = counterDelta(input.good, from, to, line.counterMax);
  const reject = counterDelta(input.reject, from, to, line.counterMax);
  const total = good + reject;
  // Availability of the planned time whose state is known; unknown time is reported, not guessed.
  const knownMs = plannedMs - unknownMs;
  const availability = knownMs > 0 ? runMs / knownMs : null;
  const performance = runMs > 0 ? ((60_000 / line.idealRatePerMinute) * total) / runMs : null;
  const quality = total > 0 ? good / total : null;
  const oee = availability !== null && performance !== null && quality !== null ? availability * performance * quality : null;
  return {
    line: line.name,
    shiftId: shift.id,
    from,
    to,
    plannedMs,
    runMs,
    downtimeMs: knownMs - runMs,
    unknownMs,
    good,
    reject,
    total,
    idealRatePerMinute: line.idealRatePerMinute,
    availability,
    performance,
    quality,
    oee,
    complete: unknownMs === 0,
    downtime,
    pareto: pareto(downtime),
  };
}

/** Downtime by reason, longest first, with each reason's share and the running share (the Pareto line). */
export function pareto(events: readonly DowntimeEvent[]): ParetoEntry[] {
  const byCode = new Map<string, ParetoEntry>();
  for (const e of events) {
    const entry = byCode.get(e.code) ?? { code: e.code, reason: e.reason, durationMs: 0, count: 0, share: 0, cumulativeShare: 0 };
    entry.durationMs += e.durationMs;
    entry.count++;
    byCode.set(e.code, entry);
  }
  const sorted = [...byCode.values()].sort((a, b) => b.durationMs - a.durationMs || a.code.localeCompare(b.code));
  const sum = sorted.reduce((s, e) => s + e.durationMs, 0);
  let cumulative = 0;
  for (const e of sorted) {
    cumulative += e.durationMs;
    e.share = sum > 0 ? e.durationMs / sum : 0;
    e.cumulativeShare = sum > 0 ? cumulative / sum : 0;
  }
  return sorted;
}

/**
 * Units counted between `from` and `to` by a PLC counter. A drop is a rollover when the counter was
 * near its configured maximum (the count continues past 0), otherwise a reset (counting restarts at 0).
 * A gap in the history skips nothing: the PLC kept counting, so the first value after it counts from
 * the last one before it.
 */
export function counterDelta(samples: readonly Sample[], from: number, to: number, counterMax?: number): number {
  let total = 0;
  let prev: number | null = null;
  for (const s of samples) {
    if (s.t > to) break;
    if (s.v === null) continue;
    if (s.t <= from || prev === null) {
      prev = s.v;
      continue;
    }
    if (s.v >= prev) total += s.v - prev;
    else if (counterMax !== undefined && prev > counterMax * 0.9) total += counterMax - prev + 1 + s.v;
    else total += s.v;
    prev = s.v;
  }
  return total;
}

interface Segment {
  start: number;
  end: number;
  v: number | null;
}

/** The state history as constant stretches clipped to [from, to]; before the first sample is no data. */
function segments(states: readonly Sample[], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  let current: number | null = null;
  let since = from;
  for (const s of states) {
    if (s.t >= to) break;
    if (s.t <= from) {
      current = s.v;
      continue;
    }
    if (s.v === current) continue;
    out.push({ start: since, end: s.t, v: current });
    current = s.v;
    since = s.t;
  }
  if (to > since) out.push({ start: since, end: to, v: current });
  return out.filter((s) => s.end > s.start);
}

/** [a, b) without the breaks, as pieces. */
function minusBreaks(a: number, b: number, breaks: readonly { start: number; end: number }[]): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  let cursor = a;
  for (const br of breaks) {
    if (br.end <= cursor || br.start >= b) continue;
    if (br.start > cursor) pieces.push([cursor, br.start]);
    cursor = Math.max(cursor, br.end);
  }
  if (cursor < b) pieces.push([cursor, b]);
  return pieces;
}
