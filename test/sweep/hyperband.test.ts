import { describe, expect, it } from 'vitest';
import type { EpochLog } from '../../src/domain/run.js';
import type { HyperbandConfig } from '../../src/sweep/config.js';
import { hyperbandBands, hyperbandDecision } from '../../src/sweep/hyperband.js';

const cfg = (over: Partial<HyperbandConfig> = {}): HyperbandConfig => ({
  type: 'hyperband',
  minIter: 2,
  s: 3,
  eta: 3,
  strict: false,
  ...over,
});
const hist = (...values: number[]): EpochLog[] => values.map((v, i) => ({ epoch: i + 1, 'eval/accuracy': v }));
const metric = { name: 'eval/accuracy', goal: 'maximize' as const };

describe('hyperbandBands', () => {
  it('min_iter: min_iter · eta^k for k < s', () => {
    expect(hyperbandBands(cfg())).toEqual([2, 6, 18]);
  });
  it('max_iter: max_iter / eta^k for 1 ≤ k ≤ s, as W&B', () => {
    expect(hyperbandBands(cfg({ minIter: undefined, maxIter: 27, s: 2 }))).toEqual([3, 9]);
    expect(hyperbandBands(cfg({ minIter: undefined, maxIter: 9, s: 5 }))).toEqual([1, 3]);
  });
});

describe('hyperbandDecision', () => {
  const others = [hist(0.5, 0.6), hist(0.5, 0.7), hist(0.5, 0.8), hist(0.5, 0.9), hist(0.5, 0.4)];
  it('stops a run below the top 1/eta at a band', () => {
    // 6 runs at band 2, eta 3 → keep the top 2: 0.9 and 0.85
    expect(hyperbandDecision(cfg(), metric, hist(0.5, 0.85), others)).toEqual({ stop: false, band: 2, threshold: 0.85 });
    expect(hyperbandDecision(cfg(), metric, hist(0.5, 0.75), others)).toEqual({ stop: true, band: 2, threshold: 0.8 });
  });
  it('judges only at bands', () => {
    expect(hyperbandDecision(cfg(), metric, hist(0.1), others)).toEqual({ stop: false });
    expect(hyperbandDecision(cfg(), metric, hist(0.1, 0.9, 0.1), others)).toEqual({ stop: false });
  });
  it('never judges a run with fewer than eta runs at the band', () => {
    expect(hyperbandDecision(cfg(), metric, hist(0.1, 0.1), [hist(0.9, 0.9)])).toEqual({ stop: false, band: 2 });
  });
  it('non-strict compares the best value so far, strict the value at the band', () => {
    const own = hist(0.95, 0.2);
    expect(hyperbandDecision(cfg(), metric, own, others).stop).toBe(false);
    expect(hyperbandDecision(cfg({ strict: true }), metric, own, others).stop).toBe(true);
  });
  it('minimize: lower is better', () => {
    const loss = { name: 'eval/accuracy', goal: 'minimize' as const };
    expect(hyperbandDecision(cfg({ strict: true }), loss, hist(0.5, 0.45), others).stop).toBe(false);
    expect(hyperbandDecision(cfg({ strict: true }), loss, hist(0.5, 0.95), others).stop).toBe(true);
  });
});
