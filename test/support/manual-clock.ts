/** A clock tests move by hand. */
export class ManualClock {
  private time: number;
  constructor(start = Date.UTC(2026, 0, 1, 6, 0, 0)) {
    this.time = start;
  }
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}
