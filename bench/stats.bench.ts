/**
 * Statistics benchmarks. Run: npx vitest bench --run bench/stats.bench.ts
 * Each group has a reference measured in the same run (simple-statistics, or the plain O(n·m)
 * definition), so the report's ratios hold across machines.
 */
import { mean, tTestTwoSample } from 'simple-statistics';
import { bench, describe } from 'vitest';
import { bootstrapCI, mannWhitneyU, probabilityOfImprovement, ttestInd } from '../src/stats/index.js';
import { createRng } from '../src/util/rng.js';

const rng = createRng(1);
const a = Array.from({ length: 3000 }, () => rng.normal() + 0.1);
const b = Array.from({ length: 3000 }, () => rng.normal());

describe('two-sample t, n = 3000 + 3000', () => {
  bench('simple-statistics tTestTwoSample (statistic only, reference)', () => {
    tTestTwoSample(a, b, 0);
  });
  bench('kdlab ttestInd (statistic, p, df, CI)', () => {
    ttestInd(a, b, { equalVar: false });
  });
});

export let sink = 0; // keeps the reference loop from being optimised away

describe('Mann–Whitney / P(a > b), n = 3000 + 3000', () => {
  bench('pairwise count O(n·m) (reference)', () => {
    let s = 0;
    for (const x of a) for (const y of b) s += x > y ? 1 : x === y ? 0.5 : 0;
    sink = s;
  });
  bench('kdlab mannWhitneyU (asymptotic)', () => {
    mannWhitneyU(a, b);
  });
});

describe('bootstrap, 999 resamples', () => {
  const small = a.slice(0, 200);
  bench('hand loop: percentile of resampled means (reference)', () => {
    const r = createRng(2);
    const out = new Float64Array(999);
    const buf = new Array<number>(small.length);
    for (let k = 0; k < 999; k++) {
      for (let i = 0; i < small.length; i++) buf[i] = small[r.int(small.length)];
      out[k] = mean(buf);
    }
    out.sort();
  });
  bench('kdlab bootstrapCI (bca, n = 200)', () => {
    bootstrapCI([small], mean, { nResamples: 999, seed: 2 });
  });
  bench('kdlab probabilityOfImprovement (n = 200 + 200)', () => {
    probabilityOfImprovement(small, b.slice(0, 200), { nResamples: 999, seed: 2 });
  });
});
