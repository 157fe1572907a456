/** One measured figure, printed by run.ts as a JSON line. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** A figure measured in the same run that this one is compared with. */
  baseline?: { name: string; value: number };
  /** The target, for the reader (e.g. ">= 200000"). */
  target?: string;
  /** What the figure was measured against (peer, sizes, machine). */
  against: string;
}

/** A benchmark group (`npm run bench -- <group>`): reports its figures as it measures them. */
export type BenchGroup = (report: (figure: Figure) => void) => Promise<void>;
