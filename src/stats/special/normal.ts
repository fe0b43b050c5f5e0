import { erfc, erfcinv } from '../../vendor/stdlib.js';
/**
 * Standard normal distribution: tails through erfc, quantile through erfcinv.
 *
 * The upper tail is `erfc(z/√2)/2` rather than `1 − Φ(z)`, so `normSf(37)` ≈ 5.7e-300 keeps full
 * relative accuracy instead of cancelling to 0 (same formulation as scipy's `ndtr`).
 */

const SQRT1_2 = Math.SQRT1_2;

/** P(Z ≤ z) for the standard normal. Like `scipy.special.ndtr` / R `pnorm`. */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z * SQRT1_2);
}

/** P(Z > z) for the standard normal, accurate far into the tail. Like `scipy.stats.norm.sf`. */
export function normSf(z: number): number {
  return 0.5 * erfc(z * SQRT1_2);
}

/** Standard normal density. */
export function normPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/**
 * Quantile of the standard normal (`scipy.special.ndtri`, R `qnorm`).
 * Uses erfcinv on the smaller tail (erfinv(2p − 1) loses all accuracy for small p), then one
 * Newton step on the accurate tail.
 */
export function normPpf(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const lower = p < 0.5;
  const tail = lower ? p : 1 - p;
  let z = -Math.SQRT2 * erfcinv(2 * tail); // z < 0 with P(Z ≤ z) = tail
  const d = normPdf(z);
  if (d > 0) {
    const step = (normCdf(z) - tail) / d;
    if (Number.isFinite(step)) z -= step;
  }
  return lower ? z : -z;
}
