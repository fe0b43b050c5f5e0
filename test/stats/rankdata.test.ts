import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { rankdata } from '../../src/stats/rankdata.js';

interface Case {
  label: string;
  x: number[];
  ranks: number[];
  tieSizes: number[];
}

// Written by golden/quantile-rankdata.py (scipy.stats.rankdata, method 'average'; np.unique counts).
const golden = JSON.parse(readFileSync(new URL('./golden/rankdata.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('rankdata matches scipy.stats.rankdata (average ties)', () => {
  test('has the generated cases', () => expect(golden.cases.length).toBeGreaterThanOrEqual(13));
  for (const c of golden.cases) {
    test(`${c.label} (n=${c.x.length})`, () => {
      const r = rankdata(c.x);
      // Ranks are halves of integer sums: exact.
      expect(r.ranks).toEqual(c.ranks);
      expect(r.tieSizes).toEqual(c.tieSizes);
    });
  }
});

describe('rankdata edge cases', () => {
  test('no values: no ranks, no tie groups', () => expect(rankdata([])).toEqual({ ranks: [], tieSizes: [] }));
  test('ties share the mean of their positions', () => {
    // Sorted: 1 (pos 1), 2 2 (pos 2, 3 → 2.5), 5 (pos 4).
    expect(rankdata([2, 1, 5, 2])).toEqual({ ranks: [2.5, 1, 4, 2.5], tieSizes: [1, 2, 1] });
  });
  test('does not reorder its input', () => {
    const x = [3, 1, 2];
    rankdata(x);
    expect(x).toEqual([3, 1, 2]);
  });
});

describe('rankdata properties', () => {
  const arb = fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 40 });
  test('ranks sum to n(n+1)/2 and tie groups to n', () => {
    fc.assert(
      fc.property(arb, (x) => {
        const { ranks, tieSizes } = rankdata(x);
        const n = x.length;
        return ranks.reduce((a, b) => a + b, 0) === (n * (n + 1)) / 2 && tieSizes.reduce((a, b) => a + b, 0) === n;
      }),
    );
  });
  test('a smaller value gets a smaller rank, an equal value the same rank', () => {
    fc.assert(
      fc.property(arb, (x) => {
        const { ranks } = rankdata(x);
        return x.every((a, i) => x.every((b, j) => Math.sign(a - b) === Math.sign(ranks[i] - ranks[j])));
      }),
    );
  });
});
