/**
 * Hyperband early termination on the per-epoch metric, with W&B's semantics:
 *
 *  - bands (the iterations where runs are compared): with `min_iter`, min_iter·eta^k for k = 0…s−1;
 *    with `max_iter`, max_iter/eta^k for k = 1…s (W&B), dropping bands below 1;
 *  - at a band b, a run is stopped unless it is in the top 1/eta of the runs that reached b
 *    (at least `eta` runs must have reached it, so a lone early run is never judged);
 *  - `strict: false` (default) compares each run's best value up to b, `strict: true` its value at b.
 *
 * Iterations count the epochs that logged the metric (1-based). Pure: the agent passes histories in.
 */
import type { EpochLog } from '../domain/run.js';
import type { Goal } from '../domain/metric.js';
import type { HyperbandConfig } from './config.js';

export function hyperbandBands(cfg: HyperbandConfig): number[] {
  const bands: number[] = [];
  if (cfg.minIter !== undefined) {
    let b = cfg.minIter;
    for (let i = 0; i < cfg.s; i++, b *= cfg.eta) bands.push(Math.round(b));
  } else if (cfg.maxIter !== undefined) {
    let b = cfg.maxIter;
    for (let i = 0; i < cfg.s; i++) {
      b /= cfg.eta;
      if (b < 1) break;
      bands.push(Math.floor(b));
    }
  }
  return [...new Set(bands)].sort((a, b) => a - b);
}

export interface HyperbandDecision {
  readonly stop: boolean;
  /** The band the run was judged at, when it was at one. */
  readonly band?: number;
  /** The value a run had to reach at that band. */
  readonly threshold?: number;
}

/**
 * Should the run with history `own` stop now? `others` are the histories of the sweep's other runs
 * (any state: a pruned run's values at the bands it reached still count).
 */
export function hyperbandDecision(
  cfg: HyperbandConfig,
  metric: { name: string; goal: Goal },
  own: readonly EpochLog[],
  others: readonly (readonly EpochLog[])[],
): HyperbandDecision {
  const ownValues = metricValues(own, metric.name);
  const iter = ownValues.length;
  if (!hyperbandBands(cfg).includes(iter)) return { stop: false };
  const better = (a: number, b: number) => (metric.goal === 'maximize' ? a > b : a < b);
  const at = (values: number[]): number => {
    const upTo = values.slice(0, iter);
    return cfg.strict ? upTo[iter - 1] : upTo.reduce((best, v) => (better(v, best) ? v : best));
  };
  const peers = others
    .map((h) => metricValues(h, metric.name))
    .filter((v) => v.length >= iter)
    .map(at);
  const all = [...peers, at(ownValues)];
  if (all.length < cfg.eta) return { stop: false, band: iter };
  const sorted = all.slice().sort((a, b) => (metric.goal === 'maximize' ? b - a : a - b));
  const keep = Math.max(1, Math.floor(all.length / cfg.eta));
  const threshold = sorted[keep - 1];
  return { stop: better(threshold, at(ownValues)), band: iter, threshold };
}

function metricValues(history: readonly EpochLog[], name: string): number[] {
  return history.map((h) => h[name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}
