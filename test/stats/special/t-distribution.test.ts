import { describe, expect, test } from 'vitest';
import { nctCdf } from '../../../src/stats/special/noncentral-t.js';
import { normPpf, normSf } from '../../../src/stats/special/normal.js';
import { tCdf, tPpf, tSf } from '../../../src/stats/special/t-distribution.js';
import { expectClose, loadGolden } from '../golden.js';

const scipy = loadGolden('scipy');
const r = loadGolden('r');

test("the seed's figure: Student one-sided p for t = 1.3472007428341934, df = 299 is 0.08946782978885727", () => {
  expectClose(tSf(1.3472007428341934, 299), 0.08946782978885727, 'p', 1e-15);
});

describe('t tails match a 40-digit mpmath reference (rtol 1e-9), down to 1e-300', () => {
  for (const c of scipy.tTails as { t: number; df: number; sf: number; cdf: number }[]) {
    test(`t = ${c.t}, df = ${c.df} → sf ${c.sf.toExponential(3)}`, () => {
      expectClose(tSf(c.t, c.df), c.sf, 'sf');
      expectClose(tCdf(-c.t, c.df), c.sf, 'cdf(−t)');
      expectClose(tCdf(c.t, c.df), c.cdf, 'cdf');
    });
  }
  test('the reference cases include tails near 1e-300 that have not underflowed', () => {
    const tiny = (scipy.tTails as { t: number; df: number; sf: number }[]).filter((c) => c.sf > 0 && c.sf < 1e-280);
    expect(tiny.length).toBeGreaterThanOrEqual(3);
    for (const c of tiny) expect(tSf(c.t, c.df)).toBeGreaterThan(0);
  });
});

describe('t quantiles match R qt (rtol 1e-12)', () => {
  for (const c of r.qt as { p: number; df: number; q: number }[]) {
    test(`qt(${c.p}, ${c.df})`, () => expectClose(tPpf(c.p, c.df), c.q, 'q', 1e-12));
  }
  test('quantile inverts the cdf', () => {
    for (const df of [1, 2.5, 10, 299])
      for (const p of [1e-8, 0.01, 0.3, 0.7, 0.999]) expectClose(tCdf(tPpf(p, df), df), p, `p=${p} df=${df}`, 1e-12);
  });
});

describe('noncentral t cdf matches R pt(t, df, ncp) (rtol 1e-9)', () => {
  for (const c of r.nct as { t: number; df: number; ncp: number; cdf: number; sf: number }[]) {
    test(`pt(${c.t}, ${c.df}, ncp = ${c.ncp})`, () => {
      // Both tails are held to 1e-9 of the larger tail (R's own algorithm has errmax 1e-12 absolute).
      const scale = Math.max(c.cdf, c.sf);
      expectClose(nctCdf(c.t, c.df, c.ncp), c.cdf, 'cdf', 1e-9, c.cdf < 1e-3 ? scale * 1e-3 : 0);
      expectClose(nctCdf(c.t, c.df, c.ncp, false), c.sf, 'sf', 1e-9, c.sf < 1e-3 ? scale * 1e-3 : 0);
    });
  }
});

describe('normal tails', () => {
  test('normSf keeps relative accuracy at z = 37 (≈ 5.7e-300)', () => {
    // R: pnorm(37, lower.tail = FALSE) = 5.7255712225245771e-300
    expectClose(normSf(37), 5.725571222524577e-300, 'sf', 1e-12);
  });
  test('normPpf matches R qnorm', () => {
    expectClose(normPpf(0.975), 1.959963984540054, 'q', 1e-14);
    expectClose(normPpf(1e-20), -9.262340089798409, 'q', 1e-14);
  });
});
