import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Genealogy } from '../../main/core/lots/genealogy.ts';
import { MesStore } from '../../main/core/mes/mes-store.ts';
import { checkRules, NELSON } from '../../main/core/quality/spc-rules.ts';
import { subgroupChart } from '../../main/core/quality/spc.ts';
import { seededRandom } from '../support/seeded-random.ts';
import type { BenchGroup } from './figure.ts';

const MACHINE = '2 cores shared with other sessions';
/** Lots per level (raw → intermediate → product → pallet) and parents per child: 400k + 400k + 200k = 1,000,000 links. */
const LEVELS = [50_000, 100_000, 100_000, 50_000] as const;
const PARENTS = 4;
const TRACES = 50;
const SAMPLES = 100_000;
const SUBGROUP = 5;
const CHARTS = 20;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const round = (x: number) => Math.round(x * 100) / 100;

/** A genealogy of 1,000,000 links in a real mes.sqlite (the store's own schema and indexes). */
function buildGenealogy(store: MesStore): number {
  const random = seededRandom(20);
  const lot = store.db.prepare("INSERT INTO lots (id, material, kind, order_key, line, opened_at, produced) VALUES (?, ?, ?, ?, 'Line1', ?, 1000)");
  const link = store.db.prepare("INSERT INTO lot_links (parent, child, order_key, consumption, material, quantity, unit, at) VALUES (?, ?, ?, ?, ?, 1, 'KGM', ?)");
  let links = 0;
  store.db.transaction(() => {
    for (let level = 0; level < LEVELS.length; level++) {
      for (let i = 0; i < LEVELS[level]!; i++) {
        const id = `L${level}-${i}`;
        lot.run(id, `M${level}`, level === 0 ? 'input' : 'output', level === 0 ? null : `erp/WO-${level}-${i}`, i);
        if (level === 0) continue;
        for (let p = 0; p < PARENTS; p++) {
          const parent = Math.floor(random() * LEVELS[level - 1]!);
          link.run(`L${level - 1}-${parent}`, id, `erp/WO-${level}-${i}`, `WO-${level}-${i}.m${p + 1}`, `M${level - 1}`, i);
          links++;
        }
      }
    }
  })();
  return links;
}

/**
 * Issue 20's figures: a trace three levels deep (backward from a pallet lot, forward from a raw lot)
 * in a genealogy of 1,000,000 links, computed and serialised as the gateway returns it; an X̄-R chart
 * of 100,000 samples (subgroups of 5) with Nelson's rules on both charts, serialised likewise.
 */
export const qualityBench: BenchGroup = async (report) => {
  const dir = mkdtempSync(join(tmpdir(), 'lineside-bench-quality-'));
  try {
    const store = new MesStore(join(dir, 'mes.sqlite'));
    const built = performance.now();
    const links = buildGenealogy(store);
    const buildMs = performance.now() - built;
    const bytes = statSync(join(dir, 'mes.sqlite')).size;
    const genealogy = new Genealogy(store.db);
    const random = seededRandom(7);
    for (const direction of ['backward', 'forward'] as const) {
      const times: number[] = [];
      let reached = 0;
      for (let i = 0; i < TRACES; i++) {
        const root = direction === 'backward' ? `L3-${Math.floor(random() * LEVELS[3])}` : `L0-${Math.floor(random() * LEVELS[0])}`;
        const start = performance.now();
        const trace = genealogy.trace(root, direction, 3);
        JSON.stringify(trace);
        times.push(performance.now() - start);
        reached += trace.lots.length;
      }
      report({
        name: `trace.${direction}_ms`,
        value: round(median(times)),
        unit: 'ms',
        target: '<= 50',
        against: `median of ${TRACES} traces three levels ${direction} from random ${direction === 'backward' ? 'pallet' : 'raw'} lots (${round(reached / TRACES)} lots each on average, p95 ${round(p95(times))} ms), computed and serialised; ${links.toLocaleString('en')} links in a ${Math.round(bytes / 1e6)} MB mes.sqlite (built in ${Math.round(buildMs / 1000)} s); ${MACHINE}`,
      });
    }
    store.close();

    const values = new Float64Array(SAMPLES);
    const noise = seededRandom(3);
    for (let i = 0; i < SAMPLES; i++) values[i] = 74 + (noise() + noise() + noise() - 1.5) * 0.01;
    const times: number[] = [];
    let violations = 0;
    for (let i = 0; i < CHARTS; i++) {
      const start = performance.now();
      const chart = subgroupChart(values, SUBGROUP, 'xbar-r', { from: 0, to: 25 });
      const xbarRules = checkRules(chart.means, chart.xbar.center, (chart.xbar.ucl - chart.xbar.center) / 3, NELSON);
      const rRules = checkRules(chart.spreads, chart.spread.center, (chart.spread.ucl - chart.spread.center) / 3, ['nelson1']);
      JSON.stringify({ means: Array.from(chart.means), ranges: Array.from(chart.spreads), xbar: chart.xbar, range: chart.spread, sigma: chart.sigma, violations: [...xbarRules, ...rRules] });
      times.push(performance.now() - start);
      violations = xbarRules.length + rRules.length;
    }
    report({
      name: 'spc.chart_ms',
      value: round(median(times)),
      unit: 'ms',
      target: '<= 100',
      against: `median of ${CHARTS}: X̄-R of ${SAMPLES.toLocaleString('en')} samples in ${SAMPLES / SUBGROUP} subgroups of ${SUBGROUP}, limits from the first 25, Nelson's 8 rules on X̄ and rule 1 on R (${violations} violations), serialised to JSON; p95 ${round(p95(times))} ms; ${MACHINE}`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
