/**
 * Scale-free statistics near the float limits: t, df, p and d of samples around ±1e308 equal
 * those of the same samples divided by 2^1000 (exact), where the textbook formulas do not
 * overflow; means, standard errors and intervals scale back by 2^1000.
 */
import { describe, expect, it } from 'vitest';
import { cohensD } from '../../src/stats/cohens-d.js';
import { ttestInd } from '../../src/stats/ttest-ind.js';

const K = 2 ** 1000;
const pairs: [string, number[], number[]][] = [
  ['opposite limits', [1e308, -1e308, 5e307, 8e307], [-9e307, 1.2e307, -1.7e308]],
  ['all near the maximum', [1.7e308, 1.6e308, 1.75e308, 1.5e308], [1.1e308, 1.2e308, 1.25e308]],
];

describe.each(pairs)('%s', (_, a, b) => {
  const down = (x: number[]) => x.map((v) => v / K);
  it.each([true, false])('ttestInd (equalVar %s) is finite and matches the scaled-down samples', (equalVar) => {
    const big = ttestInd(a, b, { equalVar });
    const small = ttestInd(down(a), down(b), { equalVar });
    expect(Number.isFinite(big.statistic)).toBe(true);
    expect(big.statistic).toBe(small.statistic);
    expect(big.pvalue).toBe(small.pvalue);
    expect(big.df).toBe(small.df);
    expect(big.meanA).toBe(small.meanA * K);
    expect(big.meanB).toBe(small.meanB * K);
    expect(big.stderr).toBe(small.stderr * K);
    expect(big.ci).toEqual([small.ci[0] * K, small.ci[1] * K]);
  });
  it('cohensD is finite and matches the scaled-down samples', () => {
    const big = cohensD(a, b);
    expect(Number.isFinite(big.estimate)).toBe(true);
    expect(big.estimate).toBe(cohensD(down(a), down(b)).estimate);
  });
});
