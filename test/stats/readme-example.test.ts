import { expect, test } from 'vitest';
// The package's own name, as users import it (resolved through package.json "exports" → dist).
import { adjustPValues, hedgesG, ttestInd } from 'kdlab';
import * as api from '../../src/index.js';

test('the README example runs against the built package', () => {
  const kd = [0.861, 0.874, 0.869, 0.881, 0.858, 0.877];
  const ce = [0.842, 0.851, 0.848, 0.839, 0.856, 0.845];
  const t = ttestInd(kd, ce, { equalVar: false, alternative: 'greater' });
  expect(t.method).toBe('welch');
  expect(t.pvalue).toBeLessThan(0.01);
  expect(t.ci[1]).toBe(Infinity);
  const g = hedgesG(kd, ce);
  expect(g.ci[0]).toBeLessThan(g.estimate);
  const [pKd] = adjustPValues([t.pvalue, 0.04], 'holm');
  expect(pKd).toBe(2 * t.pvalue);
});

test('every statistics function is a named export of the main entry', () => {
  for (const name of [
    'ttestInd',
    'mannWhitneyU',
    'cohensD',
    'hedgesG',
    'adjustPValues',
    'describe',
    'bootstrapCI',
    'expectedMax',
    'expectedMaxCurve',
    'probabilityOfImprovement',
    'powerTTest',
    'formatTTest',
    'formatP',
    'tCdf',
    'tSf',
    'tPpf',
    'normSf',
    'nctCdf',
  ]) {
    expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
  }
});
