import type { Disposable } from '../../../common/emitter.ts';
import type { Clock } from '../../../common/clock.ts';
import type { ShiftCalendar } from '../shifts/shift-calendar.ts';
import type { ReportService } from './report-service.ts';

/** Wake-ups at most this far apart, so a changed wall clock or a suspended machine is noticed soon. */
const MAX_SLEEP_MS = 60_000;
/** A little after the shift end, so the last values have reached the history. */
const GRACE_MS = 1500;

/**
 * Generates shift reports at each shift end, in the runtime, whether or not any client is connected.
 * Starts with a catch-up of shifts that ended while the application was off.
 */
export class ReportScheduler implements Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private running: Promise<unknown> = Promise.resolve();
  private readonly reports: ReportService;
  private readonly calendar: ShiftCalendar;
  private readonly clock: Clock;

  constructor(reports: ReportService, calendar: ShiftCalendar, clock: Clock) {
    this.reports = reports;
    this.calendar = calendar;
    this.clock = clock;
  }

  start(): void {
    this.wake();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private wake(): void {
    if (this.disposed) return;
    this.running = this.reports.catchUp().finally(() => this.sleep());
  }

  private sleep(): void {
    if (this.disposed) return;
    const now = this.clock.now();
    const next = this.calendar.nextEnd(now - GRACE_MS);
    const delay = next === undefined ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Math.max(100, next + GRACE_MS - now));
    this.timer = setTimeout(() => this.wake(), delay);
  }
}
