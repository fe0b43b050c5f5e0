import { gammaln } from '../vendor/stdlib.js';
import { type EffectSizeOptions, type EffectSizeResult, pooledEffect } from './cohens-d.js';

/**
 * Hedges' g: Cohen's d times the exact small-sample bias correction
 * J(df) = Γ(df/2) / (√(df/2)·Γ((df−1)/2)), df = n_a + n_b − 2 (Hedges 1981; the exact form, not
 * the 1 − 3/(4df − 1) approximation). The CI is the noncentral-t interval of d (see cohensD)
 * multiplied by J, as R effectsize `hedges_g` reports it.
 * Complexity: as cohensD.
 *
 * @throws {StatsError} fewer than 2 values in a sample, NaN with nanPolicy 'raise', ±Infinity.
 * @example
 * hedgesG([1, 2, 3, 4], [2, 4, 6, 8, 10]).estimate // -1.226091828587047 (= d·J(7), J(7) = 0.8882…)
 */
export function hedgesG(a: ArrayLike<number>, b: ArrayLike<number>, options: EffectSizeOptions = {}): EffectSizeResult {
  return pooledEffect('hedgesG', a, b, options, hedgesCorrection);
}

/** Exact J(df), computed through log-gamma so it stays finite for df in the thousands. */
export function hedgesCorrection(df: number): number {
  return Math.exp(gammaln(df / 2) - gammaln((df - 1) / 2)) / Math.sqrt(df / 2);
}
